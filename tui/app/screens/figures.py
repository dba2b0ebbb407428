"""The figures view (`f`): every number with its unit, what it measures, its year and its node.

Sorted by a key (`s` cycles document → value → unit → phrase → year, `S` reverses), filtered by
unit without typing (`u` / `U` step through the units, most used first) and by text (`/`).
Enter jumps to the node with the figure marked.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding

from tui.analysis.figures import filter_figures, sort_figures, units
from tui.i18n import N_, _
from tui.library.places import Pin

from ..host import host
from ..render import BREADCRUMB, HEADING, MUTED, report_name, shown
from ..widgets.rows import cell, join_cells
from .table import TableScreen

VALUE, YEAR, NODE, REPORT = 14, 4, 16, 12  # column widths in cells; the phrase takes the rest


class FiguresScreen(TableScreen):
    BINDINGS = [
        Binding(
            "u", "unit(1)", "Unit", tooltip="Filter by unit: all → the most used → … (no typing)", id="figures.unit"
        ),
        Binding("U", "unit(-1)", "Previous unit", show=False, id="figures.previous-unit"),
    ]
    VIEW = "figures"
    NAME = N_("Figures")
    PLACEHOLDER = N_("/ filter figures (value, phrase or sentence)")
    SORT_KEYS = (N_("document"), N_("value"), N_("unit"), N_("phrase"), N_("year"))

    def __init__(self, state=None) -> None:
        super().__init__(state)
        self.units: list[tuple[str, int]] = []

    def extract(self, progress) -> list:
        return host(self).findings.figures(progress)

    def loaded(self) -> None:
        self.units = units(self.items or [])
        if self.state.unit not in {unit for unit, _ in self.units}:
            self.state.unit = None

    def select(self, items: list, state) -> list:
        chosen = filter_figures(items, unit=state.unit, text=state.text.strip() or None)
        return sort_figures(chosen, self.SORT_KEYS[state.sort], reverse=state.reverse)

    def status(self) -> str:
        if self.state.unit is None:
            return _("unit: all (u)")
        count = dict(self.units).get(self.state.unit, 0)
        return _("unit: {unit} ({count})").format(unit=self.state.unit, count=count)

    def action_unit(self, step: int) -> None:
        if self.items is None or not self.units:
            return
        names = [None] + [unit for unit, _ in self.units]
        index = names.index(self.state.unit) if self.state.unit in names else 0
        self.state.unit = names[(index + step) % len(names)]
        self.apply()

    def _widths(self, width: int) -> tuple[int, int]:
        report = REPORT if self.several else 0
        fixed = VALUE + YEAR + NODE + report + (4 if report else 3)
        return report, max(4, width - fixed)

    def columns(self, width: int) -> Text:
        report, phrase = self._widths(width)
        cells = [cell(_("Value"), VALUE, HEADING), cell(_("Year"), YEAR, HEADING), cell(_("Node"), NODE, HEADING)]
        if report:
            cells.append(cell(_("Report"), report, HEADING))
        cells.append(cell(_("Phrase"), phrase, HEADING))
        return join_cells(cells)

    def format_row(self, index: int, width: int) -> Text:
        figure = self.rows[index]
        mode = host(self).mode
        report, phrase = self._widths(width)
        entry = host(self).places.find(figure.report, figure.node_id)
        node = entry.node.label + entry.node.display_title if entry is not None and entry.node else figure.node_id
        cells = [
            cell(shown(figure.value, mode), VALUE, HEADING),
            cell(str(figure.year) if figure.year else "", YEAR),
            cell(shown(node, mode), NODE, BREADCRUMB),
        ]
        if report:
            name = report_name(entry.report) if entry is not None else figure.report[:8]
            cells.append(cell(shown(name, mode), report, BREADCRUMB))
        if figure.phrase:
            cells.append(cell(shown(figure.phrase, mode), phrase))
        else:
            cells.append(cell(shown(figure.context, mode).replace("\n", " "), phrase, MUTED))
        return join_cells(cells)

    def pin_for(self, index: int) -> Pin | None:
        figure = self.rows[index]
        return Pin(figure.report, figure.node_id, ((figure.start, figure.end),))
