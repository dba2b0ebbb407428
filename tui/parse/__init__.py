"""The genre parser: a 巡视/巡察整改进展情况 or 审计查出问题整改情况 report → `tui.model.Report`.

    decode(data)             bytes → text (UTF-8 ± BOM, UTF-16 with BOM, GB18030); refuses binary
    parse_text(text, origin) text → Report
    read_report(path)        a .txt, .html/.htm or .docx file → Report, with origin and sha256 set

Every failure is a `ReportError` whose message is one line a user can read.
"""

from __future__ import annotations

from pathlib import Path

from tui.model import Report
from tui.parse.decode import MAX_BYTES, decode, decode_with_notes, read_bytes
from tui.parse.docx import read_docx
from tui.parse.errors import ReportError
from tui.parse.html import read_html
from tui.parse.kinds import HTML_SUFFIXES, READABLE_SUFFIXES, WORD_SUFFIXES, refuse_other_kinds
from tui.parse.outline import parse_page, parse_text
from tui.parse.page import Page

__all__ = ["MAX_BYTES", "READABLE_SUFFIXES", "ReportError", "decode", "parse_text", "read_report"]


def read_report(path: str | Path) -> Report:
    """Read and parse one report file: .txt (or any text), .html/.htm, .docx."""
    source = read_bytes(path)
    suffix = Path(path).suffix.lower()
    refuse_other_kinds(path, source.data)
    try:
        if suffix in HTML_SUFFIXES:
            page = read_html(source.data)
        elif suffix in WORD_SUFFIXES:
            page = read_docx(source.data)
        else:
            text, notes = decode_with_notes(source.data)
            page = Page(text=text, notes=notes)
    except ReportError as error:
        raise ReportError(f"{path}: {error}") from None
    if not page.text.strip():
        raise ReportError(
            f"{path}: the file holds only white space"
            if suffix not in HTML_SUFFIXES + WORD_SUFFIXES
            else f"{path}: no text found in it"
        )
    report = parse_page(page, origin=source.name)
    report.sha256 = source.sha256
    return report
