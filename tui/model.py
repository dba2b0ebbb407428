"""The report model: plain dataclasses that know nothing of parsing, storage, search or Textual.

Everything the explorer, the search index, the YAML store and the exports show is read from
these classes, so they hold the source faithfully: every character of the source that is not a
recognised web-page leftover lands in exactly one authoritative field (see `Report.walk_text`).
Derived views (measures, the plain text used for search offsets) point into those fields
instead of copying them.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

#: 2: `title_from` replaced `title_derived`; `delivered`, `metadata` and `page` were added.
SCHEMA_VERSION = 2

#: Where a report's title came from, most trustworthy first.
TITLE_SOURCES = ("line", "page", "text", "file")


@dataclass
class Measure:
    """One enumerated measure of a rectification (一是… / ①…).

    `start`/`end` are offsets into `Rectification.text`; `text` is that slice without the label,
    kept for convenience (it is derived, never authoritative).
    """

    label: str  # as printed: "一是", "二是", "①"
    text: str  # the measure's own words, label excluded
    start: int  # offset of the label in Rectification.text
    end: int  # offset just past the measure in Rectification.text


@dataclass
class Rectification:
    """The 整改情况 / 整改进展 / 整改措施 / 整改成效 paragraph(s) that answer a problem.

    Some reports print no label: the paragraphs after a problem are its rectification all the
    same (`label` and `sep` are then "")."""

    label: str  # "整改情况" as printed, "" when the rectification has no label
    sep: str  # the punctuation after the label as printed (":", "：" or "")
    text: str  # everything after label+sep; paragraphs joined by "\n"
    measures: list[Measure] = field(default_factory=list)  # empty when not enumerated

    @property
    def lead(self) -> str:
        """Text before the first measure (a summary some reports put first)."""
        return self.text[: self.measures[0].start] if self.measures else self.text


@dataclass
class Node:
    """A numbered heading of the report (part, section, group, problem …) and what it owns."""

    id: str  # dotted ordinals from the root: problem (9) of the seed is "2.1.1.9"
    label: str  # as printed: "一、", "(一)", "（一）", "1.", "(9)", "①"
    style: str  # numbering style key, e.g. "cn-dun", "cn-paren", "arabic-dot", "arabic-paren", "circled"
    ordinal: int  # the number the label stands for (9 for "(9)")
    level: int  # depth from the root, 1 for top-level nodes
    kind: str  # role from position: "part", "section", "group", "problem" (or "heading")
    title: str  # the heading as printed, trailing punctuation included
    text: str = ""  # the node's own paragraphs after the title, joined by "\n"
    rectification: Rectification | None = None
    truncated: bool = False  # the source is cut off inside this node
    children: list[Node] = field(default_factory=list)

    def walk(self) -> Iterator[Node]:
        """This node and all its descendants, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def display_title(self) -> str:
        """The title without one trailing full stop, as it reads in a tree or a heading."""
        return self.title[:-1] if self.title.endswith(("。", ".", "．")) else self.title

    @property
    def heading(self) -> str:
        """Label and title as a reader names the node: `(9)打造“金砖国家…”尚未破题`."""
        return self.label + self.display_title

    def plain_fields(self) -> list[tuple[str, str]]:
        """The searchable fields in order: ("title", …), ("text", …), ("rectification", …).

        Empty fields are left out. `plain_text()` joins them with "\\n"; search offsets are
        offsets into that string, and `field_at()` maps them back to a field.
        """
        fields = [("title", self.title)]
        if self.text:
            fields.append(("text", self.text))
        if self.rectification is not None:
            fields.append(
                ("rectification", self.rectification.label + self.rectification.sep + self.rectification.text)
            )
        return fields

    def plain_text(self) -> str:
        return "\n".join(value for _, value in self.plain_fields())

    def field_offsets(self) -> dict[str, int]:
        """Where each field of `plain_fields()` starts in `plain_text()`."""
        offsets, position = {}, 0
        for name, value in self.plain_fields():
            offsets[name] = position
            position += len(value) + 1
        return offsets


