"""BM25 with document lengths taken from memory instead of from the index.

Whoosh's BM25F reads each candidate's field length from the index's length column, one small
file read per posting; that lookup was two thirds of the time of a common query. The engine
holds every node's text anyway, so the length (in characters, proportional to the number of
terms for n-grams) is a list lookup. The formula is Whoosh's `bm25`.
"""

from __future__ import annotations

from whoosh.scoring import BaseScorer, WeightingModel, WeightScorer, bm25


class MemoryLengthBM25(WeightingModel):
    """BM25; `lengths[field][docnum]` is the length of that field of the document."""

    def __init__(self, B: float = 0.75, K1: float = 1.2):
        self.lengths: dict[str, list[int]] = {}
        self.averages: dict[str, float] = {}
        self.B = B
        self.K1 = K1

    def set_lengths(self, lengths: dict[str, list[int]]) -> None:
        """Called once the docnums are known, before the first search."""
        self.averages = {
            name: (sum(values) / len(values) if values else 1.0) or 1.0 for name, values in lengths.items()
        }
        self.lengths = lengths

    def supports_block_quality(self):
        return False

    def norms(self) -> dict[str, list[float]]:
        """Per field and docnum, the length part of `bm25`'s denominator, computed as it does:
        `K1 * ((1 - B) + B * fl / avgfl)` (for `tui.search.collect`)."""
        B, K1 = self.B, self.K1
        return {
            name: [K1 * ((1 - B) + B * fl / self.averages[name]) for fl in values]
            for name, values in self.lengths.items()
        }

    def scorer(self, searcher, fieldname, text, qf=1):
        if fieldname not in self.lengths or not searcher.schema[fieldname].scorable:
            return WeightScorer.for_(searcher, fieldname, text)
        parent = searcher.get_parent()
        offset = 0
        if parent is not searcher:  # a segment of a multi-segment index: docnums are local
            for sub, sub_offset in parent.leaf_searchers():
                if sub is searcher:
                    offset = sub_offset
                    break
        return _Scorer(
            parent.idf(fieldname, text), self.lengths[fieldname], offset, self.averages[fieldname], self.B, self.K1
        )


class _Scorer(BaseScorer):
    def __init__(self, idf: float, lengths: list[int], offset: int, average: float, B: float, K1: float):
        self.idf, self.lengths, self.offset, self.average, self.B, self.K1 = idf, lengths, offset, average, B, K1

    def supports_block_quality(self):
        return False

    def score(self, matcher):
        length = self.lengths[self.offset + matcher.id()]
        return bm25(self.idf, matcher.weight(), length, self.average, self.B, self.K1)
