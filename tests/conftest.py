"""Shared fixtures: the bundled seed report, as a path and parsed once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["hostile.tmux"]  # the `tmux` fixture: the real program in a real terminal

SEED = Path(__file__).resolve().parent.parent / "seeds" / "xiamen-2022-02-22.txt"


@pytest.fixture
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_report():
    from tui.parse import read_report

    return read_report(SEED)


@pytest.fixture
def parses(monkeypatch):
    """The report files the catalog parses (its read_report, counted by file name)."""
    import tui.library.reading as reading_module

    seen: list[str] = []
    real = reading_module.read_report

    def counting(path):
        seen.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(reading_module, "read_report", counting)
    return seen


@pytest.fixture(scope="session")
def shared_home(tmp_path_factory) -> Path:
    """A home for config, state and cache shared by the tests that do not ask for their own."""
    return tmp_path_factory.mktemp("shared-home")


@pytest.fixture(autouse=True)
def _never_the_real_home(shared_home, monkeypatch):
    """No test reads or writes the user's own config, state or cache (XUNSHI_HOME); tests speak
    English (XUNSHI_LANG=en) unless they ask for `chinese` — the interface's Chinese is tested
    on its own (test_i18n.py, the snapshots, the tmux tests that read Chinese)."""
    from tui import i18n

    monkeypatch.setenv("XUNSHI_HOME", str(shared_home))
    monkeypatch.setenv("XUNSHI_LANG", "en")
    i18n.set_language("en", "s")


@pytest.fixture
def chinese(monkeypatch):
    """The interface in Chinese, as users get it by default."""
    from tui import i18n

    monkeypatch.setenv("XUNSHI_LANG", "zh")
    i18n.set_language("zh", "s")
    yield
    i18n.set_language("en", "s")


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """A fresh, empty home (XUNSHI_HOME) of this test's own."""
    path = tmp_path / "home"
    monkeypatch.setenv("XUNSHI_HOME", str(path))
    return path
