"""The one error type the parser raises: a message a user can read, on one line."""

from __future__ import annotations

from tui.text.safe import escape_unsafe


class ReportError(ValueError):
    """A file cannot be read as a report. `str(error)` is one user-facing line, no traceback.

    File names and ids in the message are data too: terminal controls in them are shown as
    `\\uXXXX` escapes (readable, so the file can still be found), never sent raw."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(escape_unsafe(message).split()))
