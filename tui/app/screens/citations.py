"""The cited documents view (`c`): every 《…》 title, how often and in which reports it is cited.

The places of the title under the cursor are listed below it; Enter on a title jumps to its
first place, `p` moves into the places to choose another (Enter jumps, Esc comes back).
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.widgets import Static

from tui.analysis.citations import filter_citations, sort_citations
from tui.i18n import N_, _, n_
from tui.library.places import Pin

from ..host import host
from ..render import BREADCRUMB, HEADING, cut, shown, snippet_text
from ..widgets.rows import RowList, cell, join_cells
from .figures import report_name
from .table import TableScreen

COUNT, REPORTS, WHERE, REPORT = 5, 7, 18, 12  # column widths in cells
PART_NAMES = {"intro": N_("introduction"), "closing": N_("closing")}


def place_pin(place) -> Pin:
    if place.part == "node":
        return Pin(place.report, place.node_id, ((place.start, place.end),))
    return Pin(place.report, None, ((place.start, place.end),), place.part, place.paragraph)


class CitationsScreen(TableScreen):
    BINDINGS = [
        Binding(
            "p",
            "places",
            "Places",
            tooltip="Choose where it is cited (Enter: go there, Esc: back)",
            id="citations.places",
        ),
    ]
    VIEW = "citations"
    NAME = N_("Cited documents")
    PLACEHOLDER = N_("/ filter titles")
    SORT_KEYS = (N_("count"), N_("title"), N_("reports"), N_("document"))

    def __init__(self, state=None) -> None:
        super().__init__(state)
        self.places: list = []

    def compose_extra(self):
        yield Static(id="places-title", markup=False)
        yield RowList(self.format_place, id="view-places")

    @property
    def place_list(self) -> RowList:
        return self.query_one("#view-places", RowList)

    def extract(self, progress) -> list:
        return host(self).findings.citations(progress)

    def select(self, items: list, state) -> list:
        chosen = filter_citations(items, text=state.text.strip() or None)
        return sort_citations(chosen, self.SORT_KEYS[state.sort], reverse=state.reverse)

    def columns(self, width: int) -> Text:
        cells = [cell(_("Times"), COUNT, HEADING, right=True)]
        if self.several:
            cells.append(cell(_("Reports"), REPORTS, HEADING, right=True))
        cells.append(cell(_("Title"), max(4, width - COUNT - 1 - (REPORTS + 1 if self.several else 0)), HEADING))
        return join_cells(cells)

    def format_row(self, index: int, width: int) -> Text:
        citation = self.rows[index]
        cells = [cell(str(citation.count), COUNT, HEADING, right=True)]
        if self.several:
            cells.append(cell(str(len(citation.reports)), REPORTS, right=True))
        title = "《" + shown(citation.title, host(self).mode) + "》"
        cells.append(cell(title, max(4, width - COUNT - 1 - (REPORTS + 1 if self.several else 0))))
        return join_cells(cells)

    @on(RowList.Highlighted, "#view-rows")
    def _show_places(self, event: RowList.Highlighted) -> None:
        citation = self.rows[event.index] if 0 <= event.index < len(self.rows) else None
        self.places = list(citation.places) if citation is not None else []
        count = len(self.places)
        line = n_("Cited once", "Cited {count} times", count).format(count=count) if citation is not None else ""
        if citation is not None and self.several:
            line += _(" in {count} reports").format(count=len(citation.reports))
        self.query_one("#places-title", Static).update(
            Text(line + (_("  · p: choose a place") if line else ""), BREADCRUMB, no_wrap=True, overflow="ellipsis")
        )
        self.place_list.set_rows(len(self.places))

    def _place_text(self, place) -> tuple[str, str]:
        """(where, the text the title stands in) for a place."""
        places = host(self).places
        entry = places.find(place.report, place.node_id or None)
        if entry is None:
            return place.node_id, ""
        if place.part == "node" and entry.node is not None:
            return entry.node.label + entry.node.display_title, entry.node.plain_text()
        paragraphs = entry.report.intro if place.part == "intro" else entry.report.closing
        text = paragraphs[place.paragraph] if place.paragraph < len(paragraphs) else ""
        return f"{_(PART_NAMES.get(place.part, place.part))} ¶{place.paragraph + 1}", text

    def format_place(self, index: int, width: int) -> Text:
        place = self.places[index]
        mode = host(self).mode
        where, text = self._place_text(place)
        cells = [cell(shown(where, mode), WHERE, BREADCRUMB)]
        rest = width - WHERE - 1
        if self.several:
            entry = host(self).places.find(place.report, None)
            cells.append(
                cell(shown(report_name(entry.report) if entry else place.report[:8], mode), REPORT, BREADCRUMB)
            )
            rest -= REPORT + 1
        # the whole paragraph, cleaned before it is cut: a slice could split an escape sequence
        snippet = snippet_text(text, [(place.start, place.end)], mode, lead=8)
        cells.append(cut(snippet, max(4, rest)))
        return join_cells(cells)

    def pin_for(self, index: int) -> Pin | None:
        citation = self.rows[index]
        return place_pin(citation.places[0]) if citation.places else None

    @on(RowList.Chosen, "#view-places")
    def _place_chosen(self, event: RowList.Chosen) -> None:
        self._leave(place_pin(self.places[event.index]))

    def redraw(self) -> None:
        super().redraw()
        self.place_list.refresh()

    def action_places(self) -> None:
        if self.places:
            self.place_list.focus()

    def action_close(self) -> None:
        if self.place_list.has_focus:
            self.table.focus()
        else:
            super().action_close()
