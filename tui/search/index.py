"""The Whoosh index: one document per node and one per report page, cached on disk, updated
one report at a time.

Why it is built this way (see /work/shared/FACTS.md, "Whoosh at corpus scale"):
- Fields carry no positions. A phrase is looked up as the AND of its bigrams and then confirmed
  on the node's text, which is exact and faster than Whoosh's positional phrases.
- The reports are indexed as *parts*: a part is one report's page and nodes, keyed by the
  report's key and stamp (`tui.search.docs.part_key`), known without loading the report. Each
  directory also holds the parts' doc table (`tui.search.docs`), so opening a cached index
  loads no report. A cache directory holds the parts of one set of reports and is named by a
  hash of their keys and the schema version, so each directory is written once and never
  changed in place: a new set lands in a new directory.
- A new set is *derived* from the cached directory that shares the most with it: that
  directory's segment files (immutable in Whoosh) are hard-linked into a private temporary
  directory, the parts that went away are deleted (`delete_by_term("part", key)`), the new parts
  added, and the result renamed into place. Adding one report to 1,000 thus indexes one report
  (0.14 s), and one index answers queries. One index per report was measured and rejected: at
  1,000 reports its Whoosh step alone took 88 ms for `RCEP` (7 ms here) and 300 ms for 整改情况,
  and building 100 such indexes took twice as long as one index of the 100.
- When several processes start at once each builds in its own temporary directory, one rename
  wins and the others open the winner's: no writer lock is ever shared.
- When the cache cannot be written the index is built in memory; when a cached index cannot be
  read it is set aside and rebuilt; when a derivation fails the set is built from scratch.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage, RamStorage
from whoosh.index import create_in

from .analyzer import analyzer
from .docs import (  # noqa: F401  (re-exported)
    BREADCRUMB_SEP,
    DOCS_NAME,
    INDEX_SCHEMA_VERSION,
    Doc,
    Part,
    collect_parts,
    part_key,
    read_docs,
    report_docs,
    write_docs,
)
from .writer import FastWriter, SegmentHelper

META_NAME = "xunshi-index.json"
#: Cache directories not opened for this long are removed (they belong to old data).
PRUNE_AFTER_SECONDS = 30 * 24 * 3600
#: Abandoned temporary build directories older than this are removed.
PRUNE_TMP_AFTER_SECONDS = 3600

Progress = Callable[[int, int], None]
#: Loads the docs of the parts given (whose `docs` is None) from their reports.
Fill = Callable[[list[Part]], None]
DocNums = list  # per Whoosh docnum: (part key, ordinal), or None for a deleted document


def index_key(parts: list[Part]) -> str:
    """The cache directory's name: a hash of the set of parts (order does not matter)."""
    digest = hashlib.sha256(f"xunshi-index {INDEX_SCHEMA_VERSION}\n".encode())
    for key in sorted(part.key for part in parts):
        digest.update(key.encode())
        digest.update(b"\n")
    return digest.hexdigest()[:32]


def make_schema():
    return Schema(
        part=ID(stored=True),
        ordinal=STORED,
        report=ID,
        title=TEXT(analyzer=analyzer(), phrase=False),
        content=TEXT(analyzer=analyzer(), phrase=False),
    )


#: Builds of at least this many documents split the work with a second process (below it, the
#: helper's start-up, about 0.3 s of imports, costs more than it saves).
PARALLEL_MIN_DOCS = 2000


def _fields(part: Part, doc: Doc) -> dict:
    return {
        "part": part.key,
        "ordinal": doc.ordinal,
        "report": doc.report,
        "title": doc.folded[: doc.title_end],
        "content": doc.folded,
    }


