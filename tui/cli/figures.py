"""`xunshi figures [FILE ...] [--csv | --json] [--unit U] [--grep TEXT] [--year Y] [--sort KEY]`.

Text output is one figure a line, tab-separated: where (file, node id and label), the value as
printed, unit, year, phrase. CSV starts with a UTF-8 byte-order mark so Excel shows Chinese.
"""

from __future__ import annotations

import argparse
import csv
import io

from tui.analysis.figures import SORT_KEYS, extract_all, filter_figures, sort_figures
from tui.cli.common import add_files, add_output, emit, fail, labels, load, origins
from tui.i18n import _
from tui.parse import ReportError
from tui.text.safe import for_terminal, json_text

CSV_COLUMNS = (
    "origin", "node_id", "label", "value", "number", "unit", "base_unit", "qualifier", "phrase", "year",
    "start", "end", "context", "report",
)  # fmt: skip


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "List every figure (a number with its unit: 亿元, 万标箱, %, 个, 套(间) …) with the phrase it "
        "measures, the year stated with it and the node it comes from. Offsets (start, end) are "
        "into the node's plain text (title, text and rectification joined by newlines)."
    )
    add_files(parser)
    form = parser.add_mutually_exclusive_group()
    form.add_argument(
        "--csv", action="store_true", help="CSV (UTF-8 with a byte-order mark, so Excel reads the Chinese)"
    )
    form.add_argument("--json", action="store_true", help="a JSON list of figures")
    parser.add_argument("--unit", metavar="U", help="only this unit, as printed (亿元) or without magnitude (元)")
    parser.add_argument("--grep", metavar="TEXT", help="only figures whose value, phrase or sentence contains TEXT")
    parser.add_argument("--year", type=int, metavar="Y", help="only figures stated for year Y")
    parser.add_argument("--sort", choices=SORT_KEYS, default="document", help="order (default: document)")
    parser.add_argument("--reverse", action="store_true", help="reverse the order")
    add_output(parser)


def run(args: argparse.Namespace) -> int:
    try:
        reports = load(args.files)
    except ReportError as error:
        return fail("figures", error)
    figures = sort_figures(
        filter_figures(extract_all(reports), unit=args.unit, text=args.grep, year=args.year),
        args.sort,
        args.reverse,
    )
    names, node_labels = origins(reports), labels(reports)
    rows = [
        {"origin": names[f.report], "label": node_labels.get((f.report, f.node_id), ""), **f.as_dict()} for f in figures
    ]
    if args.json:
        text = json_text(rows, indent=2) + "\n"  # controls escaped (tui.text.safe)
    elif args.csv:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(CSV_COLUMNS)
        for row in rows:
            writer.writerow(["" if row[c] is None else for_terminal(str(row[c])) for c in CSV_COLUMNS])
        text = "\ufeff" + buffer.getvalue()
    else:
        header = "\t".join((_("where"), _("value"), _("unit"), _("year"), _("phrase")))
        text = header + "\n" + "".join(_line(row) + "\n" for row in rows) if rows else ""
    try:
        emit(text, args.output)
    except OSError as error:
        return fail("figures", _("cannot write {path}: {why}").format(path=args.output, why=error.strerror or error))
    if not figures:  # as grep does: nothing found is a status, said in one line
        return fail("figures", _("no figures found{limits}").format(limits=_limits(args)))
    return 0


def _limits(args: argparse.Namespace) -> str:
    """What the search was limited to, for the "nothing found" line."""
    parts = [text for text, wanted in ((_(" with unit {unit}"), args.unit), (_(" with {text}"), args.grep),
                                       (_(" of year {year}"), args.year)) if wanted]  # fmt: skip
    return "".join(parts).format(unit=args.unit, text=args.grep, year=args.year)


def _line(row: dict) -> str:
    cells = (
        f"{row['origin']}:{row['node_id']} {row['label']}",
        row["value"],
        row["unit"],
        str(row["year"] or "-"),
        row["phrase"] or "-",
    )
    return "\t".join(for_terminal(cell).replace("\t", " ").replace("\n", " ") for cell in cells)
