"""The head of a report: the lines above its introduction.

A copied page puts here, in any order: furniture (`tui.parse.furniture`), a 政务公开 metadata
block, the title (printed over one to three lines), 来源/发布时间/作者 lines, the meeting line of
a report delivered to a people's congress (`——2023年11月28日在…会议上`, over one or two lines),
the speaker. `read_head` sorts them; what it cannot place ends the head and starts the
introduction. Patterns match the Simplified shadow; values are sliced from the printed text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tui.parse import furniture

# -- the 政务公开 metadata block ------------------------------------------------------------
_METADATA_KEYS = (
    "信息索引号|索引号|内容分类|文件名称|发布机构|发文机关|发文机构|成文日期|发文日期|生成日期|公开方式|公开范围|"
    "公开时限|公开形式|主题分类|主题词|信息分类|组配分类|体裁分类|服务对象分类|发文字号|文号|有效性|效力状态|"
    "生效日期|废止日期|信息类别|所属机构"
)
_METADATA_LINE = re.compile(rf"[·•●■◆▪\-*]?\s{{0,2}}(?:{_METADATA_KEYS})\s{{0,3}}[:：]")
_METADATA_KEY = re.compile(rf"(?P<key>{_METADATA_KEYS})\s{{0,3}}[:：]\s{{0,3}}")

# -- 来源 / 发布时间 lines ------------------------------------------------------------------
_META = re.compile(
    r"[【\[(（]?\s{0,2}(?:来源|文章来源|信息来源|稿件来源|发布时间|发布日期|发表时间|更新时间|时间|日期|作者|"
    r"编辑|责任编辑|发布者|浏览次数|浏览量)\s{0,3}[:：]"
)
_DATE_START = re.compile(r"[【\[(（]?\d{4}\s{0,2}[-/.年]\s{0,2}\d{1,2}\s{0,2}[-/.月]")
_DATE = re.compile(
    r"(\d{4})\s{0,2}[-/.年]\s{0,2}(\d{1,2})\s{0,2}[-/.月]\s{0,2}(\d{1,2})\s{0,2}日?"
    r"(?:\s{0,3}(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?)?"
)
_SOURCE = re.compile(r"来源\s{0,3}[:：]\s{0,3}")
_SOURCE_END = re.compile(
    r"\s|[|｜】\]]|\d{4}\s{0,2}[-/.年]|发布|日期|时间|作者|编辑|浏览|责任|点击|阅读|字号|字体|打印"
)

# -- the meeting line ----------------------------------------------------------------------
_DASHES = r"(?:[—―─－]{1,2}|-{2})"
_MEETING = re.compile(rf"{_DASHES}\s{{0,2}}(?P<what>[^。；，]{{2,80}}?会议上(?:的(?:报告|讲话))?)")
_MEETING_START = re.compile(rf"{_DASHES}\s{{0,2}}(?P<what>[^。；，]{{2,80}})")
_MEETING_BARE = re.compile(r"(?P<what>\d{4}\s{0,2}年[^。；，]{0,30}在[^。；，]{2,60}会议上)")
_MEETING_GLUED = re.compile(rf"(?P<title>[^—―]{{4,}}?){_DASHES}\s{{0,2}}(?P<what>[^。；，—―]{{2,80}}?会议上)")

# -- titles --------------------------------------------------------------------------------
_TITLE_END = re.compile(r"(?:通报|报告|情况|公告|公示|方案|通知|意见|说明)[)）】”\"]?$")
_TITLE_WORD = re.compile(r"关于|整改|巡视|巡察|审计")
_STRONG_END = re.compile(r"(?:通报|报告)[)）】”\"]?$")
_BODY = re.compile(
    r"(?:党组|党委|党工委|委员会|人民政府|政府|办公室|办公厅|局|厅|委|公司|集团|大学|学院|医院|支部|总支|中心|院|所|县委|市委|省委|区委)$"
)
_SITE = re.compile(r"(?:网|网站|门户|门户网站|政府|人民政府|纪委监委|局|厅|委|办|大学|医院|公司|集团)$")
_NOT_A_CANDIDATE = re.compile(r"[。，,；;！!？?：:]")
_TAG = re.compile(r"附件\s{0,2}[0-9０-９一二三四五六七八九十]{0,3}")
_SPEAKER = re.compile(r".{2,30}(?:局长|厅长|主任|书记|审计长|县长|市长|区长|省长)\s{1,4}\S{2,4}")

# -- deriving a title ------------------------------------------------------------------------
_OWNER = re.compile(
    r"(巡视|巡察)[^，,。；;]{0,12}?对(?P<target>[^，,。；;、]{2,30}?)(?:党委|党组|领导班子)?"
    r"(?:开展了?|进行了?)[^，,。；;]{0,8}?(巡视|巡察)"
)
_AUDIT_OBJECT = re.compile(r"报告(?P<what>[^，,。；;]{4,80}?整改情况)")

TITLE_LINES = 3  # a title is printed over at most this many lines
CANDIDATE_LENGTH = 120  # a longer line without punctuation is text, not a title or a site name


@dataclass
class Head:
    """What the head holds. `header`, `intro` and `leftovers` keep the lines as printed, in order;
    `end` is the index of the first line after the head."""

    header: list[str] = field(default_factory=list)
    intro: list[str] = field(default_factory=list)
    leftovers: list[str] = field(default_factory=list)
    title: str = ""
    title_lines: list[str] = field(default_factory=list)
    source: str = ""
    published: str = ""
    delivered: str = ""
    metadata: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    end: int = 0


# -- single lines -------------------------------------------------------------------------
def is_metadata_line(shadow: str) -> bool:
    return bool(_METADATA_LINE.match(shadow))


def metadata_pairs(line: str, shadow: str) -> list[tuple[str, str]]:
    """(key, value) pairs of a metadata line, as printed; a value may be "" (it is on the next line)."""
    start = _METADATA_LINE.match(shadow)
    keys = list(_METADATA_KEY.finditer(shadow, start.start() if start else 0))
    pairs = []
    for index, match in enumerate(keys):
        end = keys[index + 1].start() if index + 1 < len(keys) else len(line)
        pairs.append((line[match.start("key") : match.end("key")], line[match.end() : end].strip(" \t\u3000|｜")))
    return pairs


def is_meta_line(shadow: str) -> bool:
    """来源/发布时间/日期… lines, or a short line that starts with a date (not an intro sentence)."""
    if _META.match(shadow) or (len(shadow) <= 200 and _SOURCE.search(shadow)):
        return True
    return bool(_DATE_START.match(shadow)) and len(shadow) <= 60 and not any(mark in shadow for mark in "。，,；;")


def source_span(shadow: str) -> tuple[int, int] | None:
    match = _SOURCE.search(shadow)
    if not match:
        return None
    end = _SOURCE_END.search(shadow, match.end())
    stop = end.start() if end else len(shadow)
    return (match.end(), stop) if stop > match.end() else None


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


def meeting_span(shadow: str) -> tuple[int, int] | None:
    """Where a one-line meeting line says where and when (without its dashes), or None."""
    for pattern in (_MEETING, _MEETING_BARE):
        match = pattern.fullmatch(shadow)
        if match:
            return match.span("what")
    return None


def is_candidate(shadow: str) -> bool:
    """A short line without punctuation: a title line, a site name, a speaker…"""
    return 0 < len(shadow) <= CANDIDATE_LENGTH and not _NOT_A_CANDIDATE.search(shadow)


def qualifies_as_title(shadow: str) -> bool:
    """The genre's title forms: …关于…的通报/报告/情况/公告/公示/方案, …整改进展情况, …整改实施方案,
    …巡察工作情况通报; a line ending in 通报 or 报告 too. Not `通知公告` (a column's name)."""
    return (
        len(shadow) <= 200
        and not _NOT_A_CANDIDATE.search(shadow)
        and bool(_TITLE_END.search(shadow[-6:]))
        and bool(_TITLE_WORD.search(shadow) or _STRONG_END.search(shadow[-6:]))
    )


# -- the head ---------------------------------------------------------------------------------
def read_head(lines: list[str], shadows: list[str], is_heading) -> Head:
    """Sort the head lines. `lines` are stripped and non-empty; `is_heading(i)` ends the head."""
    head = Head()
    items: list[tuple[str, int, object]] = []  # (kind, line index, detail)
    index, count = 0, len(lines)
    while index < count and not is_heading(index):
        shadow = shadows[index]
        spans = furniture.furniture_spans(shadow, edge=True)
        if spans is not None:
            items.append(("furniture", index, spans))
        elif is_metadata_line(shadow):
            pairs = metadata_pairs(lines[index], shadow)
            items.append(("metadata", index, pairs))
            if pairs and not pairs[-1][1] and index + 1 < count and _is_value(shadows[index + 1]):
                index += 1
                items.append(("metadata", index, [(pairs[-1][0], lines[index])]))
        elif (span := meeting_span(shadow)) is not None:
            items.append(("meeting", index, span))
        elif (two := _meeting_over_two_lines(shadows, index)) is not None:
            items.append(("meeting", index, two))
            index += 1
            items.append(("meeting-end", index, None))
        elif is_meta_line(shadow):
            items.append(("meta", index, None))
        elif _TAG.fullmatch(shadow):
            items.append(("tag", index, None))
        elif is_candidate(shadow):
            items.append(("candidate", index, None))
        else:
            break
        index += 1
    head.end = index
    title_at = _find_title(items, shadows)
    _sort(head, items, lines, shadows, title_at)
    return head


def read_chrome(lines: list[str], shadows: list[str]) -> Head:
    """A saved page's lines around the article: a 政务公开 table is metadata, the rest furniture."""
    head = Head()
    index = 0
    while index < len(lines):
        line, shadow = lines[index], shadows[index]
        if is_metadata_line(shadow):
            pairs = metadata_pairs(line, shadow)
            head.header.append(line)
            if pairs and not pairs[-1][1] and index + 1 < len(lines) and _is_value(shadows[index + 1]):
                index += 1
                head.header.append(lines[index])
                pairs[-1] = (pairs[-1][0], lines[index])
            for key, value in pairs:
                head.metadata.setdefault(key, value)
        else:
            head.leftovers.append(line)
        index += 1
    return head


def _is_value(shadow: str) -> bool:
    """The next line can be a metadata value printed under its key."""
    return (
        0 < len(shadow) <= 120
        and not is_metadata_line(shadow)
        and not _META.match(shadow)
        and furniture.furniture_spans(shadow) is None
    )


def _meeting_over_two_lines(shadows: list[str], index: int) -> tuple[int, int] | None:
    """`——2023年11月28日在东岚省第十四届人民代表大会` ⏎ `常务委员会第六次会议上`."""
    start = _MEETING_START.fullmatch(shadows[index])
    if not start or index + 1 >= len(shadows) or len(shadows[index + 1]) > 60:
        return None
    if _MEETING.fullmatch(shadows[index] + shadows[index + 1]) is None:
        return None
    return start.span("what")


def _find_title(items, shadows) -> list[int]:
    """Indexes (into `items`) of the title's lines: the first window of one to three consecutive
    candidate lines whose joined text has a title's form and which starts a title."""
    runs: list[list[int]] = []
    for position, (kind, _, _) in enumerate(items):
        if kind == "candidate":
            if runs and runs[-1][-1] == position - 1:
                runs[-1].append(position)
            else:
                runs.append([position])
    for run in runs:
        texts = [_title_part(shadows[items[position][1]]) for position in run]
        for end in range(len(run)):
            for start in range(end, max(-1, end - TITLE_LINES), -1):
                if qualifies_as_title("".join(texts[start : end + 1])) and _starts_title(texts, start):
                    return run[start : end + 1]
    return []


def _title_part(shadow: str) -> str:
    glued = _MEETING_GLUED.fullmatch(shadow)
    return glued.group("title") if glued else shadow


def _starts_title(texts: list[str], start: int) -> bool:
    """Can a title begin with line `start` (not the second line of a title broken above)?"""
    if start == 0 or qualifies_as_title(texts[start - 1]):
        return True
    line, above = texts[start], texts[start - 1]
    if line.startswith("关于") and _BODY.search(above) and not above.endswith(("网", "网站")):
        return False  # 中共…党组 ⏎ 关于…的通报: the body's name is the title's first line
    return "关于" in line or line.startswith("中共")


def _sort(head: Head, items, lines: list[str], shadows: list[str], title_at: list[int]) -> None:
    for position, (kind, index, detail) in enumerate(items):
        line, shadow = lines[index], shadows[index]
        if kind == "furniture":
            head.leftovers.extend(line[start:end] for start, end in detail)
        elif kind == "metadata":
            head.header.append(line)
            for key, value in detail:
                if value or key not in head.metadata:
                    head.metadata[key] = value
        elif kind in ("meeting", "meeting-end"):
            head.header.append(line)
            if kind == "meeting" and not head.delivered:
                start, end = detail
                head.delivered = line[start:end] + (
                    lines[index + 1] if position + 1 < len(items) and items[position + 1][0] == "meeting-end" else ""
                )
        elif kind == "meta":
            kept, cut = furniture.cut(line, furniture.glued_spans(shadow))
            head.leftovers.extend(cut)
            if kept:
                head.header.append(kept)
                _read_meta(head, kept, furniture.cut(shadow, furniture.glued_spans(shadow))[0])
        elif kind == "tag":
            head.header.append(line)
        elif position in title_at:
            head.header.append(line)
            head.title_lines.append(line)
            glued = _MEETING_GLUED.fullmatch(shadow)
            head.title += line[: glued.end("title")] if glued else line
            if glued and not head.delivered:
                head.delivered = line[glued.start("what") : glued.end("what")]
        elif not title_at or position < title_at[0]:
            if title_at or _SITE.search(shadow) or furniture.token_spans(shadow) is not None:
                head.leftovers.append(line)  # a site name or a page label above the title
            elif all(kind == "candidate" for kind, _, _ in items[position:]):
                head.intro.append(line)
            else:
                head.header.append(line)
        elif all(kind == "candidate" for kind, _, _ in items[position:]) or _SPEAKER.fullmatch(shadow):
            head.intro.append(line)  # the speaker, after the title and the meeting line
        else:
            head.header.append(line)


def _read_meta(head: Head, line: str, shadow: str) -> None:
    if not head.source:
        span = source_span(shadow)
        if span:
            head.source = line[span[0] : span[1]]
    if not head.published:
        head.published, warning = published_of(shadow)
        if warning:
            head.warnings.append(warning)


def derive_title(paragraphs: list[str], shadows: list[str]) -> str:
    """A title for a report that prints none: `…对白石镇党委开展了巡察` → `白石镇巡察整改进展情况`;
    an audit report's `向…报告2020年度…审计查出问题的整改情况` → its object. "" when none."""
    for paragraph, shadow in zip(paragraphs[:3], shadows[:3], strict=False):
        match = _OWNER.search(shadow[:2000])
        if match:
            return paragraph[match.start("target") : match.end("target")] + match.group(3) + "整改进展情况"
        match = _AUDIT_OBJECT.search(shadow[:2000])
        if match and "审计" in match.group("what"):
            return paragraph[match.start("what") : match.end("what")]
    for word in ("巡视", "巡察"):
        if any(word in shadow[:2000] for shadow in shadows[:3]):
            return f"{word}整改进展情况"
    return ""
