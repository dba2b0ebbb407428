"""Pilot tests of the figures (`f`) and cited documents (`c`) views, and of several reports at once:
open at 80×24, sort, filter by unit and text, Enter jumps with the exact characters marked;
two reports side by side with cross-report search and the scope key."""

from __future__ import annotations

import asyncio
import copy

import pytest
from pilot import async_test, wait_until

from tui.analysis.citations import extract_citations
from tui.analysis.figures import extract_figures, units
from tui.app import XunshiApp
from tui.app.render import CURRENT_HIT, report_detail
from tui.app.screens.citations import CitationsScreen
from tui.app.screens.figures import FiguresScreen
from tui.app.screenshots import wait_for_results
from tui.text.script import convert

pytestmark = pytest.mark.usefixtures("home")  # a fresh XUNSHI_HOME for every test here


async def open_view(app, pilot, key: str, kind: type):
    await pilot.press(key)
    for _ in range(200):
        await pilot.pause(0.02)
        if isinstance(app.screen, kind) and app.screen.items is not None:
            return app.screen
    raise AssertionError(f"{kind.__name__} never filled")


def stressed(app) -> list[str]:
    text = app.explorer.detail.rendered
    return [text.plain[span.start : span.end] for span in text.spans if span.style == CURRENT_HIT]


def row_text(view, index: int, width: int = 78) -> str:
    return view.format_row(index, width).plain


def other_copy(report, title: str = "第二份通报"):
    other = copy.deepcopy(report)
    other.sha256, other.title, other.origin = "f" * 64, title, "other-report.txt"
    return other


# ---- figures --------------------------------------------------------------------------------
@async_test
async def test_f_lists_every_figure_at_80x24_and_escape_closes(seed_report):
    figures = extract_figures(seed_report)
    app = XunshiApp([seed_report], remember=False)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_view(app, pilot, "f", FiguresScreen)
        assert len(view.rows) == len(figures) > 50
        assert [(f.node_id, f.start) for f in view.rows] == [(f.node_id, f.start) for f in figures]
        assert f"{len(figures)} of {len(figures)}" in str(app.screen.query_one("#view-title").render())
        first = row_text(view, 0)
        assert first.startswith(figures[0].value) and figures[0].phrase[:4] in first
        assert len(first) <= 78 and "Phrase" in str(app.screen.query_one("#view-columns").render())
        assert view.table.has_focus
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.explorer and app.focused is app.explorer.outline


@async_test
async def test_s_cycles_the_sort_and_S_reverses_it(seed_report):
    app = XunshiApp([seed_report], remember=False)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_view(app, pilot, "f", FiguresScreen)
        await pilot.press("s")
        assert view.SORT_KEYS[view.state.sort] == "value"
        amounts = [f.amount for f in view.rows if f.amount is not None]
        assert amounts == sorted(amounts) and view.rows[0].amount == amounts[0]  # unknown amounts last
        await pilot.press("S")
        amounts = [f.amount for f in view.rows if f.amount is not None]
        assert amounts == sorted(amounts, reverse=True)
        assert "value ↓" in str(app.screen.query_one("#view-title").render())
        await pilot.press("s", "s")
        assert view.SORT_KEYS[view.state.sort] == "phrase"
        phrases = [f.phrase for f in view.rows if f.phrase]
        assert phrases == sorted(phrases, reverse=True)
        await pilot.press("s")
        years = [f.year for f in view.rows if f.year is not None]
        assert view.SORT_KEYS[view.state.sort] == "year" and years == sorted(years, reverse=True)


@async_test
async def test_u_steps_through_the_units_without_typing(seed_report):
    figures = extract_figures(seed_report)
    counted = units(figures)
    app = XunshiApp([seed_report], remember=False)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_view(app, pilot, "f", FiguresScreen)
        await pilot.press("u")
        unit, count = counted[0]
        assert view.state.unit == unit and len(view.rows) == count
        assert all(unit in (f.unit, f.base_unit) for f in view.rows)
        assert f"unit: {unit} ({count})" in str(app.screen.query_one("#view-title").render())
        await pilot.press("u")
        assert view.state.unit == counted[1][0] and len(view.rows) == counted[1][1]
        await pilot.press("U", "U")
        assert view.state.unit is None and len(view.rows) == len(figures)
        await pilot.press("U")
        assert view.state.unit == counted[-1][0]


