"""Pilot tests of search in the explorer: type → results → Enter → node with matches marked → n / N."""

from __future__ import annotations

import threading
import time

import pytest
from pilot import async_test, search, wait_until

from tui.app import XunshiApp
from tui.app.render import CURRENT_HIT, HIT
from tui.app.widgets.search_panel import SEARCH_DELAY, SearchInput, SearchPanel, SearchResults
from tui.text.script import convert

pytestmark = pytest.mark.usefixtures("home")  # a fresh XUNSHI_HOME for every test here


def marked(app) -> list[str]:
    text = app.explorer.detail.rendered
    return [text.plain[span.start : span.end] for span in text.spans if span.style == HIT]


@async_test
async def test_results_update_as_you_type_and_enter_opens_the_hit_with_matches_marked(seed_report):
    app = XunshiApp([seed_report], remember=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await search(app, pilot, "金砖")
        results = app.query_one(SearchResults)
        assert results.option_count == len(app.explorer.search.shown_hits) > 0
        count = str(app.query_one("#search-count").render())
        assert "hits" in count
        first = app.explorer.search.shown_hits[0]
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is app.explorer.outline
        assert app.explorer.outline.current.node.id == first.node_id
        assert marked(app) and set(marked(app)) == {"金砖"}
        assert len(marked(app)) == len(first.matches)


def stressed(app) -> list[tuple[int, int]]:
    text = app.explorer.detail.rendered
    return [(span.start, span.end) for span in text.spans if span.style == CURRENT_HIT]


@async_test
async def test_n_and_N_step_through_every_match_then_on_to_the_next_node(seed_report):
    app = XunshiApp([seed_report], remember=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await search(app, pilot, "金砖")
        hits = list(app.explorer.search.shown_hits)
        assert len(hits) >= 2 and len(hits[0].matches) >= 2
        await pilot.press("enter")
        seen = [stressed(app)]
        for _ in range(len(hits[0].matches) - 1):
            await pilot.press("n")
            assert app.explorer.outline.current.node.id == hits[0].node_id
            seen.append(stressed(app))
        assert all(len(one) == 1 for one in seen) and len(set(map(tuple, seen))) == len(seen)
        await pilot.press("n")
        assert app.explorer.outline.current.node.id == hits[1].node_id and marked(app) and len(stressed(app)) == 1
        assert "hit 2/" in str(app.query_one("#search-count").render())
        await pilot.press("N")
        assert app.explorer.outline.current.node.id == hits[0].node_id and stressed(app) == seen[-1]
        for _ in range(len(hits[0].matches)):
            await pilot.press("N")
        assert app.explorer.outline.current.node.id == hits[-1].node_id  # wraps around


@async_test
async def test_down_in_the_box_picks_another_hit_and_traditional_keeps_the_marks(seed_report):
    app = XunshiApp([seed_report], script="s2t", remember=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await search(app, pilot, "金砖")
        await pilot.press("down", "enter")
        assert app.explorer.outline.current.node.id == app.explorer.search.hits[1].node_id
        assert set(marked(app)) == {convert("金砖", "s2t")}


@async_test
async def test_a_query_with_no_hits_says_so_and_enter_does_nothing(seed_report):
    app = XunshiApp([seed_report], remember=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await search(app, pilot, "zzzqqq")
        assert app.explorer.search.shown_hits == []
        before = app.explorer.outline.current
        await pilot.press("enter")
        assert app.explorer.outline.current is before and isinstance(app.focused, SearchInput)
        assert str(app.query_one("#search-count").render()).strip()
        await pilot.press("escape")  # back to the tree: n says the search found nothing, not that there was none
        await pilot.press("n")
        await pilot.pause()
        messages = [str(notification.message) for notification in app._notifications]
        assert "Nothing found for “zzzqqq”." in messages and not any("No search yet" in m for m in messages)


# ---- hits on a report's own page (node_id "": offsets into report.page_text()) ----------------


def substring_spans(text: str, word: str) -> list[tuple[int, int]]:
    spans, at = [], text.find(word)
    while at >= 0:
        spans.append((at, at + len(word)))
        at = text.find(word, at + 1)
    return spans


class PageAndNodeEngine:
    """Stands in for tui.search.SearchEngine: a hit on the report's own page first, then the nodes
    that contain the query, every match an exact substring offset (as the real engine's are)."""

    def __init__(self, catalog, cache_dir=None) -> None:
        self.reports = [(entry.key, catalog.load(entry)) for entry in catalog.entries]

    def open(self, progress=None) -> None:
        pass

    def search(self, query: str, limit: int = 50, report: str | None = None):
        from tui.search import Hit, SearchResult

        hits = []
        for key, one in self.reports:
            page = substring_spans(one.page_text(), query)
            if page:
                hits.append(Hit(key, "", "", one.title, "", 1.0, one.page_text()[:60], [], page))
            for node in one.walk():
                spans = substring_spans(node.plain_text(), query)
                if spans:
                    hits.append(Hit(key, node.id, node.label, node.title, "", 0.5, node.plain_text()[:60], [], spans))
        return SearchResult(query, hits[:limit], len(hits))


def page_marks(app, style) -> list[tuple[int, int]]:
    text = app.explorer.detail.rendered
    return [(span.start, span.end) for span in text.spans if span.style == style]


@async_test
async def test_a_hit_on_the_report_page_is_listed_opened_with_every_match_marked_and_stepped_by_n(
    seed_report, monkeypatch, chinese
):
    import tui.search

    monkeypatch.setattr(tui.search, "SearchEngine", PageAndNodeEngine)
    word = "巡视"
    page = substring_spans(seed_report.page_text(), word)
    assert len(page) >= 2  # the intro names the inspection more than once
    app = XunshiApp([seed_report], remember=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await search(app, pilot, word)
        first = app.explorer.search.shown_hits[0]
        assert first.node_id == "" and len(app.explorer.search.shown_hits) > 1
        listed = app.query_one(SearchResults).get_option_at_index(0).prompt.plain
        assert listed.startswith("报告首页 · " + seed_report.title)
        await pilot.press("enter")
        assert app.explorer.outline.current.node is None and app.explorer.detail.entry.node is None
        assert set(marked(app)) == {word} and len(marked(app)) == len(page)
        assert len(page_marks(app, CURRENT_HIT)) == 1
        seen = [page_marks(app, CURRENT_HIT)]
        for _ in range(len(page) - 1):  # n walks the page's matches in reading order …
            await pilot.press("n")
            assert app.explorer.detail.entry.node is None
            seen.append(page_marks(app, CURRENT_HIT))
        assert seen == sorted(seen) and len(set(map(tuple, seen))) == len(page)
        await pilot.press("n")  # … then goes on to the first node hit
        assert app.explorer.outline.current.node.id == app.explorer.search.hits[1].node_id
        await pilot.press("N")  # and back to the page's last match
        assert app.explorer.detail.entry.node is None and page_marks(app, CURRENT_HIT) == seen[-1]


@async_test
async def test_page_hits_from_the_real_engine_open_the_report_page_marked(seed_report):
    from tui.search import SearchEngine

    query = "省委巡视一组"  # in the seed's intro only
    engine = SearchEngine([seed_report])
    engine.open()
    if not any(hit.node_id == "" for hit in engine.search(query).hits):
        pytest.skip('the search engine does not return hits on a report\'s own page (node_id "") yet')
    app = XunshiApp([seed_report], remember=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await search(app, pilot, query)
        index = next(i for i, hit in enumerate(app.explorer.search.shown_hits) if hit.node_id == "")
        for _ in range(index):
            await pilot.press("down")
        await pilot.press("enter")
        assert app.explorer.detail.entry.node is None
        assert marked(app) and set(marked(app)) == {query}
        assert any(query in line for line in app.explorer.detail.body_lines)


class CommonQueryEngine(PageAndNodeEngine):
    """Answers like the real engine does for a very common query: a share ranked, `total` a bound."""

    def search(self, query: str, limit: int = 50, report: str | None = None):
        import dataclasses

        return dataclasses.replace(super().search(query, limit=2, report=report), estimated=True)


@async_test
async def test_a_count_the_engine_only_estimated_says_at_least(seed_report, monkeypatch):
    import tui.search

    monkeypatch.setattr(tui.search, "SearchEngine", CommonQueryEngine)
    app = XunshiApp([seed_report], remember=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await search(app, pilot, "整改")
        count = str(app.query_one("#search-count").render())
        assert count.startswith("at least ") and "(showing 2)" in count


@async_test
async def test_switching_script_after_a_search_keeps_the_pane_on_the_tree_node(seed_report):
    """Redrawing the hit list in the new script must not preview a hit over what the tree shows."""
    app = XunshiApp([seed_report], remember=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await search(app, pilot, "鼓浪屿")  # its best hit is (8); nine presses of ] go to (9)
        assert app.explorer.search.shown_hits[0].node_id != "2.1.1.9"
        await pilot.press("escape")
        for _ in range(9):
            await pilot.press("right_square_bracket")
        await pilot.pause()
        here = app.explorer.outline.current.node.id
        assert app.explorer.detail.entry.node.id == here
        await pilot.press("t")
        await pilot.pause(0.1)
        assert app.explorer.outline.current.node.id == here
        assert app.explorer.detail.entry.node.id == here


# ---- one query at a time, the newest next; "searching" while one runs long; pinyin read ahead ---


class HeldEngine(PageAndNodeEngine):
    """Answers only once the test lets it (`go`): a slow engine, made slow deterministically.
    Keeps every query it was asked, and whether (and on which thread) pinyin was read ahead."""

    go = threading.Event()
    opened = threading.Event()
    asked: list[str] = []
    warmed: list[tuple[bool, int]] = []  # a read-ahead: (on the UI thread?, frames drawn by then)
    frames = staticmethod(lambda: 0)

    def open(self, progress=None) -> None:
        self.opened.wait(30)

    def search(self, query: str, limit: int = 50, report: str | None = None):
        self.asked.append(query)
        self.go.wait(30)
        return super().search(query, limit=limit, report=report)

    def warm_pinyin(self) -> None:
        self.warmed.append((threading.current_thread() is threading.main_thread(), self.frames()))


@pytest.fixture
def held(monkeypatch):
    import tui.search

    monkeypatch.setattr(tui.search, "SearchEngine", HeldEngine)
    HeldEngine.go, HeldEngine.opened = threading.Event(), threading.Event()
    HeldEngine.asked, HeldEngine.warmed = [], []
    yield HeldEngine
    HeldEngine.go.set()  # never leave a worker waiting
    HeldEngine.opened.set()


@async_test
async def test_a_slow_query_says_it_is_searching_and_the_queries_typed_meanwhile_collapse_into_the_newest(
    seed_report, held, chinese
):
    held.opened.set()
    app = XunshiApp([seed_report], remember=False)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.explorer.search
        listed: list[str] = []
        show = panel._list
        panel._list = lambda hits: (listed.append(panel.shown_query), show(hits))
        await pilot.press("slash", "金")
        count = app.query_one("#search-count")
        await wait_until(pilot, lambda: "搜索中…" in str(count.render()), what="the searching line")
        assert count.display and held.asked == ["金"]
        await pilot.press("砖", "国", "backspace")  # typed while 金 is searched: only the newest waits
        held.go.set()
        await wait_until(pilot, lambda: panel.shown_query == "金砖", what="the results for 金砖")
        assert held.asked == ["金", "金砖"]  # 金砖国 was never searched
        assert listed == ["金砖"]  # 金's results came too late: never listed
        assert "搜索中" not in str(count.render()) and "条结果" in str(count.render())


@async_test
async def test_pinyin_is_read_ahead_in_a_worker_after_the_first_paint_and_only_while_the_reader_pauses(
    seed_report, held
):
    class Counted(XunshiApp):
        frames = 0  # frames handed to the terminal

        def _display(self, screen, renderable) -> None:
            super()._display(screen, renderable)
            self.frames += 1

    app = Counted([seed_report], remember=False)
    held.frames = staticmethod(lambda: app.frames)
    held.opened.set()
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.explorer.search
        await wait_until(pilot, lambda: panel.pinyin_warmed, what="the pinyin read-ahead")
        [(on_ui_thread, frames)] = held.warmed
        assert not on_ui_thread and frames >= 1  # in a worker, once the screen had been drawn
        panel._warm = "no"  # once more, while the reader types
        app.keys.last_key = time.monotonic() + 3600  # a key "just" came
        panel.warm_when_idle()
        assert panel._warm == "waiting" and len(held.warmed) == 1
        app.keys.last_key = 0.0  # a pause
        panel.warm_when_idle()
        await wait_until(pilot, lambda: panel.pinyin_warmed, what="the read-ahead after the pause")
        assert len(held.warmed) == 2


@pytest.mark.parametrize(
    "engine_times, since_last_key, wait",
    [
        ([], 0.01, 0.0),  # nothing measured yet: at once
        ([0.002, 0.004, 0.001], 0.01, 0.0),  # within a frame: at every key
        ([0.05, 0.04, 0.06], 0.01, 0.05),  # slower, keys faster than it answers: about one query
        ([0.05, 0.04, 0.06], 0.2, 0.0),  # slower, but a key after a pause: at once
        ([0.9, 1.2, 1.0], 0.5, SEARCH_DELAY),  # very slow: never more than SEARCH_DELAY
    ],
)
def test_typing_waits_only_while_keys_come_faster_than_a_slow_engine_answers(
    seed_report, engine_times, since_last_key, wait
):
    from tui.library.places import Places

    panel = SearchPanel(Places([seed_report]), "s")
    panel._times.extend(engine_times)
    assert panel.typing_delay(since_last_key) == pytest.approx(wait)
