"""`xunshi status [FILE ...] [--json] [--brief] [--rules] [--rules-file PATH]`: was it done?

Text output: for each report, each problem's status mark and name, its node id and label, and
the phrase that decided it (the report's own verdict on the problem when it gives one); below
it each measure's mark, label, status, phrase and whether it is concrete. `--rules` prints the
rules instead (`tui/analysis/status_rules.yaml`, or the file of `--rules-file`).
"""

from __future__ import annotations

import argparse

from tui.analysis.scorecard import MARKS, STATUS_NAMES
from tui.analysis.status import load_rules, report_status, rules_text
from tui.cli.common import add_files, add_output, emit, fail, load
from tui.i18n import _
from tui.model import Report
from tui.parse import ReportError
from tui.text.safe import for_terminal, json_text


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "The status of each problem and measure — done, in progress, planned, ongoing or unclear — "
        "read from its own words by the rules of `xunshi status --rules`, with the phrase that "
        "decided it. Marks: ✓ done, … in progress, → planned, ↻ ongoing, ? unclear."
    )
    add_files(parser)
    parser.add_argument(
        "--json", action="store_true", help="a JSON list: one object per report, every problem and measure"
    )
    parser.add_argument("--brief", action="store_true", help="problems only, not their measures")
    parser.add_argument("--rules", action="store_true", help="print the rules and exit")
    parser.add_argument(
        "--rules-file", metavar="PATH", help="read the rules from PATH (same shape as the bundled file)"
    )
    add_output(parser)


def run(args: argparse.Namespace) -> int:
    try:
        rules = load_rules(args.rules_file)
    except ValueError as error:
        return fail("status", error)
    if args.rules:
        text = rules_text(rules)
    else:
        try:
            reports = load(args.files)
        except ReportError as error:
            return fail("status", error)
        if args.json:
            text = json_text([report_json(report, rules) for report in reports], indent=2) + "\n"
        else:
            text = "".join(report_text(report, rules, brief=args.brief) for report in reports)
    try:
        emit(text, args.output)
    except OSError as error:
        return fail("status", f"cannot write {args.output}: {error.strerror or error}")
    return 0


def _evidence(evidence) -> dict | None:
    return None if evidence is None else {"phrase": evidence.phrase, "start": evidence.start, "end": evidence.end}


def report_json(report: Report, rules=None) -> dict:
    """One report's statuses as data: evidence offsets are into the rectification's text (a
    problem's) or the measure's own text (a measure's)."""
    result = report_status(report, rules)
    problems = []
    for node_id, status in result.problems.items():
        node = report.find(node_id)
        assert node is not None
        measures = node.rectification.measures if node.rectification else []
        problems.append(
            {
                "node_id": node_id,
                "label": node.label,
                "title": node.title,
                "status": status.status,
                "evidence": _evidence(status.evidence),
                "whole": _evidence(status.whole),
                "measures": [
                    {
                        "label": measure.label,
                        "status": item.status,
                        "evidence": _evidence(item.evidence),
                        "concrete": item.concrete,
                        "named": item.named,
                    }
                    for measure, item in zip(measures, status.measures)
                ],
            }
        )
    return {
        "origin": report.origin,
        "title": report.title,
        "report": report.key,
        "plan": _evidence(result.plan),
        "problems": problems,
    }


def _status(name: str) -> str:
    return f"{MARKS[name]} {_(STATUS_NAMES[name])}"


def report_text(report: Report, rules=None, brief: bool = False) -> str:
    result = report_status(report, rules)
    lines = [f"{report.origin or report.title}  {report.title}"]
    if result.plan is not None:
        lines.append(
            "  "
            + _("an implementation plan (its title: {words}): everything in it is planned").format(
                words=result.plan.phrase
            )
        )
    for node_id, status in result.problems.items():
        node = report.find(node_id)
        assert node is not None
        line = f"  {_status(status.status)}  {node_id} {node.label}{node.display_title}"
        if status.evidence is not None:
            line += f"  «{status.evidence.phrase}»"
        if status.whole is not None and status.whole != status.evidence:
            line += "  " + _("(the report says «{words}»)").format(words=status.whole.phrase)
        lines.append(line)
        if brief or node.rectification is None:
            continue
        for measure, item in zip(node.rectification.measures, status.measures):
            words = f"  «{item.evidence.phrase}»" if item.evidence is not None else ""
            kind = _("concrete") if item.concrete else _("vague")
            lines.append(f"      {measure.label} {_status(item.status)}{words}  ({kind})")
    if not result.problems:
        lines.append("  " + _("no problems found"))
    return "".join(for_terminal(line).replace("\n", " ") + "\n" for line in lines)
