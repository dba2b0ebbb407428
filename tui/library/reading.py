"""Reading one report file, whatever it is: a report to parse (`.txt`, `.html`/`.htm`, `.docx`:
see `tui.parse.read_report`), or a data file made by
`xunshi build` (`.yaml`), the latter through a JSON copy in the user cache."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from tui import parse
from tui.library import paths
from tui.library.store import load_yaml, read_yaml, report_from_dict, report_to_dict
from tui.model import SCHEMA_VERSION, Report
from tui.parse import MAX_BYTES, ReportError

DATA_SUFFIXES = (".yaml", ".yml")


def is_data_file(path: Path | str) -> bool:
    return Path(path).suffix.lower() in DATA_SUFFIXES


def read_report(path: Path | str) -> Report:
    """A report file, parsed (the parser is imported now, on first use: see `tui.parse`)."""
    return parse.read_report(path)


def read_any(path: Path | str) -> Report:
    """A report from a file named by the user: a data file, else a report to parse."""
    return read_yaml(path) if is_data_file(path) else read_report(path)


def read_ref(path: str, seed: str, key: str) -> Report:
    """What a library entry points at: its data file (a bundled one only while it matches its
    seed, else the seed is parsed), or the report file itself."""
    if is_data_file(path):
        if seed:
            try:
                report = read_data_file(Path(path))
            except ReportError:
                return read_report(seed)
            return report if report.sha256 == key else read_report(seed)
        return read_data_file(Path(path))
    return read_report(path)


def read_data_file(path: Path) -> Report:
    """A data file, through a JSON copy in the user cache keyed by the file's sha256.

    Loading YAML takes 3–10 ms a report, JSON 0.2 ms: with 1,000 reports that is the
    difference between search being ready in 10 s or in 1 s. The copy is written when the YAML
    is first loaded (best effort: an unwritable cache only costs time)."""

    try:
        if path.stat().st_size > MAX_BYTES:
            return read_yaml(path)  # says why, in its words
        data = path.read_bytes()
    except OSError:
        return read_yaml(path)
    digest = hashlib.sha256(data).hexdigest()
    copy = paths.cache_dir() / "reports" / f"v{SCHEMA_VERSION}-{digest[:40]}.json"
    try:
        return report_from_dict(json.loads(copy.read_text("utf-8")))
    except (OSError, ValueError):  # missing or damaged (ReportError is a ValueError): use the YAML
        pass
    try:
        report = load_yaml(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ReportError(f"{path}: a data file must be UTF-8") from None
    except ReportError as error:
        raise ReportError(f"{path}: {error}") from None
    try:
        paths.atomic_write(copy, json.dumps(report_to_dict(report), ensure_ascii=False).encode("utf-8"), durable=False)
    except OSError:
        pass
    return report
