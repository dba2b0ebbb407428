"""`xunshi compare A B [--json] [--same S]`: one body's two rounds, problem by problem.

The problems of A and B are matched one to one, best pairs first (the score of `xunshi
similar`); pairs scoring below S (default 0.3) are not matched. Printed: every pair with its
score and both statuses (changes marked), then what is gone (in A only) and what is new (in B
only).
"""

from __future__ import annotations

import argparse

from tui.analysis.scorecard import MARKS, STATUS_NAMES
from tui.analysis.similar import SAME, Comparison, ProblemRef, compare
from tui.cli.common import emit, fail
from tui.i18n import _
from tui.library import load_reports
from tui.model import Report
from tui.parse import ReportError
from tui.text.safe import for_terminal, json_text


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Match the problems of two reports (for example one body's two rounds): what is matched "
        "and whether its status changed, what is gone, what is new."
    )
    parser.add_argument("a", metavar="A", help="the earlier report (.txt, .html, .docx or .yaml)")
    parser.add_argument("b", metavar="B", help="the later report")
    parser.add_argument(
        "--same", type=float, default=SAME, metavar="S", help=f"match only pairs scoring S or more (default {SAME})"
    )
    parser.add_argument("--json", action="store_true", help="the comparison as JSON")


def run(args: argparse.Namespace) -> int:
    try:
        a = _one(args.a)
        b = _one(args.b)
    except ReportError as error:
        return fail("compare", error)
    result = compare(a, b, same=args.same)
    if args.json:
        text = json_text(as_json(result), indent=2) + "\n"
    else:
        text = as_text(a, b, result)
    emit(text, None)
    return 0


def _one(path: str) -> Report:
    reports = load_reports([path])
    if len(reports) != 1:
        raise ReportError(_("{path}: name one report, not {count}").format(path=path, count=len(reports)))
    return reports[0]


def _ref(ref: ProblemRef, status: str) -> dict:
    return {"node_id": ref.node_id, "label": ref.label, "title": ref.title, "status": status}


def as_json(result: Comparison) -> dict:
    def status(ref: ProblemRef) -> str:
        return result.statuses[(ref.report, ref.node_id)]

    return {
        "matched": [
            {"score": round(p.score, 4), "a": _ref(p.a, p.status_a), "b": _ref(p.b, p.status_b), "changed": p.changed}
            for p in result.matched
        ],
        "gone": [_ref(ref, status(ref)) for ref in result.gone],
        "new": [_ref(ref, status(ref)) for ref in result.new],
    }


def _mark(status: str) -> str:
    return f"{MARKS[status]} {_(STATUS_NAMES[status])}"


def as_text(a: Report, b: Report, result: Comparison) -> str:
    lines = [f"A: {a.title}  ({a.origin})", f"B: {b.title}  ({b.origin})"]
    lines.append(
        _("matched {matched}, status changed {changed}, gone {gone}, new {new}").format(
            matched=len(result.matched), changed=len(result.changed), gone=len(result.gone), new=len(result.new)
        )
    )
    for pair in result.matched:
        change = "  ≠" if pair.changed else ""
        lines.append(f"  {pair.score:.2f}  A {pair.a.node_id} {pair.a.heading}  [{_mark(pair.status_a)}]")
        lines.append(f"        B {pair.b.node_id} {pair.b.heading}  [{_mark(pair.status_b)}]{change}")
    for title, refs in ((_("gone (in A only):"), result.gone), (_("new (in B only):"), result.new)):
        if refs:
            lines.append(title)
            for ref in refs:
                lines.append(f"  {ref.node_id} {ref.heading}  [{_mark(result.statuses[(ref.report, ref.node_id)])}]")
    return "".join(for_terminal(line).replace("\n", " ") + "\n" for line in lines)
