"""Every document a report cites by its 《…》 title: where, how often, in which reports.

What a title is, nested ones included, is `tui.text.titles`: the outer title is one citation (its
inner marks kept as printed) and each inner title is a citation of its own, with `depth` 1.

Places in nodes carry offsets into `node.plain_text()` (brackets included) so a view can jump
and highlight; places in the intro or closing carry the paragraph index and offsets into it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.analysis import natural_id
from tui.model import Report
from tui.text.script import finder
from tui.text.titles import title_spans


@dataclass
class Place:
    """One citation of a title."""

    report: str  # the report's key (sha256)
    node_id: str  # "" when in the intro or closing
    start: int  # offset of 《 in node.plain_text() (or in the paragraph)
    end: int  # just past 》
    part: str = "node"  # "node", "intro" or "closing"
    paragraph: int = 0  # index into Report.intro / Report.closing when part is not "node"
    depth: int = 0  # 0 for an outermost title, 1 for a title cited inside another one

    def as_dict(self) -> dict:
        return {
            "report": self.report,
            "node_id": self.node_id,
            "part": self.part,
            "paragraph": self.paragraph,
            "start": self.start,
            "end": self.end,
            "depth": self.depth,
        }


@dataclass
class Citation:
    """A cited title and every place it is cited, in document order."""

    title: str  # as first printed, without the outer 《》
    places: list[Place] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.places)

    @property
    def reports(self) -> list[str]:
        """The keys of the reports citing it, in order of first citation."""
        return list(dict.fromkeys(place.report for place in self.places))

    def as_dict(self) -> dict:
        return {
            "title": self.title,
            "count": self.count,
            "reports": self.reports,
            "places": [place.as_dict() for place in self.places],
        }


def extract_citations(reports: list[Report]) -> list[Citation]:
    """The cited titles of `reports`, most cited first, then in order of first citation."""
    by_title: dict[str, Citation] = {}
    for report in reports:
        key = report.key
        for text, place in _texts(report, key):
            for start, end, depth in title_spans(text):
                printed = text[start + 1 : end - 1]
                citation = by_title.setdefault(_normal(printed), Citation(title=printed))
                citation.places.append(
                    Place(key, place["node_id"], start, end, place["part"], place["paragraph"], depth)
                )
    return sorted(by_title.values(), key=lambda citation: -citation.count)


def _texts(report: Report, key: str):
    """(text, where) for every paragraph that can cite: intro, each node's plain text, closing."""
    for index, paragraph in enumerate(report.intro):
        yield paragraph, {"node_id": "", "part": "intro", "paragraph": index}
    for node in report.walk():
        yield node.plain_text(), {"node_id": node.id, "part": "node", "paragraph": 0}
    for index, paragraph in enumerate(report.closing):
        yield paragraph, {"node_id": "", "part": "closing", "paragraph": index}


def _normal(title: str) -> str:
    """The grouping key: white space does not make a different document."""
    return "".join(title.split())


SORT_KEYS = ("count", "title", "reports", "document")


def sort_citations(citations: list[Citation], key: str = "count", reverse: bool = False) -> list[Citation]:
    """A new list sorted by `key` (one of SORT_KEYS). "count" and "reports" put the most first."""
    if key not in SORT_KEYS:
        raise ValueError(f"unknown sort key {key!r}: choose one of {', '.join(SORT_KEYS)}")
    order: dict[str, int] = {}
    for citation in citations:
        for place in citation.places:
            order.setdefault(place.report, len(order))
    keys = {
        "count": lambda c: -c.count,
        "title": lambda c: c.title,
        "reports": lambda c: -len(c.reports),
        "document": lambda c: _first(c, order),
    }
    return sorted(citations, key=keys[key], reverse=reverse)


def _first(citation: Citation, order: dict[str, int]) -> tuple:
    part_rank = {"intro": 0, "node": 1, "closing": 2}
    return min(
        (order[p.report], part_rank.get(p.part, 1), natural_id(p.node_id) if p.node_id else (), p.paragraph, p.start)
        for p in citation.places
    )


def filter_citations(citations: list[Citation], text: str | None = None, report: str | None = None) -> list[Citation]:
    """Citations whose title contains `text` (Traditional folded to Simplified) and, when
    `report` is given, only their places in that report."""
    result = citations
    if text:
        found = finder(text)
        result = [c for c in result if found(c.title)]
    if report:
        narrowed = []
        for citation in result:
            places = [place for place in citation.places if place.report == report]
            if places:
                narrowed.append(Citation(citation.title, places))
        result = narrowed
    return result
