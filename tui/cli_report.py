"""The parser's own subcommands: outline, show, check, build, paths.

Each is a small namespace with `configure(parser)` and `run(args) -> int`, as `tui.cli` expects.
Report text is data: control characters are removed before anything is printed as text.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from types import SimpleNamespace

from tui.model import Node, Report
from tui.safe_text import for_terminal, json_text


def safe(text: str) -> str:
    """Text fit for a terminal: no escape sequences, no bidi overrides (see tui.safe_text)."""
    return for_terminal(text)


def _out(line: str = "") -> None:
    print(safe(line))


def _load(files: list[str]) -> list[Report]:
    from tui.store import load_reports

    return load_reports(files)


# -- outline -------------------------------------------------------------------------------
def print_outlines(reports: list[Report]) -> None:
    for index, report in enumerate(reports):
        if index:
            _out()
        _out(report.title + (" (title derived from the text)" if report.title_derived else ""))
        for node in report.walk():
            measures = len(node.rectification.measures) if node.rectification else 0
            extra = f"  [{measures} measures]" if measures else ""
            extra += "  [truncated]" if node.truncated else ""
            _out(f"{'  ' * node.level}{node.label}{node.display_title}{extra}")


def _configure_outline(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", metavar="FILE", help="a report (.txt or .yaml); default: the bundled report")
    parser.add_argument("--json", action="store_true", help="print the whole model as JSON")


def _run_outline(args: argparse.Namespace) -> int:
    reports = _load([args.file] if args.file else [])
    if args.json:
        from tui.store import report_to_dict

        data = [report_to_dict(report) for report in reports]
        print(json_text(data[0] if len(data) == 1 else data, indent=2))
    else:
        print_outlines(reports)
    return 0


outline = SimpleNamespace(configure=_configure_outline, run=_run_outline)


# -- show ----------------------------------------------------------------------------------
def _key(label: str) -> str:
    return unicodedata.normalize("NFKC", label).replace(" ", "")


def find_node(reports: list[Report], wanted: str) -> tuple[Report, Node, list[Node]]:
    """A node by dotted id, or by a label (`(9)`, `（9）`) that is unique; with its ancestors."""
    from tui.parse import ReportError

    by_id, by_label = [], []
    for report in reports:
        for node, ancestors in _walk_with_ancestors(report.nodes, []):
            if node.id == wanted:
                by_id.append((report, node, ancestors))
            elif _key(node.label) == _key(wanted):
                by_label.append((report, node, ancestors))
    matches = by_id or by_label
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise ReportError(f"no node with id or label {wanted} (see `xunshi outline`)")
    ids = ", ".join(node.id for _, node, _ in matches[:8])
    raise ReportError(f"{wanted} is ambiguous ({ids}); use the dotted id")


def _walk_with_ancestors(nodes: list[Node], ancestors: list[Node]):
    for node in nodes:
        yield node, ancestors
        yield from _walk_with_ancestors(node.children, ancestors + [node])


def node_as_text(node: Node, ancestors: list[Node]) -> str:
    lines = [f"{node.id}  {node.label}{node.title}"]
    if ancestors:
        lines.append("  › ".join(a.label + a.display_title for a in ancestors))
    if node.text:
        lines += ["", node.text]
    rect = node.rectification
    if rect is not None:
        lines += ["", f"{rect.label}{rect.sep}"]
        if rect.lead.strip():
            lines.append(rect.lead.rstrip())
        lines += [f"  {m.label}{m.text}" for m in rect.measures]
    if node.children:
        lines += ["", *(f"  {child.label}{child.display_title}" for child in node.children)]
    if node.truncated:
        lines += ["", "(the source text is cut off here)"]
    return "\n".join(lines)


def node_as_markdown(node: Node, ancestors: list[Node]) -> str:
    lines = [f"{'#' * min(node.level + 1, 6)} {node.label}{node.display_title}"]
    if ancestors:
        lines += ["", "*" + " › ".join(a.label + a.display_title for a in ancestors) + "*"]
    if node.text:
        lines += ["", *node.text.split("\n")]
    rect = node.rectification
    if rect is not None:
        lines += ["", f"**{rect.label}**{rect.sep}{' ' + rect.lead.strip() if rect.lead.strip() else ''}"]
        if rect.measures:
            lines.append("")
            lines += [f"- **{m.label}**{m.text}" for m in rect.measures]
    if node.truncated:
        lines += ["", "> (the source text is cut off here)"]
    return "\n".join(lines)


def _configure_show(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", metavar="ID", help="dotted id such as 2.1.1.9, or a unique label such as (9)")
    parser.add_argument("file", nargs="?", metavar="FILE", help="a report (.txt or .yaml); default: the bundled report")
    parser.add_argument("--format", choices=("text", "markdown", "json", "yaml"), default="text")


def _run_show(args: argparse.Namespace) -> int:
    _, node, ancestors = find_node(_load([args.file] if args.file else []), args.id)
    if args.format in ("json", "yaml"):
        from tui import store

        data = store.node_to_dict(node)
        if args.format == "json":
            print(json_text(data, indent=2))
        else:
            print(store.to_yaml(data), end="")
    else:
        render = node_as_markdown if args.format == "markdown" else node_as_text
        _out(render(node, ancestors))
    return 0


show = SimpleNamespace(configure=_configure_show, run=_run_show)


# -- check ---------------------------------------------------------------------------------
def summary(report: Report) -> list[str]:
    """What `xunshi check` says about one report."""
    lines = [f"title: {report.title}" + (" (derived from the text)" if report.title_derived else "")]
    lines.append(f"source: {report.source or '-'}  published: {report.published or '-'}")
    levels: dict[int, list[list[Node]]] = {}
    for siblings in _sibling_runs(report.nodes):
        levels.setdefault(siblings[0].level, []).append(siblings)
    for level, runs in sorted(levels.items()):
        count = sum(len(run) for run in runs)
        kinds = "/".join(sorted({node.kind for run in runs for node in run}))
        labels = "; ".join(run[0].label if len(run) == 1 else f"{run[0].label}–{run[-1].label}" for run in runs)
        lines.append(f"level {level} ({kinds}): {count} — {labels}")
    problems = report.problems()
    with_rect = [p for p in problems if p.rectification is not None]
    measures = sum(len(p.rectification.measures) for p in with_rect)
    lines.append(f"problems: {len(problems)}, with rectification: {len(with_rect)}, measures: {measures}")
    lines.append(f"intro paragraphs: {len(report.intro)}, closing paragraphs: {len(report.closing)}")
    if report.leftovers:
        lines.append("leftovers dropped: " + " | ".join(report.leftovers))
    lines.append(f"truncated: {'yes' if report.truncated else 'no'}")
    lines.append(f"warnings: {len(report.warnings)}")
    lines += [f"  - {warning}" for warning in report.warnings]
    return lines


def _sibling_runs(nodes: list[Node]):
    """Each list of siblings, parents before children."""
    if nodes:
        yield nodes
    for node in nodes:
        yield from _sibling_runs(node.children)


def _configure_check(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", metavar="FILE", help="report files; default: the bundled reports")


def _run_check(args: argparse.Namespace) -> int:
    from tui.parse import ReportError

    if not args.files:
        from tui import paths

        args.files = [str(path) for path in sorted(paths.seeds_dir().glob("*.txt"))]
    status, first = 0, True
    for name in args.files:
        try:
            reports = _load([name])
        except ReportError as error:
            print(f"xunshi check: {safe(str(error))}", file=sys.stderr)
            status = 1
            continue
        for report in reports:
            if not first:
                _out()
            first = False
            _out(name if len(reports) == 1 else f"{name}/{report.origin}")
            for line in summary(report):
                _out(f"  {line}")
    return status


check = SimpleNamespace(configure=_configure_check, run=_run_check)


# -- build ---------------------------------------------------------------------------------
def _configure_build(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 naming the stale files")
    parser.add_argument("--force", action="store_true", help="parse every seed again, changed or not")
    parser.add_argument("--no-index", action="store_true", help="do not update the search index")


def _run_build(args: argparse.Namespace) -> int:
    """One line per seed (built / unchanged), per removed data file, then the search index."""
    import time

    from tui import paths
    from tui.catalog import build

    steps, catalog = build(check=args.check, force=args.force)
    root = paths.project_root()

    def name(path) -> str:
        return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)

    if args.check:
        stale = [step for step in steps if step.action == "stale"]
        if stale:
            files = [step for step in stale if step.path.suffix == ".yaml"] or stale  # the catalog follows them
            command = "xunshi build --force" if any(step.needs_force for step in stale) else "xunshi build"
            print(f"xunshi build: stale: {', '.join(name(step.path) for step in files)} (run `{command}`)",
                  file=sys.stderr)
            return 1
        print("data/ is up to date")
        return 0
    for step in steps:
        _out(f"{step.action:<9} {name(step.path)}" + (f"  (from seeds/{step.name})" if step.action == "built"
                                                       and step.name.endswith(".txt") else ""))
    counts = {action: sum(step.action == action for step in steps if step.name.endswith(".txt") or action == "removed")
              for action in ("built", "unchanged", "removed")}
    if len(steps) > 10:  # a long list: say it in one line too
        print(f"data      {counts['built']} built, {counts['unchanged']} unchanged, {counts['removed']} removed")
    if args.no_index or not len(catalog):
        return 0
    from tui.search import SearchEngine

    started = time.perf_counter()
    engine = SearchEngine(catalog, cache_dir=paths.cache_dir())
    engine.open()
    change = engine.change
    seconds = time.perf_counter() - started
    if change is None:
        print(f"index     up to date ({_count(len(catalog))}, {seconds:.1f} s)")
    else:
        origins = [catalog.find(key).origin for key in change.added if catalog.find(key)]
        shown = ", ".join(origins[:5]) + (f" and {len(origins) - 5} more" if len(origins) > 5 else "")
        how = "updated" if change.base else "built"
        removed = f", {change.removed} removed" if change.removed else ""
        print(f"index     {how}: {len(origins)} of {_count(len(catalog))} indexed"
              f"{' (' + shown + ')' if shown else ''}{removed}, {seconds:.1f} s, {engine.where}")
    return 0


def _count(number: int) -> str:
    return f"{number} report" if number == 1 else f"{number} reports"


build = SimpleNamespace(configure=_configure_build, run=_run_build)


# -- paths ---------------------------------------------------------------------------------
def _configure_paths(parser: argparse.ArgumentParser) -> None:
    pass


def _run_paths(args: argparse.Namespace) -> int:
    from tui import paths as where

    for name, path in (
        ("config", where.config_dir()), ("state", where.state_dir()), ("cache", where.cache_dir()),
        ("data", where.data_dir()), ("seeds", where.seeds_dir()),
    ):
        print(f"{name + ':':<8}{path}")
    return 0


paths = SimpleNamespace(configure=_configure_paths, run=_run_paths)
