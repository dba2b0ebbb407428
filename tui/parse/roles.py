"""Roles: which numbered level holds the problems, and what the levels above it are called.

The problem level is the (level, numbering style) that carries most rectifications; when no
rectification has a label, the one whose titles are worded as problems (关于…问题, …的问题,
问题：); failing that, the one whose paragraphs enumerate measures (一是…二是…). The levels above
are named by their distance from it — 1 level: section; 2: section, group; 3: part, section,
group; 4: part, section, group, group — the same in every branch of one report. A childless
node above the problem level that answers with a rectification is a problem too (problems at
two depths); nodes on the problem level in another numbering style, and nodes below it, are
plain headings.
"""

from __future__ import annotations

from collections import Counter

from tui.model import Node, Rectification, Report
from tui.parse.measures import split_measures
from tui.parse.rectification import is_problem_wording

_NAMES = {0: [], 1: ["section"], 2: ["section", "group"], 3: ["part", "section", "group"]}


def names_above(levels: int) -> list[str]:
    """The kinds of the `levels` levels above the problems, outermost first."""
    return _NAMES.get(levels) or ["part", "section"] + ["group"] * (levels - 2)


def problem_level(nodes: list[Node], shadows: dict[int, tuple[str, str]]) -> tuple[int, str] | None:
    """(level, style) of the problems, or None when nothing in the report marks any."""
    for evidence in (
        lambda node: node.rectification is not None,
        lambda node: node.style == "wenti" or is_problem_wording(shadows[id(node)][0]),
        lambda node: len(split_measures(node.text, shadows[id(node)][1])) >= 2,
    ):
        counts = Counter((node.level, node.style) for node in nodes if evidence(node))
        if counts:
            return max(counts, key=lambda key: (counts[key], key[0]))
    deepest = [child for node in nodes if "问题" in shadows[id(node)][0] and node.children for child in node.walk()]
    if not deepest:
        return None
    level = max(child.level for child in deepest)
    return level, next(child.style for child in deepest if child.level == level)


def assign_kinds(report: Report, shadows: dict[int, tuple[str, str]]) -> None:
    """Set every node's kind. `shadows`: id(node) → (shadow of its title, shadow of its text)."""
    nodes = list(report.walk())
    found = problem_level(nodes, shadows)
    if found is None:
        return
    level, style = found
    names = names_above(level - 1)
    for node in nodes:
        if node.level == level:
            node.kind = "problem" if node.style == style else "heading"
        elif node.level < level:
            answered = node.rectification is not None and not node.children
            node.kind = "problem" if answered else names[node.level - 1]


def answer_unlabelled(report: Report) -> None:
    """A problem whose answer carries no label: its paragraphs are its rectification."""
    for node in report.walk():
        if node.kind == "problem" and node.rectification is None and node.text:
            node.rectification = Rectification(label="", sep="", text=node.text)
            node.text = ""
