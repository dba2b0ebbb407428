"""Analysis of reports for the people who study them: figures, cited documents, export.

No Textual here: the CLI subcommands (`cli_figures`, `cli_citations`, `cli_export`) and the
app's views call the same plain functions and dataclasses.
"""

from __future__ import annotations

import re

from tui.model import Report

# C0 controls except tab and newline, DEL, C1 controls, bidi embeddings/overrides/isolates:
# report text is data and must not move a terminal's cursor or reorder what is shown.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_ESCAPE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?")


def strip_controls(text: str) -> str:
    """`text` without escape sequences and control characters (newline and tab kept)."""
    return _CONTROL.sub("", _ESCAPE.sub("", text))


def report_key(report: Report) -> str:
    """The key naming a report everywhere (search hits, figures, citations): its sha256.

    Reports built by hand (tests) may lack one; their origin or title stands in.
    """
    return report.sha256 or report.origin or report.title


def natural_id(node_id: str) -> tuple[int, ...]:
    """A node id as numbers, so "2.1.2.10" sorts after "2.1.2.9"."""
    return tuple(int(part) if part.isdigit() else 0 for part in node_id.split("."))
