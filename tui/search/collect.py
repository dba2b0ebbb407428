"""Candidates and their scores from whole posting lists, with set operations instead of matchers.

Whoosh answers a query with a tree of matchers that step through the postings one document at
a time in Python (`skip_to`, `is_active`, `id` on every node of the tree): at 1,000 reports that
walk was most of the time of a slow query (48 pinyin readings of `yiliao ziyuan` OR-ed together,
or three words whose bigrams are each in thousands of nodes). Here each term's posting list is
read whole, a block at a time, into a `{docnum: weight}` dict (kept in a small LRU: a word typed
letter by letter asks for the same terms again); an And is the intersection of the dicts' keys
and an Or their union, both done by Python's set code in C; and only the documents that are then
ranked are scored.

The scores are Whoosh's: the same BM25 (`whoosh.scoring.bm25`, evaluated in the same order, with
the lengths `tui.search.scoring.MemoryLengthBM25` holds), the same idf (`searcher.idf`), a Term's
or compound's boost multiplying its score, an And the sum of its parts, an Or the sum of the
parts that match. Only the order in which the parts of a sum are added can differ from Whoosh's
matcher tree (a difference in the last bit, far below the 1e-9 the ranking rounds scores to).
"""

from __future__ import annotations

import io
import pickle
import struct
import zlib
from collections import OrderedDict
from collections.abc import Iterable
from itertools import accumulate

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3LeafMatcher, W3TermsReader
from whoosh.matching import ListMatcher
from whoosh.query import And, Or, Term
from whoosh.reading import TermNotFound

#: Postings kept in memory across queries, counted in documents (about 100 bytes each).
MAX_HELD_POSTINGS = 1_500_000

Postings = dict  # docnum → weight (the term's frequency in the document)


_BLOCK_LENGTH = struct.Struct("!i")


def _decode_blocks(buffer: bytes) -> tuple[list[int], list[float]]:
    """The docnums and weights of a posting list as Whoosh's codec lays it out (`whoosh3`: a
    header tag, then blocks of length, pickled info, pickled and zlib-compressed data), read from
    one buffer: a block's ids are deltas, summed here by `accumulate` (in C)."""
    if buffer[:4] != WHOOSH3_HEADER_MAGIC:
        raise ValueError("not a posting list")
    ids: list[int] = []
    weights: list[float] = []
    position = 4
    while True:
        (length,) = _BLOCK_LENGTH.unpack_from(buffer, position)
        position += 4
        end = position + abs(length)
        stream = io.BytesIO(buffer[position:end])
        count, _, _, compression = pickle.load(stream)[:4]
        data = stream.read()
        block_ids, block_weights, _ = pickle.loads(zlib.decompress(data) if compression else data)
        ids.extend(accumulate(block_ids))
        if block_weights is None:
            weights.extend([1.0] * count)
        elif isinstance(block_weights, float):
            weights.extend([block_weights] * count)
        else:
            weights.extend(block_weights)
        position = end
        if length < 0:  # the last block
            return ids, weights


def _read_term(terms, fieldname: str, tbytes: bytes, format_) -> tuple[Iterable[int], Iterable[float]]:
    """A term's postings in one segment: from the term table when inlined, else its blocks read
    with one file read; any other reader through its matcher. Raises TermNotFound."""
    if isinstance(terms, W3TermsReader):
        info = terms.term_info(fieldname, tbytes)
        if info.is_inlined():
            ids, weights, _ = info.inlined_postings()
            return ids, (weights if weights is not None else [1.0] * len(ids))
        offset, length = info.extent()
        if isinstance(length, tuple):  # W3TermInfo.from_bytes leaves it as struct.unpack gave it
            (length,) = length
        return _decode_blocks(terms._postfile.get(offset, length))
    return _read_all(terms.matcher(fieldname, tbytes, format_))


def _read_all(matcher) -> tuple[Iterable[int], Iterable[float]]:
    """Every (docnum, weight) of a raw posting matcher, a block at a time."""
    if isinstance(matcher, ListMatcher):  # a short list kept inline in the term table
        inline = matcher._weights
        return matcher._ids, (inline if inline is not None else [1.0] * len(matcher._ids))
    ids: list[int] = []
    weights: list[float] = []
    if isinstance(matcher, W3LeafMatcher):
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_weights()
            ids.extend(matcher._ids)
            weights.extend(matcher._weights)
            matcher._next_block()
        return ids, weights
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return ids, weights


