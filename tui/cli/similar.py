"""`xunshi similar FILE#NODE [FILE ...] [--limit N] [--json]`: the same problem elsewhere.

NODE is a problem's dotted id (2.2.2.1) or a unique label ((1) is rarely unique: use the id).
The problems compared with are those of the other reports named (files or folders), or — when
none is named — of the bundled and built reports. One line a match, best first: the score
(cosine of the statements' weighted character pairs, 0..1), the report, the problem, its
status and the pairs the two share most. Exit 0 with matches, 1 with none.
"""

from __future__ import annotations

import argparse

from tui.analysis.scorecard import MARKS, STATUS_NAMES
from tui.analysis.similar import MINIMUM, Match, ProblemIndex
from tui.analysis.status import problem_status
from tui.cli.common import FILES_HELP, emit, fail, load
from tui.cli.show import find_node
from tui.i18n import _
from tui.library import load_reports
from tui.model import Node, Report
from tui.parse import ReportError
from tui.text.safe import for_terminal, json_text


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "The problems of other reports most alike one problem, ranked: scored by the cosine of the "
        "tf-idf weighted character pairs of their statements (title and own text, not the "
        "rectification), 0 to 1."
    )
    parser.add_argument(
        "target", metavar="FILE#NODE", help="a report file and a problem's dotted id, e.g. a.txt#2.2.2.1"
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help=f"the reports to look in: {FILES_HELP}")
    parser.add_argument("--limit", type=int, default=10, metavar="N", help="at most N matches (default 10)")
    parser.add_argument(
        "--minimum", type=float, default=MINIMUM, metavar="S", help=f"only scores of S or more (default {MINIMUM})"
    )
    parser.add_argument("--json", action="store_true", help="a JSON list of matches")


def split_target(target: str) -> tuple[str, str]:
    """`a.txt#2.1.1.9` → ("a.txt", "2.1.1.9"); the last # separates (file names may hold one)."""
    path, sep, node = target.rpartition("#")
    if not sep or not path or not node:
        raise ReportError(_("{target}: name a problem as FILE#NODE, e.g. report.txt#2.1.1.9").format(target=target))
    return path, node


def target_problem(target: str) -> tuple[Report, Node]:
    path, wanted = split_target(target)
    report, node, _ancestors = find_node(load_reports([path]), wanted)
    if node.kind != "problem":
        raise ReportError(
            _("{target}: {node} is a heading above problems, not a problem").format(
                target=target, node=f"{node.id} {node.label}"
            )
        )
    return report, node


def run(args: argparse.Namespace) -> int:
    try:
        report, node = target_problem(args.target)
        others = load(args.files)
    except ReportError as error:
        return fail("similar", error)
    reports = [report] + [other for other in others if other.key != report.key]
    if len(reports) == 1:
        return fail("similar", _("no other reports to look in: name some files or folders after FILE#NODE"))
    index = ProblemIndex.build((r.key, r) for r in reports)
    matches = index.similar(report.key, node.id, limit=args.limit, minimum=args.minimum, node=node)
    by_key = {r.key: r for r in reports}
    if args.json:
        text = json_text([match_json(m, by_key) for m in matches], indent=2) + "\n"
    else:
        head = f"{report.origin}#{node.id} {node.heading}"
        text = for_terminal(head) + "\n" + "".join(match_line(m, by_key) + "\n" for m in matches)
        if not matches:
            text += _("no problem of the other reports is alike") + "\n"
    emit(text, None)
    return 0 if matches else 1


def _status(match: Match, by_key: dict[str, Report]) -> str:
    node = by_key[match.ref.report].find(match.ref.node_id)
    return problem_status(node).status if node is not None else "unclear"


def match_line(match: Match, by_key: dict[str, Report]) -> str:
    status = _status(match, by_key)
    cells = (
        f"{match.score:.2f}",
        match.ref.origin,
        f"{match.ref.node_id} {match.ref.heading}",
        f"{MARKS[status]} {_(STATUS_NAMES[status])}",
        "·".join(match.shared[:4]),
    )
    return "  ".join(for_terminal(cell).replace("\n", " ") for cell in cells)


def match_json(match: Match, by_key: dict[str, Report]) -> dict:
    return {
        "score": round(match.score, 4),
        "report": match.ref.report,
        "origin": match.ref.origin,
        "node_id": match.ref.node_id,
        "label": match.ref.label,
        "title": match.ref.title,
        "status": _status(match, by_key),
        "shared": match.shared,
        "spans": [list(span) for span in match.spans],
    }
