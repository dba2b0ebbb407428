"""Analysis of reports for the people who study them: figures, cited documents, export.

No Textual here: the command line and the explorer's views call the same plain functions and
dataclasses.
"""

from __future__ import annotations


def natural_id(node_id: str) -> tuple[int, ...]:
    """A node id as numbers, so "2.1.2.10" sorts after "2.1.2.9"."""
    return tuple(int(part) if part.isdigit() else 0 for part in node_id.split("."))
