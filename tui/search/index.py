"""The Whoosh index: one document per node (and one for each report's page), cached on disk, updated one report at a time.

Why it is built this way (see /work/shared/FACTS.md, "Whoosh at corpus scale"):
- Fields carry no positions. A phrase is looked up as the AND of its bigrams and then confirmed
  on the node's text, which is exact and faster than Whoosh's positional phrases.
- The reports are indexed as *parts*: a part is one report's nodes, keyed by a hash of their
  text (`part_key`). A cache directory holds the parts of one set of reports and is named by a
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
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from tui.model import SCHEMA_VERSION as MODEL_SCHEMA_VERSION
from tui.catalog import report_key  # noqa: F401  (re-exported: the key hits carry)
from tui.model import Node, Report

from .analyzer import analyzer, fold

#: Bump when the fields, the analyzer or the doc table change: old caches are then ignored.
INDEX_SCHEMA_VERSION = 3
META_NAME = "xunshi-index.json"
BREADCRUMB_SEP = " › "
#: Cache directories not opened for this long are removed (they belong to old data).
PRUNE_AFTER_SECONDS = 30 * 24 * 3600
#: Abandoned temporary build directories older than this are removed.
PRUNE_TMP_AFTER_SECONDS = 3600

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Doc:
    """One searchable document with the text the index and the exact matcher both read.

    A node's document, or the report's own page (intro and closing): `node_id` "" and `node`
    None, `plain` = `report.page_text()`, no title part (`title_end` 0), titled by the report."""

    ref: int  # position in the engine's doc table (document order across the reports)
    report: str  # report key (its sha256)
    ordinal: int  # position among its report's docs; stored in the index with the part key
    node: Node | None  # None for the report's page
    breadcrumb: str
    plain: str  # node.plain_text(), or report.page_text() for the page
    folded: str  # fold(plain): same length, what queries are matched against
    title_end: int  # len(node.title): the title is plain[:title_end] (0 for the page)
    node_id: str = ""  # node.id ("" for the page)
    label: str = ""  # node.label ("" for the page)
    title: str = ""  # node.title, or the report's title for the page

    @property
    def body_start(self) -> int:
        """Where the text after the title starts in `plain` (0 for the page: it has no title)."""
        return min(self.title_end + 1, len(self.plain)) if self.node_id else 0


def node_doc(ref: int, report: str, ordinal: int, node: Node, breadcrumb: str) -> Doc:
    plain = node.plain_text()
    return Doc(ref, report, ordinal, node, breadcrumb, plain, fold(plain), len(node.title),
               node.id, node.label, node.title)


def page_doc(ref: int, report: str, ordinal: int, title: str, plain: str) -> Doc:
    """The report's own page: found like a node's body, named by the report's title."""
    return Doc(ref, report, ordinal, None, title, plain, fold(plain), 0, "", "", title)


def _walk_with_crumbs(nodes: list[Node], trail: tuple[str, ...]) -> Iterable[tuple[Node, str]]:
    for node in nodes:
        crumbs = trail + (node.label.strip() or node.id,)
        yield node, BREADCRUMB_SEP.join(crumbs)
        yield from _walk_with_crumbs(node.children, crumbs)


@dataclass(frozen=True)
class Part:
    """One report's documents, as the index holds them."""

    key: str  # part_key(docs): a hash of the indexed text, the unit of incremental updates
    report: str  # report key (its sha256)
    docs: list[Doc]


def collect_parts(reports: list[Report]) -> list[Part]:
    """Every node of every report in document order, grouped by report, each report's page
    first (when it has intro or closing text). A report given twice (the same text) is
    indexed once: its hits could not be told apart anyway."""
    parts: list[Part] = []
    seen: set[str] = set()
    ref = 0
    for report in reports:
        key = report_key(report)
        docs = []
        page = report.page_text()
        if page:
            docs.append(page_doc(ref, key, 0, report.title, page))
        for node, breadcrumb in _walk_with_crumbs(report.nodes, ()):
            docs.append(node_doc(ref + len(docs), key, len(docs), node, breadcrumb))
        content = part_key(key, docs, report.title)
        if content in seen:
            continue
        seen.add(content)
        ref += len(docs)
        parts.append(Part(content, key, docs))
    return parts


def collect_docs(reports: list[Report]) -> list[Doc]:
    """The doc table: every node of every (distinct) report, in document order."""
    return [doc for part in collect_parts(reports) for doc in part.docs]


