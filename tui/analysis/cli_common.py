"""What the analysis subcommands share: loading the reports named, writing the output."""

from __future__ import annotations

import sys
from pathlib import Path

from tui.model import Report


def add_files(parser, many: bool = True) -> None:
    help_text = "report files (.txt parsed on the fly, .yaml from `xunshi build`) or folders; none: the bundled reports"
    if many:
        parser.add_argument("files", nargs="*", metavar="FILE", help=help_text)
    else:
        parser.add_argument("file", nargs="?", metavar="FILE",
                            help="one report file (.txt or .yaml) or a folder holding one; none: the bundled report")


def load(files: list[str]) -> list[Report]:
    from tui.store import load_reports

    return load_reports(files)


def emit(text: str, output: str | None) -> None:
    """`text` to `output` written atomically (temp file + rename), or to stdout as UTF-8."""
    data = text.encode("utf-8")
    if output:
        from tui.paths import atomic_write

        atomic_write(Path(output), data)
        return
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def fail(command: str, message: str, code: int = 1) -> int:
    from tui.safe_text import escape_unsafe

    print(f"xunshi {command}: {' '.join(escape_unsafe(str(message)).split())}", file=sys.stderr)
    return code


def origins(reports: list[Report]) -> dict[str, str]:
    """Report key → a short name to print (file name, else title)."""
    from tui.analysis import report_key

    return {report_key(report): report.origin or report.title for report in reports}


def labels(reports: list[Report]) -> dict[tuple[str, str], str]:
    """(report key, node id) → the node's printed label."""
    from tui.analysis import report_key

    return {(report_key(r), node.id): node.label for r in reports for node in r.walk()}