@dataclass
class Report:
    """One report: header facts, the intro, the numbered outline and the closing."""

    title: str  # the title line(s), or one derived from the text when the source has none
    # Where the title came from: "line" (printed, lines joined), "page" (a saved web page's
    # title tag), "text" (derived from the introduction) or "file" (the file name, last resort).
    title_from: str = "line"
    source: str = ""  # the publishing body as printed after 来源
    published: str = ""  # ISO date, with time when given: "2022-02-22T09:00"
    # Where and when the report was delivered, from a meeting line (`——2023年11月28日在…会议上`)
    # without its dash, lines joined: not a publication date.
    delivered: str = ""
    origin: str = ""  # file name the report was read from
    sha256: str = ""  # of the source bytes
    # A 政务公开 block (索引号, 发布机构, 成文日期 …): key → value as printed. Its lines are in `header`.
    metadata: dict[str, str] = field(default_factory=dict)
    # What a saved web page says of itself in its meta tags (ArticleTitle, PubDate,
    # ContentSource, ColumnName, SiteName): name → content. Empty for other files.
    page: dict[str, str] = field(default_factory=dict)
    header: list[str] = field(default_factory=list)  # lines above the text as printed (title, 来源, meeting…)
    intro: list[str] = field(default_factory=list)  # paragraphs before the first heading
    nodes: list[Node] = field(default_factory=list)  # top-level nodes
    closing: list[str] = field(default_factory=list)  # paragraphs after the outline (落款, 联系方式…)
    truncated: bool = False  # the source is cut off
    warnings: list[str] = field(default_factory=list)  # numbering gaps, truncation, unplaced lines
    # Page furniture set aside (breadcrumbs, site names, font-size rows, footers …), as printed,
    # in the order met.
    leftovers: list[str] = field(default_factory=list)

    @property
    def title_derived(self) -> bool:
        """The source prints no title: it was derived from the text or the file name."""
        return self.title_from in ("text", "file")

    def walk(self) -> Iterator[Node]:
        """Every node in document order."""
        for node in self.nodes:
            yield from node.walk()

    @property
    def key(self) -> str:
        """The one key naming this report everywhere (search hits, the catalog, figures,
        citations, the explorer): its sha256, or a hash of its text when it was built by hand
        without one. Computed, never stored: it follows the text."""
        if self.sha256:
            return self.sha256
        digest = hashlib.sha256()
        for piece in self.walk_text():
            digest.update(piece.encode("utf-8"))
            digest.update(b"\0")
        return digest.hexdigest()

    def find(self, node_id: str) -> Node | None:
        for node in self.walk():
            if node.id == node_id:
                return node
        return None

    def ancestors(self, target: Node) -> list[Node]:
        """The nodes above `target`, outermost first ([] for a top-level node or a stranger)."""

        def path(nodes: list[Node], above: list[Node]) -> list[Node] | None:
            for node in nodes:
                if node is target:
                    return above
                found = path(node.children, [*above, node])
                if found is not None:
                    return found
            return None

        return path(self.nodes, []) or []

    def page_text(self) -> str:
        """The report's own page as search sees it: intro then closing paragraphs, joined by "\n".

        A search hit on the page (node id "") has its match offsets in this string.
        """
        return "\n".join([*self.intro, *self.closing])

    def problems(self) -> list[Node]:
        return [node for node in self.walk() if node.kind == "problem"]

    def walk_text(self) -> Iterator[str]:
        """Every authoritative string of the model in document order (the fidelity walk).

        Joined, with white space removed, this equals the source with its white space and
        recognised leftovers removed.
        """
        yield from self.header
        yield from self.intro
        for node in self.walk():
            yield node.label
            yield node.title
            yield node.text
            if node.rectification is not None:
                yield node.rectification.label
                yield node.rectification.sep
                yield node.rectification.text
        yield from self.closing


#: Between the steps of a breadcrumb.
CRUMB_SEPARATOR = " › "


def crumbs(ancestors: Sequence[Node], limit: int = 0) -> str:
    """Ancestors as `二、巡视反馈问题的整改情况 › (一)落实党的…`: each title cut to `limit`
    characters with "…" (0: whole). The one breadcrumb of pane, search hits and the CLI."""
    parts = []
    for node in ancestors:
        title = node.display_title
        if limit and len(title) > limit:
            title = title[: limit - 1] + "…"
        parts.append(node.label + title)
    return CRUMB_SEPARATOR.join(parts)


def label_key(label: str) -> str:
    """A label as typed or printed, compared loosely: `（9）` = `(9)`, `1、` = `1.` = `1`."""
    return unicodedata.normalize("NFKC", label).replace(" ", "").rstrip("、.")


def find_nodes(report: Report, wanted: str) -> list[Node]:
    """The node with dotted id `wanted`, else every node whose label is `wanted` (loosely)."""
    node = report.find(wanted)
    if node is not None:
        return [node]
    key = label_key(wanted)
    return [node for node in report.walk() if label_key(node.label) == key] if key else []
