"""The doc table: what the exact matcher and the hits read, kept beside the index on disk.

Each report is indexed as a *part*: its page (intro and closing, node id "") and its nodes.
Matching and hits need every document's text, id, label, title and breadcrumb. Building those
from the reports means loading every report (1.0 s and 150 MB at 1,000 reports), so an index
directory also holds `xunshi-docs.json`: the parts' documents and which Whoosh document number
is which. A warm open reads that file (JSON of strings decodes at about 1 GB/s) and loads no
report. Only the plain text is stored; the folded text is rebuilt with the few characters
`fold()` changed at build time (a regex over the text, 30× faster than folding it again) —
full-width forms, and the Traditional characters of a report printed in Traditional.

A part is keyed by its report's key and a *stamp* (`Library.stamp`: the file's size and
mtime and the reader code's fingerprint, or the content for reports held in memory), so the key
is known before any report is read.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from tui.library.keys import content_digest
from tui.model import SCHEMA_VERSION as MODEL_SCHEMA_VERSION
from tui.model import Node, Report

from .analyzer import fold

#: Bump when the fields, the analyzer or the doc table change: old caches are then ignored.
INDEX_SCHEMA_VERSION = 6  # 5: fold() folds Traditional to Simplified; 6: short posting lists inlined
DOCS_NAME = "xunshi-docs.json"
BREADCRUMB_SEP = " › "


@dataclass(frozen=True, slots=True)
class Doc:
    """One searchable document: a node, or the report's own page (intro and closing).

    The page has `node_id` "", no title part (`title_end` 0), `plain` = `report.page_text()`,
    and is named by the report's title. `node` is set only when the doc was built from a loaded
    report (a warm open builds docs from the doc table, without the reports)."""

    report: str  # report key (its sha256)
    ordinal: int  # position among its report's docs; stored in the index with the part key
    node_id: str  # node.id ("" for the page)
    label: str  # node.label ("" for the page)
    title: str  # node.title, or the report's title for the page
    breadcrumb: str
    plain: str  # node.plain_text(), or report.page_text() for the page
    folded: str  # fold(plain): same length, what queries are matched against
    title_end: int  # len(node.title): the title is plain[:title_end] (0 for the page)
    node: Node | None = None

    @property
    def body_start(self) -> int:
        """Where the text after the title starts in `plain` (0 for the page: it has no title)."""
        return min(self.title_end + 1, len(self.plain)) if self.node_id else 0


@dataclass
class Part:
    """One report's documents, the unit of incremental index updates. `docs` is None until
    they are needed (read from a doc table, or built from the loaded report)."""

    key: str  # part_key(report key, stamp)
    report: str  # report key (its sha256)
    docs: list[Doc] | None = None


def part_key(report: str, stamp: str) -> str:
    """The part's key: its report key, its stamp and the schema versions."""
    text = f"xunshi-part {INDEX_SCHEMA_VERSION} model {MODEL_SCHEMA_VERSION}\n{report}\n{stamp}\n"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _walk_with_crumbs(nodes: list[Node], trail: tuple[str, ...]) -> Iterable[tuple[Node, str]]:
    for node in nodes:
        crumbs = trail + (node.label.strip() or node.id,)
        yield node, BREADCRUMB_SEP.join(crumbs)
        yield from _walk_with_crumbs(node.children, crumbs)


def report_docs(report: Report, key: str) -> list[Doc]:
    """The report's page first (when it has intro or closing text), then its nodes in order."""
    docs = []
    page = report.page_text()
    if page:
        docs.append(Doc(key, 0, "", "", report.title, report.title, page, fold(page), 0))
    for node, breadcrumb in _walk_with_crumbs(report.nodes, ()):
        plain = node.plain_text()
        docs.append(
            Doc(key, len(docs), node.id, node.label, node.title, breadcrumb, plain, fold(plain), len(node.title), node)
        )
    return docs


