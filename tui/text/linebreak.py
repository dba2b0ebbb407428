"""Line breaking for Chinese text in a terminal: where a line may end, measured in cells.

Folding at any cell (what Rich's `overflow="fold"` does) starts lines with 、。， and splits
`99.|7%` or `202|1年`. This module follows the prohibition rules of W3C *Requirements for
Chinese Text Layout* (clreq §3.1.7, the "strict" level, which includes "basic" and "GB-style")
and GB/T 15834—2011 for the marks:

* no line starts with a closing or middle mark (点号, closing quotes/brackets/book-title marks,
  connector, interpunct, solidus, dash and ellipsis) or a postfix unit (% ‰ ℃ …);
* no line ends with an opening mark (opening quotes/brackets/book-title marks), a solidus or a
  currency prefix;
* unbreakable units (clreq §3.1.8) stay whole: ——, ……, a run of Latin letters and digits, a
  number with its separators and a short unit (2.86万亿元, 99.7%, 2020-2035年).

A break that would violate a rule is moved back ("push out": the line is a few cells short).
A caller with a margin may instead let one closing mark hang past the width (`hang`). When an
unbreakable run is longer than the line, it is folded anyway: every character must be shown.

Pure and stdlib only; the app turns the offsets into Rich lines.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate

__all__ = ["HANG", "NO_END", "NO_START", "UNITS", "break_lines", "cell_width"]

#: May not start a line (clreq "basic" + "strict"; OOXML kinsoku lists for the half-width and
#: small forms; jlreq's iteration and prolonged sound marks).
_CLOSING = (
    "，。、；：！？‼⁇⁈⁉．｡､"  # pause or stop marks (点号), full-width and half-width CJK
    ",.;:!?)]}"  # their ASCII forms and ASCII closing brackets
    "）］｝」』》〉】〕〗〙〛｠｣﹚﹜﹞”’〞〟"  # closing brackets, book-title marks and quotes
)
NO_START = frozenset(
    _CLOSING + "·・‧/／-‐‑–~～"  # interpunct, solidus, connector marks
    "—―⸺…⋯"  # dash and ellipsis (the "strict" level)
    "%％‰‱℃℉°′″"  # postfix units
    "々〻〃ゝゞヽヾー"  # iteration and prolonged sound marks
)
#: What may hang past the line's end when the caller has a margin: closing marks only.
HANG = frozenset(_CLOSING)
#: May not end a line: opening marks, solidus (GB-style) and currency prefixes.
NO_END = frozenset("（［｛「『《〈【〔〖〘〚｟｢﹙﹛﹝“‘〝([{/／$＄￥¥£￡€")
#: Measure words and units that stay with the number before them: 2021年, 121个 (with the
#: Traditional forms OpenCC gives them). A magnitude and 余/多 may come between: 2.86万亿元,
#: 1.4万余名, 10余个.
UNITS = (
    "年月日时分秒周天期届次个元角件项条处家栋人名户套间所座批份起笔号宗场倍亩吨米辆台艘架位只张本篇部类级岁代吋"
    "時週屆個項條處棟戶間筆號場畝噸輛臺張類級歲"
)
_UNITS2 = "人次|户次|戶次|家次|航次|标箱|標箱|公里|千米|平方米|平方公里|公顷|公頃|美元|个百分点|個百分點"
_AFTER_DIGIT = rf"[%％‰‱℃°]|[十百千万亿萬億]{{1,2}}[余多餘]?(?:{_UNITS2}|[{UNITS}])?|[余多餘]?(?:{_UNITS2}|[{UNITS}])"

_LATIN = r"0-9A-Za-z\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A"
#: An unbreakable unit: a currency prefix, a run of Latin letters/digits joined by number or word
#: separators (7,033.89 · 2020-2035 · 2020—2035 · 9·8 · 5+X · e.g), then after a digit a postfix unit or a
#: magnitude and measure word; or a dash pair / ellipsis pair.
_UNIT = re.compile(
    rf"[$＄￥¥£￡€]?[{_LATIN}]+(?:[.,:/+·'’&_\-–—~～．][{_LATIN}]+)*"
    rf"(?:(?<=[0-9０-９])(?:{_AFTER_DIGIT}))?"
    r"|[—―⸺]{2,}|[…⋯]{2,}"
)

# Unicode 14 (Python 3.11) differs from the newer table Rich measures with in a few ranges.
_WIDE_SINCE_16 = ((0x2630, 0x2637), (0x268A, 0x268F), (0x4DC0, 0x4DFF), (0x1D300, 0x1D376))
_VISIBLE_FORMAT = frozenset(
    "\u00ad\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd"
)


@lru_cache(maxsize=8192)
def cell_width(char: str) -> int:
    """Cells a terminal gives `char`: 2 for East-Asian Wide/Fullwidth, 0 for controls, combining
    and format characters, else 1 (ambiguous-width “ ” … · ① are 1, as Rich measures them)."""
    code = ord(char)
    if 0x20 <= code < 0x7F:
        return 1
    if code < 0x20 or 0x7F <= code < 0xA0:
        return 0
    category = unicodedata.category(char)
    if category in ("Mn", "Me", "Mc", "Zl", "Zp") or (category == "Cf" and char not in _VISIBLE_FORMAT):
        return 0
    if 0x1160 <= code <= 0x11FF or 0xD7B0 <= code <= 0xD7FF or code in (0x3164, 0xFFA0) or 0x1F3FB <= code <= 0x1F3FF:
        return 0  # Hangul jamo that join a syllable, Hangul fillers, skin-tone modifiers
    if unicodedata.east_asian_width(char) in "WF" or any(lo <= code <= hi for lo, hi in _WIDE_SINCE_16):
        return 2
    return 1


def _glued(text: str) -> bytearray:
    """glued[i] is 1 when a break before text[i] would split an unbreakable unit."""
    glued = bytearray(len(text) + 1)
    for match in _UNIT.finditer(text):
        start, end = match.span()
        glued[start + 1 : end] = b"\x01" * (end - start - 1)
    return glued


def break_lines(text: str, width: int, hang: int = 0, width_of=cell_width) -> list[tuple[int, int]]:
    """(start, end) offsets of each line of `text` wrapped to `width` cells; the newline characters
    themselves belong to no line; "".join of the slices plus the newlines == text.

    Lines are filled greedily, then the break moves back to the nearest place the rules allow.
    With `hang` > 0 a closing mark that no longer fits may instead stay on the line, `hang`
    cells past `width`. A line is wider than `width` (+ `hang`) only when it is one character
    wider than the line. Spaces are ordinary characters: a line may start with one.
    """
    width = max(1, width)
    cum = [0, *accumulate(map(width_of, text))]
    glued = _glued(text)
    lines: list[tuple[int, int]] = []
    start = 0
    for paragraph in text.split("\n"):
        end = start + len(paragraph)
        _fill(text, cum, glued, start, end, width, hang, lines)
        start = end + 1
    return lines


def _fill(text, cum, glued, s, q, width, hang, lines) -> None:
    """Append the lines of the paragraph text[s:q] (no newline inside)."""
    while cum[q] - cum[s] > width:
        end = _line_end(text, cum, glued, s, q, width, hang)
        lines.append((s, end))
        if end == q:  # the last character was too wide for any line
            return
        s = end
    lines.append((s, q))


def _line_end(text, cum, glued, s, q, width, hang) -> int:
    """Where the line starting at `s` ends, when the rest of the paragraph does not fit."""
    # e: the most characters that fit (zero-width marks stay with their base character).
    e = bisect_right(cum, cum[s] + width, s, q + 1) - 1
    if e == s:  # one character wider than the line: it goes alone
        return bisect_right(cum, cum[s + 1], s, q + 1) - 1
    if hang and text[e] in HANG and cum[e + 1] - cum[s] <= width + hang and _ok(text, cum, glued, e + 1, q):
        return e + 1  # the closing mark hangs into the margin
    b = e
    while b > s and not _ok(text, cum, glued, b, q):
        b -= 1  # push out: carry characters to the next line
    if b == e:
        return e
    if b > s:  # pushing helps only if the run from b to the next break then fits on a line
        n = e + 1
        while cum[n] - cum[b] <= width and not _ok(text, cum, glued, n, q):
            n += 1
        if cum[n] - cum[b] <= width:
            return b
    # An unbreakable run longer than the line: fold it, keeping the marks' rules where we can.
    b = e
    while b > s and (text[b] in NO_START or text[b - 1] in NO_END or cum[b + 1] == cum[b]):
        b -= 1
    return b if b > s else e


def _ok(text, cum, glued, b, q) -> bool:
    """Whether a line may end before text[b] (b == q, the paragraph's end, always may)."""
    if b >= q:
        return True
    return not (glued[b] or text[b] in NO_START or text[b - 1] in NO_END or cum[b + 1] == cum[b])