def part_key(report: str, docs: list[Doc], title: str = "") -> str:
    """A hash of one report's indexed text (its page included), node ids, title and the schema
    versions."""
    digest = hashlib.sha256(f"xunshi-part {INDEX_SCHEMA_VERSION} model {MODEL_SCHEMA_VERSION}\n{report}\n".encode())
    digest.update(f"{len(title)}\0{title}\0".encode("utf-8"))
    for doc in docs:
        digest.update(f"{doc.node_id}\0{len(doc.plain)}\0".encode())
        digest.update(doc.plain.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def index_key(parts: list[Part]) -> str:
    """The cache directory's name: a hash of the set of parts (order does not matter)."""
    digest = hashlib.sha256(f"xunshi-index {INDEX_SCHEMA_VERSION}\n".encode())
    for key in sorted(part.key for part in parts):
        digest.update(key.encode())
        digest.update(b"\n")
    return digest.hexdigest()[:32]


def make_schema():
    from whoosh.fields import ID, STORED, TEXT, Schema

    return Schema(
        part=ID(stored=True),
        ordinal=STORED,
        report=ID,
        title=TEXT(analyzer=analyzer(), phrase=False),
        content=TEXT(analyzer=analyzer(), phrase=False),
    )


def _write(index, add: list[Part], remove: Iterable[str], progress: Progress | None, parallel: bool = True) -> None:
    """Delete the parts named in `remove`, add the parts in `add`, commit once."""
    total = sum(len(part.docs) for part in add)
    procs = 2 if parallel and total > 5000 and (os.cpu_count() or 1) > 1 else 1
    if procs > 1:
        writer = index.writer(procs=procs, limitmb=256, multisegment=True)
    else:
        writer = index.writer(limitmb=256)
    step = max(1, total // 100)
    done = 0
    try:
        for key in remove:
            writer.delete_by_term("part", key)
        for part in add:
            for doc in part.docs:
                writer.add_document(
                    part=part.key,
                    ordinal=doc.ordinal,
                    report=doc.report,
                    title=doc.folded[: doc.title_end],
                    content=doc.folded,
                )
                if progress is not None and done % step == 0:
                    progress(done, total)
                done += 1
        writer.commit()
    except BaseException:
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
    from whoosh.filedb.filestore import RamStorage

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


def _expected_meta(key: str, parts: list[Part]) -> dict:
    return {"key": key, "schema": INDEX_SCHEMA_VERSION, "docs": sum(len(part.docs) for part in parts),
            "parts": {part.key: len(part.docs) for part in parts}}


def open_dir(directory: Path):
    """Open a finished index read-only, without mmap: a file truncated under a running process
    must give a Python error (which we recover from), not SIGBUS."""
    from whoosh.filedb.filestore import FileStorage

    return FileStorage(str(directory), supports_mmap=False, readonly=True).open_index()


def _open_cached(directory: Path, key: str, parts: list[Part]):
    """The index in `directory` when it is complete and readable, else None."""
    if _read_meta(directory) != _expected_meta(key, parts):
        return None
    try:
        index = open_dir(directory)
        if index.doc_count() != sum(len(part.docs) for part in parts):
            return None
        return index
    except Exception:  # a damaged cache of any kind means: rebuild
        return None


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
        if entry.name == META_NAME or entry.name.endswith("LOCK") or not entry.is_file():
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


def _derive(tmp: Path, source: Path, meta: dict, parts: list[Part], progress: Progress | None):
    from whoosh.filedb.filestore import FileStorage

    _link_tree(source, tmp)
    index = FileStorage(str(tmp), supports_mmap=False).open_index(schema=None)
    have = set(meta["parts"])
    add = [part for part in parts if part.key not in have]
    remove = sorted(have - {part.key for part in parts})
    _write(index, add, remove, progress)
    return add, len(remove)


def _build_on_disk(base: Path, final: Path, key: str, parts: list[Part], progress: Progress | None):
    """Build (or derive) the index for `parts` into `final`; returns (index, Change)."""
    from whoosh.index import create_in

    base.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{key[:12]}-", dir=base))
    try:
        change = None
        found = _best_base(base, parts, skip=key)
        if found is not None:
            try:
                add, removed = _derive(tmp, found[0], found[1], parts, progress)
                derived = open_dir(tmp)
                if derived.doc_count() != sum(len(part.docs) for part in parts):
                    raise ValueError("derived index has the wrong number of documents")
                if derived.doc_count_all() - derived.doc_count() > MAX_DELETED_SHARE * derived.doc_count_all():
                    raise ValueError("too many deleted documents: build afresh")
                change = Change([part.report for part in add], removed, found[0].name)
            except Exception:  # the base vanished or is damaged: build from scratch
                shutil.rmtree(tmp, ignore_errors=True)
                tmp.mkdir()
        if change is None:
            index = create_in(str(tmp), make_schema())
            _write(index, parts, (), progress)
            change = Change([part.report for part in parts])
        (tmp / META_NAME).write_text(json.dumps(_expected_meta(key, parts)), encoding="utf-8")
        try:
            os.rename(tmp, final)
        except OSError:
            # Another process finished first: use its index when it is good, else ours.
            winner = _open_cached(final, key, parts)
            if winner is not None:
                shutil.rmtree(tmp, ignore_errors=True)
                return winner, change
            return open_dir(tmp), change
        return open_dir(final), change
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


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
    index: object  # whoosh.index.Index
    where: str  # "disk" or "memory"
    path: Path | None  # the cache directory when on disk
    note: str | None = None  # why the index is in memory, for a status line
    change: Change | None = None  # what was indexed now (None: nothing, the cache was current)


def open_or_build(parts: list[Part], base: Path | None, progress: Progress | None = None) -> OpenedIndex:
    """The index for `parts`: from the cache under `base`, derived or built into it, or in memory."""
    if base is None:
        return OpenedIndex(build_in_memory(parts, progress), "memory", None,
                           change=Change([part.report for part in parts]))
    key = index_key(parts)
    final = base / key
    if final.exists():
        index = _open_cached(final, key, parts)
        if index is not None:
            _touch(final)
            return OpenedIndex(index, "disk", final)
        _set_aside(final)
    try:
        index, change = _build_on_disk(base, final, key, parts, progress)
    except OSError as error:
        note = f"search index kept in memory: cannot write {base} ({error.strerror or error})"
        return OpenedIndex(build_in_memory(parts, progress), "memory", None, note,
                           Change([part.report for part in parts]))
    prune(base, keep=key)
    return OpenedIndex(index, "disk", final, change=change)


def _touch(path: Path) -> None:
    try:
        os.utime(path)
    except OSError:
        pass
