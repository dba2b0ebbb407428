"""The same problem across reports: problems alike by their statement, ranked with a score.

A problem's *statement* is its title and its own text (主要表现在…), not its rectification: the
measures are the genre's boilerplate (加强, 推进, 建立…制度) and would make every problem look like
every other. The statement, folded to Simplified (`tui.parse.shadow`), is cut into the pairs
of adjacent Han characters of each run (the search index's bigrams, without the single
characters, which say little on their own); each pair is weighted by tf–idf —
(1 + log tf) × log((1 + N) / (1 + df)) over the N problems indexed, so a pair found in every
problem (问题, 不够) weighs nothing — and the vector is scaled to length 1. Two problems score
the cosine of their vectors: 1.0 the same words, 0 nothing shared that matters.

Why not Whoosh's more-like-this over the search index: its BM25 scores are unbounded and differ
from one query to the next, so they cannot say "0.7 is the same problem, 0.2 is not"; it picks
a handful of key terms from the whole node, rectification included; and it would have to be
filtered to problems afterwards (the index holds every node). `benchmarks/similar.py` measures
both on generated corpora where the right answer is known.

    index = ProblemIndex.build(pairs)                  # (report key, Report) pairs
    index.similar(key, "2.1.1.9", limit=10)           # [Match(ref, score, spans), …] best first
    compare(report_a, report_b)                        # matched, new, gone, status changes

A query is answered through an inverted index (pair → the problems holding it, with weights),
so its cost is the length of the postings of its own pairs, not the number of problems.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from tui.analysis.status import problem_status
from tui.model import Node, Report
from tui.parse.shadow import shadow

HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
#: Below this a match is not listed at all: a few shared common pairs, nothing more.
MINIMUM = 0.05
#: `compare` pairs two problems only at or above this score; below it they are new and gone.
SAME = 0.3


def statement(node: Node) -> str:
    """What a problem says it is: its title and its own text (not its rectification)."""
    return node.title + ("\n" + node.text if node.text else "")


def pairs(text: str) -> list[tuple[str, int]]:
    """(pair, offset) of every pair of adjacent Han characters in `text` (a lone character
    counts on its own), folded to Simplified; offsets are into `text`."""
    found = []
    for run in HAN_RUN.finditer(shadow(text)):
        word = run.group()
        if len(word) == 1:
            found.append((word, run.start()))
        found.extend((word[i : i + 2], run.start() + i) for i in range(len(word) - 1))
    return found


@dataclass(frozen=True)
class ProblemRef:
    """A problem of some report, known without holding the report."""

    report: str  # the report's key
    node_id: str
    label: str
    title: str  # as printed
    origin: str  # the report's file name
    report_title: str

    @property
    def heading(self) -> str:
        title = self.title[:-1] if self.title.endswith(("。", ".", "．")) else self.title
        return self.label + title


@dataclass
class Match:
    ref: ProblemRef
    score: float  # cosine, 0..1
    shared: list[str] = field(default_factory=list)  # the pairs that weigh most in the score
    spans: list[tuple[int, int]] = field(default_factory=list)  # those pairs in the title (node.plain_text())


class ProblemIndex:
    """Every problem of some reports, as tf–idf vectors of their statements."""

    def __init__(self) -> None:
        self.refs: list[ProblemRef] = []
        self.vectors: list[dict[str, float]] = []
        self.postings: dict[str, list[tuple[int, float]]] = {}
        self.idf: dict[str, float] = {}
        self._by_node: dict[tuple[str, str], int] = {}

    def __len__(self) -> int:
        return len(self.refs)

    @classmethod
    def build(
        cls, reports: Iterable[tuple[str, Report]], progress: Callable[[int, int], None] | None = None
    ) -> ProblemIndex:
        """The index of every problem of `reports` ((key, report) pairs, e.g. `Places.reports()`)."""
        index = cls()
        counts: list[Counter] = []
        for key, report in reports:
            for node in report.problems():
                terms = Counter(term for term, _ in pairs(statement(node)))
                if not terms:
                    continue
                index._by_node[(key, node.id)] = len(index.refs)
                index.refs.append(ProblemRef(key, node.id, node.label, node.title, report.origin, report.title))
                counts.append(terms)
        df: Counter = Counter()
        for terms in counts:
            df.update(terms.keys())
        total = len(counts)
        index.idf = {term: math.log((1 + total) / (1 + n)) for term, n in df.items()}
        for number, terms in enumerate(counts):
            vector = index._weigh(terms)
            index.vectors.append(vector)
            for term, weight in vector.items():
                index.postings.setdefault(term, []).append((number, weight))
            if progress is not None and (number % 500 == 0 or number + 1 == total):
                progress(number + 1, total)
        return index

    def _weigh(self, terms: Counter) -> dict[str, float]:
        weights = {t: (1 + math.log(n)) * self.idf.get(t, 0.0) for t, n in terms.items()}
        weights = {t: w for t, w in weights.items() if w > 0}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {t: w / norm for t, w in weights.items()}

    def find(self, key: str, node_id: str) -> ProblemRef | None:
        number = self._by_node.get((key, node_id))
        return self.refs[number] if number is not None else None

    def similar(
        self, key: str, node_id: str, limit: int = 10, minimum: float = MINIMUM, node: Node | None = None
    ) -> list[Match]:
        """The problems of the *other* reports most alike problem `node_id` of report `key`,
        best first (ties in the order indexed). A problem not in the index (pass its `node`)
        is weighed with the index's idf."""
        number = self._by_node.get((key, node_id))
        if number is not None:
            vector = self.vectors[number]
        elif node is not None:
            vector = self._weigh(Counter(term for term, _ in pairs(statement(node))))
        else:
            return []
        scores: dict[int, float] = {}
        for term, weight in vector.items():
            for other, value in self.postings.get(term, ()):
                scores[other] = scores.get(other, 0.0) + weight * value
        refs = self.refs
        ranked = sorted(
            ((score, other) for other, score in scores.items() if score >= minimum and refs[other].report != key),
            key=lambda item: (-item[0], item[1]),
        )[: max(0, limit)]
        return [self._match(vector, other, score) for score, other in ranked]

    def _match(self, vector: dict[str, float], other: int, score: float) -> Match:
        mine = self.vectors[other]
        shared = sorted((t for t in vector if t in mine), key=lambda t: -vector[t] * mine[t])[:8]
        ref = self.refs[other]
        wanted = set(shared)
        spans = _merge([(at, at + len(t)) for t, at in pairs(ref.title) if t in wanted])
        return Match(ref, min(1.0, score), shared, spans)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


