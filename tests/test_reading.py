"""Reading in Chinese (issue 12): panes that follow on every screen size, Chinese line breaking
in the pane, a palette and a search that behave, help that scrolls, a key bar that fits."""

from __future__ import annotations

import pytest
from pilot import async_test, wait_until
from test_linebreak import violations

from tui.app import XunshiApp
from tui.app.commands import GoToNode
from tui.app.screens.help import HelpScreen

pytestmark = pytest.mark.usefixtures("home")


def problem_labels(report) -> list[str]:
    return [node.label for node in report.problems()]


# ---- the real program: what a terminal shows ---------------------------------------------------
@pytest.mark.parametrize("size", [(60, 20), (40, 12)])
def test_narrow_text_pane_shows_the_node_opened_each_time(tmux, size):
    """Below 70 columns one pane shows at a time: Enter must show the node under the cursor,
    not the first one opened; a search hit opened must show in the pane at once."""
    tmux.start([], size=size, env={"XUNSHI_LANG": "en"})
    tmux.wait_for("Quit")
    tmux.keys(*["j"] * 10, "Enter")
    assert "(3)岛内提升" in tmux.wait_for("Space Page down").splitlines()[2]  # the pane, on (3)
    tmux.keys("Escape")
    tmux.wait_for("▼")  # the tree again (Esc alone: Esc then j at once would read as Alt+j)
    tmux.keys("j", "j", "Enter")
    screen = tmux.wait_for("Space Page down")
    assert "(5)国际化" in screen.splitlines()[2] and "(3)岛内提升" not in screen  # the pane, on (5)
    tmux.keys("Escape")
    tmux.wait_for("▼")
    tmux.keys("/", "房价")
    tmux.wait_for("1 hit")
    tmux.keys("Enter")  # the hit is opened to be read: its text shows at once, its match in view
    screen = tmux.wait_for("Space Page down")
    assert "(17)保障性住房" in screen.splitlines()[2] and "高房价" in screen
    tmux.keys("v")  # and `v` goes back to the tree, where the search left its place
    tmux.wait_for("hit 1/1")


def test_a_node_opens_at_its_top_after_the_last_was_read_down(tmux):
    tmux.start([], size=(80, 24), env={"XUNSHI_LANG": "en"})
    tmux.wait_for("q Quit")
    tmux.keys("g", "]", "]", "]")
    tmux.wait_for("(3)岛内提升")
    tmux.keys("C-d", "C-d")
    tmux.wait_for("▐")
    tmux.keys("]")
    screen = tmux.wait_for("(4)岛内城市规划")
    assert "(4)岛内城市规划" in screen.splitlines()[2]  # its heading right under the breadcrumb


# ---- the pilot -------------------------------------------------------------------------------------
@async_test
async def test_the_remembered_place_is_in_view_and_marked_at_start(seed_report):
    from tui.library import state

    state.save_position(seed_report.sha256, "2.1.3.2")  # (19), far down the outline
    app = XunshiApp([seed_report])
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.pause()
        outline = app.explorer.outline
        assert outline.current.node.id == "2.1.3.2"
        top, height = outline.scroll_offset.y, outline.scrollable_content_region.height
        assert top <= outline.cursor < top + height


@async_test
async def test_a_jump_from_the_palette_brings_its_row_into_view(seed_report):
    app = XunshiApp([seed_report], remember=False)
    async with app.run_test(size=(80, 12)) as pilot:
        provider = GoToNode(app.screen)
        hit = next(iter([hit async for hit in provider.search("保障性住房")]))
        hit.command()
        await pilot.pause()
        outline = app.explorer.outline
        assert outline.current.node.label == "(17)"
        top, height = outline.scroll_offset.y, outline.scrollable_content_region.height
        assert top <= outline.cursor < top + height