def _write(index, add: list[Part], remove: Iterable[str], progress: Progress | None, parallel: bool = True) -> None:
    """Delete the parts named in `remove`, add the parts in `add`, commit once.

    With two cores and many documents, the second half of `add` is indexed by a second process
    into a segment of its own (`tui.search.writer.SegmentHelper`), listed in the same commit."""
    total = sum(len(docs_of(part)) for part in add)
    mine = add
    helper = None
    if (
        parallel
        and total >= PARALLEL_MIN_DOCS
        and (os.cpu_count() or 1) > 1
        and isinstance(index.storage, FileStorage)
        and len(add) > 1
    ):
        half, count = 0, 0
        while half < len(add) and count < total / 2:
            count += len(docs_of(add[half]))
            half += 1
        mine, theirs = add[:half], add[half:]
        if theirs:
            try:
                helper = SegmentHelper(
                    index.storage.folder, [_fields(part, doc) for part in theirs for doc in docs_of(part)]
                )
            except OSError:
                mine, helper = add, None
    writer = FastWriter(index, limitmb=256)
    step = max(1, total // 100)
    done = 0
    try:
        for key in remove:
            writer.delete_by_term("part", key)
        for part in mine:
            for doc in docs_of(part):
                writer.add_document(**_fields(part, doc))
                if progress is not None and done % step == 0:
                    progress(done + (helper.done if helper else 0), total)
                done += 1
        segments = []
        if helper is not None:
            segment = helper.finish(None if progress is None else lambda theirs: progress(done + theirs, total))
            if segment is None:  # the helper failed: index its documents here
                for fields in helper.documents:
                    writer.add_document(**fields)
            else:
                segments.append(segment)
        writer.commit_with(segments)
    except BaseException:
        if helper is not None:
            helper.close()
        if not writer.is_closed:
            writer.cancel()
        raise
    if progress is not None:
        progress(total, total)


def build_in_memory(parts: list[Part], progress: Progress | None = None):
    index = _ram_storage().create_index(make_schema())
    _write(index, parts, (), progress, parallel=False)  # worker processes cannot share RAM storage
    return index


def _ram_storage():
    """A RamStorage whose temporary files stay in RAM too. Whoosh's own puts them in the system
    temp directory, which fails on a full or read-only disk: just when memory is the fallback."""

    class RamOnlyStorage(RamStorage):
        def temp_storage(self, name=None):
            return RamOnlyStorage()

    return RamOnlyStorage()


def _read_meta(directory: Path) -> dict | None:
    try:
        meta = json.loads((directory / META_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return meta if isinstance(meta, dict) else None


def docs_of(part: Part) -> list[Doc]:
    """The documents of a part that has been filled (from the doc table or the report)."""
    assert part.docs is not None, part.key
    return part.docs


def _expected_meta(key: str, parts: list[Part]) -> dict:
    return {
        "key": key,
        "schema": INDEX_SCHEMA_VERSION,
        "docs": sum(len(docs_of(part)) for part in parts),
        "parts": {part.key: len(docs_of(part)) for part in parts},
    }


def docnums_of(index) -> DocNums:
    """(part key, ordinal) of each docnum, read from the index's stored fields (0.35 s at
    1,000 reports: done once, when an index is built, and kept in its doc table)."""
    with index.searcher() as searcher:
        docnums: DocNums = [None] * searcher.doc_count_all()
        for docnum, stored in searcher.reader().iter_docs():
            docnums[docnum] = (stored["part"], stored["ordinal"])
    return docnums


def open_dir(directory: Path):
    """Open a finished index read-only, without mmap: a file truncated under a running process
    must give a Python error (which we recover from), not SIGBUS."""
    return FileStorage(str(directory), supports_mmap=False, readonly=True).open_index()


def _open_cached(directory: Path, key: str, parts: list[Part]):
    """(index, docs by part key, docnums) of the index in `directory` when it is complete,
    readable and holds exactly `parts`, else None. No report is needed: the docs come from the
    directory's doc table."""
    meta = _read_meta(directory)
    if (
        not meta
        or meta.get("key") != key
        or meta.get("schema") != INDEX_SCHEMA_VERSION
        or not isinstance(meta.get("parts"), dict)
        or set(meta["parts"]) != {part.key for part in parts}
    ):
        return None
    try:
        docs, docnums = read_docs(directory)
        index = open_dir(directory)
        if not _consistent(index, docs, docnums, meta["parts"]):
            return None
        return index, docs, docnums
    except Exception:  # a damaged cache of any kind means: rebuild
        return None


def _consistent(index, docs: dict, docnums: DocNums, counts: dict) -> bool:
    """The doc table, the meta file and the Whoosh index agree on every document."""
    if {key: len(value) for key, value in docs.items()} != counts:
        return False
    if len(docnums) != index.doc_count_all():
        return False
    live = [item for item in docnums if item is not None]
    if len(live) != index.doc_count() or len(live) != sum(counts.values()) or len(set(live)) != len(live):
        return False
    return all(key in counts and 0 <= ordinal < counts[key] for key, ordinal in live)


def _set_aside(directory: Path) -> None:
    """Move a damaged cache directory out of the way (atomically) and delete it."""
    trash = directory.with_name(f".trash-{directory.name[:12]}-{uuid.uuid4().hex[:8]}")
    try:
        os.rename(directory, trash)
    except OSError:
        return  # someone else moved it already, or it cannot be moved: the build will tell
    shutil.rmtree(trash, ignore_errors=True)


#: A cached set is a good base when at least this share of its documents is kept.
MIN_SHARED = 0.5
#: Deleted documents stay in Whoosh segments until merged (and still count in term statistics):
#: a derived index where more than this share of the documents is deleted is built afresh.
MAX_DELETED_SHARE = 0.5


def _best_base(base: Path, parts: list[Part], skip: str) -> tuple[Path, dict] | None:
    """The finished cache directory that shares the most documents with `parts`, if worth it."""
    wanted = {part.key for part in parts}
    best, best_shared = None, 0
    try:
        entries = [entry for entry in base.iterdir() if entry.name != skip and _FINISHED.fullmatch(entry.name)]
    except OSError:
        return None
    for entry in entries:
        meta = _read_meta(entry)
        if not meta or meta.get("schema") != INDEX_SCHEMA_VERSION or not isinstance(meta.get("parts"), dict):
            continue
        counts = meta["parts"]
        total = sum(counts.values()) or 1
        shared = sum(count for key, count in counts.items() if key in wanted)
        if shared > best_shared and shared >= MIN_SHARED * total:
            best, best_shared = (entry, meta), shared
    return best


def _link_tree(source: Path, target: Path) -> None:
    """Hard-link (or copy) the index files of `source` into `target` (segments never change)."""
    for entry in source.iterdir():
        # Not the meta file nor the doc table: the new set writes its own (a write through a
        # hard link would change the source's file too).
        if entry.name in (META_NAME, DOCS_NAME) or entry.name.endswith("LOCK") or not entry.is_file():
            continue
        try:
            os.link(entry, target / entry.name)
        except OSError:
            shutil.copy2(entry, target / entry.name)


@dataclass
class Change:
    """What opening the index did: the parts it indexed and removed, and what it started from."""

    added: list[str]  # report keys whose nodes were indexed now
    removed: int = 0  # parts deleted from the base
    base: str | None = None  # the cache directory it was derived from, or None (from scratch / reused)


def _derive(tmp: Path, source: Path, meta: dict, parts: list[Part], progress: Progress | None, fill: Fill):
    """Link `source` into `tmp`, delete the parts that went away, add the new ones. Only the new
    parts' reports are loaded: the kept parts' docs come from the source's doc table."""
    have = set(meta["parts"])
    kept = [part for part in parts if part.key in have and part.docs is None]
    if kept:
        docs, _ = read_docs(source, wanted={part.key for part in kept})
        for part in kept:
            part.docs = docs[part.key]
    add = [part for part in parts if part.key not in have]
    fill([part for part in add if part.docs is None])
    _link_tree(source, tmp)
    index = FileStorage(str(tmp), supports_mmap=False).open_index(schema=None)
    remove = sorted(have - {part.key for part in parts})
    _write(index, add, remove, progress)
    return add, len(remove)


def _build_on_disk(
    base: Path, final: Path, key: str, parts: list[Part], progress: Progress | None, fill: Fill | None = None
):
    """Build (or derive) the index for `parts` into `final`; returns (index, Change, docnums).
    `fill` loads the docs of parts that have none (see `open_or_build`)."""
    fill = fill or _fill_nothing
    base.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{key[:12]}-", dir=base))
    try:
        change = None
        found = _best_base(base, parts, skip=key)
        if found is not None:
            try:
                add, removed = _derive(tmp, found[0], found[1], parts, progress, fill)
                derived = open_dir(tmp)
                if derived.doc_count() != sum(len(docs_of(part)) for part in parts):
                    raise ValueError("derived index has the wrong number of documents")
                if derived.doc_count_all() - derived.doc_count() > MAX_DELETED_SHARE * derived.doc_count_all():
                    raise ValueError("too many deleted documents: build afresh")
                change = Change([part.report for part in add], removed, found[0].name)
            except Exception:  # the base vanished or is damaged: build from scratch
                shutil.rmtree(tmp, ignore_errors=True)
                tmp.mkdir()
        if change is None:
            fill([part for part in parts if part.docs is None])
            index = create_in(str(tmp), make_schema())
            _write(index, parts, (), progress)
            change = Change([part.report for part in parts])
        docnums = docnums_of(open_dir(tmp))
        write_docs(tmp, parts, docnums)
        (tmp / META_NAME).write_text(json.dumps(_expected_meta(key, parts)), encoding="utf-8")
        try:
            os.rename(tmp, final)
        except OSError:
            # Another process finished first: use its index when it is good, else ours.
            winner = _open_cached(final, key, parts)
            if winner is not None:
                shutil.rmtree(tmp, ignore_errors=True)
                return winner[0], change, winner[2]
            return open_dir(tmp), change, docnums
        return open_dir(final), change, docnums
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _fill_nothing(parts: list[Part]) -> None:
    if parts:
        raise ValueError("parts without docs and nothing to load them from")


#: Names this module gives the entries of the index folder; nothing else there is ever removed.
_FINISHED = re.compile(r"[0-9a-f]{32}")
_OURS = re.compile(r"[0-9a-f]{32}|\.(?:tmp|trash)-[0-9a-f]{12}-.+")


def prune(base: Path, keep: str) -> None:
    """Remove cache directories of old data and abandoned temporary builds (best effort)."""
    now = time.time()
    try:
        entries = list(base.iterdir())
    except OSError:
        return
    for entry in entries:
        if entry.name == keep or not _OURS.fullmatch(entry.name):
            continue
        try:
            age = now - entry.stat().st_mtime
        except OSError:
            continue
        limit = PRUNE_TMP_AFTER_SECONDS if entry.name.startswith(".") else PRUNE_AFTER_SECONDS
        if age > limit:
            shutil.rmtree(entry, ignore_errors=True)


@dataclass
class OpenedIndex:
    index: Any  # whoosh.index.Index
    where: str  # "disk" or "memory"
    path: Path | None  # the cache directory when on disk
    note: str | None = None  # why the index is in memory, for a status line
    change: Change | None = None  # what was indexed now (None: nothing, the cache was current)
    docnums: DocNums | None = None  # (part key, ordinal) of each Whoosh docnum


def in_memory(
    parts: list[Part], progress: Progress | None = None, note: str | None = None, change: Change | None = None
) -> OpenedIndex:
    index = build_in_memory(parts, progress)
    return OpenedIndex(index, "memory", None, note, change, docnums_of(index))


def open_or_build(
    parts: list[Part], base: Path | None, progress: Progress | None = None, fill: Fill | None = None
) -> OpenedIndex:
    """The index for `parts`: from the cache under `base`, derived or built into it, or in memory.

    Parts may come without docs (`docs` None): a cached index fills them from its doc table
    (no report is loaded); building calls `fill(parts)` for those it needs."""
    fill = fill or _fill_nothing

    def fill_all() -> None:
        fill([part for part in parts if part.docs is None])

    if base is None:
        fill_all()
        return in_memory(parts, progress, change=Change([part.report for part in parts]))
    key = index_key(parts)
    final = base / key
    if final.exists():
        cached = _open_cached(final, key, parts)
        if cached is not None:
            index, docs, docnums = cached
            for part in parts:
                if part.docs is None:
                    part.docs = docs[part.key]
            _touch(final)
            return OpenedIndex(index, "disk", final, docnums=docnums)
        _set_aside(final)
    try:
        index, change, docnums = _build_on_disk(base, final, key, parts, progress, fill)
    except OSError as error:
        note = f"search index kept in memory: cannot write {base} ({error.strerror or error})"
        fill_all()
        return in_memory(parts, progress, note, Change([part.report for part in parts]))
    prune(base, keep=key)
    return OpenedIndex(index, "disk", final, change=change, docnums=docnums)


def _touch(path: Path) -> None:
    try:
        os.utime(path)
    except OSError:
        pass
