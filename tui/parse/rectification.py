"""How a report says "this is what was done about the problem": rectification labels, and the
wording that marks a heading as a problem when no label does.

Labels as printed: 整改情况, 整改落实情况, 整改进展情况, 整改完成情况, 整改进展, 整改措施,
整改措施及成效, 整改成效, 整改结果, 整改 (the last only with a colon: 问题：…/整改：… pairs).
A problem worded as one (关于…问题, …的问题, 关于…问题的整改, 问题：) whose answer carries no
label still has a rectification: its paragraphs (see `tui.parse.roles`).
"""

from __future__ import annotations

import re

RECT = re.compile(
    r"(?P<label>整改措施及成效|整改(?:落实|进展|完成)情况|整改情况|整改进展|整改措施|整改成效|整改结果|整改)"
    r"(?:\s{0,2}(?P<sep>[:：])|$)"
)
#: 关于“…”的问题, 关于…问题的整改, …的问题 (a heading's title, on the shadow).
PROBLEM_WORDING = re.compile(r"关于.{0,300}问题|问题(?:的整改(?:情况)?)?[。．.]?$")


def rect_label(shadow: str, position: int = 0) -> re.Match | None:
    """A rectification label at `position` of a line (the label alone, or label and colon)."""
    match = RECT.match(shadow, position)
    if match is None or (match.group("label") == "整改" and match.group("sep") is None):
        return None
    return match


def is_problem_wording(title: str) -> bool:
    return bool(PROBLEM_WORDING.search(title))
