"""What the explorer remembers: atomic JSON files in the config and state dirs, corrupt ones ignored."""

from __future__ import annotations

import pytest

from tui.library import paths, state

pytestmark = pytest.mark.usefixtures("home")  # a fresh XUNSHI_HOME for every test here


def test_nothing_remembered_and_nothing_created_before_a_save(home):
    assert state.load() == state.Remembered()
    assert not home.exists()


def test_script_and_position_round_trip_into_their_own_dirs():
    state.save_script("s2hk")
    state.save_position("abc123", "2.1.1.9")
    assert state.load() == state.Remembered(script="s2hk", report="abc123", node="2.1.1.9")
    assert (paths.config_dir() / state.CONFIG_FILE).is_file()
    assert (paths.state_dir() / state.STATE_FILE).is_file()
    assert not [p for p in paths.state_dir().iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize(
    "content",
    [b"", b"{not json", b"[1, 2]", b"\xff\xfe\x00garbage", b'{"script": 7, "node": []}', b'{"script": "s2twp"}'],
)
def test_corrupt_or_foreign_files_mean_nothing_remembered(content):
    for path in (paths.config_dir() / state.CONFIG_FILE, paths.state_dir() / state.STATE_FILE):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    assert state.load() == state.Remembered()
    state.save_script("s2t")  # and a save replaces the bad file
    assert state.load().script == "s2t"


def test_an_unwritable_home_is_not_an_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("XUNSHI_HOME", str(blocker))  # config dir would be under a file
    state.save_script("s2t")
    state.save_position("k", None)
    assert state.load() == state.Remembered()
