"""The lines above the outline: title, source/date metadata, and web-page leftovers.

Reports copied from a government web page carry page furniture (`字体大小:[大][中][小]`,
`分享`, `打印`, `浏览次数:12`) on their own line, glued to the metadata line, or glued to the
first sentence. Those are cut out and kept in `Report.leftovers`; nothing else is dropped.
All patterns are bounded so that a huge line is scanned in linear time.
"""

from __future__ import annotations

import re

# Page furniture that may be glued to metadata or to the first sentence.
_GLUED = (
    (
        r"(?:字体(?:大小)?|字号)\s{0,3}[:：]?\s{0,3}(?:[\[【(（]?\s{0,2}[大中小]\s{0,2}[\]】)）]?\s{0,3}){2}"
        r"[\[【(（]?\s{0,2}[大中小]\s{0,2}[\]】)）]?"
    ),
    r"[\[【]大[\]】]\s{0,3}[\[【]中[\]】]\s{0,3}[\[【]小[\]】]",
    r"大[ \t\u3000]{1,3}中[ \t\u3000]{1,3}小",
    r"【?(?:分享到?[:：]?|打印(?:本页|此页)?)】?",
    r"(?:浏览次数|浏览量|阅读次数|阅读量|点击数|点击量|访问量)\s{0,3}[:：]\s{0,3}\d{0,12}\s{0,2}次?",
)
# Page furniture only recognised when a line holds nothing else.
_ALONE = (
    r"大中小",
    r"【?(?:关闭(?:窗口|本页)?|收藏(?:本页)?|返回顶部|返回|扫一扫在手机打开当前页|打印本页|关闭窗口)】?",
)
_TOKEN = re.compile("|".join(_GLUED + _ALONE))
_GLUED_TOKEN = re.compile("|".join(_GLUED))
_SPACE = re.compile(r"\s+")

_META = re.compile(
    r"(?:来源|文章来源|信息来源|发布时间|发布日期|发文日期|日期|时间|作者|编辑|责任编辑|发布机构|浏览次数|浏览量)"
    r"\s{0,3}[:：]"
)
_DATE_START = re.compile(r"\d{4}\s{0,2}[-/.年]\s{0,2}\d{1,2}\s{0,2}[-/.月]")
_DATE = re.compile(
    r"(\d{4})\s{0,2}[-/.年]\s{0,2}(\d{1,2})\s{0,2}[-/.月]\s{0,2}(\d{1,2})\s{0,2}日?"
    r"(?:\s{0,3}(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?)?"
)
_SOURCE = re.compile(r"来源\s{0,3}[:：]\s{0,3}")
_SOURCE_END = re.compile(r"\s|\d{4}\s{0,2}[-/.年]|发布|日期|时间|作者|编辑|浏览|责任")
_TITLE_WORDS = re.compile(r"通报|整改进展|整改情况|整改工作|巡视|巡察|公告|公示")
_SENTENCE_END = "。；;，,！!？?"

_OWNER = re.compile(
    r"(巡视|巡察)[^，,。；;]{0,12}?对(?P<target>[^，,。；;、]{2,30}?)(?:党委|党组|领导班子)?"
    r"(?:开展了?|进行了?)[^，,。；;]{0,8}?(巡视|巡察)"
)


def leftover_line(line: str) -> list[str] | None:
    """The leftovers of a line that holds nothing but page furniture, else None."""
    tokens, position = [], 0
    for match in _TOKEN.finditer(line):
        if line[position : match.start()].strip() or not match.group():
            return None
        tokens.append(match.group())
        position = match.end()
    if not tokens or line[position:].strip():
        return None
    return tokens


def cut_leftovers(line: str) -> tuple[str, list[str]]:
    """Cut every glued leftover out of a metadata line; returns (line, leftovers)."""
    found = [m.group() for m in _GLUED_TOKEN.finditer(line) if m.group()]
    if not found:
        return line, []
    return _GLUED_TOKEN.sub("", line).strip(), found


def cut_leading_leftovers(line: str) -> tuple[str, list[str]]:
    """Cut leftovers glued to the start of the first sentence (`分享根据省委…`)."""
    found = []
    while True:
        match = _GLUED_TOKEN.match(line)
        if not match or not match.group():
            return line, found
        found.append(match.group())
        line = line[match.end() :].lstrip()


def is_metadata(line: str) -> bool:
    """来源/发布时间/日期… lines, or a short bare date line (an intro may start with a date too)."""
    if _META.match(line) or (len(line) <= 200 and _SOURCE.search(line)):
        return True
    return bool(_DATE_START.match(line)) and len(line) <= 40 and not any(mark in line for mark in "。，,；;")


def looks_like_title(line: str) -> bool:
    """A short line naming the report, with no sentence punctuation at its end."""
    return len(line) <= 80 and not line.endswith(tuple(_SENTENCE_END)) and bool(_TITLE_WORDS.search(line))


def source_of(line: str) -> str:
    match = _SOURCE.search(line)
    if not match:
        return ""
    rest = line[match.end() :]
    end = _SOURCE_END.search(rest)
    return rest[: end.start()] if end else rest


def published_of(line: str) -> tuple[str, str | None]:
    """(ISO date[Ttime], warning) from the first date in a metadata line."""
    match = _DATE.search(line)
    if not match:
        return "", None
    year, month, day, hour, minute, second = match.groups()
    if not (1 <= int(month) <= 12 and 1 <= int(day) <= 31):
        return "", f"日期无法识别：{match.group()} / unrecognised date: {match.group()}"
    iso = f"{year}-{int(month):02d}-{int(day):02d}"
    if hour is not None and int(hour) < 24 and int(minute) < 60:
        iso += f"T{int(hour):02d}:{minute}" + (f":{second}" if second else "")
    return iso, None


def derive_title(paragraphs: list[str], origin: str = "") -> str:
    """A title for a report that prints none: `…对厦门市开展了巡视` → `厦门市巡视整改进展情况`."""
    for paragraph in paragraphs[:3]:
        match = _OWNER.search(paragraph[:2000])
        if match:
            return f"{match.group('target')}{match.group(3)}整改进展情况"
    for word in ("巡视", "巡察"):
        if any(word in paragraph[:2000] for paragraph in paragraphs[:3]):
            return f"{word}整改进展情况"
    if origin:
        return origin.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return "无标题报告"
