"""`xunshi build`: bring `data/` up to date with `seeds/`.

A seed is parsed again only when its sha256 differs from the one its data file records (read
from the file's first lines, not by loading it); data files of deleted seeds are removed (only
those `xunshi build` wrote); the catalog file is rewritten when it changed. `check=True` parses
every seed, compares, writes nothing and reports what is stale.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

from tui.library import paths, reading
from tui.library.bundled import CATALOG_NAME, catalog_text, read_catalog, yaml_head
from tui.library.library import Library, ReportRef, ref_for
from tui.library.store import GENERATED_MARK, dump_yaml, read_yaml
from tui.model import SCHEMA_VERSION


@dataclass(frozen=True)
class BuildStep:
    """What `build()` did with one file: built, unchanged, removed, or (check) stale."""

    name: str  # seed file name, or the data file name for a removal / the catalog
    action: str
    path: Path  # the data file concerned
    needs_force: bool = False  # stale although the seed's sha256 is unchanged (the parser changed)


def build(
    check: bool = False, force: bool = False, seeds_dir: Path | None = None, data_dir: Path | None = None
) -> tuple[list[BuildStep], Library]:
    """Bring `data/` up to date with `seeds/`: one step per seed, removed data file and catalog.

    A seed is parsed only when its sha256 differs from the one its data file records (or with
    `force`); `check` parses every seed, compares, writes nothing and reports "stale" steps."""
    seeds_dir = seeds_dir or paths.seeds_dir()
    data_dir = data_dir or paths.data_dir()
    stored = read_catalog(data_dir)
    steps: list[BuildStep] = []
    items: list[tuple[str, ReportRef]] = []
    entries, loaded = [], {}
    seeds = sorted(seeds_dir.glob("*.txt"))
    for seed in seeds:
        target = data_dir / f"{seed.stem}.yaml"
        source = seed.read_bytes()
        digest = hashlib.sha256(source).hexdigest()
        head = yaml_head(target)
        recorded = (
            head.get("sha256") == digest
            and head.get("schema_version") == str(SCHEMA_VERSION)
            and head.get("origin") == seed.name
        )
        if recorded and not check and not force:
            entry = stored.get(seed.stem)
            if entry is None or entry.key != digest:
                report = read_yaml(target)
                entry = ref_for(report)
                loaded[digest] = report
            steps.append(BuildStep(seed.name, "unchanged", target))
        else:
            report = reading.read_report(seed)
            text = dump_yaml(report)
            try:
                same = target.read_text("utf-8") == text
            except (OSError, UnicodeDecodeError):
                same = False
            if same:
                steps.append(BuildStep(seed.name, "unchanged", target))
            elif check:
                steps.append(BuildStep(seed.name, "stale", target, needs_force=recorded))
            else:
                paths.atomic_write(target, text.encode("utf-8"))
                steps.append(BuildStep(seed.name, "built", target))
            entry = ref_for(report)
            loaded[digest] = report
        items.append((seed.stem, entry))
        entries.append(replace(entry, path=str(target), seed=str(seed)))
    stems = {seed.stem for seed in seeds}
    for data in sorted(data_dir.glob("*.yaml")):
        if data.stem not in stems and _generated(data):
            if check:
                steps.append(BuildStep(data.name, "stale", data))
            else:
                data.unlink()
                steps.append(BuildStep(data.name, "removed", data))
    text = catalog_text(items)
    catalog_path = data_dir / CATALOG_NAME
    try:
        old = catalog_path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        old = None
    if old != text and (seeds or old is not None):
        if check:
            steps.append(BuildStep(CATALOG_NAME, "stale", catalog_path))
        else:
            paths.atomic_write(catalog_path, text.encode("utf-8"))
            steps.append(BuildStep(CATALOG_NAME, "built", catalog_path))
    return steps, Library(entries, loaded)


def _generated(path: Path) -> bool:
    """Only data files `xunshi build` wrote are ever removed by it."""
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.readline().startswith(GENERATED_MARK)
    except (OSError, UnicodeDecodeError):
        return False
