"""The Textual explorer. Importing this package does not import Textual; `run_app` does."""

from __future__ import annotations

import os
import signal
import sys
import threading
from typing import TYPE_CHECKING

from tui.library import open_library, state
from tui.parse import ReportError
from tui.text.script import check_mode

from .keymap import Keymap

if TYPE_CHECKING:
    from .app import XunshiApp

__all__ = ["XunshiApp", "run_app"]


def __getattr__(name: str):
    if name == "XunshiApp":
        from .app import XunshiApp  # Textual: imported on first use, not with this package

        return XunshiApp
    raise AttributeError(name)


def run_app(files: list[str], script: str | None = None, mouse: bool = True, lang: str | None = None) -> int:
    """Open `files` (none: the bundled reports) and run the explorer; returns the exit code."""
    try:
        reports = open_library(list(files))  # the bundled reports are listed, loaded when opened
        mode = check_mode(script) if script else None
    except (ReportError, ValueError) as error:
        print(f"xunshi: {error}", file=sys.stderr)
        return 2
    if not reports:
        print("xunshi: no reports to show", file=sys.stderr)
        return 2
    mode = mode or state.load().script or "s"
    from .app import XunshiApp  # Textual: imported only when there is a terminal to draw on

    app = XunshiApp(reports, script=mode, keymap=Keymap.load(), lang=lang)
    _quit_on_signals(app)
    result = app.run(mouse=mouse)
    return result if isinstance(result, int) else (app.return_code or 0)


def _quit_on_signals(app) -> None:
    """SIGHUP (a dropped SSH link) or SIGTERM (`kill PID`): save the place, restore the terminal
    and leave as `q` does, instead of dying with the terminal still in the app's modes.

    The handler runs on the app's own thread, so it hands the quit to the event loop from a
    helper thread (`call_from_thread`); before the loop runs, or after it stopped, the process
    ends at once with the usual 128 + signal status.
    """

    def quit_from_thread(number: int) -> None:
        try:
            app.call_from_thread(app.action_quit)
        except Exception:  # not running (yet, or any more): nothing to save or restore
            os._exit(128 + number)

    for name in ("SIGHUP", "SIGTERM"):
        if hasattr(signal, name):
            try:
                signal.signal(
                    getattr(signal, name),
                    lambda number, frame: threading.Thread(
                        target=quit_from_thread, args=(number,), daemon=True
                    ).start(),
                )
            except ValueError:  # not the main thread (embedded): leave the defaults
                return
