"""The one error type the parser raises: a message a user can read, on one line."""

from __future__ import annotations


class ReportError(ValueError):
    """A file cannot be read as a report. `str(error)` is one user-facing line, no traceback."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))
