"""The reader's own keys: every binding has an id, a keymap file changes the keys in force, and
help and the key bar show the keys in force; a bad file gets one message and the defaults."""

from __future__ import annotations

import pytest
from pilot import async_test

from tui.app import XunshiApp
from tui.app.keymap import Keymap
from tui.app.screens.help import binding_ids, sections

pytestmark = pytest.mark.usefixtures("home")


def test_every_binding_has_a_unique_id():
    from textual.binding import Binding

    seen: dict[str, str] = {}
    for where, bindings in sections(XunshiApp.BINDINGS):
        for binding in bindings:
            assert isinstance(binding, Binding) and binding.id, (where, binding)
            assert seen.setdefault(binding.id, binding.action) == binding.action, binding.id
    assert "explorer.search" in binding_ids(XunshiApp.BINDINGS)


def test_a_keymap_file_is_read_and_checked(tmp_path):
    good = tmp_path / "keymap.toml"
    good.write_text('"explorer.search" = "ctrl+f,slash"\n', "utf-8")
    keymap = Keymap.load(good).check(binding_ids(XunshiApp.BINDINGS))
    assert keymap.bindings == {"explorer.search": "ctrl+f,slash"} and keymap.error is None
    assert Keymap.load(tmp_path / "none.toml") == Keymap(path=tmp_path / "none.toml")  # no file: no message
    for text, why in [
        ('"explorer.search" = ', "Invalid value"),
        ('"explorer.search" = 3\n', "is not"),
        ('"explorer.search" = "ctrl f"\n', "is not"),
        ('"nowhere.at-all" = "x"\n', "no binding has the id 'nowhere.at-all'"),
    ]:
        good.write_text(text, "utf-8")
        keymap = Keymap.load(good).check(binding_ids(XunshiApp.BINDINGS))
        assert keymap.bindings == {} and why in keymap.error and "\n" not in keymap.error, text


@async_test
async def test_remapped_keys_work_and_help_and_the_key_bar_show_them(seed_report):
    keymap = Keymap(bindings={"explorer.search": "ctrl+f", "app.quit": "x"})
    app = XunshiApp([seed_report], remember=False, keymap=keymap)
    async with app.run_test(size=(80, 24)) as pilot:
        bar = app.explorer.query_one("KeyBar")
        assert "x Quit" in str(bar.render()) and "q Quit" not in str(bar.render())
        await pilot.press("slash")  # no longer search
        assert app.focused is app.explorer.outline
        await pilot.press("ctrl+f")
        assert app.focused is app.query_one("#search-input")
        rows = {(row.where, row.description): row.keys for row in app.key_rows()}
        assert rows["Explorer", "Search"] == "Ctrl+F" and rows["Everywhere", "Quit"] == "x"
        await pilot.press("escape", "x")
    assert app.return_code == 0


@async_test
async def test_a_bad_keymap_says_so_once_and_keeps_the_defaults(seed_report, tmp_path):
    bad = tmp_path / "keymap.toml"
    bad.write_text('"explorer.serch" = "ctrl+f"\n', "utf-8")
    app = XunshiApp([seed_report], remember=False, keymap=Keymap.load(bad))
    async with app.run_test(size=(80, 24)) as pilot:
        messages = [notification.message for notification in app._notifications]
        assert len(messages) == 1 and "explorer.serch" in messages[0] and str(bad) in messages[0]
        await pilot.press("slash")
        assert app.focused is app.query_one("#search-input")
