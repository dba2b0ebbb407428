"""Pilot tests: every key of the explorer, at 80×24 unless said otherwise."""

from __future__ import annotations

import pytest
from pilot import async_test, wait_until

from tui.app import XunshiApp
from tui.app.screens.help import HelpScreen
from tui.app.widgets.search_panel import SearchInput
from tui.text.script import MODES

pytestmark = pytest.mark.usefixtures("home")  # a fresh XUNSHI_HOME for every test here


def make_app(report, **kwargs) -> XunshiApp:
    return XunshiApp([report], **kwargs)


def current(app):
    entry = app.explorer.outline.current
    return entry.node if entry is not None else None


@async_test
async def test_focus_starts_on_the_tree_and_q_quits(seed_report):
    app = make_app(seed_report)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.focused is app.explorer.outline
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


@async_test
async def test_slash_focuses_search_and_escape_returns_to_the_tree(seed_report):
    app = make_app(seed_report)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash")
        assert isinstance(app.focused, SearchInput)
        await pilot.press("q", "j")  # typed, not obeyed
        assert app.focused.value == "qj" and app.is_running
        await pilot.press("escape")
        assert app.focused is app.explorer.outline


@async_test
async def test_arrows_and_jk_move_and_the_pane_follows(seed_report):
    app = make_app(seed_report)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.explorer.detail.entry.node is None  # the report's own page first
        await pilot.press("j")
        first = current(app)
        assert first is seed_report.nodes[0] and app.explorer.detail.entry.node is first
        await pilot.press("down")
        assert current(app) is seed_report.nodes[0].children[0]
        await pilot.press("k")
        assert current(app) is first
        await pilot.press("up")
        assert app.explorer.detail.entry.node is None


@async_test
async def test_h_collapses_or_goes_to_parent_and_l_expands_or_goes_to_child(seed_report):
    app = make_app(seed_report)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j")
        part = app.explorer.outline.cursor_item
        assert part.expanded
        await pilot.press("h")
        assert not part.expanded
        await pilot.press("l")
        assert part.expanded
        await pilot.press("l")
        assert current(app) is seed_report.nodes[0].children[0]
        await pilot.press("h")
        assert current(app) is seed_report.nodes[0]


@async_test
async def test_g_and_G_go_to_first_and_last(seed_report):
    app = make_app(seed_report)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("G")
        assert current(app) is list(seed_report.walk())[-1]
        await pilot.press("g")
        assert app.explorer.detail.entry.node is None


@async_test
async def test_brackets_go_to_next_and_previous_problem(seed_report):
    problems = seed_report.problems()
    app = make_app(seed_report)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("right_square_bracket")
        assert current(app) is problems[0]
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert current(app) is problems[2]
        await pilot.press("left_square_bracket")
        assert current(app) is problems[1]
        assert app.explorer.detail.entry.node is problems[1]


@async_test
async def test_enter_opens_a_leaf_for_reading_and_toggles_a_heading(seed_report):
    app = make_app(seed_report)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j", "enter")
        assert not app.explorer.outline.cursor_item.expanded and app.focused is app.explorer.outline
        await pilot.press("enter", "right_square_bracket", "enter")
        assert app.focused is app.explorer.detail
        await pilot.press("escape")
        assert app.focused is app.explorer.outline


@async_test
async def test_t_cycles_the_script_everywhere(seed_report):
    app = make_app(seed_report)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("right_square_bracket")
        node = current(app)
        seen = []
        for key, label in MODES[1:] + MODES[:1]:
            await pilot.press("t")
            seen.append(app.mode)
            meta = str(app.query_one("#header-meta").render())
            assert label in meta
            tree_text = app.explorer.outline.cursor_item.label.plain
            pane_text = app.explorer.detail.rendered.plain
            if key == "s":
                assert "学习贯彻" in pane_text or node.title[:4] in tree_text
            else:
                assert "習" in tree_text + pane_text or "學" in tree_text + pane_text
        assert seen == ["s2t", "s2tw", "s2hk", "s"]


@async_test
async def test_y_copies_the_node_text_with_its_source_line_and_notifies(seed_report, chinese):
    app = make_app(seed_report)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("right_square_bracket", "y")
        node = seed_report.problems()[0]
        source = "——摘自《厦门市巡视整改进展情况》（厦门市人民政府门户网站，2022-02-22），(1)"
        assert app.clipboard == node.label + node.plain_text() + "\n" + source
        assert any("已复制" in str(n.message) for n in app._notifications)


