"""Pilot tests of statuses in the explorer (marks in the outline, the status and its evidence in
the pane), the scorecard view (`s`: one report, or several side by side) and similar problems
(`m`), each jumping to the place it cites."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from pilot import async_test, wait_until

from tui.analysis.scorecard import MARKS
from tui.analysis.status import report_status
from tui.app import XunshiApp
from tui.app.render import CURRENT_HIT, EVIDENCE
from tui.app.screens.scorecard import ScorecardScreen
from tui.app.screens.scorecards import ScorecardsScreen
from tui.app.screens.similar import SimilarScreen
from tui.app.screenshots import wait_for_statuses
from tui.library import open_library

DOCUMENTS = Path(__file__).resolve().parent / "documents"
pytestmark = pytest.mark.usefixtures("home")  # a fresh XUNSHI_HOME for every test here


async def open_view(app, pilot, key: str, kind: type):
    await pilot.press(key)
    await wait_until(pilot, lambda: isinstance(app.screen, kind) and app.screen.items is not None, what=kind.__name__)
    return app.screen


def marked(app, style) -> list[str]:
    text = app.explorer.detail.rendered
    return [text.plain[span.start : span.end] for span in text.spans if span.style == style]


def other_copy(report, title: str = "第二份通报"):
    other = copy.deepcopy(report)
    other.sha256, other.title, other.origin = "f" * 64, title, "other-report.txt"
    return other


@async_test
async def test_problems_are_marked_in_the_outline_and_the_pane_says_why(seed_report):
    statuses = report_status(seed_report).problems
    app = XunshiApp([seed_report], remember=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_statuses(app, pilot)
        rows = {item.data.node.id: item.label.plain for item in app.explorer.outline.rows if item.data.node is not None}
        for node_id, status in statuses.items():
            assert rows[node_id].endswith(" " + MARKS[status.status]), rows[node_id]
        assert not rows["2.1.1"].endswith(tuple(MARKS.values()))  # a group has no mark
        await pilot.press(*["right_square_bracket"] * 4)  # (4): in progress, «阶段性成果»
        lines = app.explorer.detail.body_lines
        status_line = next(line for line in lines if line.startswith("… "))
        assert "«阶段性成果»" in status_line
        assert marked(app, EVIDENCE)[0] == "阶段性成果"
        measures = [line for line in lines if "一是" in line or "二是" in line or "三是" in line]
        assert [line[:3] for line in measures] == ["…一是", "✓二是", "✓三是"]


@async_test
async def test_the_scorecard_of_one_report_jumps_to_what_it_cites(seed_report):
    app = XunshiApp([seed_report], remember=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_statuses(app, pilot)
        view = await open_view(app, pilot, "s", ScorecardScreen)
        rows = [view.format_row(index, 78).plain for index in range(len(view.rows))]
        assert rows[0].split()[1:3] == ["19", "✓"] and "… 5" in rows[0]  # problems by status
        assert "✓ 43" in rows[1]  # measures by status
        assert sum(row.startswith(tuple(MARKS.values())) for row in rows) == 19  # every problem
        money = next(index for index, line in enumerate(view.rows) if line.value == "16.6亿元")
        view.table.move_to(money)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is app.explorer, what="the explorer")
        assert app.explorer.detail.entry.node_id == "2.1.2.8"
        assert marked(app, CURRENT_HIT) == ["16.6亿元"]
        # a line worked out from the counts goes nowhere and says so
        view = await open_view(app, pilot, "s", ScorecardScreen)
        view.table.move_to(0)
        await pilot.press("enter")
        await pilot.pause(0.1)
        assert app.screen is view and app._notifications


@async_test
async def test_a_problems_line_jumps_with_its_evidence_marked(seed_report):
    app = XunshiApp([seed_report], remember=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_statuses(app, pilot)
        view = await open_view(app, pilot, "s", ScorecardScreen)
        await pilot.press("s")  # problems by status: done first
        await wait_until(pilot, lambda: view.rows[0].status == "done", what="sorted by status")
        line = next(index for index, row in enumerate(view.rows) if row.label == "(4)")
        view.table.move_to(line)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is app.explorer, what="the explorer")
        assert app.explorer.detail.entry.node_id == "2.1.1.4"
        assert "阶段性成果" in marked(app, CURRENT_HIT)


@async_test
async def test_several_reports_side_by_side_then_one(tmp_path):
    library = open_library([str(DOCUMENTS)])
    app = XunshiApp(library, remember=False)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_view(app, pilot, "s", ScorecardsScreen)
        assert len(view.rows) == 35
        first = view.format_row(0, 78).plain
        assert first.startswith("baishi-xuncha-2022") and "12/14" in first  # claimed done / problems
        await pilot.press("s")  # by the share done, most first
        await pilot.pause(0.1)
        rates = [card.done_rate for card in view.rows]
        assert rates == sorted(rates, reverse=True)
        await pilot.press("S")
        await pilot.pause(0.1)
        assert [card.done_rate for card in view.rows] == rates[::-1]
        await pilot.press("slash", "l", "i", "n", "l", "a", "n", "enter")
        await wait_until(pilot, lambda: len(view.rows) == 1, what="the filter")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ScorecardScreen) and app.screen.items, what="its card")
        card = app.screen
        said = next(
            index for index, line in enumerate(card.rows) if line.mark == "≠" and line.pin and line.value == "(2)"
        )
        card.table.move_to(said)
        await pilot.press("enter")  # the card closes, and the side-by-side view with it
        await wait_until(pilot, lambda: app.screen is app.explorer, what="the explorer")
        entry = app.explorer.detail.entry
        assert (entry.report.origin, entry.node_id) == ("linlan-xunshi-2022.txt", "2.1.3.2")
        assert marked(app, CURRENT_HIT) == ["其余6处"]  # what the report's 已完成整改 left open


@async_test
async def test_m_lists_the_same_problem_in_the_other_reports(seed_report):
    other = other_copy(seed_report)
    app = XunshiApp([seed_report, other], remember=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m")  # on the report's page: not a problem
        await pilot.pause(0.1)
        assert app.screen is app.explorer and app._notifications
        await pilot.press("l", *["right_square_bracket"] * 9)  # problem (9) of the first report
        assert app.explorer.detail.entry.node_id == "2.1.1.9"
        view = await open_view(app, pilot, "m", SimilarScreen)
        best = view.rows[0].match
        assert (best.ref.report, best.ref.node_id, round(best.score, 2)) == ("f" * 64, "2.1.1.9", 1.0)
        assert all(item.match.ref.report == "f" * 64 for item in view.rows)  # the other report only
        assert view.format_row(0, 78).plain.lstrip().startswith("1.00 ✓")
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is app.explorer, what="the explorer")
        entry = app.explorer.detail.entry
        assert (entry.key, entry.node_id) == ("f" * 64, "2.1.1.9")
        assert "".join(marked(app, CURRENT_HIT)) in entry.node.title and marked(app, CURRENT_HIT)


@async_test
async def test_m_with_one_report_says_there_is_nothing_to_compare(seed_report):
    app = XunshiApp([seed_report], remember=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("right_square_bracket", "m")
        await pilot.pause(0.1)
        assert app.screen is app.explorer and len(app._notifications) == 1


def test_the_palette_offers_the_scorecard_and_similar_problems(seed_report):
    app = XunshiApp([seed_report], remember=False)
    screen = app.get_default_screen()
    callbacks = [command.callback for command in app.get_system_commands(screen)]
    assert screen.action_scorecard in callbacks and screen.action_similar in callbacks


@async_test
async def test_reports_scored_in_the_side_by_side_view_are_marked_when_opened():
    app = XunshiApp(open_library([str(DOCUMENTS)]), remember=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_view(app, pilot, "s", ScorecardsScreen)  # works out every report's statuses
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is app.explorer, what="the explorer")
        outline = app.explorer.outline
        await pilot.press("G", "l")  # the last report, opened
        last = app.places.roots[-1].key
        await wait_until(pilot, lambda: last in outline.statuses, what="its marks")
        problems = [item.label.plain for item in outline.rows if getattr(item.data, "key", None) == last
                    and getattr(item.data, "is_problem", False)]  # fmt: skip
        assert problems and all(label.endswith(tuple(MARKS.values())) for label in problems)
