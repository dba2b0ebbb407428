"""Which files xunshi reads, and one clear line for the ones it does not.

A report comes as text (.txt, or any file that is text), as a web page saved from the browser
(.html/.htm) or as a Word file (.docx). A legacy Word file (.doc, .wps), a PDF or a scan is
refused by its name or its first bytes with what to do instead, never with a traceback.
"""

from __future__ import annotations

from pathlib import Path

from tui.parse.errors import ReportError

TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")
WORD_SUFFIXES = (".docx",)
#: What a directory expands to.
READABLE_SUFFIXES = (".txt", ".html", ".htm", ".docx")
WHAT_XUNSHI_READS = "xunshi reads .txt, .html/.htm and .docx reports"

_BY_SUFFIX = {
    ".doc": ("an old Word (.doc) file", "open it in Word or LibreOffice and save it as .docx"),
    ".wps": ("a WPS document", "save it as .docx"),
    ".rtf": ("an RTF document", "save it as .docx or .txt"),
    ".pdf": ("a PDF file", "copy its text into a .txt file, or save it as .docx"),
    ".odt": ("an OpenDocument file", "save it as .docx"),
    ".xls": ("a spreadsheet", "copy the report's text into a .txt file"),
    ".xlsx": ("a spreadsheet", "copy the report's text into a .txt file"),
    ".ppt": ("a presentation", "copy the report's text into a .txt file"),
    ".pptx": ("a presentation", "copy the report's text into a .txt file"),
    ".mht": ("a web archive (.mht)", 'save the page as .html ("web page, HTML only")'),
    ".mhtml": ("a web archive (.mhtml)", 'save the page as .html ("web page, HTML only")'),
}
_IMAGE = ("an image", "a scan cannot be read: find the report's text (web page, .docx) instead")
for _suffix in (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp"):
    _BY_SUFFIX[_suffix] = _IMAGE

_BY_MAGIC = (
    (b"%PDF", _BY_SUFFIX[".pdf"]),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ("an old Office file (.doc, .wps, .xls)", "save it as .docx")),
    (b"\x89PNG", _IMAGE),
    (b"\xff\xd8\xff", _IMAGE),
    (b"GIF8", _IMAGE),
    (b"{\\rtf", _BY_SUFFIX[".rtf"]),
)


def refuse_other_kinds(path: str | Path, data: bytes) -> None:
    """Raise a one-line ReportError for a file xunshi cannot read, saying what to do."""
    suffix = Path(path).suffix.lower()
    found = _BY_SUFFIX.get(suffix)
    if found is None and suffix not in WORD_SUFFIXES:
        found = next((kind for magic, kind in _BY_MAGIC if data.startswith(magic)), None)
        if found is None and data.startswith(b"PK\x03\x04"):
            found = ("a zip archive (a .docx named otherwise?)", "rename a Word file to .docx, or unpack the archive")
    if found is not None:
        what, todo = found
        raise ReportError(f"{path}: this is {what}, a binary file, not a text report: {WHAT_XUNSHI_READS}; {todo}")
