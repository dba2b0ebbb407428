"""Chinese line breaking (tui.text.linebreak): the clreq prohibition rules, unbreakable numbers,
push and hang, fidelity (every character in exactly one line) and cell widths that agree with Rich.

The checker below uses its own literal mark sets (from the brief and GB/T 15834), not the
module's, so a rule dropped from the module shows up here.
"""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from tui.text.linebreak import break_lines, cell_width

try:
    from tui.text.script import convert
except ImportError:  # before the tui/ restructuring
    from tui.script import convert

BAD_START = set("，。、；：！？）」』》〉】〕〗”’…,.;:!?)]}%‰℃々ー")
BAD_END = set("（「『《〈【〔〖“‘([{")
#: Units the checker keeps with their number: a number, then magnitudes, then one measure word.
NUMBER = re.compile(
    r"\d+(?:[.,\-–]\d+)*(?:[%‰]|[万亿萬億]*[个個年月日元条條处處家项項周栋棟人次名份起笔筆期户戶套号號])?"
)
WORD = re.compile(r"[A-Za-z0-9]+|——|……")
SCRIPTS = ("s", "s2t", "s2tw", "s2hk")


def slices(text: str, lines: list[tuple[int, int]]) -> list[str]:
    return [text[a:b] for a, b in lines]


def soft_breaks(text: str, lines: list[tuple[int, int]]) -> list[int]:
    """Offsets where a line ends inside a paragraph (not at a newline)."""
    return [a for (_, end), (a, _) in itertools.pairwise(lines) if a == end]


def check_fidelity(text: str, lines: list[tuple[int, int]]) -> None:
    assert lines and lines[0][0] == 0 and lines[-1][1] == len(text)
    for (a, b), (c, _) in itertools.pairwise(lines):
        assert a <= b
        assert c == b or (c == b + 1 and text[b] == "\n"), (a, b, c)
    assert all("\n" not in piece for piece in slices(text, lines))
    rebuilt = "".join(
        text[a:b] + ("\n" if b < len(text) and text[b] == "\n" and (a, b) != lines[-1] else "") for a, b in lines
    )
    assert rebuilt == text


def violations(text: str, lines: list[tuple[int, int]], width: int, hang: int = 0) -> list[str]:
    found = []
    breaks = soft_breaks(text, lines)
    inside = set()
    for pattern in (NUMBER, WORD):
        for match in pattern.finditer(text):
            inside.update(range(match.start() + 1, match.end()))
    for b in breaks:
        if text[b] in BAD_START:
            found.append(f"starts with {text[b]!r}: {text[b - 8 : b]}|{text[b : b + 8]}")
        if text[b - 1] in BAD_END:
            found.append(f"ends with {text[b - 1]!r}: {text[b - 8 : b]}|{text[b : b + 8]}")
        if b in inside:
            found.append(f"splits a unit: {text[b - 8 : b]}|{text[b : b + 8]}")
    for a, b in lines:
        if cell_len(text[a:b]) > width + hang:
            found.append(f"too wide: {text[a:b]}")
    return found


def naive_fold(text: str, width: int) -> list[str]:
    """What folding at any cell gives (the old behaviour), for showing a case is a real one."""
    lines, line, used = [], "", 0
    for char in text:
        if used + cell_width(char) > width and line:
            lines.append(line)
            line, used = "", 0
        line += char
        used += cell_width(char)
    return [*lines, line]


def wrap(text: str, width: int, hang: int = 0) -> list[str]:
    lines = break_lines(text, width, hang)
    check_fidelity(text, lines)
    return slices(text, lines)


# --- cell widths -------------------------------------------------------------------------------


def report_texts(report) -> list[str]:
    return ["\n".join(report.intro), report.page_text(), *(node.plain_text() for node in report.walk())]


def test_cell_width_agrees_with_rich_on_the_report(seed_report):
    chars = {char for mode in SCRIPTS for text in report_texts(seed_report) for char in convert(text, mode)}
    chars.discard("\n")
    assert len(chars) > 500
    assert {char: cell_width(char) for char in chars} == {char: cell_len(char) for char in chars}


@pytest.mark.parametrize(
    "char,cells",
    [
        ("中", 2),
        ("，", 2),
        ("。", 2),
        ("《", 2),
        ("Ａ", 2),
        ("A", 1),
        ("1", 1),
        (" ", 1),
        ("“", 1),
        ("”", 1),
        ("…", 1),
        ("·", 1),
        ("①", 1),
        ("—", 1),
        ("é", 1),
        ("\u0301", 0),
        ("\u200b", 0),
        ("\t", 0),
        ("\x1b", 0),
        ("😀", 2),
    ],
)
def test_cell_width(char, cells):
    assert cell_width(char) == cells == cell_len(char)


# --- the rules -----------------------------------------------------------------------------------


@pytest.mark.parametrize("mark", sorted(BAD_START))
def test_no_line_starts_with_a_closing_mark(mark):
    text = "甲乙丙丁" + mark + "戊己"
    assert naive_fold(text, 8)[1].startswith(mark)  # folding would start a line with it
    lines = wrap(text, 8)
    assert not any(line.startswith(mark) for line in lines[1:])
    assert lines[0] == "甲乙丙"  # pushed: 丁 goes down with the mark


@pytest.mark.parametrize("mark", sorted(BAD_END))
def test_no_line_ends_with_an_opening_mark(mark):
    text = "甲乙丙" + mark + "丁戊己"
    width = 6 + cell_width(mark)
    assert naive_fold(text, width)[0].endswith(mark)
    lines = wrap(text, width)
    assert lines[0] == "甲乙丙" and lines[1].startswith(mark)