@async_test
async def test_shift_y_copies_the_heading_alone_or_one_measure(seed_report, chinese):
    app = make_app(seed_report)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("right_square_bracket", "Y")
        await wait_until(pilot, lambda: app.screen.query("#copy-pieces"), what="the pieces to copy")
        await pilot.press("1")
        node = seed_report.problems()[0]
        assert app.clipboard.splitlines() == [
            node.heading,
            "——摘自《厦门市巡视整改进展情况》（厦门市人民政府门户网站，2022-02-22），(1)",
        ]
        await pilot.press("Y", "down", "down", "enter")  # the second measure
        measure = node.rectification.measures[1]
        assert app.clipboard.splitlines()[0] == measure.label + measure.text
        assert app.clipboard.endswith("，(1)二是") and app.screen is app.explorer


@async_test
async def test_question_mark_shows_help_built_from_the_bindings(seed_report):
    app = make_app(seed_report)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.query_one("#help-text").render()
        shown = str(text)
        for binding in XunshiApp.BINDINGS:
            assert (binding.tooltip or binding.description) in shown
        for description in (
            "Collapse / parent",
            "Expand / child",
            "First",
            "Last",
            "Command palette",
            "Open to read",
            "繁體",
        ):
            assert description in shown
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


def test_help_lists_explorer_only_keys_apart_from_the_keys_that_work_everywhere(seed_report):
    rows = make_app(seed_report, remember=False).key_rows()
    where = {row.keys: row.where for row in rows if row.where in ("Everywhere", "Explorer")}
    assert {keys for keys, place in where.items() if place == "Everywhere"} == {"q", "t", "L", "?", "Ctrl+P"}
    for keys in ("f", "c", "r", "/", "[", "]", "n", "N", "y", "v", "Ctrl+D", "Ctrl+U", "Esc"):
        assert where[keys] == "Explorer", keys


def footer_keys(app) -> set[str]:
    return {key for key, active in app.screen.active_bindings.items() if active.binding.show and active.enabled}


@async_test
async def test_footer_offers_only_keys_that_work_where_the_focus_is(seed_report):
    app = make_app(seed_report, remember=False)
    async with app.run_test(size=(80, 24)) as pilot:
        assert {"q", "slash", "f", "c", "t", "question_mark"} <= footer_keys(app)
        await pilot.press("slash")  # the search box takes letters: q, f, t … would be typed
        keys = footer_keys(app)
        assert not keys & {"q", "slash", "f", "c", "t", "n", "question_mark", "right_square_bracket"}
        assert {"enter", "escape"} <= keys
        await pilot.press("escape")
        await pilot.press("f")  # a view: the explorer's keys are off, q / t / ? still work
        await pilot.pause()
        keys = footer_keys(app)
        assert {"q", "t", "question_mark"} <= keys and not keys & {"f", "c", "n", "right_square_bracket"}


@async_test
async def test_ctrl_p_palette_goes_to_any_node(seed_report):
    target = next(node for node in seed_report.problems() if node.label == "(17)")
    app = make_app(seed_report)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        for char in "(17)":
            await pilot.press(char)
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert current(app) is target


@async_test
async def test_narrow_terminal_shows_one_pane_and_v_switches(seed_report):
    app = make_app(seed_report)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert app.explorer.outline.display and app.explorer.outline.region.width > 0
        assert app.explorer.detail.region.width == 0
        await pilot.press("v")
        await pilot.pause()
        assert app.explorer.detail.region.width > 0 and app.query_one("#left").region.width == 0
        await pilot.press("escape")
        await pilot.pause()
        assert app.explorer.outline.region.width > 0 and app.focused is app.explorer.outline


