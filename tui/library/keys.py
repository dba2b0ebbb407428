"""What names a report's content and the code that read it: digests for the search index's
parts and for the user-cache listings. (The report key itself is `Report.key`, in the model.)"""

from __future__ import annotations

import hashlib
from pathlib import Path

from tui.model import SCHEMA_VERSION, Report


def content_digest(report: Report) -> str:
    """A hash of everything of a report that search and the explorer show: every authoritative
    string, the outline's shape (ids, levels, kinds) and the title."""
    digest = hashlib.sha256(f"{report.key}\0{report.title}\0".encode())
    for piece in report.walk_text():
        digest.update(piece.encode("utf-8"))
        digest.update(b"\0")
    for node in report.walk():
        digest.update(f"{node.id}\0{node.level}\0{node.kind}\0".encode())
    digest.update(f"{len(report.intro)} {len(report.closing)} {len(report.header)}".encode())
    return digest.hexdigest()[:32]


_FINGERPRINT: list[str] = []


def reader_fingerprint() -> str:
    """A hash of the code that turns a file into a Report (parser, text rules, model, store and
    the reading of files), so a
    changed parser never meets an index built from the old one's reports. Read once a process."""
    if not _FINGERPRINT:
        digest = hashlib.sha256(f"model {SCHEMA_VERSION}".encode())
        package = Path(__file__).resolve().parent.parent
        library = package / "library"
        sources = [
            *(package / "parse").rglob("*.py"),
            *(package / "text").glob("*.py"),
            package / "model.py",
            library / "store.py",
            library / "reading.py",
        ]
        for source in sorted(sources):
            try:
                digest.update(source.name.encode() + b"\0" + source.read_bytes())
            except OSError:
                digest.update(source.name.encode() + b" unreadable")
        _FINGERPRINT.append(digest.hexdigest()[:16])
    return _FINGERPRINT[0]