@pytest.mark.parametrize(
    "text,width,unit",
    [
        ("甲乙丙121个项目", 8, "121个"),  # 12|1个
        ("甲乙丙丁99.7%", 11, "99.7%"),  # 99.|7%
        ("甲乙丙丁42.6%", 12, "42.6%"),  # 42.6|%
        ("甲乙丙202" + "1年全年", 9, "2021年"),  # 202|1年
        ("规划甲乙丙丁x(2020-2035年)》编制", 15, "(2020-2035年)》"),  # (2|020-2035年)
        ("甲乙丙2.86万亿元", 12, "2.86万亿元"),
        ("甲乙丙丁7033.89亿元", 12, "7033.89亿元"),
        ("甲乙丙丁8.1%,", 10, "8.1%,"),
        ("甲乙丙丁RCEP、金砖", 10, "RCEP、"),
        ("甲乙丙丁1,234.5万元", 12, "1,234.5万元"),
        ("甲乙丙丁2020—2035年", 14, "2020—2035年"),
        ("甲乙丙丁戊——己庚", 11, "——"),
        ("甲乙丙丁戊……己庚", 11, "……"),
    ],
)
def test_units_are_never_split(text, width, unit):
    assert not any(unit in line for line in naive_fold(text, width))  # folding splits it
    lines = wrap(text, width)
    assert any(unit in line for line in lines), lines
    assert all(cell_len(line) <= width for line in lines)


def test_traditional_units_stay_with_their_number():
    text = convert("甲乙丙121个项目,1.4万余名干部", "s2t")
    assert "121個" in wrap(text, 8)[1]


def test_push_leaves_a_line_a_little_short():
    lines = wrap("一二三四五六七八九十。一二三四五六七八九十。", 20)
    assert lines == ["一二三四五六七八九", "十。一二三四五六七八", "九十。"]


def test_hang_lets_a_one_cell_mark_into_the_margin():
    text = "甲乙丙丁,戊己"
    assert wrap(text, 8) == ["甲乙丙", "丁,戊己"]
    assert wrap(text, 8, hang=1) == ["甲乙丙丁,", "戊己"]
    assert wrap("甲乙丙丁，戊己", 8, hang=1) == ["甲乙丙", "丁，戊己"]  # a 2-cell mark cannot hang
    assert wrap("甲乙丙丁,”戊", 8, hang=1) == ["甲乙丙", "丁,”戊"]  # one mark only


def test_an_unbreakable_run_longer_than_the_line_is_folded():
    assert wrap("ABCDEFGHIJ", 4) == ["ABCD", "EFGH", "IJ"]
    assert wrap("甲。。。。。。", 4) == ["甲。", "。。", "。。", "。"]


def test_wide_characters_are_never_cut():
    assert wrap("中文", 1) == ["中", "文"]
    assert wrap("a中b", 2) == ["a", "中", "b"]


def test_combining_marks_stay_with_their_base():
    text = "甲乙e\u0301丙"
    for width in range(1, 8):
        assert all(not line.startswith("\u0301") for line in wrap(text, width))


def test_newlines_are_hard_breaks():
    assert break_lines("甲\n\n乙", 10) == [(0, 1), (2, 2), (3, 4)]
    assert break_lines("", 10) == [(0, 0)]
    assert break_lines("甲\n", 10) == [(0, 1), (2, 2)]


def test_spaces_stay_where_they_are():
    assert wrap("hello world", 8) == ["hello ", "world"]
    assert wrap("hello world", 5) == ["hello", " ", "world"]


def test_custom_width_function():
    assert break_lines("甲乙丙丁。", 3, width_of=lambda char: 1) == [(0, 3), (3, 5)]
    assert break_lines("甲乙丙。丁", 3, width_of=lambda char: 1) == [(0, 2), (2, 5)]


# --- the bundled report, every script, every width ---------------------------------------------


@pytest.mark.parametrize("mode", SCRIPTS)
def test_report_has_no_violations_at_any_width(seed_report, mode):
    texts = [convert(text, mode) for text in report_texts(seed_report)]
    for text in texts:
        for width in range(30, 161):
            lines = break_lines(text, width)
            check_fidelity(text, lines)
            assert violations(text, lines, width) == [], (width, mode)
            if width % 7 == 0:
                lines = break_lines(text, width, hang=1)
                check_fidelity(text, lines)
                assert violations(text, lines, width, hang=1) == [], (width, mode)


def test_checker_sees_the_old_behaviour(seed_report):
    """The checker finds the violations folding makes (so its silence above means something)."""
    found = 0
    for text in report_texts(seed_report):
        lines, start = [], 0
        for paragraph in text.split("\n"):
            for line in naive_fold(paragraph, 46):
                lines.append((start, start + len(line)))
                start += len(line)
            start += 1
        found += len(violations(text, lines, 46))
    assert found > 10


# --- any text ------------------------------------------------------------------------------------

_PIECES = list("甲乙丙丁中文整改，。、；：！？）」』》〉（「『《〈“”‘’…—,.;:!?()[]%‰℃0123456789.AbcXyz ") + [
    "\n",
    "\u3000",
    "Ａ",
    "😀",
    "\u0301",
    "\u200b",
    "\u200d",
    "\t",
    "e\u0301",
    "——",
    "……",
    "2.86万亿元",
    "99.7%",
]
texts = st.lists(st.one_of(st.sampled_from(_PIECES), st.characters()), max_size=200).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, st.integers(1, 100), st.integers(0, 2))
def test_any_text_keeps_every_character_and_fits(text, width, hang):
    lines = break_lines(text, width, hang)
    check_fidelity(text, lines)
    for a, b in lines:
        line = text[a:b]
        if sum(map(cell_width, line)) > width + hang:
            assert sum(1 for char in line if cell_width(char)) == 1, (line, width)