@async_test
async def test_untrusted_text_is_shown_literally_and_controls_are_stripped():
    from tui.parse import parse_text

    report = parse_text(
        "巡视整改进展情况[/]\n来源:测试网站 2022-01-01\n一、总体情况[bold]x[/bold]\n"
        "(一)第一节。正文 [link=http://x]y 和 [@click=app.quit]z[/] 以及\x1b[31m红\x1b[0m字\x1b]0;title\x07完。\n"
        "二、问题整改\n(一)某方面\n1.某组\n(1)问题[/]一\u202e反转。\n整改情况:一是措施[bold]一[/bold]。二是措施二。\n",
        origin="hostile.txt",
    )
    app = XunshiApp([report], remember=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screens = []
        for _ in range(len(list(report.walk())) + 1):
            await pilot.pause()
            screens.append(app.export_screenshot())
            pane = "\n".join(app.explorer.detail.body_lines)
            assert "\x1b" not in pane and "\u202e" not in pane and "\x07" not in pane
            await pilot.press("j")
        assert app.is_running
        svg = "".join(screens)
        for literal in ("[bold]x[/bold]", "[link=http://x]y", "[@click=app.quit]z[/]", "问题[/]一反转", "红字"):
            assert literal.replace(" ", "&#160;") in svg.replace(" ", "&#160;"), literal
        assert "]0;title" not in svg


@async_test
async def test_remembers_the_script_and_the_last_node(seed_report, home):
    app = make_app(seed_report)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("right_square_bracket", "right_square_bracket", "t")
        await pilot.pause(0.3)
        await pilot.press("q")
    from tui.library import state

    remembered = state.load()
    assert remembered.script == "s2t" and remembered.node == seed_report.problems()[1].id
    again = make_app(seed_report, script=remembered.script)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert current(again) is seed_report.problems()[1]
        assert again.mode == "s2t"


def test_run_app_passes_no_mouse_and_reports_bad_files(monkeypatch, tmp_path, capsys):
    from textual.app import App

    from tui.app import run_app

    calls = {}

    def fake_run(self, **kwargs):
        calls.update(kwargs)
        return 0

    monkeypatch.setattr(App, "run", fake_run)
    assert run_app([], mouse=False) == 0
    assert calls["mouse"] is False
    missing = tmp_path / "missing.txt"
    assert run_app([str(missing)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert run_app([], script="zz") == 2


@async_test
async def test_several_reports_get_one_root_each(seed_report):
    import copy

    other = copy.deepcopy(seed_report)
    other.sha256, other.title = "f" * 64, "第二份通报"
    app = XunshiApp([seed_report, other], remember=False)
    async with app.run_test(size=(80, 24)) as pilot:
        roots = list(app.explorer.outline.top)
        assert len(roots) == 2 and roots[0].data.report is seed_report and roots[0].expanded
        assert not roots[1].expanded and "第二份通报" in roots[1].label.plain
        await pilot.press("G")  # onto the second report's item: it is loaded and shown
        assert app.explorer.outline.current.report is other and roots[1].children
        assert "第二份通报" in str(app.query_one("#header-title").render())
        await pilot.press("l", "j")
        assert app.explorer.outline.current.node is other.nodes[0]


def test_importing_the_app_loads_neither_whoosh_nor_opencc():
    import subprocess
    import sys

    code = (
        "import sys, tui.app.app, tui.app.screenshots; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('whoosh', 'opencc', 'pypinyin')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


#: What the explorer must not import before its first paint: slow libraries, and our own slow
#: parts that it does not need to draw the bundled report (imported on first use, in workers).
SLOW_BEFORE_FIRST_PAINT = (
    "whoosh", "opencc", "pypinyin", "trafilatura", "lxml", "docx", "tomllib",
    "tui.search", "tui.parse.outline", "tui.parse.html", "tui.analysis.status", "tui.analysis.scorecard",
    "tui.analysis.figures", "tui.app.screens.help", "tui.app.screens.views",
)  # fmt: skip
#: Run the real command line's explorer headless, up to the moment the work kept for after the
#: first paint would start (just after the first frame); print the modules imported by then.
_UP_TO_FIRST_PAINT = """
import json, sys
import tui.cli  # what `xunshi` imports first
from tui.app import run_app
from tui.app.app import XunshiApp
from tui.app.screens.explorer import ExplorerScreen
seen = []
def first_painted(screen):
    seen.append(sorted(sys.modules))
    screen.app.exit(0)
ExplorerScreen._start_background = first_painted
real_run = XunshiApp.run
XunshiApp.run = lambda app, **options: real_run(app, headless=True, size=(80, 24))
code = run_app([])
print(json.dumps({"code": code, "modules": seen[0] if seen else None}))
"""


def _imported_before_first_paint(home) -> set[str]:
    import json
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "XUNSHI_LANG"}  # the default interface, Chinese
    env["XUNSHI_HOME"] = str(home)
    run = subprocess.run([sys.executable, "-c", _UP_TO_FIRST_PAINT], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["code"] == 0 and result["modules"], result
    return set(result["modules"])


def _slow(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == name or m.startswith(name + ".") for name in names))


def test_nothing_slow_is_imported_before_the_first_paint(home):
    cold = _imported_before_first_paint(home)  # a first start: nothing cached, nothing remembered
    assert "tui.app.screens.explorer" in cold and "textual.app" in cold  # it did get to the screen
    assert _slow(cold, SLOW_BEFORE_FIRST_PAINT) == []
    # the first start reads the bundled report's data file (YAML) and keeps a JSON copy: after
    # that, not even PyYAML is imported before the report is on screen
    assert any(home.rglob("*.json")), "the first start left nothing in the cache"
    warm = _imported_before_first_paint(home)
    assert _slow(warm, (*SLOW_BEFORE_FIRST_PAINT, "yaml")) == []
