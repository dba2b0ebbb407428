"""A Word file (.docx) → the report's text: paragraphs and table rows in document order.

Reports attached as Word files mostly type their numbering (一、 （一） 1.); where Word's own
list numbering (numbering.xml) numbers a paragraph, the label is rendered as printed —
一、 （一） 1. (1) ① …, counted per list and level, restarting deeper levels — so the parser sees
what a reader sees. Table rows become one line each, cells separated by a tab. python-docx is
imported only when a Word file is opened.
"""

from __future__ import annotations

import io
import zipfile

from tui.parse.errors import ReportError
from tui.parse.page import Page
from tui.text.numerals import cn_number

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FULL_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
_STYLE_DEPTH = 5  # how far a paragraph style's basedOn chain is followed for its numbering


def read_docx(data: bytes) -> Page:
    import docx  # python-docx: imported only when a Word file is opened

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ReportError(f"not a Word .docx file ({error})") from None
    except Exception as error:  # python-docx raises its own exceptions for a damaged package
        raise ReportError(f"cannot read the Word file ({type(error).__name__}: {error})") from None
    numbering = _Numbering(document)
    lines = []
    for block in document.iter_inner_content():
        if isinstance(block, docx.table.Table):
            lines.extend(_table_lines(block))
        else:
            lines.append(numbering.label(block) + block.text)
    return Page(text="\n".join(lines))


def _table_lines(table) -> list[str]:
    lines = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            if not cells or text != cells[-1]:  # a merged cell is returned once per column it spans
                cells.append(text)
        lines.append("\t".join(cells))
    return lines


def _format(value: int, kind: str) -> str:
    if kind in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "chineseLegalSimplified"):
        return cn_number(value)
    if kind == "ideographDigital":
        return "".join("〇一二三四五六七八九"[int(digit)] for digit in str(value))
    if kind in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= value <= 20:
        return chr(0x245F + value)
    if kind == "decimalEnclosedParen" and 1 <= value <= 20:
        return chr(0x2473 + value)
    if kind == "decimalEnclosedFullstop" and 1 <= value <= 20:
        return chr(0x2487 + value)
    if kind in ("decimalFullWidth", "decimalFullWidth2"):
        return str(value).translate(_FULL_DIGITS)
    if kind == "decimalZero":
        return f"{value:02d}"
    if kind in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter if kind == "upperLetter" else letter.lower()
    if kind in ("upperRoman", "lowerRoman"):
        roman = _roman(value)
        return roman if kind == "upperRoman" else roman.lower()
    if kind == "none":
        return ""
    return str(value)


def _roman(value: int) -> str:
    out = ""
    for number, letters in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while value >= number:
            out, value = out + letters, value - number
    return out


def _val(element, name: str) -> str | None:
    child = element.find(_W + name) if element is not None else None
    return child.get(_W + "val") if child is not None else None


class _Numbering:
    """Word list numbering: (numId, level) → the label as printed, counted as paragraphs come."""

    def __init__(self, document) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId → level → (format, text, start)
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for definition in root.findall(_W + "abstractNum"):
            levels = {}
            for level in definition.findall(_W + "lvl"):
                start = _val(level, "start")
                levels[int(level.get(_W + "ilvl", "0"))] = (
                    _val(level, "numFmt") or "decimal",
                    _val(level, "lvlText") or "",
                    int(start) if start and start.isdigit() else 1,
                )
            abstract[definition.get(_W + "abstractNumId", "")] = levels
        for number in root.findall(_W + "num"):
            levels = dict(abstract.get(_val(number, "abstractNumId") or "", {}))
            for override in number.findall(_W + "lvlOverride"):
                level = int(override.get(_W + "ilvl", "0"))
                start = _val(override, "startOverride")
                if level in levels and start and start.isdigit():
                    kind, text, _ = levels[level]
                    levels[level] = (kind, text, int(start))
            self.levels[number.get(_W + "numId", "")] = levels

    def label(self, paragraph) -> str:
        if not self.levels:
            return ""
        found = self._number(paragraph)
        if found is None:
            return ""
        num_id, level = found
        levels = self.levels.get(num_id)
        if not levels or level not in levels:
            return ""
        counters = self.counters.setdefault(num_id, [levels[i][2] - 1 if i in levels else 0 for i in range(9)])
        counters[level] += 1
        for deeper in range(level + 1, 9):
            counters[deeper] = levels[deeper][2] - 1 if deeper in levels else 0
        kind, text, _ = levels[level]
        if kind == "bullet":
            return ""
        for shown in range(level + 1):
            shown_kind = levels[shown][0] if shown in levels else "decimal"
            text = text.replace(f"%{shown + 1}", _format(counters[shown], shown_kind))
        return text

    def _number(self, paragraph) -> tuple[str, int] | None:
        """(numId, level) from the paragraph's own properties, else from its style's."""
        found = _num_pr(paragraph.paragraph_format.element)
        style = paragraph.style
        depth = 0
        while found is None and style is not None and depth < _STYLE_DEPTH:
            found = _num_pr(style.element)
            style, depth = style.base_style, depth + 1
        if found is None or found[0] in ("", "0"):
            return None
        return found


def _num_pr(element) -> tuple[str, int] | None:
    properties = element.find(_W + "pPr") if element is not None else None
    numbering = properties.find(_W + "numPr") if properties is not None else None
    if numbering is None:
        return None
    level = _val(numbering, "ilvl")
    return _val(numbering, "numId") or "", int(level) if level and level.isdigit() else 0