@async_test
async def test_slash_filters_by_text_and_enter_returns_to_the_table(seed_report):
    app = XunshiApp([seed_report], remember=False)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_view(app, pilot, "f", FiguresScreen)
        await pilot.press("slash")
        assert app.focused is app.screen.query_one("#view-filter")
        for char in "生产总值":
            await pilot.press(char)
        await pilot.press("escape")  # Esc in the box goes back to the table, the view stays
        assert view.table.has_focus and app.screen is view
        await pilot.press("slash", "enter")
        await pilot.pause()
        assert view.table.has_focus and view.state.text == "生产总值"
        assert view.rows and all("生产总值" in f.phrase + f.context + f.value for f in view.rows)
        assert len(view.rows) < len(view.items)
        await pilot.press("x")
        assert len(view.rows) == len(view.items) and view.state.text == ""


@pytest.mark.parametrize("mode", ["s", "s2t"])
@async_test
async def test_enter_jumps_to_the_node_with_the_figure_marked(seed_report, mode):
    app = XunshiApp([seed_report], script=mode, remember=False)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_view(app, pilot, "f", FiguresScreen)
        target = next(i for i, f in enumerate(view.rows) if f.value == "1204.64万标箱")
        figure = view.rows[target]
        view.table.move_to(target)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is app.explorer
        entry = app.explorer.outline.current
        assert entry.node.id == figure.node_id and app.explorer.detail.entry is entry
        assert entry.node.plain_text()[figure.start : figure.end] == figure.value
        assert stressed(app) == [convert(figure.value, mode)]
        # the mark is scrolled into view
        rendered = app.explorer.detail.rendered.plain
        at = next(s.start for s in app.explorer.detail.rendered.spans if s.style == CURRENT_HIT)
        row = max(i for i, start in enumerate(app.explorer.detail._line_starts) if start <= at) + 1
        top = app.explorer.detail.scroll_offset.y
        assert top <= row < top + app.explorer.detail.scrollable_content_region.height, rendered[:40]
        # reopening comes back where it was left
        again = await open_view(app, pilot, "f", FiguresScreen)
        assert again.table.cursor == target


@pytest.mark.parametrize("name, kind", [("Figures", FiguresScreen), ("Cited documents", CitationsScreen)])
@async_test
async def test_the_palette_opens_the_views(seed_report, name, kind):
    app = XunshiApp([seed_report], remember=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        for char in name:
            await pilot.press("space" if char == " " else char)
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, kind)


@async_test
async def test_keys_of_the_outline_are_off_while_a_view_is_open(seed_report):
    app = XunshiApp([seed_report], remember=False)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_view(app, pilot, "f", FiguresScreen)
        before = app.explorer.outline.current
        await pilot.press("right_square_bracket", "c", "n")
        assert app.screen is view and app.explorer.outline.current is before


# ---- cited documents ------------------------------------------------------------------------
@async_test
async def test_c_lists_every_title_and_enter_jumps_with_the_title_marked(seed_report):
    citations = extract_citations([seed_report])
    app = XunshiApp([seed_report], remember=False)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_view(app, pilot, "c", CitationsScreen)
        assert sorted(c.title for c in view.rows) == sorted(c.title for c in citations)
        assert row_text(view, 0).strip().startswith(str(view.rows[0].count))
        index = min(range(len(view.rows)), key=lambda i: len(view.rows[i].title))  # shown whole
        view.table.move_to(index)
        chosen = view.rows[index]
        await pilot.pause()
        assert len(view.places) == chosen.count and "《" + chosen.title + "》" in view.format_place(0, 78).plain
        await pilot.press("enter")
        await pilot.pause()
        place = chosen.places[0]
        assert app.screen is app.explorer and app.explorer.outline.current.node.id == place.node_id
        assert stressed(app) == ["《" + chosen.title + "》"]


@async_test
async def test_citations_sort_and_filter(seed_report):
    app = XunshiApp([seed_report], remember=False)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_view(app, pilot, "c", CitationsScreen)
        await pilot.press("s")
        assert [c.title for c in view.rows] == sorted(c.title for c in view.rows)
        await pilot.press("slash", "金", "砖", "enter")
        await pilot.pause()
        assert view.rows and all("金砖" in c.title for c in view.rows) and len(view.rows) < len(view.items)


