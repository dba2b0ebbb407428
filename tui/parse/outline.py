"""Text → Report: the head, numbered headings, rectifications, closing, furniture and truncation.

Levels come from the order in which numbering styles first appear and nest (a style seen
before closes the deeper levels; a new style opens a deeper one), never from the style alone.
Every line lands in exactly one field, in document order, so the model keeps the whole text
(`Report.walk_text`); furniture goes to `Report.leftovers`. Patterns match the Simplified shadow
(`tui.parse.shadow`); the model keeps the characters as printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from tui.model import Node, Rectification, Report
from tui.parse import furniture, header, roles
from tui.parse.measures import split_measures
from tui.parse.page import Page
from tui.parse.rectification import rect_label
from tui.parse.shadow import shadow as make_shadow
from tui.text.numerals import cn_value

_HEADINGS = (
    ("cn-dun", re.compile(r"(?P<num>[一二三四五六七八九十]{1,3})[、．.]")),
    ("cn-paren", re.compile(r"[(（](?P<num>[一二三四五六七八九十]{1,3})[)）]")),
    ("arabic-paren", re.compile(r"[(（](?P<num>[0-9０-９]{1,3})[)）]|(?P<sym>[\u2474-\u2487])")),
    ("arabic-dot", re.compile(r"(?P<num>[0-9０-９]{1,3})(?:[.．](?![0-9０-９])|、)|(?P<sym>[\u2488-\u249b])")),
    ("circled", re.compile(r"(?P<sym>[\u2460-\u2473])")),
    ("wenti", re.compile(r"问题\s{0,2}(?P<num>[0-9０-９]{0,3})\s{0,2}[:：]")),  # 问题：/问题1： … 整改：
)
_SYMBOL_BASE = {"arabic-paren": 0x2473, "arabic-dot": 0x2487, "circled": 0x245F}
_SENTENCE_END = "。！？!?"
_OPENING_QUOTES = {"“": "”", "‘": "’", "「": "」", "『": "』"}
_CLOSING = re.compile(
    r"欢迎(?:广大|社会|各界|干部|群众|大家)|如有意见|如对|联系电话|联系方式|来信请寄|来信地址|电子邮箱|邮政信箱|"
    r"举报电话|监督电话|中共.{0,30}(?:委员会|委)$|\d{4}年\d{1,2}月\d{1,2}日$"
)
_NEXT_STEP = re.compile(r"下一步[，,]")
_CLOSERS = "。！？!?…；;．."
_TRAILING_MARKS = "”’」』)）】》\"'"


@dataclass
class Heading:
    style: str
    label: str
    ordinal: int  # 0: an unnumbered label (问题：)
    rest: str
    rest_shadow: str


def match_heading(line: str, shadow: str | None = None) -> Heading | None:
    shadow = line if shadow is None else shadow
    for style, pattern in _HEADINGS:
        match = pattern.match(shadow)
        if match:
            symbol = match.group("sym") if "sym" in pattern.groupindex else None
            if symbol:
                ordinal = ord(symbol) - _SYMBOL_BASE[style]
            elif style.startswith("cn"):
                ordinal = cn_value(match.group("num"))
            else:
                ordinal = int(match.group("num") or 0)
            rest = len(shadow) - len(shadow[match.end() :].lstrip())
            return Heading(style, line[: match.end()], ordinal, line[rest:], shadow[rest:])
    return None


def ends_sentence(paragraph: str) -> bool:
    """Does the paragraph end with closing punctuation (quotes and brackets after it allowed)?"""
    stripped = paragraph.rstrip().rstrip(_TRAILING_MARKS)
    return stripped.endswith(tuple(_CLOSERS))


def first_sentence_end(text: str) -> int:
    """Where the first sentence ends (after its closing marks), not counting 。！？ inside
    quotation marks; 0 when there is no sentence end. Unbalanced quotes: the first end at all."""
    closing: list[str] = []
    first = 0
    for index, char in enumerate(text):
        if char in _OPENING_QUOTES:
            closing.append(_OPENING_QUOTES[char])
        elif closing and char == closing[-1]:
            closing.pop()
        elif char in _SENTENCE_END:
            end = index + 1
            while end < len(text) and text[end] in _TRAILING_MARKS:
                end += 1
            if not closing:
                return end
            first = first or end
    return first if closing else 0


@dataclass
class _Open:
    """A node being filled, with its paragraphs gathered as lists (joined once at the end)."""

    node: Node
    title_shadow: str = ""
    text: list[tuple[str, str]] = field(default_factory=list)  # (as printed, shadow)
    rect: list[tuple[str, str]] = field(default_factory=list)
    awaiting_title: bool = False


class _Builder:
    def __init__(self, origin: str) -> None:
        self.report = Report(title="", origin=origin)
        self.stack: list[tuple[str, _Open]] = []
        self.opened: list[_Open] = []
        self.last_ordinal: dict[tuple[int, str], int] = {}
        self.last_content = ""  # what the last line of the text was: header/intro/node/closing

    @property
    def current(self) -> _Open | None:
        return self.opened[-1] if self.opened else None

    def warn(self, message: str) -> None:
        self.report.warnings.append(message)

    # -- the introduction --------------------------------------------------------------------
    def intro_line(self, line: str, shadow: str) -> None:
        report = self.report
        if not report.intro:
            line, cut = furniture.cut(line, furniture.leading_spans(shadow))
            report.leftovers.extend(cut)
            if not line:
                return
        report.intro.append(line)
        self.last_content = "intro"

    # -- headings ---------------------------------------------------------------------------
    def heading(self, heading: Heading) -> None:
        styles = [style for style, _ in self.stack]
        current = self.current
        if (
            heading.style == "circled"
            and heading.style not in styles
            and current is not None
            and current.node.rectification is not None
        ):
            self.paragraph(heading.label + heading.rest, heading.label + heading.rest_shadow)  # ① one per paragraph
            return
        if heading.style in styles:
            depth = styles.index(heading.style)
            del self.stack[depth:]
        else:
            depth = len(self.stack)
        parent = self.stack[-1][1].node if self.stack else None
        siblings = parent.children if parent else self.report.nodes
        node_id = f"{parent.id}." if parent else ""
        node_id += str(len(siblings) + 1)
        numbered = heading.ordinal > 0 or heading.style != "wenti"
        ordinal = heading.ordinal if numbered else sum(1 for s in siblings if s.style == heading.style) + 1
        node = Node(
            id=node_id,
            label=heading.label,
            style=heading.style,
            ordinal=ordinal,
            level=depth + 1,
            kind="heading",
            title="",
        )
        if numbered:
            self.check_numbering(node, siblings[-1] if siblings else None)
        siblings.append(node)
        opened = _Open(node)
        self.stack.append((heading.style, opened))
        self.opened.append(opened)
        self.last_content = "node"
        if heading.rest:
            self.title_and_body(opened, heading.rest, heading.rest_shadow)
        else:
            opened.awaiting_title = True
            self.last_content = "heading"

    def title_and_body(self, opened: _Open, rest: str, shadow: str) -> None:
        """`(一)提高政治站位,增强整改自觉。厦门市委…`: the first sentence is the title."""
        opened.awaiting_title = False
        end = first_sentence_end(shadow) or len(shadow)
        opened.node.title, opened.title_shadow = rest[:end], shadow[:end]
        body_at = len(shadow) - len(shadow[end:].lstrip())
        body, body_shadow = rest[body_at:], shadow[body_at:]
        self.last_content = "heading"
        if body:
            rect = rect_label(body_shadow)
            if rect and rect.group("sep") is not None:
                self.start_rectification(opened, rect, body, body_shadow)
            else:
                opened.text.append((body, body_shadow))
                self.last_content = "node"

    def check_numbering(self, node: Node, previous: Node | None) -> None:
        key = (node.level, node.style)
        where = f"（节点 {node.id}）"
        where_en = f"(node {node.id})"
        if previous is not None:
            if node.ordinal == previous.ordinal:
                self.warn(
                    f"编号重复：{node.label}紧接着又出现{where} / numbering repeated: {node.label} appears twice in a row {where_en}"
                )
            elif node.ordinal != previous.ordinal + 1:
                self.warn(
                    f"编号不连续：{previous.label}之后是{node.label}{where} / numbering gap: {node.label} follows {previous.label} {where_en}"
                )
        elif node.ordinal != 1 and node.ordinal != self.last_ordinal.get(key, -1) + 1:
            self.warn(
                f"编号不从一开始：第一个是{node.label}{where} / numbering starts at {node.label}, not at 1 {where_en}"
            )
        self.last_ordinal[key] = node.ordinal

    # -- paragraphs -------------------------------------------------------------------------
    def start_rectification(self, opened: _Open, match: re.Match, line: str, shadow: str) -> None:
        label = line[match.start("label") : match.end("label")]
        sep = line[match.start("sep") : match.end("sep")] if match.group("sep") is not None else ""
        opened.node.rectification = Rectification(label=label, sep=sep, text="")
        rest_at = len(shadow) - len(shadow[match.end() :].lstrip())
        if line[rest_at:]:
            opened.rect.append((line[rest_at:], shadow[rest_at:]))
            self.last_content = "node"
        else:
            self.last_content = "heading"

    def paragraph(self, line: str, shadow: str) -> None:
        opened = self.current
        assert opened is not None
        if opened.awaiting_title:
            self.title_and_body(opened, line, shadow)
            return
        (opened.rect if opened.node.rectification is not None else opened.text).append((line, shadow))
        self.last_content = "node"

    def rect_line(self, match: re.Match, line: str, shadow: str) -> None:
        opened = self.current
        assert opened is not None
        if opened.node.rectification is None and not opened.awaiting_title:
            self.start_rectification(opened, match, line, shadow)
        else:
            self.paragraph(line, shadow)

    # -- the end ----------------------------------------------------------------------------
    def finish(self, closing: list[str]) -> dict[int, tuple[str, str]]:
        report = self.report
        report.closing = closing
        if closing:
            self.last_content = "closing"
        shadows: dict[int, tuple[str, str]] = {}
        rect_shadows: dict[int, str] = {}
        for opened in self.opened:
            node = opened.node
            node.text = "\n".join(line for line, _ in opened.text)
            text_shadow = "\n".join(shadow for _, shadow in opened.text)
            shadows[id(node)] = (opened.title_shadow, text_shadow)
            if node.rectification is not None:
                node.rectification.text = "\n".join(line for line, _ in opened.rect)
                rect_shadows[id(node)] = "\n".join(shadow for _, shadow in opened.rect)
        roles.assign_kinds(report, shadows)
        roles.answer_unlabelled(report)
        for node in report.walk():
            if node.rectification is not None:
                node.rectification.measures = split_measures(
                    node.rectification.text, rect_shadows.get(id(node), shadows[id(node)][1])
                )
        self.mark_truncation()
        if not report.nodes:
            self.warn(
                "没有找到编号标题，全文作为导言 / no numbered headings found; the whole text is kept as the introduction"
            )
        return shadows

    def mark_truncation(self) -> None:
        report, last = self.report, self.current
        if self.last_content == "heading" and last is not None:
            node = last.node
            word = "问题" if node.kind == "problem" else ""
            node.truncated = report.truncated = True
            self.warn(
                f"原文在{word}{node.label}的标题之后中断 / source text is cut off after the heading of {node.label}"
            )
        elif self.last_content == "node" and last is not None:
            paragraphs = last.rect or last.text
            if paragraphs and not ends_sentence(paragraphs[-1][0]):
                last.node.truncated = report.truncated = True
                self.warn(
                    f"原文最后一段没有结束标点，在{last.node.label}中中断 / the last paragraph has no closing "
                    f"punctuation: the source text is cut off inside {last.node.label}"
                )
        elif self.last_content == "intro" and report.intro and not ends_sentence(report.intro[-1]):
            report.truncated = True
            self.warn(
                "原文最后一段没有结束标点，可能被截断 / the last paragraph has no closing punctuation: the source text may be cut off"
            )


def parse_text(text: str, origin: str = "") -> Report:
    """Parse decoded report text (any line ends) into a Report."""
    return parse_page(Page(text=text), origin)


def _lines(text: str) -> tuple[list[str], list[str]]:
    """The non-empty lines of `text`, stripped, and their shadows."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")
    shadow = make_shadow(text)
    lines, shadows = [], []
    for raw, raw_shadow in zip(text.split("\n"), shadow.split("\n"), strict=True):
        line = raw.strip()
        if line:
            lines.append(line)
            shadows.append(raw_shadow.strip())
    return lines, shadows


