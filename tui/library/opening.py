"""Opening the reports a user names: files, folders, or none (the bundled reports).

A directory expands to its report files (.txt, .html/.htm, .docx). A report file is listed from the user cache
(`FileListing`) when its size and mtime are those recorded when it was last parsed, else parsed
now (its title is in the text); it is parsed again when opened. Data files are loaded now.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from tui.library import reading
from tui.library.bundled import bundled_library
from tui.library.library import LRU_SIZE, Library, ReportRef, ref_for
from tui.library.listing import FileListing
from tui.library.reading import is_data_file
from tui.model import Report
from tui.parse import READABLE_SUFFIXES, ReportError


def open_library(files: list[str]) -> Library:
    """The catalog for the paths named on the command line (none → the bundled reports).

    A directory expands to its report files (.txt, .html, .htm, .docx). A report file is listed from the user cache when
    its size and mtime are those recorded when it was last parsed (`FileListing`), else parsed
    now (its title is in the text); it is parsed again when opened. `.yaml` files are loaded
    now. Raises ReportError with one clear line."""
    if not files:
        return bundled_library()
    listing = FileListing.read()
    entries: list[ReportRef] = []
    loaded: dict[str, Report] = {}
    for name in expand_paths(files):
        path = Path(name)
        if is_data_file(path):
            report = reading.read_any(path)
        else:
            known = listing.get(path)
            if known is not None:
                entries.append(replace(known, path=name))
                continue
            report = reading.read_report(path)
            listing.put(path, ref_for(report))
        entries.append(ref_for(report, path=name))
        loaded.setdefault(report.key, report)
    listing.write()
    return Library(entries, loaded, cache_size=max(LRU_SIZE, min(len(entries), 256)))


def expand_paths(files: list[str]) -> list[str]:
    """The files named, with each directory replaced by its report files — .txt, .html, .htm
    and .docx (sorted; Word's `~$` lock files left out)."""
    names: list[str] = []
    for name in files:
        path = Path(name)
        if path.is_dir():
            texts = sorted(
                child
                for child in path.iterdir()
                if child.suffix.lower() in READABLE_SUFFIXES and not child.name.startswith("~$") and child.is_file()
            )
            if not texts:
                raise ReportError(f"{path}: no .txt reports in this directory (nor .html, .htm or .docx)")
            names.extend(str(text) for text in texts)
        else:
            names.append(name)
    return names


def load_reports(files: list[str]) -> list[Report]:
    """Every report named (none: the bundled ones), read now, one per file (the same text in
    two files is two reports): for the command line."""
    if not files:
        return bundled_library().load_all()
    return [reading.read_any(name) for name in expand_paths(files)]
