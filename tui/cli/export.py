"""`xunshi export [FILE] [--format F] [--script S] [--node ID] [-o PATH]`."""

from __future__ import annotations

import argparse
from pathlib import Path

from tui.analysis.export import EXTENSIONS, FORMATS, ExportError, export
from tui.cli.common import add_files, add_output, emit, fail, load
from tui.i18n import _
from tui.parse import ReportError
from tui.text.script import MODE_KEYS


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Export a report, or one node with everything under it, as Markdown (headings follow the "
        "outline, measures are numbered lists that keep 一是…), JSON or YAML (the full model; loads "
        "back unchanged), or CSV (one row per node; UTF-8 with a byte-order mark so Excel reads the "
        "Chinese). Written atomically with -o, else to stdout."
    )
    add_files(parser, many=False)
    parser.add_argument(
        "--format",
        "-f",
        choices=FORMATS,
        default=None,
        help="markdown (default; or guessed from the -o name), json, yaml, csv",
    )
    parser.add_argument(
        "--script",
        choices=MODE_KEYS,
        default="s",
        help="s (Simplified, as printed), s2t (Traditional), s2tw (Taiwan), s2hk (Hong Kong)",
    )
    parser.add_argument(
        "--node", metavar="ID", help="only this node and its subtree: a dotted id (2.1.2.8) or a unique label ((17))"
    )
    add_output(parser)


def run(args: argparse.Namespace) -> int:
    fmt = args.format or EXTENSIONS.get(Path(args.output).suffix.lower(), "markdown") if args.output else args.format
    try:
        reports = load([args.file] if args.file else [])
    except ReportError as error:
        return fail("export", error)
    if len(reports) != 1:
        names = ", ".join(r.origin or r.title for r in reports[:3])
        return fail("export", _("{count} reports found ({names}…): name one FILE to export").format(
            count=len(reports), names=names), 2)  # fmt: skip
    try:
        text = export(reports[0], fmt or "markdown", args.script, args.node)
    except ExportError as error:
        return fail("export", error)
    try:
        emit(text, args.output)
    except OSError as error:
        return fail("export", _("cannot write {path}: {why}").format(path=args.output, why=error.strerror or error))
    return 0