def parse_page(page: Page, origin: str = "") -> Report:
    """Parse what a reader made of a file: its text, and a web page's chrome and meta tags."""
    builder = _Builder(origin)
    report = builder.report
    report.warnings.extend(page.notes)
    before, before_shadows = _lines("\n".join(page.before))
    chrome = header.read_chrome(before, before_shadows)
    report.header.extend(chrome.header)
    report.metadata.update(chrome.metadata)
    report.leftovers.extend(chrome.leftovers)

    lines, shadows = _lines(page.text)
    headings = [match_heading(line, shadow) for line, shadow in zip(lines, shadows, strict=True)]
    head = header.read_head(lines, shadows, lambda index: headings[index] is not None)
    report.header.extend(head.header)
    report.leftovers.extend(head.leftovers)
    for key, value in head.metadata.items():
        report.metadata.setdefault(key, value)
    report.warnings.extend(head.warnings)
    report.source, report.published, report.delivered = head.source, head.published, head.delivered
    for line in head.intro:
        builder.intro_line(line, make_shadow(line))
    tail = _tail_start(shadows, head.end)

    kinds: list[_Line] = []
    for index in range(head.end, tail):
        line, shadow = lines[index], shadows[index]
        spans = furniture.furniture_spans(shadow)
        heading = headings[index]
        if spans is not None:
            kinds.append(_Line("leftover", pieces=[line[start:end] for start, end in spans]))
        elif heading is not None:
            kinds.append(_Line("heading", heading=heading))
        elif (rect := rect_label(shadow)) is not None:
            kinds.append(_Line("rect", rect=rect))
        else:
            kinds.append(_Line("plain"))
    closing_at = head.end + _closing_start(kinds, shadows[head.end : tail])
    closing: list[str] = []
    for offset, item in enumerate(kinds):
        index = head.end + offset
        line, shadow = lines[index], shadows[index]
        if item.pieces:
            report.leftovers.extend(item.pieces)
        elif item.heading is not None:
            builder.heading(item.heading)
        elif builder.current is None:
            if item.rect is not None:
                builder.warn(
                    f"整改段落出现在任何编号标题之前，已归入导言 / a {item.rect.group('label')} paragraph "
                    "comes before any numbered heading; it is kept in the introduction"
                )
            builder.intro_line(line, shadow)
        elif index >= closing_at:
            closing.append(line)
        elif item.rect is not None:
            builder.rect_line(item.rect, line, shadow)
        else:
            builder.paragraph(line, shadow)
    for index in range(tail, len(lines)):
        spans = furniture.furniture_spans(shadows[index], edge=True) or [(0, len(lines[index]))]
        report.leftovers.extend(lines[index][start:end] for start, end in spans)
    report.leftovers.extend(page.after)
    builder.finish(closing)
    _title(report, head, page, shadows)
    _page_facts(report, page)
    return report


