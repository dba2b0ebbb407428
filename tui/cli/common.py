"""What the subcommands share: the files argument, loading the reports named, printing report
text safely, writing output atomically, and one-line failures."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tui.library import load_reports
from tui.library.paths import atomic_write
from tui.model import Report
from tui.text.safe import escape_unsafe, for_terminal

FILES_HELP = "report files (.txt parsed on the fly, .yaml from `xunshi build`) or folders; none: the bundled reports"


def add_files(parser: argparse.ArgumentParser, many: bool = True) -> None:
    if many:
        parser.add_argument("files", nargs="*", metavar="FILE", help=FILES_HELP)
    else:
        parser.add_argument(
            "file",
            nargs="?",
            metavar="FILE",
            help="one report file (.txt or .yaml) or a folder holding one; none: the bundled report",
        )


def add_output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", metavar="PATH", help="write to PATH (atomically) instead of stdout")


def load(files: list[str]) -> list[Report]:
    """The reports named (none: the bundled ones), loaded now; ReportError says why not."""
    return load_reports(files)


def out(line: str = "") -> None:
    """Print a line of report text: escape sequences and bidi controls removed (tui.text.safe)."""
    print(for_terminal(line))


def emit(text: str, output: str | None) -> None:
    """`text` to `output` written atomically (temp file + rename), or to stdout as UTF-8."""
    data = text.encode("utf-8")
    if output:
        atomic_write(Path(output), data, make_parents=False)  # a folder the user named must exist
        return
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def fail(command: str, message: object, code: int = 1) -> int:
    """One line on stderr naming the command; returns the exit code."""
    print(f"xunshi {command}: {' '.join(escape_unsafe(str(message)).split())}", file=sys.stderr)
    return code


def origins(reports: list[Report]) -> dict[str, str]:
    """Report key → a short name to print (file name, else title)."""
    return {report.key: report.origin or report.title for report in reports}


def labels(reports: list[Report]) -> dict[tuple[str, str], str]:
    """(report key, node id) → the node's printed label."""
    return {(r.key, node.id): node.label for r in reports for node in r.walk()}
