"""What the figures and citations views share: a title line, a filter box, a table, the footer.

The rows are extracted in a worker (all reports can be many) and drawn lazily (`RowList`).
Enter closes the view with a `Pin` (the place to show marked); the app jumps there. How the view
was left (sort, filter, cursor) is kept in a `ViewState` so reopening it comes back the same.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rich.text import Text
from textual import on, work
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static

from tui.i18n import N_, _
from tui.library.places import Pin
from tui.text.safe import clean

from ..host import host
from ..widgets.keybar import KeyBar
from ..widgets.rows import RowList

FILTER_DELAY = 0.15  # seconds of quiet typing before the filter applies
SYNC_LIMIT = 20_000  # rows: above this, filtering and sorting run in a worker (0.1-0.4 s at 120,000)


@dataclass
class ViewState:
    sort: int = 0  # index into the view's SORT_KEYS
    reverse: bool = False
    unit: str | None = None  # figures only
    text: str = ""
    cursor: int = 0


class FilterInput(Input):
    """The filter box; Enter, Down or Esc go back to the table (the filter stays)."""

    BINDINGS = [
        Binding("down,escape", "done", "From the filter box back to the table", show=False, id="filter.done"),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(compact=True, **kwargs)
        self.cursor_blink = False  # no bytes over SSH while idle

    def replace(self, text: str, start: int, end: int) -> None:
        """Every insertion (keys, paste) lands here: pasted escapes and bidi controls never show."""
        super().replace(clean(text), start, end)

    def action_done(self) -> None:
        self.screen.query_one("#view-rows", RowList).focus()


class Extracted(Message):
    """The worker finished: `items` (all of them, unfiltered), or `error` a line to show."""

    def __init__(self, items: list | None, error: str | None = None) -> None:
        super().__init__()
        self.items, self.error = items, error


class Progress(Message):
    """The worker has read `done` of `total` reports."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done, self.total = done, total


class Selected(Message):
    """Rows filtered and sorted in a worker, for the `generation`-th request."""

    def __init__(self, rows: list, cursor: int, generation: int) -> None:
        super().__init__()
        self.rows, self.cursor, self.generation = rows, cursor, generation