def _tail_start(shadows: list[str], head_end: int) -> int:
    """Where the furniture at the end of the text starts (footers, prev/next, print links)."""
    start = len(shadows)
    while start > head_end and furniture.furniture_spans(shadows[start - 1], edge=True) is not None:
        start -= 1
    return start


class _Line(NamedTuple):
    """What a line of the body is: furniture (its pieces), a heading, a rectification label, or plain."""

    kind: str
    heading: Heading | None = None
    rect: re.Match | None = None
    pieces: list[str] = []


def _closing_start(kinds: list[_Line], shadows: list[str]) -> int:
    """Index of the first closing paragraph (欢迎…监督, 联系电话…, 落款; 下一步… once the last
    node has its own text) after the last heading."""
    last_structure = -1
    for index, item in enumerate(kinds):
        if item.kind in ("heading", "rect"):
            last_structure = index
    if last_structure < 0:
        return len(kinds)
    last = kinds[last_structure].heading
    if last is not None:
        end = first_sentence_end(last.rest_shadow)
        heading_has_body = 0 < end < len(last.rest_shadow.rstrip())
    else:
        heading_has_body = True  # a rectification label
    for index in range(last_structure + 1, len(kinds)):
        if kinds[index].kind != "plain":
            continue
        if _CLOSING.match(shadows[index]) or (heading_has_body and _NEXT_STEP.match(shadows[index])):
            return index
        heading_has_body = True
    return len(kinds)


def _title(report: Report, head: header.Head, page: Page, shadows: list[str]) -> None:
    """The printed title; else the page's title tag; else one derived from the text; else the
    file name."""
    if head.title:
        report.title, report.title_from = head.title, "line"
        return
    if page.meta.get("ArticleTitle"):
        report.title, report.title_from = page.meta["ArticleTitle"], "page"
        return
    intro_shadows = [make_shadow(paragraph) for paragraph in report.intro[:3]]
    derived = header.derive_title(report.intro, intro_shadows)
    if derived:
        report.title, report.title_from = derived, "text"
        return
    report.title_from = "file"
    report.title = report.origin.rsplit("/", 1)[-1].rsplit(".", 1)[0] if report.origin else "无标题报告"


def _page_facts(report: Report, page: Page) -> None:
    """What a web page's meta tags add: the source and a more precise date."""
    if not page.meta:
        return
    report.page = dict(page.meta)
    if not report.source and page.meta.get("ContentSource"):
        report.source = page.meta["ContentSource"]
    stated, _ = header.published_of(page.meta.get("PubDate", ""))
    if stated and (
        not report.published or (stated.startswith(report.published) and len(stated) > len(report.published))
    ):
        report.published = stated
