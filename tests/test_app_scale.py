"""Many reports: the explorer lists 200 reports from the catalog and loads one only when it is opened.

The corpus is the benchmark's (the seed's paragraphs shuffled and lightly mutated), built into
`data/` with catalog.json exactly as `xunshi build` does. No timing asserts: what is checked is
how many reports were read, which is what start-up time grows with.
"""

from __future__ import annotations

import pytest
from pilot import async_test

from benchmarks.corpus import write_corpus
from tui.app import XunshiApp
from tui.app.screens.figures import FiguresScreen
from tui.app.screens.table import SYNC_LIMIT
from tui.app.widgets.search_panel import SearchPanel
from tui.library.build import build
from tui.library.bundled import bundled_library

N = 200


pytestmark = pytest.mark.usefixtures("home")  # a fresh XUNSHI_HOME for every test here


@pytest.fixture
def corpus(tmp_path):
    seeds, data = tmp_path / "seeds", tmp_path / "data"
    data.mkdir()
    write_corpus(N, seeds)
    build(seeds_dir=seeds, data_dir=data)
    return seeds, data


@pytest.fixture
def no_index(monkeypatch):
    """The search index of 200 reports is the search engine's business (and its tests')."""
    monkeypatch.setattr(SearchPanel, "_open_engine", lambda self: None)


@async_test
async def test_two_hundred_reports_open_with_one_loaded_and_a_root_loads_when_opened(corpus, no_index):
    catalog = bundled_library(*corpus)
    assert len(catalog) == N and catalog.loads == 0
    app = XunshiApp(catalog, remember=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        roots = list(app.explorer.outline.top)
        assert len(roots) == N
        assert catalog.loads == 1  # the first report, for the first screen
        assert app.explorer.detail.entry.report.title and roots[0].expanded and not roots[1].children
        assert str(app.query_one("#header-title").render()).strip()
        await pilot.press("G")  # the last report's item: selected, so loaded and shown
        assert catalog.loads == 2 and app.explorer.outline.current.key == catalog.entries[-1].key
        assert app.explorer.detail.entry.report is app.explorer.outline.current.report
        await pilot.press("l")
        await pilot.pause()
        assert roots[-1].expanded and roots[-1].children
        await pilot.press("j")
        assert app.explorer.outline.current.node is app.explorer.outline.current.report.nodes[0]
        await pilot.press("k", "k")  # back up: onto the report before, which loads too
        assert catalog.loads == 3 and sum(app.places.is_loaded(e.key) for e in catalog.entries) == 3


@async_test
async def test_next_problem_goes_on_into_the_next_report(corpus, no_index):
    catalog = bundled_library(*corpus)
    app = XunshiApp(catalog, remember=False)
    async with app.run_test(size=(80, 24)) as pilot:
        first = catalog.entries[0].key
        problems = app.places.problems(first)
        await pilot.press("G")
        for _ in range(len(app.places.problems(catalog.entries[-1].key))):
            await pilot.press("right_square_bracket")
        await pilot.press("right_square_bracket")  # past the last report's last problem: wraps to the first
        assert app.explorer.outline.current is problems[0]
        await pilot.press("left_square_bracket")
        assert app.explorer.outline.current.key == catalog.entries[-1].key and app.explorer.outline.current.is_problem


@async_test
async def test_figures_of_every_report_come_from_a_worker(corpus, no_index):
    catalog = bundled_library(*corpus)
    app = XunshiApp(catalog, remember=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f")
        for _ in range(500):
            await pilot.pause(0.02)
            if isinstance(app.screen, FiguresScreen) and app.screen.items is not None:
                break
        view = app.screen
        assert isinstance(view, FiguresScreen) and view.items is not None
        assert len({figure.report for figure in view.items}) == N
        assert len(view.items) > SYNC_LIMIT  # so sorting runs in a worker
        await pilot.press("s")
        for _ in range(500):
            await pilot.pause(0.02)
            if "sort: value" in str(view.query_one("#view-title").render()):
                break
        amounts = [figure.amount for figure in view.rows if figure.amount is not None]
        assert len(view.rows) == len(view.items) and amounts == sorted(amounts)
        figure = view.rows[-1]
        view.table.move_to(len(view.rows) - 1)
        await pilot.press("enter")
        await pilot.pause()
        entry = app.explorer.outline.current
        assert (entry.key, entry.node.id) == (figure.report, figure.node_id)
        assert entry.node.plain_text()[figure.start : figure.end] == figure.value
