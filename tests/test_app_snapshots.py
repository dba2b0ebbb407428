"""SVG snapshots of the explorer (pytest-textual-snapshot): 80×24, 120×40, Traditional, search, narrow,
help, and the figures and cited documents views.

Update after a deliberate change with `pytest tests/test_app_snapshots.py --snapshot-update`, and
look at the new SVGs before committing them.
"""

from __future__ import annotations

import pytest

from tui.app import XunshiApp
from tui.app.screenshots import wait_for_results, wait_for_statuses, wait_for_view

FIGURES_PROBLEM = ["right_square_bracket"] * 5  # problem (5): figures, percents and 《…》 titles


def marked_then(app: XunshiApp, *keys: str):
    """Wait for the status marks (worked out after the first paint), then press `keys`."""

    async def run_before(pilot):
        await wait_for_statuses(app, pilot)
        await pilot.press(*keys)

    return run_before


pytestmark = pytest.mark.usefixtures("home", "chinese")  # a fresh home; the interface as users get it


def app_for(report, **kwargs) -> XunshiApp:
    return XunshiApp([report], remember=False, **kwargs)


def test_main_view_80x24(snap_compare, seed_report):
    app = app_for(seed_report)
    assert snap_compare(app, run_before=marked_then(app, *FIGURES_PROBLEM), terminal_size=(80, 24))


def test_main_view_120x40(snap_compare, seed_report):
    app = app_for(seed_report)
    assert snap_compare(app, run_before=marked_then(app, *FIGURES_PROBLEM), terminal_size=(120, 40))


def test_traditional_view_120x40(snap_compare, seed_report):
    app = app_for(seed_report, script="s2t")
    assert snap_compare(app, run_before=marked_then(app, *FIGURES_PROBLEM), terminal_size=(120, 40))


def test_search_with_hits_120x40(snap_compare, seed_report):
    app = app_for(seed_report)

    async def type_query(pilot):
        await pilot.press("slash", "金", "砖")
        await wait_for_results(app, pilot, "金砖")

    assert snap_compare(app, run_before=type_query, terminal_size=(120, 40))


def test_narrow_60x20_text_pane(snap_compare, seed_report):
    app = app_for(seed_report)
    assert snap_compare(app, run_before=marked_then(app, "right_square_bracket", "v"), terminal_size=(60, 20))


def test_help_80x24(snap_compare, seed_report):
    app = app_for(seed_report)
    assert snap_compare(app, run_before=marked_then(app, "question_mark"), terminal_size=(80, 24))


def test_figures_view_by_value_80x24(snap_compare, seed_report):
    app = app_for(seed_report)

    async def open_figures(pilot):
        await pilot.press("f")
        await wait_for_view(app, pilot)
        await pilot.press("s", "S", "j")

    assert snap_compare(app, run_before=open_figures, terminal_size=(80, 24))


def test_citations_view_80x24(snap_compare, seed_report):
    app = app_for(seed_report)

    async def open_citations(pilot):
        await pilot.press("c")
        await wait_for_view(app, pilot)
        await pilot.press("p")

    assert snap_compare(app, run_before=open_citations, terminal_size=(80, 24))


def test_scorecard_view_80x24(snap_compare, seed_report):
    app = app_for(seed_report)

    async def open_scorecard(pilot):
        await wait_for_statuses(app, pilot)
        await pilot.press("s")
        await wait_for_view(app, pilot)
        await pilot.press("j", "j", "j", "j")

    assert snap_compare(app, run_before=open_scorecard, terminal_size=(80, 24))
