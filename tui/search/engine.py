"""SearchEngine: the one object the explorer and `xunshi search` ask for hits.

Open it once (blocking; the app does it in a worker thread), then call `search()` from any
thread. A query is folded to Simplified (the index holds the Simplified source), parsed by hand
(`query`), given its pinyin readings when it looks like pinyin (`pinyin`), looked up in Whoosh
for candidates, confirmed and located on the node's text (`spans`), and cached.

Many reports: the engine takes a list of reports or a `tui.library.Library`. With a
catalog, `open()` loads no report when the cached index is current (its doc table holds what
hits need; `tui.search.docs`), and only the reports it must index otherwise, in the caller's
worker thread, never at construction. Every
hit names its report (`Hit.report`, the sha256 key); `report_info(key)` gives the report's
title, origin and date for a hit line, and `search(..., report=key)` limits a search to one
report. The on-disk index is updated one report at a time (`tui.search.index`): `changed`
says which reports `open()` had to index.
"""

from __future__ import annotations

import heapq
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from math import floor
from pathlib import Path
from typing import Any

from whoosh.query import And, Term

from tui.library.paths import cache_dir
from tui.model import Node, Report
from tui.text.script import to_simplified

from . import budget
from .analyzer import HAN_RUN
from .collect import PostingLists
from .docs import memory_part_key
from .index import Doc, OpenedIndex, Part, docs_of, in_memory, open_or_build, part_key, report_docs
from .pinyin import PinyinLexicon, expand
from .pinyin import warm as warm_pinyin
from .query import candidates, candidates_are_exact, parse, title_candidates
from .scoring import MemoryLengthBM25
from .spans import find_spans, matcher, snippet, title_counter

RESULT_CACHE_SIZE = 256


@dataclass(frozen=True)
class Hit:
    """One matching node, or the report's own page (`node_id` ""). `matches` are offsets into
    `node.plain_text()` (into `report.page_text()` for the page); `snippet_spans` into `snippet`."""

    report: str  # the report's key (its sha256)
    node_id: str  # "" for the report's page (its intro and closing): label "", title the report's
    label: str
    title: str
    breadcrumb: str
    score: float
    snippet: str
    snippet_spans: list[tuple[int, int]] = field(default_factory=list)
    matches: list[tuple[int, int]] = field(default_factory=list)


@dataclass(frozen=True)
class ReportInfo:
    """What a hit line needs to name its report."""

    key: str  # the report's key (its sha256), as in Hit.report
    title: str
    origin: str  # file name the report was read from
    published: str = ""
    source: str = ""


@dataclass(frozen=True)
class SearchResult:
    query: str  # as given
    hits: list[Hit]  # best first, at most `limit`
    total: int  # how many nodes match in all (at least this many when `estimated`)
    hint: str | None = None  # a short message about the query (bad syntax, empty, cut short)
    #: True when the query was so common that only a share of its candidates was ranked
    #: (`tui.search.budget`): `total` is then a lower bound ("≥ total") and the hits are the
    #: best of that share, title matches first. False for every ordinary query.
    estimated: bool = False

    @property
    def nothing_searched(self) -> bool:
        """True when the query named nothing to look for (only junk or exclusions)."""
        return parse(self.query).tree is None


