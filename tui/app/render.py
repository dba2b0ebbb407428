"""Turn report nodes into Rich `Text` for the tree, the detail pane and the search results.

Pure functions (no Textual): every string from a report goes through the script converter and
`tui.text.safe.clean_map`, and is appended to `Text` as plain text, never parsed as markup. Offsets
into `Node.plain_text()` (search matches) are carried through both steps, so the same matches
highlight in every script.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from tui.analysis.marks import MARKS, STATUS_NAMES
from tui.i18n import _, n_
from tui.library.places import Place
from tui.model import Node, Report, crumbs
from tui.text.figures import figure_spans
from tui.text.safe import clean, clean_map
from tui.text.script import convert
from tui.text.titles import title_spans

if TYPE_CHECKING:  # the status rules load in a worker, after the first paint
    from tui.analysis.status import ProblemStatus

BREADCRUMB = Style(dim=True)
HEADING = Style(bold=True)
SUBHEAD = Style(bold=True)
MEASURE_LABEL = Style(bold=True)
FIGURE_STYLE = Style(bold=True)
CITATION_STYLE = Style(underline=True)
HIT = Style(reverse=True)
CURRENT_HIT = Style(reverse=True, bold=True, underline=True)  # the match n / N went to
NOTICE = Style(bold=True, italic=True)
MUTED = Style(dim=True)
#: The phrase that decided a status: underlined and italic (citations are only underlined).
EVIDENCE = Style(underline=True, italic=True)
STATUS_LINE = Style(bold=True)
#: Marks the tail of a tree label (measure count, cut-off mark) without changing its look: the
#: row stays one run of one style (bytes over SSH); the outline finds the tail by it.
LABEL_TAIL = Style(meta={"label-tail": True})


def shown(text: str, mode: str) -> str:
    """`text` as displayed: converted to the script, control characters removed."""
    return clean(convert(text, mode))


def node_heading(node: Node, mode: str) -> str:
    return shown(node.label, mode) + shown(node.display_title, mode)


def tree_label(node: Node, mode: str, status: str | None = None) -> Text:
    """`(9) 打造“金砖国家…”尚未破题 ·4项 ✓`; a cut-off node ends with `[截断]` (in the
    interface's language). `status`, a
    problem's status when it is known, adds its mark (MARKS: one cell, no colour needed)."""
    label = Text(node_heading(node, mode), no_wrap=True)
    if node.kind == "problem" and node.rectification is not None and node.rectification.measures:
        count = len(node.rectification.measures)
        label.append(n_(" ·{count} measure", " ·{count} measures", count).format(count=count), LABEL_TAIL)
    if node.truncated:
        label.append(" " + _("[cut off]"), LABEL_TAIL)
    if status is not None:
        label.append(" " + MARKS[status], LABEL_TAIL)
    return label


def status_name(status: str) -> str:
    """`✓ done`, in the interface's language."""
    return f"{MARKS[status]} {_(STATUS_NAMES[status])}"


def report_label(report: Report, mode: str, date: str = "") -> Text:
    """A report's item: its title (a cut-off report marked), and its date when several are shown."""
    label = report_label_from(report.title, date, mode)
    if report.truncated:
        label.append(" " + _("[cut off]"), LABEL_TAIL)
    return label


def report_label_from(title: str, date: str, mode: str) -> Text:
    """A report's item from what the catalog knows before the report is loaded."""
    label = Text(shown(title, mode), no_wrap=True)
    if date:
        label.append(" " + shown(date, "s"), LABEL_TAIL)
    return label


@dataclass
class _Piece:
    """A slice [start, end) of the cleaned plain text placed at `at` in the output."""

    start: int
    end: int
    at: int


class _Builder:
    """Appends slices of one node's plain text to a `Text`, then marks spans given in raw offsets."""

    def __init__(self, plain: str, mode: str) -> None:
        self.clean, self.mapping = clean_map(convert(plain, mode))
        self.text = Text()
        self.pieces: list[_Piece] = []

    def add(self, start: int, end: int, style: Style | None = None) -> None:
        """Append raw plain-text range [start, end)."""
        a, b = self.mapping[start], self.mapping[end]
        at = len(self.text)
        chunk = self.clean[a:b]
        self.text.append(chunk, style)
        self.pieces.append(_Piece(a, b, at))

    def decorate(self, text: str, style: Style | None = None) -> None:
        self.text.append(text, style)

    def mark(self, spans: Iterable[tuple[int, int]], style: Style) -> None:
        for start, end in spans:
            start = max(0, min(start, len(self.mapping) - 1))
            end = max(start, min(end, len(self.mapping) - 1))
            a, b = self.mapping[start], self.mapping[end]
            for piece in self.pieces:
                lo, hi = max(a, piece.start), min(b, piece.end)
                if lo < hi:
                    self.text.stylize(style, piece.at + lo - piece.start, piece.at + hi - piece.start)


def breadcrumb(ancestors: Sequence[Node], mode: str, limit: int = 10) -> str:
    """Ancestors as `二、巡视反馈问题的整改情况 › (一)落实党的…`, long titles shortened."""
    return shown(crumbs(ancestors, limit), mode)


def node_detail(
    node: Node,
    mode: str,
    matches: Sequence[tuple[int, int]] = (),
    report_truncated: bool = False,
    current: tuple[int, int] | None = None,
    status: ProblemStatus | None = None,
    plan: bool = False,
) -> Text:
    """The detail pane for `node`: heading, text, rectification with its measures.

    `matches` are offsets into `node.plain_text()`; they are shown reversed, and `current` (one
    of them) stands out further. Every character of
    the node's fields appears exactly once (after cleaning), so nothing of the source is lost.
    A problem's `status` (tui.analysis.status) adds a line under the heading — its mark, its
    name and the phrase that decided it — a mark before each measure, and the deciding phrases
    marked in the text (EVIDENCE); `plan` says the report is a plan.
    """
    fields = node.plain_fields()
    offsets = node.field_offsets()
    build = _Builder(node.plain_text(), mode)
    build.decorate(shown(node.label, mode), HEADING)
    title_end = len(node.title)
    build.add(0, title_end, HEADING)
    if status is not None:
        build.decorate("\n" + _status_line(status, mode, plan), STATUS_LINE)
    names = [name for name, _ in fields]
    if "text" in names:
        start = offsets["text"]
        build.decorate("\n\n")
        build.add(start, start + len(node.text))
    rect = node.rectification
    if rect is not None:
        start = offsets["rectification"]
        head = len(rect.label) + len(rect.sep)
        body = start + head
        build.decorate("\n\n")
        build.add(start, body, SUBHEAD)
        measures = rect.measures
        lead_end = measures[0].start if measures else len(rect.text)
        if lead_end:
            build.decorate("\n")
            build.add(body, body + lead_end)
        for index, measure in enumerate(measures):
            end = measures[index + 1].start if index + 1 < len(measures) else len(rect.text)
            label_end = min(measure.start + len(measure.label), end)
            build.decorate("\n")
            if status is not None and index < len(status.measures):
                # glued to the label: a space would let the line wrap after the mark
                build.decorate(MARKS[status.measures[index].status])  # plain: every style costs bytes
            build.add(body + measure.start, body + label_end, MEASURE_LABEL)
            build.add(body + label_end, body + end)
    if not fields[1:] and node.children:
        build.decorate("\n")
        for child in node.children:
            build.decorate("\n" + node_heading(child, mode), MUTED)
    if node.truncated or (report_truncated and not node.children and not rect):
        build.decorate("\n\n" + _("⚠ The source text is cut off here; what follows is missing."), NOTICE)
    plain = node.plain_text()
    build.mark(figure_spans(plain), FIGURE_STYLE)
    build.mark(((start, end) for start, end, depth in title_spans(plain) if depth == 0), CITATION_STYLE)
    if status is not None and rect is not None:
        build.mark(evidence_spans(node, status, measures=False), EVIDENCE)
    build.mark(matches, HIT)
    if current is not None:
        build.mark([current], CURRENT_HIT)
    return build.text


def _status_line(status: ProblemStatus, mode: str, plan: bool) -> str:
    line = status_name(status.status)
    if plan:
        line += " · " + _("the report is a plan")
    elif status.evidence is not None:
        line += " · «" + shown(status.evidence.phrase, mode) + "»"
    if status.whole is not None and status.whole != status.evidence:
        line += " · " + _("the report says «{words}»").format(words=shown(status.whole.phrase, mode))
    return line


def evidence_spans(node: Node, status: ProblemStatus, measures: bool = True) -> list[tuple[int, int]]:
    """The phrases that decided the problem's status (and, with `measures`, its measures'), as
    offsets into `node.plain_text()`. The pane marks the problem's only: a mark on every
    measure's phrase costs bytes on every move, and the measures' marks say the rest."""
    rect = node.rectification
    if rect is None:
        return []
    body = node.field_offsets()["rectification"] + len(rect.label) + len(rect.sep)
    spans = []
    for evidence in (status.evidence, status.whole):
        if evidence is not None:
            spans.append((body + evidence.start, body + evidence.end))
    for measure, result in zip(rect.measures, status.measures if measures else []):
        if result.evidence is not None:
            base = body + measure.start + len(measure.label)
            spans.append((base + result.evidence.start, base + result.evidence.end))
    return sorted(set(spans))


def page_spans(report: Report, spans: Iterable[tuple[int, int]]) -> list[tuple[str, int, int, int]]:
    """Offsets into `report.page_text()` (a search hit on the page) as (part, paragraph, start, end).

    A span that runs over a paragraph break is split at it; the break itself is never marked.
    """
    places, at = [], 0
    for part, paragraphs in (("intro", report.intro), ("closing", report.closing)):
        for index, paragraph in enumerate(paragraphs):
            places.append((part, index, at, at + len(paragraph)))
            at += len(paragraph) + 1
    marks = []
    for start, end in spans:
        for part, index, first, last in places:
            lo, hi = max(start, first), min(end, last)
            if lo < hi:
                marks.append((part, index, lo - first, hi - first))
    return marks


def report_detail(
    report: Report,
    mode: str,
    marks: Sequence[tuple[str, int, int, int]] = (),
    matches: Sequence[tuple[int, int]] = (),
    current: tuple[int, int] | None = None,
) -> Text:
    """The pane for a report itself: title, source and date, intro, closing, notices.

    `marks` are (part, paragraph, start, end): offsets into `report.intro[paragraph]` or
    `report.closing[paragraph]` (a cited title found there), shown like the current match.
    `matches` (search hits) and `current` (the one n / N went to) are offsets into
    `report.page_text()`, marked like a node's matches.
    """
    styled = [(mark, HIT) for mark in page_spans(report, matches)]
    if current is not None:
        styled += [(mark, CURRENT_HIT) for mark in page_spans(report, [current])]
    styled += [(mark, CURRENT_HIT) for mark in marks]
    text = Text()
    text.append(shown(report.title, mode), HEADING)
    facts = [fact for fact in (report.source, report.published.replace("T", " ")) if fact]
    if facts:
        text.append("\n" + shown(" · ".join(facts), mode), BREADCRUMB)
    if report.delivered:
        text.append("\n" + _("Delivered: {where}").format(where=shown(report.delivered, mode)), BREADCRUMB)
    for name, value in report.metadata.items():  # the 政务公开 block: 索引号, 发布机构, 成文日期 …
        text.append("\n" + shown(f"{name}：{value}", mode), BREADCRUMB)
    spans: list[tuple[int, int, Style]] = []
    for part, paragraphs in (("intro", report.intro), ("closing", report.closing)):
        for index, paragraph in enumerate(paragraphs):
            text.append("\n\n")
            at = len(text)
            cleaned, mapping = clean_map(convert(paragraph, mode))
            text.append(cleaned)
            for start, end, style in _marks(paragraph):
                spans.append((at + mapping[start], at + mapping[end], style))
            for (where, number, start, end), style in styled:
                if (where, number) == (part, index) and 0 <= start < end <= len(paragraph):
                    spans.append((at + mapping[start], at + mapping[end], style))
    nodes, problems = sum(1 for _node in report.walk()), len(report.problems())
    text.append(
        "\n\n" + _("{nodes} headings, {problems} of them problems.").format(nodes=nodes, problems=problems), MUTED
    )
    if report.truncated:
        text.append("\n\n" + _("⚠ The source text is incomplete: it is cut off at the end."), NOTICE)
    for start, end, style in spans:
        text.stylize(style, start, end)
    return text


def _marks(text: str) -> list[tuple[int, int, Style]]:
    """Figures (bold) and cited titles (underlined) in `text`, by the one rule of each."""
    marks = [(start, end, FIGURE_STYLE) for start, end in figure_spans(text)]
    marks += [(start, end, CITATION_STYLE) for start, end, depth in title_spans(text) if depth == 0]
    return marks


def snippet_text(snippet: str, spans: Iterable[tuple[int, int]], mode: str, lead: int = 6) -> Text:
    """A search snippet with its hit spans reversed, cut to start `lead` characters before the first.

    Result lines are one row high, so the first hit must come early to be seen.
    """
    cleaned, mapping = clean_map(convert(snippet, mode).replace("\n", " "))
    marks = []
    for start, end in spans:
        start = max(0, min(start, len(mapping) - 1))
        end = max(start, min(end, len(mapping) - 1))
        if mapping[start] < mapping[end]:
            marks.append((mapping[start], mapping[end]))
    cut = max(0, min((a for a, _ in marks), default=0) - lead)
    prefix = "…" if cut and cleaned[cut - 1] != "…" else ""
    text = Text(prefix + cleaned[cut:], no_wrap=True, overflow="ellipsis")
    for a, b in marks:
        if b > cut:
            text.stylize(HIT, len(prefix) + max(a, cut) - cut, len(prefix) + b - cut)
    return text


def report_name(report) -> str:
    """A short name telling reports apart: the file name without suffix, else the title."""
    return PurePath(report.origin).stem if report.origin else report.title


def cut(text: Text, room: int) -> Text:
    """`text` cut to `room` cells at a character, ending with "…" (no space before it, even
    when a wide character would not fit)."""
    if text.cell_len <= room:
        return text
    kept, used = 0, 0
    for char in text.plain:
        width = cell_len(char)
        if used + width > room - 1:
            break
        kept, used = kept + 1, used + width
    head = text[:kept]
    head.append("…")
    return head


def source_line(place: Place, piece: str = "") -> str:
    """Where a quote is from, to paste under it: `——摘自《厦门市巡视整改进展情况》（厦门市人民政府
    门户网站，2022-02-22），(9)` (the piece, e.g. 一是, after the label)."""
    report = place.report
    facts = [fact for fact in (report.source, report.published[:10]) if fact]
    where = place.node.label + piece if place.node is not None else ""
    return _("——From “{title}”{facts}{where}").format(
        title=report.title,
        facts=_(" ({facts})").format(facts=_(", ").join(facts)) if facts else "",
        where=_(", {label}").format(label=where) if where else "",
    )


def copy_text(place: Place, mode: str) -> str:
    """The whole place as a reader quotes it: heading and text, then its source line."""
    if place.node is None:
        body = "\n".join([place.report.title, *place.report.intro, *place.report.closing])
    else:
        body = place.node.label + place.node.plain_text()
    return shown(body, mode) + "\n" + shown(source_line(place), mode)


def copy_pieces(place: Place, mode: str) -> list[tuple[str, str]]:
    """(what it is, the text to copy) for the heading and each measure of a place."""
    node = place.node
    if node is None:
        return [(_("Title"), shown(place.report.title + "\n" + source_line(place), mode))]
    pieces = [(_("Heading: {heading}").format(heading=node_heading(node, mode)),
               shown(node.heading + "\n" + source_line(place), mode))]  # fmt: skip
    rect = node.rectification
    for measure in rect.measures if rect is not None else []:
        words = measure.label + measure.text
        pieces.append((shown(words, mode), shown(words + "\n" + source_line(place, measure.label), mode)))
    return pieces
