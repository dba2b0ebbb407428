"""Text → Report: numbered headings, their roles, rectifications, closing and truncation.

Levels come from the order in which numbering styles first appear and nest (a style seen
before closes the deeper levels; a new style opens a deeper one), never from the style alone.
Every line lands in exactly one field, in document order, so the model keeps the whole text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tui.model import Node, Rectification, Report
from tui.parse import header as hdr
from tui.parse.measures import cn_value, split_measures

_HEADINGS = (
    ("cn-dun", re.compile(r"(?P<num>[一二三四五六七八九十]{1,3})[、．.]")),
    ("cn-paren", re.compile(r"[(（](?P<num>[一二三四五六七八九十]{1,3})[)）]")),
    ("arabic-paren", re.compile(r"[(（](?P<num>[0-9０-９]{1,3})[)）]|(?P<sym>[\u2474-\u2487])")),
    ("arabic-dot", re.compile(r"(?P<num>[0-9０-９]{1,3})(?:[.．](?![0-9０-９])|、)|(?P<sym>[\u2488-\u249b])")),
    ("circled", re.compile(r"(?P<sym>[\u2460-\u2473])")),
)
_SYMBOL_BASE = {"arabic-paren": 0x2473, "arabic-dot": 0x2487, "circled": 0x245F}
_RECT = re.compile(r"(?P<label>整改(?:进展)?情况|整改进展|整改措施|整改成效|整改结果)(?:\s{0,2}(?P<sep>[:：])|$)")
_SENTENCE = re.compile(r"[。！？!?][”’」』]*")
_CLOSING = re.compile(
    r"欢迎(?:广大|社会|各界|干部|群众|大家)|如有意见|如对|联系电话|联系方式|来信请寄|来信地址|电子邮箱|邮政信箱|"
    r"举报电话|监督电话|中共.{0,30}(?:委员会|委)$|\d{4}年\d{1,2}月\d{1,2}日$"
)
_CLOSERS = "。！？!?…；;．."
_TRAILING_MARKS = "”’」』)）】》\"'"


@dataclass
class Heading:
    style: str
    label: str
    ordinal: int
    rest: str


def match_heading(line: str) -> Heading | None:
    for style, pattern in _HEADINGS:
        match = pattern.match(line)
        if match:
            symbol = match.group("sym") if "sym" in pattern.groupindex else None
            if symbol:
                ordinal = ord(symbol) - _SYMBOL_BASE[style]
            elif style.startswith("cn"):
                ordinal = cn_value(match.group("num"))
            else:
                ordinal = int(match.group("num"))
            return Heading(style, match.group(), ordinal, line[match.end() :].lstrip())
    return None


def ends_sentence(paragraph: str) -> bool:
    """Does the paragraph end with closing punctuation (quotes and brackets after it allowed)?"""
    stripped = paragraph.rstrip().rstrip(_TRAILING_MARKS)
    return stripped.endswith(tuple(_CLOSERS))


@dataclass
class _Open:
    """A node being filled, with its paragraphs gathered as lists (joined once at the end)."""

    node: Node
    text: list[str] = field(default_factory=list)
    rect: list[str] = field(default_factory=list)
    awaiting_title: bool = False


class _Builder:
    def __init__(self, origin: str) -> None:
        self.report = Report(title="", origin=origin)
        self.stack: list[tuple[str, _Open]] = []
        self.opened: list[_Open] = []
        self.last_ordinal: dict[tuple[int, str], int] = {}
        self.title_line = ""
        self.last_content = ""  # what the last line of the text was: header/intro/node/closing

    @property
    def current(self) -> _Open | None:
        return self.opened[-1] if self.opened else None

    def warn(self, message: str) -> None:
        self.report.warnings.append(message)

    # -- the lines above the first heading -------------------------------------------------
    def header_line(self, line: str) -> None:
        report = self.report
        if not report.intro and hdr.is_metadata(line):
            line, cut = hdr.cut_leftovers(line)
            report.leftovers.extend(cut)
            if not line:
                return
            report.header.append(line)
            report.source = report.source or hdr.source_of(line)
            if not report.published:
                report.published, warning = hdr.published_of(line)
                if warning:
                    self.warn(warning)
            self.last_content = "header"
        elif not report.intro and not self.title_line and hdr.looks_like_title(line):
            self.title_line = line
            report.header.append(line)
            self.last_content = "header"
        else:
            if not report.intro:
                line, cut = hdr.cut_leading_leftovers(line)
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
            self.paragraph(heading.label + heading.rest)  # ① measures one per paragraph
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
        node = Node(
            id=node_id,
            label=heading.label,
            style=heading.style,
            ordinal=heading.ordinal,
            level=depth + 1,
            kind="heading",
            title="",
        )
        self.check_numbering(node, siblings[-1] if siblings else None)
        siblings.append(node)
        opened = _Open(node)
        self.stack.append((heading.style, opened))
        self.opened.append(opened)
        self.last_content = "node"
        if heading.rest:
            self.title_and_body(opened, heading.rest)
        else:
            opened.awaiting_title = True
            self.last_content = "heading"

    def title_and_body(self, opened: _Open, rest: str) -> None:
        """`(一)提高政治站位,增强整改自觉。厦门市委…`: the first sentence is the title."""
        opened.awaiting_title = False
        match = _SENTENCE.search(rest)
        title, body = (rest[: match.end()], rest[match.end() :].lstrip()) if match else (rest, "")
        opened.node.title = title
        self.last_content = "heading"
        if body:
            rect = _RECT.match(body)
            if rect and rect.group("sep") is not None:
                self.start_rectification(opened, rect, body)
            else:
                opened.text.append(body)
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
    def start_rectification(self, opened: _Open, match: re.Match, line: str) -> None:
        opened.node.rectification = Rectification(label=match.group("label"), sep=match.group("sep") or "", text="")
        rest = line[match.end() :].lstrip()
        if rest:
            opened.rect.append(rest)
            self.last_content = "node"
        else:
            self.last_content = "heading"

    def paragraph(self, line: str) -> None:
        opened = self.current
        if opened.awaiting_title:
            self.title_and_body(opened, line)
            return
        (opened.rect if opened.node.rectification is not None else opened.text).append(line)
        self.last_content = "node"

    def rect_line(self, match: re.Match, line: str) -> None:
        opened = self.current
        if opened.node.rectification is None and not opened.awaiting_title:
            self.start_rectification(opened, match, line)
        else:
            self.paragraph(line)

    # -- the end ----------------------------------------------------------------------------
    def finish(self, closing: list[str]) -> Report:
        report = self.report
        report.closing = closing
        if closing:
            self.last_content = "closing"
        for opened in self.opened:
            node = opened.node
            node.text = "\n".join(opened.text)
            if node.rectification is not None:
                node.rectification.text = "\n".join(opened.rect)
                node.rectification.measures = split_measures(node.rectification.text)
        assign_kinds(report)
        self.mark_truncation()
        if self.title_line:
            report.title = self.title_line
        else:
            report.title = hdr.derive_title(report.intro, report.origin)
            report.title_derived = True
        if not report.nodes:
            self.warn(
                "没有找到编号标题，全文作为导言 / no numbered headings found; the whole text is kept as the introduction"
            )
        return report

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
            if paragraphs and not ends_sentence(paragraphs[-1]):
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


def assign_kinds(report: Report) -> None:
    """part/section/group/problem by depth.

    The problem level is the (level, numbering style) that carries most rectifications, or,
    when none do, the deepest level under a heading about 问题. Other nodes on that level (a
    different style) and nodes below it are plain headings.
    """
    nodes = list(report.walk())
    counts: dict[tuple[int, str], int] = {}
    for node in nodes:
        if node.rectification is not None:
            counts[node.level, node.style] = counts.get((node.level, node.style), 0) + 1
    if counts:
        problem = max(counts, key=lambda key: (counts[key], key[0]))
    else:
        deepest = [child for node in nodes if "问题" in node.title and node.children for child in node.walk()]
        if not deepest:
            return
        level = max(child.level for child in deepest)
        problem = (level, next(child.style for child in deepest if child.level == level))
    level, style = problem
    above = level - 1
    names = {0: [], 1: ["section"], 2: ["section", "group"]}.get(above) or ["part", "section"] + ["group"] * (above - 2)
    for node in nodes:
        if node.level == level:
            node.kind = "problem" if node.style == style else "heading"
        elif node.level < level:
            node.kind = names[node.level - 1]


def parse_text(text: str, origin: str = "") -> Report:
    """Parse decoded report text (any line ends) into a Report."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.removeprefix("\ufeff")
    lines = []
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            continue
        tokens = hdr.leftover_line(line)
        if tokens is not None:
            lines.append(("leftover", tokens))
            continue
        heading = match_heading(line)
        if heading is not None:
            lines.append(("heading", heading))
            continue
        rect = _RECT.match(line)
        if rect and (rect.group("sep") is not None or rect.end() == len(line)):
            lines.append(("rect", (rect, line)))
        else:
            lines.append(("plain", line))
    closing_start = _closing_start(lines)
    builder = _Builder(origin)
    closing: list[str] = []
    for index, (kind, value) in enumerate(lines):
        if kind == "leftover":
            builder.report.leftovers.extend(value)
        elif kind == "heading":
            builder.heading(value)
        elif builder.current is None:
            if kind == "rect":
                builder.warn(
                    f"整改段落出现在任何编号标题之前，已归入导言 / a {value[0].group('label')} paragraph "
                    "comes before any numbered heading; it is kept in the introduction"
                )
            builder.header_line(value if kind == "plain" else value[1])
        elif index >= closing_start:
            closing.append(value if kind == "plain" else value[1])
        elif kind == "rect":
            builder.rect_line(*value)
        else:
            builder.paragraph(value)
    return builder.finish(closing)


def _closing_start(lines: list[tuple[str, object]]) -> int:
    """Index of the first closing paragraph (欢迎…监督, 联系电话…, 落款) after the last heading."""
    last_structure = -1
    for index, (kind, _) in enumerate(lines):
        if kind in ("heading", "rect"):
            last_structure = index
    if last_structure < 0:
        return len(lines)
    for index in range(last_structure + 1, len(lines)):
        kind, value = lines[index]
        if kind == "plain" and _CLOSING.match(value):
            return index
    return len(lines)
