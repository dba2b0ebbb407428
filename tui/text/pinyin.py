"""Pinyin, the readings of Han characters: what pypinyin knows, read once and kept.

For readers with no Chinese input method: search expands a pinyin query into Han strings
(`tui.search.pinyin`), and the palette matches headings by their readings (`spoken`).
pypinyin is imported the first time a reading is asked for, never at start-up.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

READINGS_PER_CHAR = 2
#: Readings that are interjections, never meant in a query (m, n, ng, hm, hng).
_NOT_SYLLABLES = frozenset({"m", "n", "ng", "hm", "hng"})
#: What pinyin input can look like before tones are removed: letters, ü, tone marks, digits, '.
_PINYIN_INPUT = re.compile(r"[a-zA-Zü\u00C0-\u024F\u0300-\u036F'’1-5 ]+")


def normalize(text: str) -> str:
    """Lower case, tone marks removed, ü written v: `Lǚ` → `lv`. Tone digits are kept."""
    decomposed = unicodedata.normalize("NFD", text).replace("u\u0308", "v").replace("U\u0308", "v")
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


def looks_like_pinyin(raw: str) -> bool:
    """A cheap test that needs no pypinyin: only Latin letters (toned or not), digits 1-5, ' and spaces."""
    return bool(raw) and _PINYIN_INPUT.fullmatch(raw) is not None and any(c.isalpha() for c in raw)


def _reading(pinyin_with_tone: str) -> str:
    return normalize(pinyin_with_tone)


@lru_cache(maxsize=1)
def _pinyin_dict() -> dict[int, str]:
    """pypinyin's table of readings, imported when a query first looks like pinyin."""
    from pypinyin.pinyin_dict import pinyin_dict  # 0.17 s: only for pinyin queries

    return pinyin_dict


@lru_cache(maxsize=1)
def char_readings() -> dict[str, tuple[str, ...]]:
    """Up to READINGS_PER_CHAR toneless readings of every character pypinyin knows."""
    table: dict[str, tuple[str, ...]] = {}
    for code, readings in _pinyin_dict().items():
        distinct = []
        for reading in readings.split(","):
            plain = _reading(reading)
            if plain not in distinct and plain not in _NOT_SYLLABLES:
                distinct.append(plain)
        if distinct:
            table[chr(code)] = tuple(distinct[:READINGS_PER_CHAR])
    return table


@lru_cache(maxsize=1)
def syllables() -> frozenset[str]:
    """Every toneless syllable pypinyin knows (about 420), interjections left out."""
    found: set[str] = set()
    for readings in _pinyin_dict().values():
        found.update(_reading(reading) for reading in readings.split(","))
    return frozenset(found - _NOT_SYLLABLES)


def spoken(text: str) -> str:
    """`text` read aloud, one reading a character, no spaces: 金砖 → jinzhuan (characters with
    no reading stay as they are). For matching typed pinyin against headings."""
    readings = char_readings()
    return "".join(readings[char][0] if char in readings else char.lower() for char in text)
