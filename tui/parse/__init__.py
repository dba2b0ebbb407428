"""The genre parser: bytes or text of a 巡视/巡察整改进展情况 report → `tui.model.Report`.

    decode(data)            bytes → text (UTF-8 ± BOM, UTF-16 with BOM, GB18030); refuses binary
    parse_text(text, origin) text → Report
    read_report(path)        file → Report, with origin and sha256 set

Every failure is a `ReportError` whose message is one line a user can read.
"""

from __future__ import annotations

from pathlib import Path

from tui.model import Report
from tui.parse.decode import MAX_BYTES, decode, decode_with_notes, read_bytes
from tui.parse.errors import ReportError

__all__ = ["MAX_BYTES", "ReportError", "decode", "parse_text", "read_report"]


def __getattr__(name: str):
    # The parser proper (its regexes take ~4 ms to compile) is imported when first used: the
    # explorer opens the bundled reports from a JSON cache and needs only ReportError at start.
    if name == "parse_text":
        from tui.parse.outline import parse_text

        return parse_text
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def read_report(path: str | Path) -> Report:
    """Read, decode and parse one report file."""
    source = read_bytes(path)
    try:
        text, notes = decode_with_notes(source.data)
    except ReportError as error:
        raise ReportError(f"{path}: {error}") from None
    if not text.strip():
        raise ReportError(f"{path}: the file holds only white space")
    from tui.parse.outline import parse_text

    report = parse_text(text, origin=source.name)
    report.sha256 = source.sha256
    report.warnings[:0] = notes
    return report
