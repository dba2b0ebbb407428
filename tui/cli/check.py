"""`xunshi check FILE ...`: what xunshi made of each report and why — where the title came
from, the metadata, the heading, rectification, measure and problem forms it recognised, counts
per level, the furniture it set aside and every warning; exit 1 when a file is not a readable
report."""

from __future__ import annotations

import argparse
from collections import Counter

from tui.cli.common import fail, load, out
from tui.i18n import N_, _
from tui.library import paths
from tui.model import Node, Report
from tui.parse import ReportError
from tui.parse.rectification import is_problem_wording
from tui.parse.shadow import shadow

_TITLE_FROM = {
    "line": "",
    "page": N_(" (from the page's title tag)"),
    "text": N_(" (derived from the text)"),
    "file": N_(" (from the file name: no title found)"),
}


def summary(report: Report) -> list[str]:
    """What `xunshi check` says about one report: what was read, and what made it so."""
    lines = [_("title: {title}").format(title=report.title) + _(_TITLE_FROM.get(report.title_from, ""))]
    lines.append(_("source: {source}  published: {published}").format(
        source=report.source or "-", published=report.published or "-"))  # fmt: skip
    if report.delivered:
        lines.append(_("delivered: {where}").format(where=report.delivered))
    if report.metadata:
        lines.append(_("metadata: ") + " | ".join(f"{key}: {value}" for key, value in report.metadata.items()))
    if report.page:
        lines.append(_("page: ") + " | ".join(f"{key}: {value}" for key, value in report.page.items()))
    levels: dict[int, list[list[Node]]] = {}
    for siblings in _sibling_runs(report.nodes):
        levels.setdefault(siblings[0].level, []).append(siblings)
    for level, runs in sorted(levels.items()):
        count = sum(len(run) for run in runs)
        kinds = "/".join(sorted({node.kind for run in runs for node in run}))
        labels = "; ".join(run[0].label if len(run) == 1 else f"{run[0].label}–{run[-1].label}" for run in runs)
        lines.append(_("level {level} ({kinds}): {count} — {labels}").format(
            level=level, kinds=kinds, count=count, labels=labels))  # fmt: skip
    lines += forms(report)
    problems = report.problems()
    with_rect = [p for p in problems if p.rectification is not None]
    measures = sum(len(p.rectification.measures) for p in with_rect if p.rectification is not None)
    lines.append(_("problems: {problems}, with rectification: {rectified}, measures: {measures}").format(
        problems=len(problems), rectified=len(with_rect), measures=measures))  # fmt: skip
    lines.append(_("intro paragraphs: {intro}, closing paragraphs: {closing}").format(
        intro=len(report.intro), closing=len(report.closing)))  # fmt: skip
    if report.leftovers:
        lines.append(_("furniture set aside: {count}").format(count=len(report.leftovers)))
        lines += [f"  - {piece}" for piece in report.leftovers]
    lines.append(_("truncated: {answer}").format(answer=_("yes") if report.truncated else _("no")))
    lines.append(_("warnings: {count}").format(count=len(report.warnings)))
    lines += [f"  - {warning}" for warning in report.warnings]
    return lines


def forms(report: Report) -> list[str]:
    """Which heading, rectification, measure and problem forms the parser recognised."""
    headings: dict[str, str] = {}
    labels: Counter[str] = Counter()
    measures: Counter[str] = Counter()
    problem_forms: Counter[str] = Counter()
    for node in report.walk():
        headings.setdefault(node.style, node.label)
        if node.rectification is not None:
            labels[node.rectification.label or _("unlabelled")] += 1
            for measure in node.rectification.measures[:1]:
                measures[_measure_form(measure.label)] += 1
        if node.kind == "problem":
            title = shadow(node.title)
            if node.style == "wenti":
                problem_forms["问题："] += 1
            elif title.startswith("关于") and "问题" in title:
                problem_forms["关于…问题"] += 1
            elif is_problem_wording(title):
                problem_forms["…的问题"] += 1
    lines = []
    if headings:
        lines.append(_("headings: ") + " ".join(headings.values()))
    if labels:
        lines.append(_("rectification labels: ") + ", ".join(f"{label} ×{n}" for label, n in labels.most_common()))
    if measures:
        lines.append(_("measures: ") + ", ".join(f"{form} ×{n}" for form, n in measures.most_common()))
    if problem_forms:
        lines.append(_("problem forms: ") + ", ".join(f"{form} ×{n}" for form, n in problem_forms.most_common()))
    return lines


def _measure_form(label: str) -> str:
    if label.endswith("是"):
        return "一是…"
    return "①…" if "\u2460" <= label <= "\u2473" else "（1）…"


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
        args.files = [str(path) for path in sorted(paths.seeds_dir().glob("*.txt"))]  # the bundled seeds
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


def outline_text(report: Report) -> str:
    """The outline one node a line, as the test corpus states it: indent, label as printed, kind,
    title without one trailing 。, and ` [整改 N]` (N measures) when the node has a rectification."""
    lines = []
    for node in report.walk():
        line = f"{'  ' * (node.level - 1)}{node.label} {node.kind} {node.display_title}"
        if node.rectification is not None:
            line += f" [整改 {len(node.rectification.measures)}]"
        lines.append(line)
    return "\n".join(lines)
