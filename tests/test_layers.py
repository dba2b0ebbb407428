"""The core knows nothing of Textual: every module outside tui/app imports without it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

TUI = Path(__file__).resolve().parent.parent / "tui"


def core_modules() -> list[str]:
    names = []
    for path in sorted(TUI.rglob("*.py")):
        relative = path.relative_to(TUI.parent).with_suffix("")
        parts = list(relative.parts)
        if parts[1:2] == ["app"] or parts[-1] == "__main__":
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names.append(".".join(parts))
    return names


def test_core_modules_import_no_textual():
    modules = core_modules()
    assert "tui.model" in modules and "tui.search.engine" in modules and "tui.parse" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_importing_the_app_package_loads_no_textual_until_it_runs():
    code = "import sys, tui.app; print('textual' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
