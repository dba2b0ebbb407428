"""The Textual explorer. Importing this package does not import Textual; `run_app` does."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .app import XunshiApp

__all__ = ["run_app", "XunshiApp"]


def __getattr__(name: str):
    if name == "XunshiApp":
        from .app import XunshiApp

        return XunshiApp
    raise AttributeError(name)


def run_app(files: list[str], script: str | None = None, mouse: bool = True) -> int:
    """Load `files` (none: the bundled reports) and run the explorer; returns the exit code."""
    from tui.parse import ReportError
    from tui.script import check_mode
    from tui.store import load_reports

    from . import state

    try:
        reports = load_reports(list(files))
        mode = check_mode(script) if script else None
    except (ReportError, ValueError) as error:
        print(f"xunshi: {error}", file=sys.stderr)
        return 2
    if not reports:
        print("xunshi: no reports to show", file=sys.stderr)
        return 2
    mode = mode or state.load().script or "s"
    from .app import XunshiApp

    app = XunshiApp(reports, script=mode)
    result = app.run(mouse=mouse)
    return result if isinstance(result, int) else (app.return_code or 0)
