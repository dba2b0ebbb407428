"""Every place the explorer can show, in reading order, built report by report as they are needed.

The reports come as a `tui.library.Library`: a cheap list of entries (key, title, origin,
date) and `load(entry)` on demand. With 1,000 reports only what the first screen needs is loaded;
a report's places (`Place`) are built the first time anything asks for them (its tree root is
expanded or selected, a search hit or a figure points into it). The tree, the palette, `[`/`]`
and search hits all look places up here instead of walking the reports again.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from tui.library.library import Library, ReportRef
from tui.model import Node, Report


@dataclass(frozen=True, eq=False)
class Place:
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


def as_library(reports) -> Library:
    """A Library as given, or one over a list of reports already in memory."""
    if isinstance(reports, Library):
        return reports
    return Library.from_reports(list(reports))


class Places:
    """The places of the reports loaded so far, in reading order; `load(key)` adds a report's."""

    def __init__(self, reports) -> None:
        self.library = as_library(reports)
        self.roots: list[ReportRef] = list(self.library.entries)
        self._order = {root.key: index for index, root in reversed(list(enumerate(self.roots)))}
        self._loaded: dict[str, list[Place]] = {}
        self._by_key: dict[tuple[str, str | None], Place] = {}
        self._lock = threading.RLock()
        self._entries: list[Place] | None = None

    def __len__(self) -> int:
        return len(self.roots)

    def is_loaded(self, key: str) -> bool:
        return key in self._loaded

    def load(self, key: str) -> list[Place]:
        """The places of report `key` (its own page first), loading the report the first time.

        Raises tui.parse.ReportError when the report's file cannot be read (or KeyError for an
        unknown key)."""
        with self._lock:
            found = self._loaded.get(key)
            if found is not None:
                return found
            root = self.roots[self._order[key]]
            report = self.library.load(root)
            entries = [Place(report, key, None)]
            for node in report.nodes:
                self._walk(entries, report, key, node, ())
            for entry in entries:
                self._by_key.setdefault((key, entry.node_id), entry)
            self._loaded[key] = entries
            self._entries = None
            return entries

    def _walk(self, out: list[Place], report: Report, key: str, node: Node, ancestors: tuple[Node, ...]) -> None:
        out.append(Place(report, key, node, ancestors))
        for child in node.children:
            self._walk(out, report, key, child, ancestors + (node,))

    @property
    def entries(self) -> list[Place]:
        """The places of every loaded report, in reading order."""
        with self._lock:
            if self._entries is None:
                self._entries = [
                    entry for root in self.roots if root.key in self._loaded for entry in self._loaded[root.key]
                ]
            return self._entries

    def first(self) -> Place | None:
        """The first report's own page (loading it)."""
        return self.load(self.roots[0].key)[0] if self.roots else None

    def find(self, key: str | None, node_id: str | None) -> Place | None:
        """The place `node_id` (None: the report's page) of report `key`, loading the report."""
        if key is None or key not in self._order:
            return None
        if key not in self._loaded:
            try:
                self.load(key)
            except (ValueError, OSError):  # ReportError is a ValueError: the place cannot be shown
                return None
        return self._by_key.get((key, node_id))

    def report_of(self, key: str) -> ReportRef | None:
        index = self._order.get(key)
        return self.roots[index] if index is not None else None

    def index(self, entry: Place) -> int:
        return self.entries.index(entry)

    def problems(self, key: str) -> list[Place]:
        """The problems of report `key`, in reading order."""
        return [entry for entry in self.load(key) if entry.is_problem]

    def next_key(self, key: str, step: int) -> str:
        """The report after (step 1) or before (-1) report `key`, wrapping around."""
        return self.roots[(self._order[key] + step) % len(self.roots)].key

    def reports(self, progress=None) -> list[tuple[str, Report]]:
        """(key, report) for every report, loading each through the source (thread-safe: for a
        worker; the places are not built, so nothing the UI thread reads changes).

        `progress(done, total)` is called after each report."""
        pairs = []
        for done, root in enumerate(self.roots, 1):
            loaded = self._loaded.get(root.key)
            try:
                pairs.append((root.key, loaded[0].report if loaded else self.library.load(root)))
            except (ValueError, OSError):  # ReportError is a ValueError: a report that cannot be read is left out
                pass
            if progress is not None:
                progress(done, len(self.roots))
        return pairs
