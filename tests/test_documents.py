"""The test corpus (tests/documents): every document read as the app reads it (`read_any`), its
header and outline exactly as its `*.expect.yaml` states, and every character of the text the
reader extracted landing in the model exactly once.

Furniture is compared as the characters set aside, in order: a line of several pieces
(`【关闭】 【打印】`) may be one leftover or one per piece.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tui.cli.check import outline_text
from tui.library.reading import read_any
from tui.parse import decode
from tui.parse.docx import read_docx
from tui.parse.html import read_html

DOCUMENTS = Path(__file__).resolve().parent / "documents"
EXPECTATIONS = sorted(DOCUMENTS.glob("*.expect.yaml"))


def squeeze(text: str) -> str:
    return re.sub(r"\s", "", text)


def document(expect: Path) -> Path:
    return DOCUMENTS / expect.name.removesuffix(".expect.yaml")


def extracted(path: Path) -> str:
    """The text the reader made of the file: what fidelity is measured against."""
    data = path.read_bytes()
    if path.suffix == ".html":
        page = read_html(data)
        return "\n".join([*page.before, page.text, *page.after])
    if path.suffix == ".docx":
        return read_docx(data).text
    return decode(data)


@pytest.fixture(params=EXPECTATIONS, ids=lambda path: path.name.removesuffix(".expect.yaml"))
def case(request):
    expect = yaml.safe_load(request.param.read_text("utf-8"))
    return document(request.param), expect, read_any(document(request.param))


def test_the_corpus_is_there():
    assert len(EXPECTATIONS) == 35
    assert {document(e).suffix for e in EXPECTATIONS} == {".txt", ".html", ".docx"}


def test_header(case):
    _, expect, report = case
    got = {
        "title": report.title,
        "title_from": report.title_from,
        "source": report.source,
        "published": report.published,
        "delivered": report.delivered,
        "metadata": report.metadata,
    }
    assert got == {
        "title": expect["title"],
        "title_from": expect["title_from"],
        "source": expect["source"] or "",
        "published": str(expect["published"] or ""),
        "delivered": expect.get("delivered") or "",
        "metadata": {str(k): str(v) for k, v in (expect.get("metadata") or {}).items()},
    }


def test_furniture(case):
    _, expect, report = case
    assert squeeze("".join(report.leftovers)) == squeeze("".join(expect.get("furniture") or []))


def test_outline(case):
    _, expect, report = case
    assert outline_text(report) == expect["outline"].rstrip("\n")


def test_every_character_lands_once(case):
    """Fidelity: the extracted text, leftovers cut where they stand (in order), is the walk."""
    path, _, report = case
    source = squeeze(extracted(path)).removeprefix("\ufeff")
    position = 0
    for leftover in map(squeeze, report.leftovers):
        position = source.index(leftover, position)
        source = source[:position] + source[position + len(leftover) :]
    assert squeeze("".join(report.walk_text())) == source
