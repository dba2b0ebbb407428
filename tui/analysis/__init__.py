"""Analysis of reports for the people who study them: figures, cited documents, export.

No Textual here: the CLI subcommands (`cli_figures`, `cli_citations`, `cli_export`) and the
app's views call the same plain functions and dataclasses.
"""

from __future__ import annotations

from tui.model import Report
from tui.safe_text import for_terminal


def strip_controls(text: str) -> str:
    """`text` without escape sequences and control characters (newline and tab kept): the one
    implementation in `tui.safe_text`, so exports and tables strip what the terminal would obey."""
    return for_terminal(text)


def report_key(report: Report) -> str:
    """The key naming a report everywhere (search hits, figures, citations): `Report.key`, the
    same as `tui.catalog.report_key` (its sha256, else a hash of its text)."""
    return report.key


def natural_id(node_id: str) -> tuple[int, ...]:
    """A node id as numbers, so "2.1.2.10" sorts after "2.1.2.9"."""
    return tuple(int(part) if part.isdigit() else 0 for part in node_id.split("."))
