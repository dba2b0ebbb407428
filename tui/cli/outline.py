"""`xunshi outline [FILE] [--json]`: the indented outline of a report, or the whole model."""

from __future__ import annotations

import argparse

from tui.cli.common import load, out
from tui.i18n import _
from tui.library.store import report_to_dict
from tui.model import Report
from tui.text.safe import json_text


def print_outlines(reports: list[Report]) -> None:
    for index, report in enumerate(reports):
        if index:
            out()
        out(report.title + (_(" (title derived from the text)") if report.title_derived else ""))
        for node in report.walk():
            measures = len(node.rectification.measures) if node.rectification else 0
            extra = f"  [{measures} measures]" if measures else ""
            extra += "  [truncated]" if node.truncated else ""
            out(f"{'  ' * node.level}{node.label}{node.display_title}{extra}")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", metavar="FILE", help="a report (.txt or .yaml); default: the bundled report")
    parser.add_argument("--json", action="store_true", help="print the whole model as JSON")


def run(args: argparse.Namespace) -> int:
    reports = load([args.file] if args.file else [])
    if args.json:
        data = [report_to_dict(report) for report in reports]
        print(json_text(data[0] if len(data) == 1 else data, indent=2))
    else:
        print_outlines(reports)
    return 0
