"""The library: the reports to show, each known by a few cheap facts and loaded only when needed.

With 1,000 reports, parsing (1.5 ms each) or loading YAML (3 ms each) all of them before the
first screen would be a visible pause. A `Library` is an ordered list of `ReportRef`s — key
(sha256 of the source), title, origin, source, date and counts — and `load(ref)` reads the
report when it is opened, keeping the last few in an LRU. Every part of xunshi gets its reports
from a library: the command line, the search index, the explorer.

    library = open_library(files)        # tui.library.opening: [] → the bundled reports
    for ref in library: ref.title, ref.origin, ref.published, ref.key
    report = library.load(ref)           # or library.load(key); thread-safe, LRU-cached
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tui.library.keys import content_digest, reader_fingerprint
from tui.library.reading import read_ref
from tui.model import Report
from tui.parse import ReportError

LRU_SIZE = 32


@dataclass(frozen=True)
class ReportRef:
    """What the library knows of a report without loading it: enough to list it."""

    key: str  # sha256 of the source bytes: Hit.report, the key the app files nodes under
    title: str
    origin: str  # the source file name
    source: str = ""  # the publishing body
    published: str = ""  # ISO date (and time)
    title_derived: bool = False
    nodes: int = 0  # number of nodes in the outline
    problems: int = 0
    path: str = ""  # what load() reads: a data .yaml, or a report .txt
    seed: str = ""  # the seed .txt of a bundled report ("" for files named by the user)


def ref_for(report: Report, path: Path | str = "", seed: Path | str = "") -> ReportRef:
    """The ref of a report in hand; `path` is what `load` reads again (none: kept in memory)."""
    return ReportRef(
        key=report.key,
        title=report.title,
        origin=report.origin,
        source=report.source,
        published=report.published,
        title_derived=report.title_derived,
        nodes=sum(1 for _ in report.walk()),
        problems=len(report.problems()),
        path=str(path),
        seed=str(seed),
    )


class Library:
    """An ordered list of entries; `load()` gives the Report, kept in an LRU of `cache_size`."""

    def __init__(self, entries: list[ReportRef], loaded: dict[str, Report] | None = None, cache_size: int = LRU_SIZE):
        self.entries = list(entries)
        self._by_key: dict[str, ReportRef] = {}
        for entry in self.entries:
            self._by_key.setdefault(entry.key, entry)
        self._cache: OrderedDict[str, Report] = OrderedDict()
        self._cache_size = max(1, cache_size)
        self._lock = threading.Lock()
        self.loads = 0  # reports read from disk so far (for tests and status lines)
        for key, report in (loaded or {}).items():
            self._remember(key, report)

    @classmethod
    def from_reports(cls, reports: list[Report]) -> Library:
        """A library of reports already in memory (all kept: nothing to reload them from)."""
        entries = [ref_for(report) for report in reports]
        library = cls(entries, cache_size=max(LRU_SIZE, len(reports)))
        for entry, report in zip(entries, reports):
            library._remember(entry.key, report)
        return library

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[ReportRef]:
        return iter(self.entries)

    def __getitem__(self, index: int) -> ReportRef:
        return self.entries[index]

    def find(self, key: str) -> ReportRef | None:
        return self._by_key.get(key)

    def load(self, entry: ReportRef | str) -> Report:
        """The report of `entry` (or of a key); raises ReportError when its file cannot be read."""
        if isinstance(entry, str):
            found = self.find(entry)
            if found is None:
                raise ReportError(f"no report with key {entry[:12]} in this library")
            entry = found
        with self._lock:
            report = self._cache.get(entry.key)
            if report is not None:
                self._cache.move_to_end(entry.key)
                return report
        report = read_ref(entry.path, entry.seed, entry.key)
        with self._lock:
            self.loads += 1
            self._remember(entry.key, report)
        return report

    def load_all(self) -> list[Report]:
        """Every report, in order (the command line; call it from a worker in the explorer)."""
        return [self.load(entry) for entry in self.entries]

    def readable(self, progress: Callable[[int, int], None] | None = None) -> Iterator[tuple[ReportRef, Report]]:
        """(ref, report) for every report that can be read, in order; one that cannot is left
        out. `progress(done, total)` is called after each (for a view's progress line)."""
        for done, ref in enumerate(self.entries, 1):
            try:
                yield ref, self.load(ref)
            except (ReportError, OSError):
                pass
            if progress is not None:
                progress(done, len(self.entries))

    def stamp(self, entry: ReportRef) -> str:
        """A string that changes whenever `load(entry)` may give a different report, got
        without loading it: the key, the file's name, size and mtime, and the fingerprint of
        the code that reads files into reports. A report held in memory with no file behind it
        is stamped by its content. The search index keys its parts by this (1,000 stat calls,
        about 5 ms, instead of loading 1,000 reports)."""
        if not entry.path:
            with self._lock:
                report = self._cache.get(entry.key)
            return f"{entry.key} content {content_digest(report if report is not None else self.load(entry))}"
        try:
            info = Path(entry.path).stat()
            file = f"{info.st_size} {info.st_mtime_ns}"
        except OSError:
            file = "unreadable"
        return f"{entry.key} file {entry.path} {file} seed {entry.seed} reader {reader_fingerprint()}"

    def _remember(self, key: str, report: Report) -> None:
        self._cache[key] = report
        self._cache.move_to_end(key)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)


def well_typed(entry: ReportRef) -> bool:
    """Whether a ref read back from JSON has the right types (a hand-edited file may not)."""
    for name, spec in ReportRef.__dataclass_fields__.items():
        value = getattr(entry, name)
        wanted = {"str": str, "bool": bool, "int": int}[str(spec.type)]
        if not isinstance(value, wanted) or (wanted is int and isinstance(value, bool)):
            return False
    return bool(entry.key)
