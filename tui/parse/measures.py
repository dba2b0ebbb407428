"""Split a rectification into its enumerated measures: 一是…二是…, ①…②…, or （1）…（2）….

A label only counts when it continues the sequence (一是 before 二是 …) and stands at a sentence
or clause boundary, so the 是 of ordinary words (巡视是…) never splits. The style with the most
measures wins. Labels are found on the Simplified shadow (`一是` in Traditional is the same).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tui.model import Measure
from tui.text.numerals import cn_value

_BOUNDARY = r"(?:^|(?<=[。；;！!？?，,：:\s]))"
_CN_LABEL = re.compile(rf"{_BOUNDARY}([一二三四五六七八九十]{{1,3}}是)", re.MULTILINE)
_CIRCLED = re.compile(r"[\u2460-\u2473]")
_PAREN = re.compile(rf"{_BOUNDARY}([(（]([0-9０-９]{{1,2}})[)）])", re.MULTILINE)


def _in_sequence(candidates: Iterable[tuple[int, str, int]]) -> list[tuple[int, str]]:
    found, expected = [], 1
    for start, label, value in candidates:
        if value == expected:
            found.append((start, label))
            expected += 1
    return found


def split_measures(text: str, shadow: str | None = None) -> list[Measure]:
    """The measures of a rectification text in order, or [] when it is not enumerated."""
    shadow = text if shadow is None else shadow
    styles = [
        _in_sequence(
            (m.start(1), text[m.start(1) : m.end(1)], cn_value(m.group(1)[:-1])) for m in _CN_LABEL.finditer(shadow)
        ),
        _in_sequence((m.start(), m.group(), ord(m.group()) - 0x245F) for m in _CIRCLED.finditer(text)),
        _in_sequence((m.start(1), text[m.start(1) : m.end(1)], int(m.group(2))) for m in _PAREN.finditer(shadow)),
    ]
    found = max(styles, key=len)  # the first of the longest: 一是 before ① before （1）
    if len(found) < 2 and found is styles[2]:
        found = []  # a lone （1） is a reference, not an enumeration
    measures = []
    for index, (start, label) in enumerate(found):
        body_start = start + len(label)
        end = found[index + 1][0] if index + 1 < len(found) else len(text)
        while end > body_start and text[end - 1].isspace():
            end -= 1
        measures.append(Measure(label=label, text=text[body_start:end], start=start, end=end))
    return measures
