"""The genre parser: a 巡视/巡察整改进展情况 or 审计查出问题整改情况 report → `tui.model.Report`.

    decode(data)             bytes → text (UTF-8 ± BOM, UTF-16 with BOM, GB18030); refuses binary
    parse_text(text, origin) text → Report
    read_report(path)        a .txt, .html/.htm or .docx file → Report, with origin and sha256 set

Every failure is a `ReportError` whose message is one line a user can read.

The parser itself (its readers and some 200 regular expressions: about 45 ms to import) is
imported when `read_report`, `parse_text` or `parse_page` is first asked for, so that what only
needs `ReportError` or the limits — the explorer opening the bundled reports from their data —
does not pay for it before its first paint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.parse.decode import MAX_BYTES, decode
from tui.parse.errors import ReportError
from tui.parse.kinds import READABLE_SUFFIXES

if TYPE_CHECKING:
    from tui.parse.outline import parse_page, parse_text
    from tui.parse.reader import read_report

__all__ = ["MAX_BYTES", "READABLE_SUFFIXES", "ReportError", "decode", "parse_page", "parse_text", "read_report"]


def __getattr__(name: str):
    if name not in ("read_report", "parse_text", "parse_page"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from tui.parse import outline, reader  # the parser (~45 ms): on first use, never before a first paint

    globals().update(read_report=reader.read_report, parse_text=outline.parse_text, parse_page=outline.parse_page)
    return globals()[name]
