"""Keys typed ahead are never lost (tui/app/keygate.py): at start-up, before the results of an
Enter are in, and while a view opens. Each sequence is typed with no pause — in the real program
in tmux, and in the pilot posting every key before any is handled — and the test asserts where
the reader ends: the node shown, the script, the query."""

from __future__ import annotations

import pytest
from pilot import async_test, wait_until
from textual import events

from tui.app import XunshiApp

QUERY, HIT = "jinzhuan", "2.1.1.9"  # pinyin for 金砖; its first hit is problem (9)


def post_keys(app, *keys: str) -> None:
    """Every key into the app's queue at once, none handled before the next is typed."""
    for key in keys:
        character = key if len(key) == 1 else ("\r" if key == "enter" else None)
        app.post_message(events.Key(key, character))


class TypedAtStart(XunshiApp):
    """The keys arrive before the explorer has mounted (typed as the program starts)."""

    def __init__(self, keys, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.early_keys = keys

    def on_load(self) -> None:
        post_keys(self, *self.early_keys)


SEARCH_AND_SWITCH = ("slash", *QUERY, "enter", "t")


@async_test
async def test_pilot_keys_typed_at_start_up_act_in_order(seed_report):
    app = TypedAtStart(SEARCH_AND_SWITCH, [seed_report], remember=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.mode == "s2t", what="the script switched by the last key")
        assert app.explorer.detail.entry.node.id == HIT and app.explorer.outline.current.node.id == HIT
        assert app.query_one("#search-input").value == QUERY and app.focused is app.explorer.outline


@async_test
async def test_pilot_enter_before_the_results_searches_then_the_next_key_goes_to_the_tree(seed_report):
    app = XunshiApp([seed_report], remember=False)
    async with app.run_test(size=(80, 24)) as pilot:
        post_keys(app, *SEARCH_AND_SWITCH)
        await wait_until(pilot, lambda: app.mode == "s2t", what="the script switched by the last key")
        assert app.query_one("#search-input").value == QUERY  # not "jinzhuant"
        assert app.explorer.detail.entry.node.id == HIT and app.focused is app.explorer.outline


@async_test
async def test_pilot_keys_typed_while_a_view_opens_go_to_the_view(seed_report):
    app = XunshiApp([seed_report], remember=False)
    async with app.run_test(size=(80, 24)) as pilot:
        before = app.explorer.outline.cursor
        post_keys(app, "f", "s", "S", "j", "j")  # by value, largest first, the third row
        await wait_until(
            pilot,
            lambda: getattr(app.screen, "rows", None) and app.screen.table.cursor == 2,
            what="the figures view sorted, its cursor two rows down",
        )
        assert app.screen.state.sort == 1 and app.screen.state.reverse
        assert app.explorer.outline.cursor == before  # the tree did not move under the view
        post_keys(app, "escape", "question_mark", "j", "escape", "j")
        await wait_until(
            pilot,
            lambda: app.explorer.outline.cursor == before + 1 and app.screen is app.explorer,
            what="help opened and closed, then the tree moved once",
        )


@pytest.mark.parametrize("when", ["at start-up", "into a ready explorer"])
def test_tmux_search_enter_and_switch_typed_at_once(tmux, when):
    tmux.start([], size=(80, 24))
    if when == "into a ready explorer":
        tmux.wait_for("坚决扛起", "q Quit")
    tmux.keys("/", QUERY, "Enter", "t")
    screen = tmux.wait_for("繁體", "hit 1/")
    lines = screen.splitlines()
    assert any("(9)打造“金磚國家" in line for line in lines[1:4]), screen  # the pane on problem (9)
    assert "jinzhuant" not in screen
    tmux.keys("q")
    assert tmux.wait_exit() == 0


def test_tmux_keys_typed_while_the_figures_view_opens(tmux):
    tmux.start([], size=(80, 24))
    tmux.wait_for("坚决扛起", "q Quit")
    tmux.keys("f", "s", "S")
    screen = tmux.wait_for("Figures · ", "sort: value ↓")
    assert "2.86万亿元" in screen.splitlines()[3]  # the largest amount first
    tmux.keys("Escape")
    tmux.wait_for("c Cited")  # back in the explorer (its key bar)
    tmux.keys("q")
    assert tmux.wait_exit() == 0