class TableScreen(Screen[Pin | None]):
    """A full screen table over every report; subclasses say what the rows are."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="view.close"),
        Binding(
            "slash",
            "filter",
            "Filter",
            key_display="/",
            tooltip="Filter by text (Enter / Esc: back to the table)",
            id="view.filter",
        ),
        Binding("s", "sort", "Sort", tooltip="Sort by the next key (the title line names it)", id="view.sort"),
        Binding("S", "reverse", "Reverse order", show=False, id="view.reverse"),
        Binding("x", "clear", "Clear the filters", show=False, id="view.clear"),
    ]
    VIEW = ""  # the key of its ViewState in the app
    NAME = ""
    PLACEHOLDER = N_("/ filter")
    SORT_KEYS: tuple[str, ...] = ()

    def __init__(self, state: ViewState | None = None) -> None:
        super().__init__()
        self.state = state or ViewState()
        self.items: list | None = None  # everything, as extracted
        self.rows: list = []  # what is listed: filtered and sorted
        self._timer: Timer | None = None
        self._generation = 0  # of filter / sort requests: only the latest one is shown

    def compose(self):
        yield Static(id="view-title", markup=False)
        yield FilterInput(id="view-filter", placeholder=_(self.PLACEHOLDER), value=self.state.text)
        yield Static(id="view-columns", markup=False)
        yield RowList(self.format_row, id="view-rows")
        yield from self.compose_extra()
        yield KeyBar()

    def compose_extra(self):
        """Widgets below the table (the citations' places)."""
        return iter(())

    @property
    def table(self) -> RowList:
        return self.query_one("#view-rows", RowList)

    @property
    def several(self) -> bool:
        return host(self).several

    def on_mount(self) -> None:
        self.table.focus()
        self._set_title(_("{view} · extracting…").format(view=_(self.NAME)))
        self._extract()

    @work(thread=True, exclusive=True, group="view")
    def _extract(self) -> None:
        try:
            items = self.extract(self._progress)
        except Exception as error:  # shown on the title line; the explorer goes on
            line = _("{view}: failed: {error}").format(view=_(self.NAME), error=error)
            self.post_message(Extracted(None, line.splitlines()[0]))
        else:
            self.post_message(Extracted(items))

    def _progress(self, done: int, total: int) -> None:
        if total > 20 and (done % 20 == 0 or done == total):
            self.post_message(Progress(done, total))

    @on(Progress)
    def _show_progress(self, message: Progress) -> None:
        if self.items is None:
            self._set_title(
                _("{view} · reading reports {done}/{total}…").format(
                    view=_(self.NAME), done=message.done, total=message.total
                )
            )

    @on(Extracted)
    def _loaded(self, message: Extracted) -> None:
        if message.error:
            self._set_title(message.error)
            return
        self.items = message.items
        self.loaded()
        self.apply(cursor=self.state.cursor)

    # ---- what subclasses give ---------------------------------------------------------------
    def extract(self, progress) -> list:
        """Every item of every report (runs in a worker thread); `progress(done, total)`."""
        raise NotImplementedError

    def loaded(self) -> None:
        """Called once the items are in (on the UI thread)."""

    def select(self, items: list, state: ViewState) -> list:
        """`items` filtered and sorted as `state` says (may run in a worker: read only)."""
        raise NotImplementedError

    def format_row(self, index: int, width: int) -> Text:
        raise NotImplementedError

    def columns(self, width: int) -> Text:
        raise NotImplementedError

    def status(self) -> str:
        return ""

    def pin_for(self, index: int) -> Pin | None:
        raise NotImplementedError

    # ---- drawing -------------------------------------------------------------------------
    def apply(self, cursor: int = 0) -> None:
        """Filter and sort again, list the rows and say what is shown."""
        if self.items is None:
            return
        self._generation += 1
        if len(self.items) <= SYNC_LIMIT:
            self._show_rows(self.select(self.items, self.state), cursor)
            return
        self._set_title(_("{view} · sorting {count}…").format(view=_(self.NAME), count=len(self.items)))
        self._select(self.items, replace(self.state), cursor, self._generation)

    @work(thread=True, exclusive=True, group="select")
    def _select(self, items: list, state: ViewState, cursor: int, generation: int) -> None:
        self.post_message(Selected(self.select(items, state), cursor, generation))

    @on(Selected)
    def _selected(self, message: Selected) -> None:
        if message.generation == self._generation:
            self._show_rows(message.rows, message.cursor)

    def _show_rows(self, rows: list, cursor: int) -> None:
        self.rows = rows
        self.table.set_rows(len(rows), cursor)
        self.redraw()

    def redraw(self) -> None:
        """Title, column heads and rows again (after a resize or a script change)."""
        if self.items is None:
            return
        arrow = "↓" if self.state.reverse else "↑"
        parts = [
            _("{view} · {shown} of {total}").format(view=_(self.NAME), shown=len(self.rows), total=len(self.items)),
            _("sort: {key} {arrow}").format(key=_(self.SORT_KEYS[self.state.sort]), arrow=arrow),
            self.status(),
        ]
        if self.state.text:
            parts.append(_("text: {text}").format(text=self.state.text))
        self.query_one(FilterInput).placeholder = _(self.PLACEHOLDER)
        self._set_title(" · ".join(part for part in parts if part))
        self.query_one("#view-columns", Static).update(self.columns(self.table.scrollable_content_region.width))
        self.table.refresh()

    def _set_title(self, line: str) -> None:
        self.query_one("#view-title", Static).update(Text(line, no_wrap=True, overflow="ellipsis"))

    def on_resize(self) -> None:
        self.call_after_refresh(self.redraw)

    # ---- actions -------------------------------------------------------------------------
    def action_close(self) -> None:
        self._leave(None)

    def _leave(self, pin: Pin | None) -> None:
        self.state.cursor = self.table.cursor
        host(self).view_states[self.VIEW] = self.state
        self.dismiss(pin)

    def action_filter(self) -> None:
        self.query_one(FilterInput).focus()

    def action_sort(self) -> None:
        self.state.sort = (self.state.sort + 1) % len(self.SORT_KEYS)
        self.apply()

    def action_reverse(self) -> None:
        self.state.reverse = not self.state.reverse
        self.apply()

    def action_clear(self) -> None:
        self.state.unit, self.state.text = None, ""
        self.query_one(FilterInput).value = ""
        self.apply()

    @on(Input.Changed, "#view-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(FILTER_DELAY, lambda: self._set_text(event.value))

    def _set_text(self, value: str) -> None:
        if value != self.state.text:
            self.state.text = value
            self.apply()

    @on(Input.Submitted, "#view-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        self._set_text(event.value)
        self.table.focus()

    @on(RowList.Chosen, "#view-rows")
    def _chosen(self, event: RowList.Chosen) -> None:
        pin = self.pin_for(event.index)
        if pin is not None:
            self._leave(pin)
