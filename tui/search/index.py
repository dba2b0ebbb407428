"""The Whoosh index: one document per node, cached on disk under a key made from the data.

Why it is built this way (see /work/shared/FACTS.md, "Whoosh at corpus scale"):
- Fields carry no positions. A phrase is looked up as the AND of its bigrams and then confirmed
  on the node's text, which is exact and faster than Whoosh's positional phrases.
- Each cache directory is named by a hash of the indexed text and the schema version, so a changed
  report or a new schema lands in a new directory: nothing is ever updated in place. A build goes
  into a private temporary directory that is renamed into place when complete; when several
  processes start at once each builds, one rename wins and the others open the winner's.
- When the cache cannot be written the index is built in memory; when a cached index cannot be
  read it is set aside and rebuilt.
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
from tui.model import Node, Report

from .analyzer import analyzer, fold

#: Bump when the fields, the analyzer or the doc table change: old caches are then ignored.
INDEX_SCHEMA_VERSION = 1
META_NAME = "xunshi-index.json"
BREADCRUMB_SEP = " › "
#: Cache directories not opened for this long are removed (they belong to old data).
PRUNE_AFTER_SECONDS = 30 * 24 * 3600
#: Abandoned temporary build directories older than this are removed.
PRUNE_TMP_AFTER_SECONDS = 3600

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Doc:
    """One searchable node with the text the index and the exact matcher both read."""

    ref: int  # position in the doc table; stored in the index to find the doc again
    report: str  # report key (its sha256)
    node: Node
    breadcrumb: str
    plain: str  # node.plain_text()
    folded: str  # fold(plain): same length, what queries are matched against
    title_end: int  # len(node.title): the title is plain[:title_end]


def report_key(report: Report) -> str:
    """The report's sha256, or a hash of its text when it was built by hand without one."""
    if report.sha256:
        return report.sha256
    digest = hashlib.sha256()
    for piece in report.walk_text():
        digest.update(piece.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def _walk_with_crumbs(nodes: list[Node], trail: tuple[str, ...]) -> Iterable[tuple[Node, str]]:
    for node in nodes:
        crumbs = trail + (node.label.strip() or node.id,)
        yield node, BREADCRUMB_SEP.join(crumbs)
        yield from _walk_with_crumbs(node.children, crumbs)


def collect_docs(reports: list[Report]) -> list[Doc]:
    """The doc table: every node of every report, in document order."""
    docs: list[Doc] = []
    for report in reports:
        key = report_key(report)
        for node, breadcrumb in _walk_with_crumbs(report.nodes, ()):
            plain = node.plain_text()
            docs.append(Doc(len(docs), key, node, breadcrumb, plain, fold(plain), len(node.title)))
    return docs


def index_key(docs: list[Doc]) -> str:
    """A hash of everything indexed plus the schema versions: the cache directory's name."""
    digest = hashlib.sha256(f"xunshi-index {INDEX_SCHEMA_VERSION} model {MODEL_SCHEMA_VERSION}\n".encode())
    for doc in docs:
        digest.update(f"{doc.report}\0{doc.node.id}\0{len(doc.plain)}\0".encode())
        digest.update(doc.plain.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def make_schema():
    from whoosh.fields import ID, STORED, TEXT, Schema

    return Schema(
        ref=STORED,
        report=ID,
        title=TEXT(analyzer=analyzer(), phrase=False),
        content=TEXT(analyzer=analyzer(), phrase=False),
    )


def _write_docs(index, docs: list[Doc], progress: Progress | None, parallel: bool = True) -> None:
    procs = 2 if parallel and len(docs) > 5000 and (os.cpu_count() or 1) > 1 else 1
    if procs > 1:
        writer = index.writer(procs=procs, limitmb=256, multisegment=True)
    else:
        writer = index.writer(limitmb=256)
    total = len(docs)
    step = max(1, total // 100)
    try:
        for doc in docs:
            writer.add_document(
                ref=doc.ref,
                report=doc.report,
                title=doc.folded[: doc.title_end],
                content=doc.folded,
            )
            if progress is not None and (doc.ref % step == 0):
                progress(doc.ref, total)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    if progress is not None:
        progress(total, total)


def build_in_memory(docs: list[Doc], progress: Progress | None = None):
    from whoosh.filedb.filestore import RamStorage

    index = RamStorage().create_index(make_schema())
    _write_docs(index, docs, progress, parallel=False)  # worker processes cannot share RAM storage
    return index


def _read_meta(directory: Path) -> dict | None:
    try:
        return json.loads((directory / META_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _expected_meta(key: str, docs: list[Doc]) -> dict:
    return {"key": key, "schema": INDEX_SCHEMA_VERSION, "docs": len(docs)}


def open_dir(directory: Path):
    """Open a finished index read-only, without mmap: a file truncated under a running process
    must give a Python error (which we recover from), not SIGBUS."""
    from whoosh.filedb.filestore import FileStorage

    return FileStorage(str(directory), supports_mmap=False, readonly=True).open_index()


def _open_cached(directory: Path, key: str, docs: list[Doc]):
    """The index in `directory` when it is complete and readable, else None."""
    if _read_meta(directory) != _expected_meta(key, docs):
        return None
    try:
        index = open_dir(directory)
        if index.doc_count() != len(docs):
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


def _build_on_disk(base: Path, final: Path, key: str, docs: list[Doc], progress: Progress | None):
    from whoosh.index import create_in

    base.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{key[:12]}-", dir=base))
    try:
        index = create_in(str(tmp), make_schema())
        _write_docs(index, docs, progress)
        (tmp / META_NAME).write_text(json.dumps(_expected_meta(key, docs)), encoding="utf-8")
        try:
            os.rename(tmp, final)
        except OSError:
            # Another process finished first: use its index when it is good, else ours.
            winner = _open_cached(final, key, docs)
            if winner is not None:
                shutil.rmtree(tmp, ignore_errors=True)
                return winner
            return open_dir(tmp)
        return open_dir(final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


#: Names this module gives the entries of the index folder; nothing else there is ever removed.
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


def open_or_build(docs: list[Doc], base: Path | None, progress: Progress | None = None) -> OpenedIndex:
    """The index for `docs`: from the cache under `base`, built into it, or built in memory."""
    if base is None:
        return OpenedIndex(build_in_memory(docs, progress), "memory", None)
    key = index_key(docs)
    final = base / key
    if final.exists():
        index = _open_cached(final, key, docs)
        if index is not None:
            _touch(final)
            return OpenedIndex(index, "disk", final)
        _set_aside(final)
    try:
        index = _build_on_disk(base, final, key, docs, progress)
    except OSError as error:
        note = f"search index kept in memory: cannot write {base} ({error.strerror or error})"
        return OpenedIndex(build_in_memory(docs, progress), "memory", None, note)
    prune(base, keep=key)
    return OpenedIndex(index, "disk", final)


def _touch(path: Path) -> None:
    try:
        os.utime(path)
    except OSError:
        pass