@async_test
async def test_p_chooses_among_the_places_of_a_title_in_two_reports(seed_report):
    other = other_copy(seed_report)
    app = XunshiApp([seed_report, other], remember=False)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_view(app, pilot, "c", CitationsScreen)
        citation = view.rows[0]
        assert citation.count == 2 and citation.reports == [seed_report.sha256, other.sha256]
        assert "2" in row_text(view, 0)[:14]  # the Reports column
        await pilot.press("p")
        assert view.place_list.has_focus
        assert "other-report" in view.format_place(1, 78).plain
        await pilot.press("escape")
        assert view.table.has_focus and app.screen is view
        await pilot.press("p", "j", "enter")
        await pilot.pause()
        assert (
            app.explorer.outline.current.report is other
            and app.explorer.outline.current.node.id == citation.places[1].node_id
        )
        assert stressed(app) == ["《" + citation.title + "》"]


@async_test
async def test_a_title_in_the_intro_is_marked_on_the_report_page():
    from tui.parse import parse_text

    report = parse_text(
        "巡视整改进展情况\n来源:测试 2022-01-01\n按照《巡视工作条例》要求,现将整改情况通报如下。\n"
        "一、总体情况\n(一)第一节。落实《整改方案》。\n",
        origin="intro.txt",
    )
    assert report.intro and "《巡视工作条例》" in report.intro[0]
    app = XunshiApp([report], remember=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j")
        view = await open_view(app, pilot, "c", CitationsScreen)
        index = next(i for i, c in enumerate(view.rows) if c.title == "巡视工作条例")
        view.table.move_to(index)
        await pilot.press("enter")
        await pilot.pause()
        assert app.explorer.detail.entry.node is None and stressed(app) == ["《巡视工作条例》"]


def test_report_page_marks_land_on_the_cited_characters(seed_report):
    report = copy.deepcopy(seed_report)
    report.intro = ["前\x1b[31m言《方案》后"]
    start = report.intro[0].index("《")
    text = report_detail(report, "s2t", [("intro", 0, start, start + 4)])
    assert [text.plain[s.start : s.end] for s in text.spans if s.style == CURRENT_HIT] == ["《方案》"]


# ---- several reports ------------------------------------------------------------------------
@async_test
async def test_two_reports_side_by_side_search_across_them_and_r_limits_the_scope(seed_report):
    other = other_copy(seed_report)
    app = XunshiApp([seed_report, other], remember=False)
    async with app.run_test(size=(80, 24)) as pilot:
        assert len(app.explorer.outline.top) == 2
        await pilot.press("slash", "金", "砖")
        await wait_for_results(app, pilot, "金砖")
        keys = {hit.report for hit in app.explorer.search.shown_hits}
        assert keys == {seed_report.sha256, other.sha256}
        scope = str(app.query_one("#search-scope").render())
        assert "All 2 reports" in scope and app.query_one("#search-scope").region.height == 1
        prompts = [str(option.prompt) for option in app.query_one("#search-results")._options]
        assert any("other-report" in p for p in prompts) and any("xiamen-2022-02-22" in p for p in prompts)
        await pilot.press("escape", "G")  # the cursor into the second report
        assert app.explorer.outline.current.report is other
        await pilot.press("r")
        assert app.explorer.search.scope == other.sha256 and "Only other-report" in str(
            app.query_one("#search-scope").render()
        )
        search = app.explorer.search
        await wait_until(
            pilot,
            lambda: search.shown_hits and {hit.report for hit in search.shown_hits} == {other.sha256},
            what="hits of the other report only",
        )
        await pilot.press("enter")
        await pilot.pause()
        assert app.explorer.outline.current.report is other and app.explorer.detail.entry.report is other
        await pilot.press("slash", "ctrl+r")
        assert app.explorer.search.scope is None
        await wait_until(
            pilot,
            lambda: {hit.report for hit in search.shown_hits} == {seed_report.sha256, other.sha256},
            what="hits of both reports",
        )


@async_test
async def test_one_report_keeps_the_screen_as_it_was(seed_report):
    app = XunshiApp([seed_report], remember=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        assert app.explorer.search.scope is None
        await pilot.press("slash", "金", "砖")
        await wait_for_results(app, pilot, "金砖")
        assert app.query_one("#search-scope").region.height == 0
        prompts = [str(option.prompt) for option in app.query_one("#search-results")._options]
        assert not any("xiamen-2022" in p for p in prompts)


@async_test
async def test_figures_of_two_reports_name_their_report(seed_report):
    other = other_copy(seed_report)
    app = XunshiApp([seed_report, other], remember=False)
    async with app.run_test(size=(100, 30)) as pilot:
        view = await open_view(app, pilot, "f", FiguresScreen)
        assert len(view.rows) == 2 * len(extract_figures(seed_report))
        assert "Report" in str(app.screen.query_one("#view-columns").render())
        last = len(view.rows) - 1
        assert "other-report" in row_text(view, last, 98)
        view.table.move_to(last)
        await pilot.press("enter")
        await pilot.pause()
        assert app.explorer.outline.current.report is other and stressed(app) == [view.rows[last].value]


def test_screenshots_include_the_views_in_chinese_and_one_in_english(seed_report, tmp_path):
    from tui.app.screenshots import SHOTS, take_screenshots

    written = asyncio.run(take_screenshots([seed_report], tmp_path))
    assert [path.name for path in written] == list(SHOTS)
    figures = (tmp_path / "figures.svg").read_text(encoding="utf-8").replace("&#160;", " ")
    assert "数字" in figures and "2.86万亿元" in figures and "数值 ↓" in figures
    assert "整改工作方案" in (tmp_path / "citations.svg").read_text(encoding="utf-8")
    english = (tmp_path / "english.svg").read_text(encoding="utf-8").replace("&#160;", " ")
    assert "Quit" in english and "退出" not in english


@async_test
async def test_views_show_hostile_text_literally():
    from tui.parse import parse_text

    report = parse_text(
        "巡视整改进展情况[/]\n来源:测试 2022-01-01\n一、总体情况\n(一)某方面\n1.某组\n"
        "(1)问题[bold]一[/bold]\u202e。\n整改情况:一是[@click=app.quit]完成[/]投资5亿元\x1b]0;t\x07,"
        "印发《方案[/]\x1b[31m红》。\n",
        origin="hostile.txt",
    )
    app = XunshiApp([report], remember=False)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_view(app, pilot, "f", FiguresScreen)
        assert [f.value for f in view.rows] == ["5亿元"]
        await pilot.pause()
        figures_svg = app.export_screenshot()
        await pilot.press("escape")
        view = await open_view(app, pilot, "c", CitationsScreen)
        await pilot.pause()
        citations_svg = app.export_screenshot()
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running and stressed(app) == ["《方案[/]红》"]
    for svg in (figures_svg, citations_svg):
        assert "\x1b" not in svg and "\u202e" not in svg and "]0;t" not in svg
    assert "5亿元" in figures_svg
    assert "《方案[/]红》" in citations_svg


@async_test
async def test_t_in_a_view_redraws_it_in_the_new_script(seed_report):
    app = XunshiApp([seed_report], remember=False)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_view(app, pilot, "c", CitationsScreen)
        index = next(i for i, c in enumerate(view.rows) if convert(c.title, "s2t") != c.title)
        view.table.move_to(index)
        await pilot.press("t")
        assert app.mode == "s2t" and app.screen is view
        assert convert(view.rows[index].title, "s2t")[:6] in row_text(view, index)
        assert convert(view.rows[index].title, "s2t")[:4] in view.format_place(0, 78).plain


@async_test
async def test_on_a_narrow_screen_a_jump_shows_the_text_pane(seed_report):
    app = XunshiApp([seed_report], remember=False)
    async with app.run_test(size=(60, 20)) as pilot:
        view = await open_view(app, pilot, "f", FiguresScreen)
        assert view.table.region.width > 0
        await pilot.press("enter")
        await pilot.pause()
        assert app.explorer.detail.region.width > 0 and stressed(app) == [view.rows[0].value]
        await pilot.press("escape")
        await pilot.pause()
        assert app.explorer.outline.region.width > 0