# --- two reports -----------------------------------------------------------------------------


@dataclass
class Pair:
    """A problem of report A matched with one of report B, and their statuses."""

    a: ProblemRef
    b: ProblemRef
    score: float
    status_a: str
    status_b: str

    @property
    def changed(self) -> bool:
        return self.status_a != self.status_b


@dataclass
class Comparison:
    matched: list[Pair]  # in A's order
    gone: list[ProblemRef]  # in A, matched by nothing in B
    new: list[ProblemRef]  # in B, matched by nothing in A
    statuses: dict[tuple[str, str], str]  # (report key, node id) → status

    @property
    def changed(self) -> list[Pair]:
        return [pair for pair in self.matched if pair.changed]


def compare(a: Report, b: Report, same: float = SAME, key_a: str | None = None, key_b: str | None = None) -> Comparison:
    """Match the problems of `a` and `b` one to one, best pairs first, scored as `ProblemIndex`
    scores them with the idf of both reports; pairs below `same` are not matched."""
    key_a, key_b = key_a or a.key, key_b or b.key
    if key_a == key_b:
        key_b = key_b + "'"  # the same report twice: still two sides
    index = ProblemIndex.build([(key_a, a), (key_b, b)])
    candidates = []
    for ref in index.refs:
        if ref.report != key_a:
            continue
        for match in index.similar(key_a, ref.node_id, limit=len(index), minimum=same):
            candidates.append((match.score, ref, match.ref))
    candidates.sort(key=lambda item: -item[0])
    used_a: set[str] = set()
    used_b: set[str] = set()
    chosen: dict[str, tuple[float, ProblemRef]] = {}
    for score, left, right in candidates:
        if left.node_id in used_a or right.node_id in used_b:
            continue
        used_a.add(left.node_id)
        used_b.add(right.node_id)
        chosen[left.node_id] = (score, right)
    statuses = {}
    for key, report in ((key_a, a), (key_b, b)):
        for node in report.problems():
            statuses[(key, node.id)] = problem_status(node).status
    matched, gone = [], []
    for ref in (r for r in index.refs if r.report == key_a):
        if ref.node_id in chosen:
            score, other = chosen[ref.node_id]
            matched.append(Pair(ref, other, score, statuses[(key_a, ref.node_id)], statuses[(key_b, other.node_id)]))
        else:
            gone.append(ref)
    new = [ref for ref in index.refs if ref.report == key_b and ref.node_id not in used_b]
    return Comparison(matched, gone, new, statuses)
