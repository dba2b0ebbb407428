"""Reports in and out of YAML (`data/*.yaml`), and loading what the user names.

The YAML is meant to be read by people: keys in a fixed order, Chinese written as Chinese,
multi-line text as literal blocks. Reading uses safe loading only (the C loader when present),
so a data file can never build a Python object. `sha256` is the hash of the source bytes: a
data file whose hash differs from its seed is stale and the seed is parsed instead.

Many reports: `load_reports` / `bundled_reports` load every report at once (the command line);
the explorer should use `tui.catalog.open_catalog(files)` instead, which lists the reports from
`data/catalog.json` and loads each one when it is opened. `build_data` is `xunshi build`: only
the seeds whose sha256 changed are parsed again (see `tui.catalog.build`).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from tui import paths
from tui.model import SCHEMA_VERSION, Measure, Node, Rectification, Report
from tui.parse import MAX_BYTES, ReportError, read_report
from tui.safe_text import UNSAFE, escape_unsafe

_STRING_LISTS = ("header", "intro", "closing", "warnings", "leftovers")


@functools.cache
def _yaml():
    """PyYAML with its safe loader and our dumper, imported on first use: the app opens the
    bundled reports from a JSON cache and would pay ~10 ms at start-up for nothing."""
    import yaml

    class Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
        """Safe dumper that writes multi-line strings as literal blocks."""

    Dumper.add_representer(str, _represent_str)
    return yaml, getattr(yaml, "CSafeLoader", yaml.SafeLoader), Dumper


def _represent_str(dumper, value: str):
    # Text with terminal controls goes in double quotes, where `to_yaml` can escape them.
    style = '"' if UNSAFE.search(value) else "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


# -- model ↔ dict --------------------------------------------------------------------------
def report_to_dict(report: Report) -> dict[str, Any]:
    """The whole model as plain data, keys in a stable order, `schema_version` first."""
    return {
        "schema_version": SCHEMA_VERSION,
        "title": report.title,
        "title_derived": report.title_derived,
        "source": report.source,
        "published": report.published,
        "origin": report.origin,
        "sha256": report.sha256,
        "truncated": report.truncated,
        "warnings": list(report.warnings),
        "leftovers": list(report.leftovers),
        "header": list(report.header),
        "intro": list(report.intro),
        "nodes": [node_to_dict(node) for node in report.nodes],
        "closing": list(report.closing),
    }


def node_to_dict(node: Node) -> dict[str, Any]:
    rect = node.rectification
    return {
        "id": node.id,
        "label": node.label,
        "style": node.style,
        "ordinal": node.ordinal,
        "level": node.level,
        "kind": node.kind,
        "title": node.title,
        "text": node.text,
        "rectification": None if rect is None else {
            "label": rect.label,
            "sep": rect.sep,
            "text": rect.text,
            "measures": [
                {"label": m.label, "start": m.start, "end": m.end, "text": m.text} for m in rect.measures
            ],
        },
        "truncated": node.truncated,
        "children": [node_to_dict(child) for child in node.children],
    }


def report_from_dict(data: Any) -> Report:
    """Rebuild a Report; refuses a newer schema and malformed data with a ReportError."""
    if not isinstance(data, dict):
        raise ReportError("not a xunshi data file (the top level is not a mapping)")
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ReportError("not a xunshi data file (no schema_version)")
    if version > SCHEMA_VERSION:
        raise ReportError(
            f"data file has schema version {version}, this xunshi reads up to {SCHEMA_VERSION}: "
            "update xunshi or rebuild the data with `xunshi build`"
        )
    try:
        report = Report(
            title=_str(data, "title"),
            title_derived=bool(data.get("title_derived", False)),
            source=_str(data, "source"),
            published=_str(data, "published"),
            origin=_str(data, "origin"),
            sha256=_str(data, "sha256"),
            truncated=bool(data.get("truncated", False)),
            nodes=[_node(item) for item in _list(data, "nodes")],
        )
        for key in _STRING_LISTS:
            setattr(report, key, [_as_str(item, key) for item in _list(data, key)])
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise ReportError(f"malformed xunshi data file ({error})") from None
    return report


def _node(data: Any) -> Node:
    if not isinstance(data, dict):
        raise TypeError("a node is not a mapping")
    rect_data = data.get("rectification")
    rect = None
    if rect_data is not None:
        if not isinstance(rect_data, dict):
            raise TypeError("a rectification is not a mapping")
        text = _str(rect_data, "text")
        measures = []
        for item in _list(rect_data, "measures"):
            label, start, end = _str(item, "label"), int(item["start"]), int(item["end"])
            if not (0 <= start <= end <= len(text)) or not text.startswith(label, start):
                raise ValueError(f"measure {label} does not point into its rectification text")
            measures.append(Measure(label=label, text=text[start + len(label) : end], start=start, end=end))
        rect = Rectification(label=_str(rect_data, "label"), sep=_str(rect_data, "sep"), text=text, measures=measures)
    return Node(
        id=_str(data, "id"),
        label=_str(data, "label"),
        style=_str(data, "style"),
        ordinal=int(data["ordinal"]),
        level=int(data["level"]),
        kind=_str(data, "kind"),
        title=_str(data, "title"),
        text=_str(data, "text"),
        rectification=rect,
        truncated=bool(data.get("truncated", False)),
        children=[_node(child) for child in _list(data, "children")],
    )


def _str(data: dict, key: str) -> str:
    return _as_str(data.get(key, ""), key)


def _as_str(value: Any, key: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TypeError(f"{key} should be text, found {type(value).__name__}")
    return value


def _list(data: dict, key: str) -> list:
    value = data.get(key) or []
    if not isinstance(value, list):
        raise TypeError(f"{key} should be a list, found {type(value).__name__}")
    return value


# -- YAML text -----------------------------------------------------------------------------
def to_yaml(data: Any) -> str:
    """Plain data as readable YAML: Chinese as Chinese, keys in their order, text as blocks."""
    yaml, _, dumper = _yaml()
    text = yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100)
    return escape_unsafe(text)  # bidi controls PyYAML leaves raw: never raw on a terminal


def dump_yaml(report: Report) -> str:
    body = to_yaml(report_to_dict(report))
    origin = f" from seeds/{report.origin}" if report.origin else ""
    return f"# Generated by `xunshi build`{origin}; edit the seed, not this file.\n" + body


def load_yaml(text: str) -> Report:
    """Safe-load a data file; Python-object tags and bad YAML become a one-line ReportError."""
    yaml, loader, _ = _yaml()
    try:
        data = yaml.load(text, Loader=loader)
    except yaml.constructor.ConstructorError as error:
        quoted = re.search(r"'([^']*)'", error.problem or "")
        tag = quoted.group(1).replace("tag:yaml.org,2002:", "!!") if quoted else ""
        if "python/" in (error.problem or ""):
            raise ReportError(f"refusing YAML tag {tag or '!!python'}: data files may not build Python objects") from None
        raise ReportError(f"unsupported YAML tag {tag}".strip()) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or "invalid YAML"
        raise ReportError(f"not valid YAML{where}: {problem}") from None
    return report_from_dict(data)


def read_yaml(path: str | Path) -> Report:
    path = Path(path)
    try:
        if path.is_dir():
            raise ReportError(f"{path}: is a directory, not a data file")
        if path.stat().st_size > MAX_BYTES:
            raise ReportError(f"{path}: too big (the limit is {MAX_BYTES // 1048576} MB)")
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise ReportError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise ReportError(f"{path}: a data file must be UTF-8") from None
    except OSError as error:
        raise ReportError(f"{path}: cannot read ({error.strerror or error})") from None
    try:
        return load_yaml(text)
    except ReportError as error:
        raise ReportError(f"{path}: {error}") from None


# -- what the app and the CLI load ---------------------------------------------------------
def data_file_for(seed: Path) -> Path:
    return paths.data_dir() / f"{seed.stem}.yaml"


def bundled_reports() -> list[Report]:
    """The reports of `seeds/`, from `data/` when the data file is current, else parsed now."""
    from tui.catalog import bundled_catalog

    return bundled_catalog().load_all()


def load_reports(files: list[str]) -> list[Report]:
    """Reports for the paths named on the command line (none → the bundled ones)."""
    if not files:
        return bundled_reports()
    from tui.catalog import expand_paths

    reports = []
    for name in expand_paths(files):
        path = Path(name)
        if path.suffix.lower() in (".yaml", ".yml"):
            reports.append(read_yaml(path))
        else:
            reports.append(read_report(path))
    return reports


def build_data(check: bool = False, force: bool = False) -> list[Path]:
    """Bring `data/` up to date with `seeds/` (see `tui.catalog.build`); returns the files
    written or removed (with check: the stale ones), `data/catalog.json` included."""
    from tui.catalog import build

    steps, _ = build(check=check, force=force)
    return [step.path for step in steps if step.action != "unchanged"]
