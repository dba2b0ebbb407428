"""Shared fixtures: the bundled seed report, as a path and parsed once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

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
