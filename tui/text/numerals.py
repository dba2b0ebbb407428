"""Numbers as printed in Chinese reports: "7,033.89", "１２", "百", "两万", "千亿" → floats, and
the small ordinals of headings and measures (一、 十一是 (二十)) both ways. The one place that
reads or writes a Chinese numeral."""

from __future__ import annotations

import unicodedata

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL = {"十": 10, "百": 100, "千": 1000}
_LARGE = {"万": 10_000, "亿": 100_000_000}

#: Magnitudes printed after Arabic digits ("1.4万", "2.86万亿") and what they multiply by.
MAGNITUDES = {
    "万亿": 1e12,
    "千亿": 1e11,
    "百亿": 1e10,
    "亿": 1e8,
    "千万": 1e7,
    "百万": 1e6,
    "十万": 1e5,
    "万": 1e4,
    "千": 1e3,
    "百": 1e2,
}


def arabic_number(text: str) -> float | None:
    """ "7,033.89" → 7033.89; full-width digits and points are accepted. None when not a number."""
    folded = "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in text)
    folded = folded.replace("．", ".").replace(",", "")
    try:
        return float(folded)
    except ValueError:
        return None


def chinese_number(text: str) -> float | None:
    """ "百" → 100, "十九" → 19, "两万三千" → 23000, "千亿" → 1e11; None when not a numeral."""
    if not text:
        return None
    total = 0.0  # completed 亿 / 万 sections
    section = 0.0  # the part below the current 万
    digit: float | None = None
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
        elif char in _SMALL:
            section += (1 if digit is None else digit) * _SMALL[char]
            digit = None
        elif char in _LARGE:
            section += digit or 0
            digit = None
            if section == 0 and total == 0:
                section = 1  # a bare "万" / "亿"
            if char == "亿":
                total = (total + section) * _LARGE[char]
            else:
                total += section * _LARGE[char]
            section = 0
        else:
            return None
    return total + section + (digit or 0)


_CN_DIGITS = "零一二三四五六七八九"


def cn_number(value: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 21 → 二十一: the ordinal as headings print it (1–99)."""
    tens, ones = divmod(value, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CN_DIGITS[tens] + "十")
    return head + (_CN_DIGITS[ones] if ones else "")


def cn_value(numeral: str) -> int:
    """一 → 1, 十一 → 11, 二十 → 20, 两 → 2: a heading's or measure's ordinal; 0 when `numeral`
    is not a whole Chinese numeral below ten thousand."""
    value = chinese_number(numeral) if numeral and all(c in _DIGITS or c in _SMALL for c in numeral) else None
    return int(value) if value is not None and value == int(value) else 0
