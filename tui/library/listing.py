"""What xunshi remembers about files it has read, in the user cache, so it need not read them
again: `FileListing` (the ref of a report file, by path, size and mtime) and `seed_digests`
(the sha256 of each seed, by size and mtime). Losing either costs time only."""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import asdict
from pathlib import Path

from tui.library import paths
from tui.library.keys import reader_fingerprint
from tui.library.library import ReportRef, well_typed
from tui.parse import ReportError


class FileListing:
    """Catalog entries of report files named by the user, keyed by path, size and mtime.

    Listing a folder of 1,000 reports parsed every one (1.5 ms each) to learn its title; with
    this, a file unchanged since it was last listed costs a stat. It lives in the user cache
    (losing it costs time only) and is tied to the reader's code (`reader_fingerprint`). A file
    modified within `RACY_SECONDS` of being listed is not recorded: a second write in the same
    mtime tick, of the same size, could not be told from the first."""

    NAME = "file-entries.json"
    RACY_SECONDS = 2
    MAX_ITEMS = 20000

    def __init__(self, items: dict, path: Path):
        self.items, self.path, self.changed = items, path, False

    @classmethod
    def read(cls) -> FileListing:
        path = paths.cache_dir() / cls.NAME
        try:
            data = json.loads(path.read_text("utf-8"))
            items = data["items"] if data.get("reader") == reader_fingerprint() else {}
            if not isinstance(items, dict):
                items = {}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            items = {}
        return cls(items, path)

    def get(self, path: Path) -> ReportRef | None:
        try:
            info = path.stat()
            item = self.items.get(str(path.resolve()))
            if not (isinstance(item, list) and len(item) == 3 and item[:2] == [info.st_size, info.st_mtime_ns]):
                return None
            fields = {name: item[2][name] for name in ReportRef.__dataclass_fields__ if name in item[2]}
            entry = ReportRef(**{**fields, "path": "", "seed": ""})
        except (OSError, TypeError, KeyError, AttributeError):
            return None
        return entry if well_typed(entry) else None

    def put(self, path: Path, entry: ReportRef) -> None:
        try:
            info = path.stat()
            resolved = str(path.resolve())
        except OSError:
            return
        if time.time_ns() - info.st_mtime_ns < self.RACY_SECONDS * 1_000_000_000:
            return
        row = {name: value for name, value in asdict(entry).items() if name not in ("path", "seed")}
        self.items[resolved] = [info.st_size, info.st_mtime_ns, row]
        self.changed = True

    def write(self) -> None:
        if not self.changed:
            return
        if len(self.items) > self.MAX_ITEMS:  # old folders pile up: keep the newest entries
            self.items = dict(list(self.items.items())[-self.MAX_ITEMS // 2 :])
        body = json.dumps({"reader": reader_fingerprint(), "items": self.items}, ensure_ascii=False)
        try:
            paths.atomic_write(self.path, body.encode("utf-8"), durable=False)
        except OSError:
            pass
        self.changed = False


STAMPS_NAME = "seed-stamps.json"


def seed_digests(seeds: list[Path]) -> dict[Path, str]:
    """The sha256 of each seed, hashed again only when its size or mtime changed.

    Hashing 1,000 seeds costs about 45 ms at every start; a stat each costs about 5 ms. The
    stamps live in the user cache (path → [size, mtime_ns, sha256]); losing them costs time only."""
    stamps_path = paths.cache_dir() / STAMPS_NAME
    try:
        stamps = json.loads(stamps_path.read_text("utf-8"))
        if not isinstance(stamps, dict):
            stamps = {}
    except (OSError, ValueError):
        stamps = {}
    digests, changed = {}, False
    for seed in seeds:
        try:
            info = seed.stat()
            stamp = stamps.get(str(seed))
            if isinstance(stamp, list) and stamp[:2] == [info.st_size, info.st_mtime_ns] and len(stamp) == 3:
                digests[seed] = stamp[2]
                continue
            digests[seed] = hashlib.sha256(seed.read_bytes()).hexdigest()
        except OSError as error:
            raise ReportError(f"{seed}: cannot read ({error.strerror or error})") from None
        stamps[str(seed)] = [info.st_size, info.st_mtime_ns, digests[seed]]
        changed = True
    if changed:
        try:
            paths.atomic_write(stamps_path, json.dumps(stamps).encode("utf-8"), durable=False)
        except OSError:
            pass
    return digests
