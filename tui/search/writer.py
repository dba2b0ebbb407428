"""A Whoosh segment writer that indexes the n-gram fields without Whoosh's per-posting work.

Profiling a 100-report build showed the analyzer at a tenth of the time; the rest was Whoosh
handling each of the million postings one by one: a tuple into a sorting pool, a sort, a read
of the document's length back from the length column for each posting, and a call per posting
into the block writer. `FastWriter` counts a document's terms with a `Counter`, appends the
docnum and frequency to per-term arrays in memory, and at commit writes each term's postings a
block at a time through Whoosh's own codec (the same files, byte for byte the same postings as
`SegmentWriter` writes: tests compare the two). Fields with another analyzer (the ID fields)
and segments merged in by the merge policy go through Whoosh's pool as before.

`build_segment` runs a `FastWriter` over some documents and returns the finished segment, for a
build split across processes (`tui.search.index`).
"""

from __future__ import annotations

import json
import os
import pickle
import re
import struct
import subprocess
import sys
import tempfile
import threading
from array import array
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable
from pathlib import Path

from whoosh.codec.whoosh3 import W3Codec, W3Segment
from whoosh.filedb.filestore import FileStorage
from whoosh.system import pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from .analyzer import HanTokenizer, index_terms

#: Posting lists this short are kept in the term table, as Whoosh's reader allows (its writer's
#: own `inlinelimit` path is broken: it calls a method that does not exist). Most n-grams are
#: rare (a changed character makes two new bigrams): writing each as its own compressed block
#: costs a pickle, a zlib call and several writes, and reading one costs another file read.
INLINE_LIMIT = 16
#: (blocklimit, compression, inlinelimit) of `W3Codec()`: what a helper's segment is written with.
_DEFAULT_CODEC = (128, 3, 1)


#: A posting is kept as one int while documents are added: docnum << FREQUENCY_BITS | frequency.
FREQUENCY_BITS = 20
_FREQUENCY_MASK = (1 << FREQUENCY_BITS) - 1
_TERMINFO = struct.Struct("!BfIBBfII")  # W3TermInfo's layout


def _consume(iterator: Iterable[object]) -> None:
    """Run an iterator to its end (in C), keeping nothing."""
    deque(iterator, maxlen=0)


