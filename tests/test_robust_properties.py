"""Properties (hypothesis): any bytes or text to the parser, any query to the search, any text on
the screen. Example counts stay modest so the suite stays quick; the strategies lean towards the
characters each part reacts to.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from io import StringIO

import pytest
from hostile import ESCAPES, MARKUP, unsafe_in
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from tui.model import Measure, Node, Rectification, Report
from tui.parse import ReportError, decode, parse_text
from tui.parse.decode import decode_with_notes

QUICK = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)

_GENRE = "一二三十、．.()（）1234５①②是。，；:：整改情况进展措施来源日期字体大小[]【】中分享打印浏览次数\n\r \u3000\t"
_HOSTILE = list(ESCAPES.values()) + list(MARKUP) + ["\x00", "\ufeff", "\ufffd", "\u2028", "\x85"]
texts = st.lists(st.one_of(st.sampled_from(_GENRE), st.sampled_from(_HOSTILE), st.characters()), max_size=300).map(
    "".join
)


def squeeze(text: str) -> str:
    return "".join(text.split())


def _is_subsequence(small: str, big: str) -> bool:
    it = iter(big)
    return all(char in it for char in small)


def assert_faithful(report: Report, source: str) -> None:
    """Every character not kept as a leftover lands in the model exactly once, in order."""
    walked = squeeze("".join(report.walk_text()))
    dropped = squeeze("".join(report.leftovers))
    assert Counter(walked) + Counter(dropped) == Counter(squeeze(source))
    assert _is_subsequence(walked, squeeze(source))


# -- the parser --------------------------------------------------------------------------------
@QUICK
@given(texts)
def test_any_text_parses_and_every_character_lands_once(text):
    report = parse_text(text)
    normalised = text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")
    assert_faithful(report, normalised)


_ENCODED = st.one_of(
    st.binary(max_size=400),
    texts.map(lambda t: t.encode("utf-8", "surrogatepass")),
    texts.map(lambda t: t.encode("gb18030", "replace")),
    texts.map(lambda t: b"\xff\xfe" + t.encode("utf-16-le", "surrogatepass")),
    st.tuples(texts, st.binary(max_size=3)).map(lambda p: p[0].encode("utf-8", "surrogatepass") + p[1]),
)


@QUICK
@given(_ENCODED)
def test_any_bytes_decode_or_are_refused_in_one_line(data):
    try:
        text, notes = decode_with_notes(data)
    except ReportError as error:
        assert "\n" not in str(error) and str(error)
        return
    assert decode(data) == text
    assert "\r" not in text
    report = parse_text(text)
    assert_faithful(report, text.removeprefix("\ufeff"))
    assert all("\n" not in note for note in notes)


# -- the search engine and `xunshi search` -----------------------------------------------------
queries = st.one_of(
    texts,
    st.lists(
        st.sampled_from(
            [
                '"',
                "(",
                ")",
                "*",
                "?",
                "AND",
                "OR",
                "NOT",
                "-",
                "+",
                "title:",
                "金砖",
                "鼓浪嶼",
                "jinzhuan",
                "gu lang yu",
                "RCEP",
                "8.1%",
                " ",
                "\x00",
                "\x1b[2J",
                "\u202e",
                "房",
            ]
        ),
        max_size=12,
    ).map(" ".join),
    st.text(alphabet="金砖厦门发展改革整 ", min_size=200, max_size=2000),
)


@pytest.fixture(scope="module")
def engine(seed_report):
    from tui.search import SearchEngine

    engine = SearchEngine([seed_report], in_memory=True)
    engine.open()
    return engine


@QUICK
@given(query=queries)
def test_any_query_answers_without_exception_and_in_time(engine, seed_report, query):
    started = time.monotonic()
    result = engine.search(query, limit=20)
    elapsed = time.monotonic() - started
    assert elapsed < 2.0, f"{elapsed:.2f} s for {query!r}"  # a hang guard; speed is in benchmarks/
    assert result.total >= len(result.hits)
    for hit in result.hits:
        # a hit on the report's own page (node id "") has its offsets in page_text()
        plain = seed_report.find(hit.node_id).plain_text() if hit.node_id else seed_report.page_text()
        assert all(0 <= start < end <= len(plain) for start, end in hit.matches)
        assert all(0 <= start < end <= len(hit.snippet) for start, end in hit.snippet_spans)


@QUICK
@given(query=queries)
def test_any_query_to_xunshi_search_exits_cleanly(tmp_path_factory, monkeypatch, capsys, query):
    from tui.cli import main

    monkeypatch.setenv("XUNSHI_HOME", str(tmp_path_factory.getbasetemp() / "search-home"))
    code = main(["search", "--limit", "5", "--", query])
    out, err = capsys.readouterr()
    assert code in (0, 1, 2), code
    assert "Traceback" not in err and err.count("\n") <= 2, err
    assert unsafe_in(out) == []


# -- what reaches the screen -------------------------------------------------------------------
def _plain_console(width: int = 60) -> Console:
    """A console that writes no escape of its own: any escape in the output came from the text."""
    return Console(file=StringIO(), force_terminal=True, color_system=None, width=width, legacy_windows=False)


def _rendered(renderable, width: int = 60) -> str:
    console = _plain_console(width)
    console.print(renderable)
    return console.file.getvalue()


def _node(title: str, text: str, rect: str) -> Node:
    measures = [Measure("一是", rect, 0, len("一是") + len(rect))]
    return Node(
        "1.1",
        "(1)",
        "arabic-paren",
        1,
        2,
        "problem",
        title,
        text,
        Rectification("整改情况", ":", "一是" + rect, measures),
        truncated=True,
    )


@QUICK
@given(title=texts, text=texts, rect=texts, mode=st.sampled_from(["s", "s2t", "s2tw", "s2hk"]))
def test_any_text_renders_with_no_escape_from_the_report(title, text, rect, mode):
    from tui.app.render import breadcrumb, node_detail, report_detail, report_label, snippet_text, tree_label
    from tui.app.widgets.search_panel import hit_prompt
    from tui.search import Hit

    node = _node(title, text, rect)
    parent = Node("1", "一、", "cn-dun", 1, 1, "part", title, children=[node])
    report = Report(title=title, source=text, intro=[text], closing=[rect], nodes=[parent], truncated=True)
    plain = node.plain_text()
    spans = [(0, len(plain) // 2), (len(plain) // 3, len(plain))]
    hit = Hit("r", "1.1", node.label, title, breadcrumb([parent], mode), 1.0, plain, spans, spans)
    renderables = [
        tree_label(node, mode),
        node_detail(node, mode, spans, True),
        report_label(report, mode),
        report_detail(report, mode),
        snippet_text(plain, spans, mode),
        hit_prompt(hit, mode, breadcrumb([parent], mode)),
    ]
    for renderable in renderables:
        assert unsafe_in(renderable.plain.replace("\n", "")) == []
        assert unsafe_in(_rendered(renderable).replace("\n", "")) == []


def _hostile_strings(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    pool = [s for s in _HOSTILE if s != "\x00"] + list("金砖厦门整改落实。，[]/@=") + ["\n"]
    return ["".join(rng.choice(pool) for _ in range(rng.randint(1, 40))) for _ in range(count)]


def test_the_real_widgets_send_no_escape_from_the_report(tmp_path, monkeypatch):
    """Tree, pane, header, search results in a running app, over reports made of hostile strings:
    the screen (every segment Textual would send) carries none of them."""
    from tui.app import XunshiApp

    monkeypatch.setenv("XUNSHI_HOME", str(tmp_path / "home"))
    strings = _hostile_strings(24, seed=6)
    lines = [f"标题{strings[0]}通报", "来源:网站 2022-01-01", f"一、总体{strings[1]}"]
    lines += [
        f"({i + 1}){s}问题金砖。\n整改情况:一是{strings[-i - 1]}。二是金砖。" for i, s in enumerate(strings[2:12])
    ]
    report = parse_text("\n".join(lines) + "\n", origin="hostile.txt")
    report.sha256 = "5" * 64  # as read_report sets it (the file itself would be refused as binary)

    async def scenario():
        app = XunshiApp([report], remember=False)
        screens = []
        async with app.run_test(size=(90, 30)) as pilot:
            for _ in range(len(list(report.walk())) + 1):
                await pilot.pause()
                screens.append(app.export_screenshot())
                await pilot.press("j")
            await pilot.press("slash")
            await pilot.press(*"金砖")
            deadline = time.monotonic() + 30  # the index opens in a worker; results follow the debounce
            while app.explorer.search.shown_query != "金砖" and time.monotonic() < deadline:
                await pilot.pause(0.05)
            count = app.query_one("#search-count").render()
            assert app.explorer.search.shown_hits, (
                app.explorer.search.shown_query,
                app.query_one("#search-input").value,
                str(count),
            )
            for _ in range(5):
                screens.append(app.export_screenshot())
                await pilot.press("down")
                await pilot.pause()
            assert app.is_running
        return screens

    for screen in asyncio.run(scenario()):
        assert unsafe_in(screen.replace("\n", "")) == []
