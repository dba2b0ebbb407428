"""Similar problems (`m` on a problem): the problems of the other open reports most alike it.

Ranked by the score of `xunshi similar` (tui.analysis.similar: the cosine of the weighted
character pairs of the problems' statements, 0 to 1), with each one's report and status. `s`
cycles the order (score, report, status), `/` filters. Enter goes to the problem with the
words the two share marked.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from tui.analysis.scorecard import MARKS
from tui.analysis.similar import Match
from tui.analysis.status import STATUSES, problem_status
from tui.i18n import N_, _
from tui.library.places import Pin
from tui.model import Node
from tui.text.script import finder

from ..host import host
from ..render import BREADCRUMB, HEADING, node_heading, shown
from ..widgets.rows import cell, join_cells
from .table import TableScreen

SCORE, MARK, REPORT = 5, 2, 16  # column widths in cells; the problem takes the rest
LIMIT = 100


@dataclass(frozen=True)
class Similar:
    match: Match
    status: str
    rank: int


class SimilarScreen(TableScreen):
    VIEW = "similar"
    SORT_KEYS = (N_("score"), N_("report"), N_("status"))
    NAME = N_("Similar problems")
    PLACEHOLDER = N_("/ filter by report or problem")

    def __init__(self, key: str, node: Node, state=None) -> None:
        super().__init__(state)
        self.key, self.node = key, node

    def extract(self, progress) -> list:
        app = host(self)
        index = app.findings.problem_index(progress)
        matches = index.similar(self.key, self.node.id, limit=LIMIT, node=self.node)
        found = []
        for rank, match in enumerate(matches):
            report = app.places.library.load(match.ref.report)  # thread-safe; the places stay as they are
            node = report.find(match.ref.node_id)
            status = problem_status(node).status if node is not None else "unclear"
            found.append(Similar(match, status, rank))
        return found

    def select(self, items: list, state) -> list:
        chosen = items
        text = state.text.strip()
        if text:
            found = finder(text)
            chosen = [item for item in items if found(f"{item.match.ref.origin}\n{item.match.ref.heading}")]
        key = self.SORT_KEYS[state.sort]
        if key == "report":
            chosen = sorted(chosen, key=lambda item: (item.match.ref.origin, item.rank))
        elif key == "status":
            order = {status: index for index, status in enumerate(STATUSES)}
            chosen = sorted(chosen, key=lambda item: (order[item.status], item.rank))
        return chosen[::-1] if state.reverse else list(chosen)

    def status(self) -> str:
        return node_heading(self.node, host(self).mode)

    def loaded(self) -> None:
        if not self.items:
            self.notify(_("No problem of the other open reports is alike."), markup=False)

    def _widths(self, width: int) -> tuple[int, int]:
        report = REPORT if width >= 60 else 0
        return report, max(4, width - SCORE - MARK - report - (3 if report else 2))

    def columns(self, width: int) -> Text:
        report, rest = self._widths(width)
        cells = [cell(_("Score"), SCORE, HEADING, right=True), cell("", MARK)]
        if report:
            cells.append(cell(_("Report"), report, HEADING))
        cells.append(cell(_("Similar problem"), rest, HEADING))
        return join_cells(cells)

    def format_row(self, index: int, width: int) -> Text:
        item: Similar = self.rows[index]
        mode = host(self).mode
        report, rest = self._widths(width)
        ref = item.match.ref
        cells = [cell(f"{item.match.score:.2f}", SCORE, HEADING, right=True), cell(MARKS[item.status], MARK, HEADING)]
        if report:
            cells.append(cell(shown(ref.origin.rsplit(".", 1)[0] or ref.report_title, mode), report, BREADCRUMB))
        cells.append(cell(shown(ref.heading, mode), rest))
        return join_cells(cells)

    def pin_for(self, index: int) -> Pin | None:
        item: Similar = self.rows[index]
        ref = item.match.ref
        spans = tuple(item.match.spans) or ((0, len(ref.title)),)
        return Pin(ref.report, ref.node_id, spans)
