"""Every place the explorer can show, in reading order, with what each needs to be drawn.

Built once from the reports; the tree, the palette, `[`/`]` and search hits all look nodes up
here instead of walking the reports again.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.catalog import report_key as _search_key
from tui.model import Node, Report


def report_key(report: Report, index: int) -> str:
    """The key search hits use for a report: its sha256, or (hand-made, or a data file without
    one) the same hash of its text the search index uses, so hits find their entries."""
    return _search_key(report)


@dataclass(frozen=True, eq=False)
class Entry:
    """One showable place: a report's own page (`node` is None) or one of its nodes."""

    report: Report
    key: str  # report key
    node: Node | None
    ancestors: tuple[Node, ...] = ()

    @property
    def node_id(self) -> str | None:
        return self.node.id if self.node is not None else None

    @property
    def is_problem(self) -> bool:
        return self.node is not None and self.node.kind == "problem"


@dataclass(frozen=True)
class Pin:
    """A place to show marked: a figure or a cited title the reader jumped to from a view.

    `spans` are offsets into the node's `plain_text()`; on a report's own page (`node_id` None)
    they are offsets into paragraph `paragraph` of its `part` ("intro" or "closing").
    """

    key: str
    node_id: str | None
    spans: tuple[tuple[int, int], ...]
    part: str = "node"
    paragraph: int = 0


class Catalogue:
    def __init__(self, reports: list[Report]) -> None:
        self.reports = reports
        self.entries: list[Entry] = []
        self._by_key: dict[tuple[str, str | None], Entry] = {}
        for index, report in enumerate(reports):
            key = report_key(report, index)
            self._add(Entry(report, key, None))
            for node in report.nodes:
                self._walk(report, key, node, ())

    def _walk(self, report: Report, key: str, node: Node, ancestors: tuple[Node, ...]) -> None:
        self._add(Entry(report, key, node, ancestors))
        for child in node.children:
            self._walk(report, key, child, ancestors + (node,))

    def _add(self, entry: Entry) -> None:
        self.entries.append(entry)
        self._by_key.setdefault((entry.key, entry.node_id), entry)

    def keyed_reports(self) -> list[tuple[str, Report]]:
        """(key, report) for every report, in order."""
        return [(entry.key, entry.report) for entry in self.entries if entry.node is None]

    def find(self, key: str | None, node_id: str | None) -> Entry | None:
        if key is None:
            return None
        return self._by_key.get((key, node_id))

    def index(self, entry: Entry) -> int:
        return self.entries.index(entry)

    def problems(self) -> list[Entry]:
        return [entry for entry in self.entries if entry.is_problem]