class SearchEngine:
    """Full-text search over the nodes of some reports.

    `cache_dir` is the cache root (default: `tui.library.paths.cache_dir()`); indexes live in its
    `index/<key>/` folders. `in_memory=True` never touches the disk.
    """

    def __init__(self, reports, cache_dir: Path | None = None, *, in_memory: bool = False):
        """`reports`: a list of Report, or a Library (loaded in `open()`)."""
        if hasattr(reports, "entries") and hasattr(reports, "load"):
            self._catalog, self._reports = reports, None
        else:
            self._catalog, self._reports = None, list(reports)
        self._cache_dir = cache_dir
        self._in_memory = in_memory
        self._open_lock = threading.Lock()
        self._search_lock = threading.Lock()
        self._cache_lock = threading.Lock()
        self._results: OrderedDict[tuple, SearchResult] = OrderedDict()
        self._opened: OpenedIndex | None = None
        self._docs: list[Doc] = []
        self._parts: list[Part] = []
        self._info: dict[str, ReportInfo] = {}
        self._by_docnum: list[int] = []
        self._searcher: Any = None  # a whoosh Searcher once open
        self._postings_cache: Any = None  # its PostingLists (tui.search.collect), kept across queries
        self._lexicon: PinyinLexicon | None = None
        self._files: tuple | None = None  # the on-disk index files as opened (see _fingerprint)

    # -- opening ---------------------------------------------------------------------------

    @property
    def reports(self) -> list[Report]:
        """The reports searched (with a catalog: every one loaded now; prefer `report_info`)."""
        return self._reports if self._reports is not None else self._catalog.load_all()

    @property
    def is_open(self) -> bool:
        return self._searcher is not None

    @property
    def where(self) -> str | None:
        """ "disk" or "memory" once open."""
        return self._opened.where if self._opened else None

    @property
    def note(self) -> str | None:
        """Why the index is in memory when the cache could not be written, else None."""
        return self._opened.note if self._opened else None

    @property
    def index_path(self) -> Path | None:
        return self._opened.path if self._opened else None

    @property
    def changed(self) -> list[str]:
        """Keys of the reports whose nodes `open()` indexed ([] when the cache was current)."""
        change = self._opened.change if self._opened else None
        return list(change.added) if change else []

    @property
    def change(self):
        """`tui.search.index.Change` of the last open (added, removed, base), or None."""
        return self._opened.change if self._opened else None

    def report_info(self, key: str) -> ReportInfo | None:
        """Title, origin and date of the report a hit belongs to."""
        if not self._info:
            if self._reports is not None:
                self._info = {
                    r.key: ReportInfo(r.key, r.title, r.origin, r.published, r.source) for r in reversed(self._reports)
                }
            else:
                self._info = {
                    e.key: ReportInfo(e.key, e.title, e.origin, e.published, e.source)
                    for e in reversed(self._catalog.entries)
                }
        return self._info.get(key)

    def open(self, progress: Callable[[int, int], None] | None = None) -> None:
        """Open the cached index or build it (progress(done, total) is called while building)."""
        with self._open_lock:
            if self._searcher is not None:
                return
            parts, fill = self._part_specs()
            base = None if self._in_memory else self._base_dir()
            opened = open_or_build(parts, base, progress, fill)
            try:
                self._attach(opened, parts)
            except Exception:  # a cache that opened but cannot be read: rebuild in memory
                opened = in_memory(
                    parts, progress, "search index rebuilt in memory: the cached one was unreadable", opened.change
                )
                self._attach(opened, parts)

    def _part_specs(self) -> tuple[list[Part], Callable[[list[Part]], None]]:
        """One part a report, keyed without loading it, and how to load the docs of some parts.

        Reports in a list are keyed by content (one given twice is indexed once); catalog
        entries by `Library.stamp` (a report key listed twice is indexed once)."""
        sources: dict[str, object] = {}
        parts: list[Part] = []
        if self._reports is not None:
            for report in self._reports:
                key = memory_part_key(report)
                if key not in sources:
                    sources[key] = report
                    parts.append(Part(key, report.key))
        else:
            seen: set[str] = set()
            for entry in self._catalog.entries:
                if entry.key in seen:
                    continue
                seen.add(entry.key)
                key = part_key(entry.key, self._catalog.stamp(entry))
                sources[key] = entry
                parts.append(Part(key, entry.key))

        def fill(needed: list[Part]) -> None:
            for part in needed:
                source = sources[part.key]
                report = source if isinstance(source, Report) else self._catalog.load(source)
                part.docs = report_docs(report, part.report)

        return parts, fill

    def _base_dir(self) -> Path:
        if self._cache_dir is not None:
            return Path(self._cache_dir) / "index"
        return cache_dir() / "index"

    def _attach(self, opened: OpenedIndex, parts: list[Part]) -> None:
        docs = [doc for part in parts for doc in docs_of(part)]
        start, position = {}, 0
        for part in parts:
            start[part.key] = position
            position += len(docs_of(part))
        weighting = MemoryLengthBM25()
        searcher = opened.index.searcher(weighting=weighting)
        docnums = opened.docnums or []
        try:
            if len(docnums) != searcher.doc_count_all():
                raise ValueError("the doc table does not match the index")
            # docnum → position in `docs` (document order across the reports); -1: deleted
            by_docnum = [-1 if item is None else start[item[0]] + item[1] for item in docnums]
            live = sorted(ref for ref in by_docnum if ref >= 0)
            if live != list(range(len(docs))):
                raise ValueError("index does not match the reports")
            weighting.set_lengths(
                {
                    "content": [len(docs[ref].folded) if ref >= 0 else 0 for ref in by_docnum],
                    "title": [docs[ref].title_end if ref >= 0 else 0 for ref in by_docnum],
                }
            )
            if docs:  # read some postings now, so a damaged file shows here and not mid-search
                searcher.doc_frequency("content", docs[0].folded[:1] or " ")
                next(iter(searcher.reader().lexicon("content")), None)
        except Exception:
            searcher.close()
            raise
        old = self._searcher
        self._opened, self._docs, self._parts = opened, docs, parts
        self._by_docnum, self._searcher = by_docnum, searcher
        self._postings_cache = PostingLists(searcher, weighting.norms(), weighting.K1)
        self._lexicon = None
        self._files = _fingerprint(opened.path)
        if old is not None:
            old.close()

    def close(self) -> None:
        with self._open_lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None

    # -- searching -------------------------------------------------------------------------

    def search(self, query: str, limit: int = 50, report: str | None = None) -> SearchResult:
        """Ranked hits for `query` (see `tui.search.query` for the syntax); never raises on input."""
        if self._searcher is None:
            self.open()
        query = query if isinstance(query, str) else ""
        key = (query, limit, report)
        with self._cache_lock:
            cached = self._results.get(key)
            if cached is not None:
                self._results.move_to_end(key)
                return cached
        result = self._search(query, limit, report)
        with self._cache_lock:
            self._results[key] = result
            while len(self._results) > RESULT_CACHE_SIZE:
                self._results.popitem(last=False)
        return result

    def _search(self, query: str, limit: int, report: str | None) -> SearchResult:
        text = query
        if HAN_RUN.search(text):
            text = to_simplified(text)
        parsed = parse(text)
        hint = " ".join(parsed.hints) or None
        if parsed.tree is None:
            return SearchResult(query, [], 0, hint)
        tree = parsed.tree
        expand(tree, self._occurs, self._pinyin_lexicon)
        scored, in_title, cut = self._candidates(tree, report)
        docs, by_docnum = self._docs, self._by_docnum
        if candidates_are_exact(tree):  # one- and two-character words: the index is the answer
            confirmed = [(by_docnum[docnum], score, docnum in in_title) for docnum, score in scored]
        else:
            check = matcher(tree)
            confirmed = [
                (by_docnum[docnum], score, docnum in in_title)
                for docnum, score in scored
                if check(docs[by_docnum[docnum]])
            ]
        # Title matches first: each searched word found in the title lifts a node above every
        # node with fewer, by adding the best Whoosh score (so the scores shown stay in order).
        top = max((score for _, score, _ in confirmed), default=0.0)
        tier = title_counter(tree)
        totals = [(score + (tier(docs[ref]) * top if maybe else 0.0), ref) for ref, score, maybe in confirmed]
        # Ties in document order (scores equal to 1e-9): (rounded score, position, score), compared
        # as tuples (the positions differ, so the scores themselves are never compared). Only the
        # first `limit` are ranked in full: a common word matches 19,000 nodes at 1,000 reports.
        ranked = [(-floor(score * 1e9 + 0.5), ref, score) for score, ref in totals]
        limit = max(0, limit)
        top_ranked = heapq.nsmallest(limit, ranked) if limit < len(ranked) else sorted(ranked)
        hits = [self._hit(docs[ref], score, tree) for _, ref, score in top_ranked]
        return SearchResult(query, hits, len(confirmed), hint, estimated=cut)

    def _candidates(self, tree, report: str | None) -> tuple[list[tuple[int, float]], set[int], bool]:
        """(docnum, score) of the candidates, the docnums whose title may match, and whether the
        candidates were cut short (a very common query: see `tui.search.budget`)."""
        if self._files is not None and self._opened is not None and _fingerprint(self._opened.path) != self._files:
            self._rebuild_in_memory()  # a finished index never changes: its files were damaged under us
        for attempt in (1, 2):
            try:
                with self._search_lock:
                    return self._collect(tree, report)
            except Exception:
                if attempt == 2:
                    raise
                self._rebuild_in_memory()
        return [], set(), False

    def _collect(self, tree, report: str | None) -> tuple[list[tuple[int, float]], set[int], bool]:
        searcher, lists, by_docnum = self._searcher, self._postings_cache, self._by_docnum
        rarity = searcher.doc_frequency
        query = candidates(tree, lambda term: rarity("content", term))
        title_query = title_candidates(tree, lambda term: rarity("title", term))
        in_title = {d for d in lists.matching(title_query) if by_docnum[d] >= 0} if title_query else set()
        matched = lists.matching(query)
        bounded = query
        if report:  # the report's own few documents; adds no score
            matched.intersection_update(lists.get("report", report))
            bounded = And([query, Term("report", report, boost=0.0)])
        live = sorted(docnum for docnum in matched if by_docnum[docnum] >= 0)
        documents = searcher.doc_count_all()
        cut = False
        if budget.upper_bound(bounded, rarity, documents) > budget.COMMON_CANDIDATES:
            chosen, cut = budget.share(live, lists.segments(), budget.BUDGET_CANDIDATES, documents)
            if cut and title_query is not None and 0 < len(in_title) <= budget.TITLE_COMPLETION:
                # Title matches rank first: score every one, not only those in the share.
                seen = set(chosen)
                chosen += [docnum for docnum in live if docnum in in_title and docnum not in seen]
            live = chosen
        return list(lists.scores(query, live).items()), in_title, cut

    def _rebuild_in_memory(self) -> None:
        """The on-disk index failed mid-session (damaged under us): carry on from memory."""
        with self._open_lock:
            opened = in_memory(self._parts, note="search index rebuilt in memory: the cached one became unreadable")
            self._attach(opened, self._parts)

    def _hit(self, doc: Doc, score: float, tree) -> Hit:
        spans = find_spans(tree, doc)
        text, text_spans = snippet(doc, spans)
        return Hit(doc.report, doc.node_id, doc.label, doc.title, doc.breadcrumb, float(score), text, text_spans, spans)

    def _occurs(self, word: str) -> bool:
        with self._search_lock:
            return self._searcher.doc_frequency("content", word) > 0

    def _pinyin_lexicon(self) -> PinyinLexicon:
        if self._lexicon is None:
            with self._search_lock:
                terms = [term.decode("utf-8") for term in self._searcher.reader().lexicon("content")]
            self._lexicon = PinyinLexicon.from_terms(terms)
        return self._lexicon

    def warm_pinyin(self) -> None:
        """Import pypinyin and read the lexicon ahead of the first pinyin query (from a worker)."""
        if self._searcher is None:
            self.open()
        warm_pinyin(self._pinyin_lexicon)

    # -- helpers for callers ---------------------------------------------------------------

    def node(self, report: str, node_id: str) -> Node | None:
        """The node a hit points at (None for a hit on the report's page, node id "", or an
        unknown one). With a catalog the report is loaded (from its LRU when it is there)."""
        if not node_id:
            return None
        if self._reports is not None:
            found = [r for r in self._reports if r.key == report]
            return found[0].find(node_id) if found else None
        if self._catalog.find(report) is None:
            return None
        return self._catalog.load(report).find(node_id)


def _fingerprint(directory: Path | None) -> tuple | None:
    """Name, inode, size and mtime of each file of an on-disk index (None in memory).

    Junk written over a segment can read as "no postings" rather than fail, so a search would
    silently miss; comparing this before each query (a few stat calls) catches it.
    """
    if directory is None:
        return None
    try:
        with os.scandir(directory) as entries:
            return tuple(sorted((e.name, e.inode(), e.stat().st_size, e.stat().st_mtime_ns) for e in entries))
    except OSError:
        return ()