@async_test
async def test_the_palette_is_blind_to_the_script_and_reads_pinyin(seed_report):
    for script in ("s", "s2t"):
        app = XunshiApp([seed_report], remember=False, script=script)
        async with app.run_test(size=(80, 24)):
            provider = GoToNode(app.screen)
            for query in ("金砖", "金磚", "jinzhuan", "jin zhuan"):
                hits = [hit async for hit in provider.search(query)]
                assert any(hit.text.startswith("(9)") for hit in hits), (script, query)


@async_test
async def test_the_selected_result_is_marked_without_colour(seed_report):
    app = XunshiApp([seed_report], remember=False)
    async with app.run_test(size=(80, 24)):
        results = app.query_one("#search-results")
        assert results.get_component_rich_style("option-list--option-highlighted").reverse


@pytest.mark.parametrize("key", ["space", "pagedown", "ctrl+d", "G", "end", "down", "j"])
@async_test
async def test_help_scrolls_with_the_keys_it_offers(seed_report, key):
    app = XunshiApp([seed_report], remember=False)
    async with app.run_test(size=(80, 16)) as pilot:
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), what="the help")
        body = app.screen.body
        await pilot.press(key)
        await wait_until(pilot, lambda: body.scroll_y > 0, what=f"the help scrolled by {key}")
        await pilot.press("g")
        await wait_until(pilot, lambda: body.scroll_y == 0, what="the help back at its top")


@pytest.mark.parametrize("width", [80, 60, 40])
@async_test
async def test_the_key_bar_shows_whole_items_and_v_on_a_narrow_screen(seed_report, width, chinese):
    app = XunshiApp([seed_report], remember=False)
    async with app.run_test(size=(width, 20)) as pilot:
        await pilot.pause()
        bar = app.explorer.query_one("KeyBar")
        line = str(bar.render())
        assert line.startswith("q 退出")
        shown = [description for _key, _shown, description in bar.items() if description in line]
        assert all(f" {description}" in line for description in shown)  # no item cut in two
        assert ("v 目录/正文" in line) == (width < 70)


@async_test
async def test_an_emptied_search_is_over_and_a_query_with_no_hits_shows_no_old_hit(seed_report):
    app = XunshiApp([seed_report], remember=False)
    async with app.run_test(size=(80, 24)) as pilot:
        search = app.explorer.search
        await pilot.press("slash", *"金砖")
        await wait_until(pilot, lambda: search.shown_query == "金砖", what="the results")
        await pilot.press("enter")
        assert search.hits
        await pilot.press("slash", "ctrl+u", "escape", "n")  # the box emptied: nothing to step
        assert not search.hits and app.explorer.detail.entry is app.explorer.outline.current
        assert not app.explorer.detail.matches
        await pilot.press("slash", *"房价")
        await wait_until(pilot, lambda: search.shown_query == "房价", what="the results")
        assert "1 hit" in str(app.query_one("#search-count").render())  # not "1 hits"
        await pilot.press("down")  # preview it
        await pilot.press("ctrl+u", *"没有这个词")
        await wait_until(pilot, lambda: search.shown_query == "没有这个词", what="no results")
        assert app.explorer.detail.entry is app.explorer.outline.current  # not the old hit


@pytest.mark.parametrize("size", [(80, 24), (60, 20), (40, 12)])
@pytest.mark.parametrize("script", ["s", "s2t"])
@async_test
async def test_the_pane_breaks_lines_by_the_rules_of_chinese_text(seed_report, size, script):
    app = XunshiApp([seed_report], remember=False, script=script)
    async with app.run_test(size=size) as pilot:
        detail = app.explorer.detail
        if size[0] < 70:
            await pilot.press("v")  # one pane at a time: the text
        for index in range(len(seed_report.problems())):
            await pilot.press("right_square_bracket")
            text, lines, width = detail.rendered.plain, detail.lines, detail.text_width
            assert lines and not violations(text, lines, width), (index, violations(text, lines, width)[:3])
