"""Pilot tests of search in the explorer: type → results → Enter → node with matches marked → n / N."""

from __future__ import annotations

import asyncio
import functools

import pytest

from tui.app import XunshiApp
from tui.app.render import CURRENT_HIT, HIT
from tui.app.screenshots import wait_for_results
from tui.app.widgets.search import SearchInput, SearchResults
from tui.script import convert


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("XUNSHI_HOME", str(tmp_path / "home"))


def async_test(test):
    @functools.wraps(test)
    def run(*args, **kwargs):
        return asyncio.run(test(*args, **kwargs))

    return run


def marked(app) -> list[str]:
    text = app.detail.rendered
    return [text.plain[span.start : span.end] for span in text.spans if span.style == HIT]


async def search(app, pilot, query: str) -> None:
    await pilot.press("slash")
    for char in query:
        await pilot.press(char)
    await wait_for_results(app, pilot, query)
    assert app.shown_query == query, "results never arrived"


@async_test
async def test_results_update_as_you_type_and_enter_opens_the_hit_with_matches_marked(seed_report):
    app = XunshiApp([seed_report], remember=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await search(app, pilot, "金砖")
        results = app.query_one(SearchResults)
        assert results.option_count == len(app.shown_hits) > 0
        count = str(app.query_one("#search-count").render())
        assert "hits" in count
        first = app.shown_hits[0]
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is app.outline
        assert app.outline.current.node.id == first.node_id
        assert marked(app) and set(marked(app)) == {"金砖"}
        assert len(marked(app)) == len(first.matches)


def stressed(app) -> list[tuple[int, int]]:
    text = app.detail.rendered
    return [(span.start, span.end) for span in text.spans if span.style == CURRENT_HIT]


@async_test
async def test_n_and_N_step_through_every_match_then_on_to_the_next_node(seed_report):
    app = XunshiApp([seed_report], remember=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await search(app, pilot, "金砖")
        hits = list(app.shown_hits)
        assert len(hits) >= 2 and len(hits[0].matches) >= 2
        await pilot.press("enter")
        seen = [stressed(app)]
        for _ in range(len(hits[0].matches) - 1):
            await pilot.press("n")
            assert app.outline.current.node.id == hits[0].node_id
            seen.append(stressed(app))
        assert all(len(one) == 1 for one in seen) and len(set(map(tuple, seen))) == len(seen)
        await pilot.press("n")
        assert app.outline.current.node.id == hits[1].node_id and marked(app) and len(stressed(app)) == 1
        assert "hit 2/" in str(app.query_one("#search-count").render())
        await pilot.press("N")
        assert app.outline.current.node.id == hits[0].node_id and stressed(app) == seen[-1]
        for _ in range(len(hits[0].matches)):
            await pilot.press("N")
        assert app.outline.current.node.id == hits[-1].node_id  # wraps around


@async_test
async def test_down_in_the_box_picks_another_hit_and_traditional_keeps_the_marks(seed_report):
    app = XunshiApp([seed_report], script="s2t", remember=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await search(app, pilot, "金砖")
        await pilot.press("down", "enter")
        assert app.outline.current.node.id == app.hits[1].node_id
        assert set(marked(app)) == {convert("金砖", "s2t")}


@async_test
async def test_a_query_with_no_hits_says_so_and_enter_does_nothing(seed_report):
    app = XunshiApp([seed_report], remember=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await search(app, pilot, "zzzqqq")
        assert app.shown_hits == []
        before = app.outline.current
        await pilot.press("enter")
        assert app.outline.current is before and isinstance(app.focused, SearchInput)
        assert str(app.query_one("#search-count").render()).strip()
