"""Split a rectification into its enumerated measures: 一是…二是… or ①…②….

A label only counts when it continues the sequence (一是 before 二是 …) and, for 一是-style
labels, stands at a sentence boundary, so the 是 of ordinary words (巡视是…) never splits.
"""

from __future__ import annotations

import re

from tui.model import Measure

_CN_DIGITS = "零一二三四五六七八九"
# Boundary: start of a line, or after sentence/clause punctuation or white space.
_CN_LABEL = re.compile(r"(?:^|(?<=[。；;！!？?，,：:\s]))([一二三四五六七八九十]{1,3}是)", re.MULTILINE)
_CIRCLED = re.compile(r"[\u2460-\u2473]")


def cn_number(value: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 21 → 二十一 (1–99)."""
    tens, ones = divmod(value, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CN_DIGITS[tens] + "十")
    return head + (_CN_DIGITS[ones] if ones else "")


def cn_value(numeral: str) -> int:
    """一 → 1, 十一 → 11, 二十 → 20; 0 when it is not a numeral."""
    total, current = 0, 0
    for char in numeral:
        if char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        elif char in "零〇":
            current = 0
        elif char == "两":
            current = 2
        elif char in _CN_DIGITS:
            current = _CN_DIGITS.index(char)
        else:
            return 0
    return total + current


def _in_sequence(candidates) -> list[tuple[int, str]]:
    found, expected = [], 1
    for start, label, value in candidates:
        if value == expected:
            found.append((start, label))
            expected += 1
    return found


def split_measures(text: str) -> list[Measure]:
    """The measures of a rectification text in order, or [] when it is not enumerated."""
    chinese = _in_sequence((m.start(1), m.group(1), cn_value(m.group(1)[:-1])) for m in _CN_LABEL.finditer(text))
    circled = _in_sequence((m.start(), m.group(), ord(m.group()) - 0x245F) for m in _CIRCLED.finditer(text))
    found = circled if len(circled) > len(chinese) else chinese
    measures = []
    for index, (start, label) in enumerate(found):
        body_start = start + len(label)
        end = found[index + 1][0] if index + 1 < len(found) else len(text)
        while end > body_start and text[end - 1].isspace():
            end -= 1
        measures.append(Measure(label=label, text=text[body_start:end], start=start, end=end))
    return measures