class PostingLists:
    """The posting lists of one opened searcher, read whole and kept while there is room.

    Docnums are the searcher's (segment offset added). Deleted documents are not filtered here:
    the engine drops them (its docnum table marks them)."""

    def __init__(self, searcher, norms: dict[str, list[float]], K1: float):
        self._searcher = searcher
        self._leaves = [(sub.reader(), offset) for sub, offset in searcher.leaf_searchers()]
        self._formats = {name: field.format for name, field in searcher.schema.items()}
        self._lists: OrderedDict[tuple[str, str], Postings] = OrderedDict()
        self._held = 0
        self._norms = norms  # field → per docnum: K1 * ((1 - B) + B * length / average length)
        self._K1 = K1

    def clear(self) -> None:
        """Forget the lists read so far."""
        self._lists.clear()
        self._held = 0

    def segments(self) -> list[tuple[int, int]]:
        """(first docnum, number of documents) of each segment, in docnum order."""
        return [(offset, reader.doc_count_all()) for reader, offset in self._leaves]

    def get(self, fieldname: str, text: str) -> Postings:
        key = (fieldname, text)
        found = self._lists.get(key)
        if found is not None:
            self._lists.move_to_end(key)
            return found
        postings: Postings = {}
        tbytes = text.encode("utf-8")
        for reader, offset in self._leaves:
            terms = getattr(reader, "_terms", None)
            try:
                if terms is not None:
                    ids, weights = _read_term(terms, fieldname, tbytes, self._formats[fieldname])
                else:
                    ids, weights = _read_all(reader.postings(fieldname, tbytes))
            except (TermNotFound, KeyError):
                continue
            if offset:
                ids = [docnum + offset for docnum in ids]
            postings.update(zip(ids, weights))
        self._lists[key] = postings
        self._held += len(postings) + 1
        while self._held > MAX_HELD_POSTINGS and len(self._lists) > 1:
            _, dropped = self._lists.popitem(last=False)
            self._held -= len(dropped) + 1
        return postings

    def matching(self, query) -> set[int]:
        """The docnums `query` (Term, And, Or) matches, deleted ones included."""
        if isinstance(query, Term):
            return set(self.get(query.fieldname, query.text))
        if isinstance(query, And):
            parts = sorted((self._keys(part) for part in query.subqueries), key=len)
            if not parts:
                return set()
            found = set(parts[0])
            for part in parts[1:]:
                found.intersection_update(part)
                if not found:
                    break
            return found
        if isinstance(query, Or):
            found = set()
            for part in query.subqueries:
                found.update(self._keys(part))
            return found
        raise TypeError(f"cannot match a {type(query).__name__}")

    def _keys(self, query):
        if isinstance(query, Term):
            return self.get(query.fieldname, query.text).keys()
        return self.matching(query)

    def scores(self, query, docnums: Iterable[int]) -> dict[int, float]:
        """The score of each of `docnums` (each must match `query`), as Whoosh computes it."""
        wanted = set(docnums)
        return self._scores(query, wanted) if wanted else {}

    def _scores(self, query, docnums: set[int]) -> dict[int, float]:
        """Scores of those of `docnums` that `query` matches."""
        if isinstance(query, Term):
            postings = self.get(query.fieldname, query.text)
            idf = self._searcher.idf(query.fieldname, query.text)
            norms = self._norms[query.fieldname]
            K1 = self._K1
            if len(postings) <= len(docnums):
                found = {
                    docnum: idf * ((tf * (K1 + 1)) / (tf + norms[docnum]))
                    for docnum, tf in postings.items()
                    if docnum in docnums
                }
            else:
                found = {
                    docnum: idf * ((tf * (K1 + 1)) / (tf + norms[docnum]))
                    for docnum in docnums
                    if (tf := postings.get(docnum)) is not None
                }
        elif isinstance(query, And):
            parts = [self._scores(part, docnums) for part in query.subqueries]
            found = {}
            for docnum in set(parts[0]).intersection(*parts[1:]) if parts else ():
                total = 0.0
                for part in parts:
                    total += part[docnum]
                found[docnum] = total
        elif isinstance(query, Or):
            found = {}
            for part in query.subqueries:
                for docnum, score in self._scores(part, docnums).items():
                    found[docnum] = found.get(docnum, 0.0) + score
        else:
            raise TypeError(f"cannot score a {type(query).__name__}")
        if query.boost != 1.0:
            boost = query.boost
            found = {docnum: score * boost for docnum, score in found.items()}
        return found
