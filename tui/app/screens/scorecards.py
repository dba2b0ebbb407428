"""The scorecards of every open report side by side (`s` with several reports open).

One row a report: problems by status, the share done, the share of concrete measures, the
report's own totals and how many of them differ from the counted ones (≠), money recovered and
people held to account. `s` cycles the order (as listed, share done, open, unclear, concrete,
differences, money, people), `S` reverses it, `/` filters by the report's name or title. Enter
opens the report's own scorecard, whose lines jump to where they were read.
"""

from __future__ import annotations

from rich.text import Text
from textual import on

from tui.analysis.scorecard import MARKS, SORT_KEYS, Scorecard, sort_cards
from tui.analysis.status import STATUSES
from tui.i18n import N_, _
from tui.library.places import Pin
from tui.text.script import finder

from ..host import host
from ..render import BREADCRUMB, HEADING, report_name, shown
from ..widgets.rows import RowList, cell, join_cells
from .scorecard import ScorecardScreen, money
from .table import TableScreen

# (column, width in cells, shown from this terminal width up); the report's name takes the rest.
COLUMNS = (
    ("problems", 4, 0),
    ("statuses", 16, 0),
    ("done", 5, 40),
    ("concrete", 5, 70),
    ("claimed", 9, 60),
    ("flagged", 2, 50),
    ("money", 10, 90),
    ("people", 5, 100),
)
NAME_MIN = 10


class ScorecardsScreen(TableScreen):
    VIEW = "scorecards"
    SORT_KEYS = SORT_KEYS

    NAME = N_("Scorecards")
    PLACEHOLDER = N_("/ filter by report")

    def __init__(self, state=None, current: str | None = None) -> None:
        super().__init__(state)
        self.current = current  # the report the explorer showed: the cursor starts on it

    def extract(self, progress) -> list:
        return host(self).findings.scorecards(progress)

    def loaded(self) -> None:
        if self.current is not None and self.items:
            keys = [card.report for card in self.items]
            if self.current in keys and not self.state.text and self.state.sort == 0 and not self.state.reverse:
                self.state.cursor = keys.index(self.current)

    def select(self, items: list, state) -> list:
        chosen = items
        text = state.text.strip()
        if text:
            found = finder(text)
            chosen = [card for card in items if found(f"{card.origin}\n{card.title}")]
        return sort_cards(chosen, self.SORT_KEYS[state.sort], reverse=state.reverse)

    def _shown(self, width: int) -> tuple[list[tuple[str, int]], int]:
        columns = [(name, size) for name, size, above in COLUMNS if width >= above]
        while columns and width - sum(size + 1 for _, size in columns) < NAME_MIN and len(columns) > 1:
            columns.pop()
        return columns, max(4, width - sum(size + 1 for _, size in columns))

    def columns(self, width: int) -> Text:
        columns, name = self._shown(width)
        heads = {
            "problems": _("Prob"),
            "statuses": "  ".join(MARKS[s] for s in STATUSES),
            "done": _("Done"),
            "concrete": _("Conc"),
            "claimed": _("Claimed"),
            "flagged": "≠",
            "money": _("Money"),
            "people": _("People"),
        }
        cells = [cell(_("Report"), name, HEADING)]
        cells += [cell(heads[column], size, HEADING, right=column != "statuses") for column, size in columns]
        return join_cells(cells)

    def format_row(self, index: int, width: int) -> Text:
        card: Scorecard = self.rows[index]
        mode = host(self).mode
        columns, name = self._shown(width)
        entry = host(self).places.report_of(card.report)
        title = report_name(entry) if entry is not None else card.origin
        cells = [cell(shown(title, mode), name, BREADCRUMB)]
        for column, size in columns:
            cells.append(cell(self._value(card, column), size, right=column != "statuses"))
        return join_cells(cells)

    @staticmethod
    def _value(card: Scorecard, column: str) -> str:
        if column == "problems":
            return str(card.problems)
        if column == "statuses":
            return " ".join(f"{card.problem_status[s]:>2}" for s in STATUSES)
        if column == "done":
            return "-" if card.done_rate is None else f"{card.done_rate:.0f}%"
        if column == "concrete":
            return f"{100 * card.concrete / card.measures:.0f}%" if card.measures else "-"
        if column == "claimed":
            claim = card.claim
            if claim is None:
                return "-"
            return "/".join("-" if v is None else f"{v:g}" for v in (claim.done, claim.problems))
        if column == "flagged":
            return str(card.flagged + len(card.contradicted)) if card.claim or card.contradicted else ""
        if column == "money":
            value = card.total("money")
            return money(value) if value else "-"
        people = card.total("accountable") + card.total("disciplined") + card.total("talks")
        return f"{people:g}" if people else "-"

    def pin_for(self, index: int) -> Pin | None:
        return None  # Enter opens the report's own scorecard (below)

    @on(RowList.Chosen, "#view-rows")
    def _open_card(self, event: RowList.Chosen) -> None:
        card: Scorecard = self.rows[event.index]
        place = host(self).places.find(card.report, None)
        if place is None:
            self.notify(_("That report cannot be read."), markup=False)
            return
        state = host(self).view_states.get(f"scorecard:{card.report}")
        self.app.push_screen(ScorecardScreen(card.report, place.report, state), self._card_closed)

    def _card_closed(self, pin: Pin | None) -> None:
        if pin is not None:
            self._leave(pin)
