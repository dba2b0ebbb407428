"""Build the .docx test documents from their source text in docx-src/.

Run with a Python that has python-docx (not a project dependency):
    python3 -m venv /tmp/docvenv && /tmp/docvenv/bin/pip install python-docx
    /tmp/docvenv/bin/python tests/documents/make_docx.py

Source format, one paragraph per line (numbering is typed text, as in real attachments):
    @c TEXT   centred paragraph (titles, meeting line, speaker) in the title font
    @b TEXT   bold paragraph in 黑体 (section headings)
    @r TEXT   right-aligned paragraph (signature, date)
    @t A|B|C  a table row; consecutive @t lines form one table, the first row is the header
    TEXT      a body paragraph, first-line indent two characters, 仿宋_GB2312
The output is deterministic (fixed core properties), so a rebuild gives the same text.
"""

from __future__ import annotations

import datetime
import pathlib
import sys

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

HERE = pathlib.Path(__file__).resolve().parent
SRC = HERE / "docx-src"
BODY_FONT, TITLE_FONT, HEAD_FONT = "仿宋_GB2312", "方正小标宋简体", "黑体"


def set_font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def add_paragraph(doc, text: str, kind: str) -> None:
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing = Pt(28)
    if kind == "c":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        is_title = not text.startswith(("——", "—")) and "局长" not in text and "厅长" not in text
        set_font(p.add_run(text), TITLE_FONT if is_title else BODY_FONT, 22 if is_title else 16)
    elif kind == "r":
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        set_font(p.add_run(text), BODY_FONT, 16)
    elif kind == "b":
        fmt.first_line_indent = Pt(32)
        set_font(p.add_run(text), HEAD_FONT, 16)
    else:
        fmt.first_line_indent = Pt(32)
        set_font(p.add_run(text), BODY_FONT, 16)


def add_table(doc, rows: list[list[str]]) -> None:
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, cells in enumerate(rows):
        for c, value in enumerate(cells):
            cell = table.cell(r, c)
            cell.text = ""
            set_font(cell.paragraphs[0].add_run(value), BODY_FONT, 12, bold=(r == 0))


def build(src: pathlib.Path) -> pathlib.Path:
    doc = Document()
    section = doc.sections[0]
    section.top_margin, section.bottom_margin = Pt(104), Pt(99)
    section.left_margin, section.right_margin = Pt(79), Pt(74)
    props = doc.core_properties
    props.author, props.title = "", ""
    props.created = props.modified = datetime.datetime(2024, 1, 1)
    rows: list[list[str]] = []
    for line in src.read_text(encoding="utf-8").splitlines():
        if line.startswith("@t "):
            rows.append(line[3:].split("|"))
            continue
        if rows:
            add_table(doc, rows)
            rows = []
        if not line.strip():
            continue
        if line[:3] in ("@c ", "@b ", "@r "):
            add_paragraph(doc, line[3:], line[1])
        else:
            add_paragraph(doc, line, "p")
    if rows:
        add_table(doc, rows)
    out = HERE / (src.stem + ".docx")
    doc.save(out)
    return out


def main(names: list[str]) -> None:
    sources = [SRC / f"{n}.txt" for n in names] if names else sorted(SRC.glob("*.txt"))
    for src in sources:
        print(build(src).name)


if __name__ == "__main__":
    main(sys.argv[1:])