class FastWriter(SegmentWriter):
    """`SegmentWriter` whose fields analyzed by `HanTokenizer` keep their postings in memory."""

    def __init__(self, ix, **kwargs):
        super().__init__(ix, **kwargs)
        # field → term → [docnum << FREQUENCY_BITS | frequency, …] in docnum order
        self._fast: dict[str, defaultdict[str, list[int]]] = {
            name: defaultdict(list)
            for name, field in self.schema.items()
            if isinstance(getattr(field, "analyzer", None), HanTokenizer)
            and field.format is not None
            and field.format.field_boost == 1.0
        }
        # Per field, per docnum of this segment: the length as Whoosh reads it back (quantized).
        self._lengths: dict[str, list[int]] = {name: [] for name in self._fast}
        self._pooled_readers = False

    def add_document(self, **fields):
        self._check_state()
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        names = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, names)
        perdocwriter.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = schema[name]
                length = 0
                table = self._fast.get(name)
                if table is not None:
                    counts = Counter(index_terms(value))
                    if counts and max(counts.values()) > _FREQUENCY_MASK:
                        raise ValueError("a term occurs too often in one document")
                    # One posting a term, appended without a Python loop: map over the terms'
                    # lists (defaultdict makes the new ones) and the encoded postings, in C.
                    base = docnum << FREQUENCY_BITS
                    _consume(map(list.append, map(table.__getitem__, counts), map(base.__add__, counts.values())))
                    if field.scorable:
                        length = counts.total()
                    lengths = self._lengths[name]
                    lengths.extend([0] * (docnum + 1 - len(lengths)))
                    lengths[docnum] = byte_to_length(length_to_byte(length)) if length else 0
                elif field.indexed:
                    add = self.pool.add
                    for tbytes, frequency, weight, vbytes in field.index(value):
                        if field.scorable:
                            length += frequency
                        add((name, tbytes, docnum, weight, vbytes))
                perdocwriter.add_field(name, field, value if field.stored else None, length)
                column = field.column_type
                if column and value is not None:
                    perdocwriter.add_column_value(name, column, field.to_column_value(value))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def commit_with(self, segments: list) -> None:
        """Commit, listing the finished `segments` (from `SegmentHelper`) after this one's."""
        self._check_state()
        final = self._merge_segments(None, None, None)
        if self._added:
            final.append(self._finalize_segment())
        else:
            self._close_segment()
        self._commit_toc(final + list(segments))
        self._finish()

    def add_reader(self, reader):
        self._pooled_readers = True  # the merge policy merges a segment in: see _flush_segment
        super().add_reader(reader)

    def _flush_segment(self):
        if self._pooled_readers:
            # Merged segments' postings are in the pool, in Whoosh's order: put ours there too.
            self._spill_into_pool()
            super()._flush_segment()
            return
        self.perdocwriter.close()
        lengths = self.per_document_reader() if self.codec.length_stats else None
        try:
            pooled: dict[str, list] = {}
            for posting in self.pool.iter_postings():  # the ID fields: two postings a document
                pooled.setdefault(posting[0], []).append(posting)
            fieldwriter = self.fieldwriter
            for name in sorted(set(pooled) | {name for name, table in self._fast.items() if table}):
                if name in self._fast:
                    self._write_field(name, self._fast[name], self._lengths[name])
                else:
                    fieldwriter.add_postings(self.schema, lengths, iter(pooled[name]))
            fieldwriter.close()
        finally:
            if lengths is not None:
                lengths.close()

    def _write_field(self, name: str, table: dict, lengths: list[int]) -> None:
        """The postings of one n-gram field: short lists straight into the term table, longer
        ones a block at a time through Whoosh's block writer (what `add_posting` would build)."""
        fieldwriter = self.fieldwriter
        field = self.schema[name]
        fieldwriter.start_field(name, field)
        postwriter = fieldwriter._postwriter
        tindex_add = fieldwriter._tindex.add
        prefix = pack_ushort(fieldwriter._fieldid)
        limit = postwriter._blocklimit
        shift, mask = FREQUENCY_BITS, _FREQUENCY_MASK
        pack = struct.Struct("!I").pack
        packed = [pack(frequency) for frequency in range(256)]
        for term in sorted(table):
            encoded = table[term]
            ids = [posting >> shift for posting in encoded]
            frequencies = [posting & mask for posting in encoded]
            count = len(ids)
            if count <= INLINE_LIMIT:
                # W3TermInfo.to_bytes of an inlined list, built directly (what `add_block` and
                # `set_inlined` would record).
                present = [length for length in map(lengths.__getitem__, ids) if length]
                weights = tuple(map(float, frequencies))
                values = tuple(packed[f] if f < 256 else pack(f) for f in frequencies)
                info = _TERMINFO.pack(
                    1,
                    float(sum(frequencies)),
                    count,
                    length_to_byte(min(present)) if present else 0,
                    length_to_byte(max(present) if present else 0),
                    max(weights),
                    ids[0],
                    ids[-1],
                )
                tindex_add(prefix + term.encode("utf-8"), info + pickle.dumps((tuple(ids), weights, values), 2))
                continue
            fieldwriter.start_term(term.encode("utf-8"))
            for start in range(0, count, limit):
                block_ids = array("I", ids[start : start + limit])
                block_frequencies = frequencies[start : start + limit]
                weights_f = array("f", block_frequencies)
                postwriter._ids = block_ids
                postwriter._weights = weights_f
                postwriter._values = [struct.pack(f"!{len(block_frequencies)}I", *block_frequencies)]
                postwriter._maxweight = max(weights_f)
                present = [length for length in map(lengths.__getitem__, block_ids) if length]
                postwriter._minlength = min(present) if present else None
                postwriter._maxlength = max(present) if present else 0
                if start + limit < count:
                    postwriter._write_block()
            fieldwriter.finish_term()  # writes the last block
        fieldwriter.finish_field()
        table.clear()

    def _spill_into_pool(self) -> None:
        add = self.pool.add
        for name, table in self._fast.items():
            for term, encoded in table.items():
                tbytes = term.encode("utf-8")
                for posting in encoded:
                    frequency = posting & _FREQUENCY_MASK
                    add((name, tbytes, posting >> FREQUENCY_BITS, float(frequency), struct.pack("!I", frequency)))
            table.clear()


# -- a second process ------------------------------------------------------------------------
class _OwnTempStorage(FileStorage):
    """The index folder, with a temporary folder of this process's own (Whoosh names it after
    the index, the same in every process, and deletes it when a writer finishes)."""

    def temp_storage(self, name=None):
        return super().temp_storage(f"{name or 'tmp'}-{os.getpid()}")


def _segment_of(directory: str, job: str, report: Callable[[int], None]) -> object:
    with open(job, encoding="utf-8") as file:
        documents = json.load(file)
    os.remove(job)
    index = _OwnTempStorage(directory, supports_mmap=False).open_index()
    writer = FastWriter(index, _lk=False, limitmb=256)
    try:
        for number, fields in enumerate(documents, 1):
            writer.add_document(**fields)
            if number % 64 == 0:
                report(number)
        segment = writer._finalize_segment()
        writer._finish()
    except BaseException:
        writer.cancel()
        raise
    return segment


