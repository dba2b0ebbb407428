"""Reading one report file of any kind the parser knows into a `Report` (see `tui.parse`)."""

from __future__ import annotations

from pathlib import Path

from tui.model import Report
from tui.parse.decode import decode_with_notes, read_bytes
from tui.parse.docx import read_docx
from tui.parse.errors import ReportError
from tui.parse.html import read_html
from tui.parse.kinds import HTML_SUFFIXES, WORD_SUFFIXES, refuse_other_kinds
from tui.parse.outline import parse_page
from tui.parse.page import Page


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
