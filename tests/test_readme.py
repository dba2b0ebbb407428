"""The README is part of the product: its two quick-start commands and CI must agree."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def quick_start_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL).group(1)
    return [line.split("#", 1)[0].strip() for line in block.splitlines() if line.strip()]


def test_quick_start_has_exactly_two_commands():
    commands = quick_start_commands()
    assert len(commands) == 2
    assert commands[0].endswith("xunshi")
    assert commands[1].endswith("pytest")


def test_ci_runs_the_readme_test_command_as_written():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = quick_start_commands()[1]
    assert any(line.strip() == test_command for line in ci.splitlines())


def test_top_level_is_as_the_user_asked():
    allowed = {"pyproject.toml", "README.md", "LICENSE", "seeds", "tui", "data", "tests", "screenshots", "benchmarks"}
    tracked = {p.name for p in ROOT.iterdir() if not p.name.startswith(".")}
    generated = {"uv.lock", "build", "dist", "snapshot_report.html"}  # gitignored artefacts
    tracked = {name for name in tracked if not name.endswith(".egg-info")}
    assert tracked - generated <= allowed, tracked - generated - allowed


def test_seed_is_the_unmodified_source():
    shared = ROOT.parent / "shared" / "seeds" / "xiamen-2022-02-22.txt"
    ours = ROOT / "seeds" / "xiamen-2022-02-22.txt"
    assert ours.read_bytes()[:3] != b"\xef\xbb\xbf"
    if shared.exists():  # the pristine copy sits beside the checkout on our machines and in CI
        assert ours.read_bytes() == shared.read_bytes()


KEYS_START, KEYS_END = "<!-- keys:start -->", "<!-- keys:end -->"


def test_readme_keys_table_is_the_one_the_bindings_make(seed_report, chinese):
    """The README's key table is generated from BINDINGS; regenerate it when they change:
    XUNSHI_UPDATE_README=1 python -m pytest tests/test_readme.py"""
    import os

    from tui.app import XunshiApp
    from tui.app.screens.help import rows_markdown

    table = rows_markdown(XunshiApp([seed_report], remember=False).key_rows())
    path = ROOT / "README.md"
    readme = path.read_text(encoding="utf-8")
    before, rest = readme.split(KEYS_START, 1)
    current, after = rest.split(KEYS_END, 1)
    if os.environ.get("XUNSHI_UPDATE_README") == "1":
        path.write_text(f"{before}{KEYS_START}\n{table}\n{KEYS_END}{after}", encoding="utf-8")
        current = f"\n{table}\n"
    assert current.strip() == table