def _describe(segment) -> dict:
    """What names a finished segment (a `W3Segment` of the default codec), as JSON."""
    codec = segment.codec()
    if (codec._blocklimit, codec._compression, codec._inlinelimit) != _DEFAULT_CODEC:
        raise ValueError("segment written with another codec")
    return {
        "indexname": segment.indexname,
        "segid": segment.segid,
        "docs": segment.doc_count_all(),
        "compound": bool(segment.compound),
        "lengths": dict(segment._fieldlengths),
    }


def _segment_from(described: dict):
    """The segment `_describe` described, as the parent lists it in the index's TOC."""
    if not (
        isinstance(described.get("indexname"), str)
        and isinstance(described.get("segid"), str)
        and re.fullmatch(r"[0-9a-z]+", described["segid"])
        and isinstance(described.get("docs"), int)
        and isinstance(described.get("lengths"), dict)
        and all(isinstance(value, int) for value in described["lengths"].values())
    ):
        raise ValueError("malformed segment description")
    segment = W3Segment(W3Codec(), described["indexname"], described["docs"], described["segid"])
    segment.compound = bool(described.get("compound"))
    segment._fieldlengths = defaultdict(int, described["lengths"])
    return segment


def helper_main() -> None:
    """The second process (`python -c`, argv: index folder, job file): write the job's
    documents into a segment and print it back (pickled, base64) after progress lines.
    Nothing else is printed: an error is a line of text for the parent, which carries on."""
    out = sys.stdout

    def say(kind: str, text: str) -> None:
        out.write(f"{kind} {text}\n")
        out.flush()

    try:
        directory, job = sys.argv[1:3]
        segment = _segment_of(directory, job, lambda done: say("done", str(done)))
        say("segment", json.dumps(_describe(segment)))
    except BaseException as error:
        say("error", f"{type(error).__name__}: {error}".replace("\n", " "))


class SegmentHelper:
    """Another process indexing `documents` (field dicts) into a new segment of the on-disk
    index in `directory` while this one indexes the rest; `finish()` gives the segment, or None
    when the helper failed (the caller then indexes those documents itself).

    A fresh interpreter (`python -c`), not `multiprocessing`: "fork" from the explorer's worker
    thread can deadlock on a lock another thread held, and "spawn" runs the caller's main
    script again unless it is guarded by `if __name__ == "__main__"`."""

    def __init__(self, directory: str, documents: list[dict]):
        if not sys.executable:
            raise OSError("no Python executable to start a helper with")
        self.documents = documents
        self.done = 0  # how many of its documents the helper has indexed so far
        self.error: str | None = None
        self._segment = None
        handle, self._job = tempfile.mkstemp(prefix=".xunshi-job-", dir=directory)
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(documents, file, ensure_ascii=False, separators=(",", ":"))
        environment = dict(os.environ)
        root = str(Path(__file__).resolve().parents[2])  # the folder holding the `tui` package
        environment["PYTHONPATH"] = os.pathsep.join([root, *filter(None, [environment.get("PYTHONPATH")])])
        try:
            self._process = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    "from tui.search.writer import helper_main; helper_main()",
                    directory,
                    self._job,
                ],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=environment,
                text=True,
            )
        except BaseException:
            self._remove_job()
            raise
        self._reader = threading.Thread(target=self._read, name="xunshi-index-helper", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self._process.stdout is not None
        for line in self._process.stdout:
            kind, _, text = line.rstrip("\n").partition(" ")
            if kind == "done" and text.isdigit():
                self.done = int(text)
            elif kind == "segment":
                try:
                    self._segment = _segment_from(json.loads(text))
                except (ValueError, TypeError, AttributeError) as error:
                    self.error = f"unreadable segment: {error}"
            elif kind == "error":
                self.error = text

    def finish(self, progress: Callable[[int], None] | None = None):
        """Wait for the helper; its segment, or None when it failed. `progress(done)` is called
        while waiting."""
        try:
            while self._reader.is_alive():
                self._reader.join(0.1)
                if progress is not None:
                    progress(self.done)
            self._process.wait()
            if self._process.returncode != 0 or self.error is not None:
                return None
            return self._segment
        finally:
            self.close()

    def close(self) -> None:
        """Stop the helper if it still runs; remove its job file."""
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._reader.join(timeout=5)
        if self._process.stdout is not None:
            self._process.stdout.close()
        self._remove_job()

    def _remove_job(self) -> None:
        try:
            os.remove(self._job)
        except OSError:
            pass
