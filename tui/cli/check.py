"""`xunshi check FILE ...`: what xunshi made of each report — counts per level, problems,
measures, what it set aside and every warning; exit 1 when a file is not a readable report."""

from __future__ import annotations

import argparse

from tui.cli.common import fail, load, out
from tui.library import paths
from tui.model import Node, Report
from tui.parse import ReportError


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


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", metavar="FILE", help="report files; default: the bundled reports")


def run(args: argparse.Namespace) -> int:
    if not args.files:
        args.files = [str(path) for path in sorted(paths.seeds_dir().glob("*.txt"))]
    status, first = 0, True
    for name in args.files:
        try:
            reports = load([name])
        except ReportError as error:
            status = fail("check", error)
            continue
        for report in reports:
            if not first:
                out()
            first = False
            out(name if len(reports) == 1 else f"{name}/{report.origin}")
            for line in summary(report):
                out(f"  {line}")
    return status