def memory_part_key(report: Report) -> str:
    """The part key of a report held in memory (no file behind it): stamped by its content."""
    return part_key(report.key, f"{report.key} content {content_digest(report)}")


def collect_parts(reports: list[Report]) -> list[Part]:
    """The parts of reports held in memory, stamped by content, docs built. A report given
    twice (the same content) is indexed once: its hits could not be told apart anyway."""
    parts, seen = [], set()
    for report in reports:
        key = report.key
        part = memory_part_key(report)
        if part not in seen:
            seen.add(part)
            parts.append(Part(part, key, report_docs(report, key)))
    return parts


# -- the doc table file ----------------------------------------------------------------------
def write_docs(directory: Path, parts: list[Part], docnums: list[tuple[str, int] | None]) -> None:
    """Write the doc table of `parts` and the (part key, ordinal) of each Whoosh docnum."""
    chars: set[str] = set()
    position, rows = {}, []
    for number, part in enumerate(parts):
        docs = part.docs or []  # written parts have their docs built
        for doc in docs:
            chars.update(doc.plain)
        rows.append(
            {
                "key": part.key,
                "report": part.report,
                "docs": [[d.node_id, d.label, d.title, d.breadcrumb, d.title_end, d.plain] for d in docs],
            }
        )
        position[part.key] = number
    changed = {char: fold(char) for char in chars if fold(char) != char}
    body = {
        "schema": INDEX_SCHEMA_VERSION,
        "fold": changed,
        "parts": rows,
        "docnums": [None if item is None else [position[item[0]], item[1]] for item in docnums],
    }
    # A new file, renamed over: never a write into a file another directory may share.
    partial = directory / f"{DOCS_NAME}.partial"
    partial.write_text(json.dumps(body, ensure_ascii=False, separators=(",", ":")), "utf-8")
    os.replace(partial, directory / DOCS_NAME)


def read_docs(
    directory: Path, wanted: Iterable[str] | None = None
) -> tuple[dict[str, list[Doc]], list[tuple[str, int] | None]]:
    """The doc table in `directory`: part key → docs (only the `wanted` parts, if given) and the
    (part key, ordinal) of each docnum. Raises ValueError (or OSError) when it is missing,
    damaged or of another schema."""
    data = json.loads((directory / DOCS_NAME).read_text("utf-8"))
    if not isinstance(data, dict) or data.get("schema") != INDEX_SCHEMA_VERSION:
        raise ValueError("doc table of another schema")
    try:
        refold = _refolder(data["fold"])
        wanted = None if wanted is None else set(wanted)
        keys, docs = [], {}
        for row in data["parts"]:
            key, report = row["key"], row["report"]
            keys.append(key)
            if wanted is not None and key not in wanted:
                continue
            built = []
            for ordinal, (node_id, label, title, breadcrumb, title_end, plain) in enumerate(row["docs"]):
                if not (isinstance(plain, str) and isinstance(title_end, int) and 0 <= title_end <= len(plain)):
                    raise ValueError("malformed document in the doc table")
                built.append(
                    Doc(
                        report,
                        ordinal,
                        str(node_id),
                        str(label),
                        str(title),
                        str(breadcrumb),
                        plain,
                        refold(plain),
                        title_end,
                    )
                )
            docs[key] = built
        docnums = [None if item is None else (keys[item[0]], int(item[1])) for item in data["docnums"]]
    except (KeyError, IndexError, TypeError) as error:
        raise ValueError(f"malformed doc table ({error})") from None
    return docs, docnums


def _refolder(changed) -> Callable[[str], str]:
    """fold() again, from the characters it changed when the table was written."""
    if not isinstance(changed, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and len(k) == len(v) == 1 for k, v in changed.items()
    ):
        raise ValueError("malformed fold table")
    if not changed:
        return lambda text: text
    pattern = re.compile("[" + "".join(re.escape(char) for char in changed) + "]")
    swap = changed.__getitem__

    def refold(text: str) -> str:
        return pattern.sub(lambda match: swap(match.group()), text)

    return refold
