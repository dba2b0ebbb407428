"""A first page for very common queries: score a fixed share of the candidates, not all of them.

At 1,000 reports `整改情况` has 19,000 candidate documents; scoring them all in Whoosh costs
about 95 ms (5 µs a candidate), twice the 50 ms budget, and ranking 19,000 nodes of near-equal
relevance buys the reader nothing. When the query's candidates can number more than
`COMMON_CANDIDATES` (an upper bound from document frequencies, known before searching), only
`BUDGET_CANDIDATES` are scored, spread over the index's segments in proportion to their size,
so the first page is drawn from across the reports and is the same on every run (a count, not a
clock: Whoosh's TimeLimitCollector needs SIGALRM, which a worker thread cannot use). The result
then says `estimated`: its total is a lower bound ("≥ N"). Title matches rank first, so those
outside the share are scored as well when they are few (`TITLE_COMPLETION`). A query under the
bound is answered exactly as before.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable

from whoosh.query import And, Or, Term

#: Queries whose candidates can exceed this many documents are cut short.
COMMON_CANDIDATES = 8000
#: How many candidates a cut-short query scores.
BUDGET_CANDIDATES = 5000
#: Title matches outside the share are scored too (they rank first) when there are at most
#: this many; more (整改情况 is in 1,000 titles) are as common as the rest and share its cut.
TITLE_COMPLETION = 200


def upper_bound(query, frequency: Callable[[str, str], int], documents: int) -> int:
    """At most how many documents `query` can match: a term's document frequency, the smallest
    of an And's parts, the sum of an Or's (capped at `documents`); anything else: all."""
    if isinstance(query, Term):
        return frequency(query.fieldname, query.text)
    if isinstance(query, And):
        return min((upper_bound(part, frequency, documents) for part in query.subqueries), default=documents)
    if isinstance(query, Or):
        return min(documents, sum(upper_bound(part, frequency, documents) for part in query.subqueries))
    return documents


def share(docnums: list[int], segments: list[tuple[int, int]], most: int, documents: int) -> tuple[list[int], bool]:
    """The first docnums of each segment, at most `most` in all, each segment's share in
    proportion to its size; and whether any segment had more. `docnums` are the live matches in
    docnum order; `segments` the (first docnum, size) of each segment."""
    chosen: list[int] = []
    cut = False
    position = 0
    for first, size in segments:
        quota = max(1, most * size // max(1, documents))
        end = first + size
        start = position
        position = bisect_left(docnums, end, lo=position)
        if position - start > quota:
            cut = True
        chosen.extend(docnums[start : min(position, start + quota)])
    return chosen, cut
