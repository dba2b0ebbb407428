"""XunshiApp: the outline on the left, the selected node on the right, search on top
(search itself lives in searching.py).

Slow things (the search index, OpenCC dictionaries) start in worker threads after the first
paint; workers only post messages, and handlers alone change the screen.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Input, Static, Tree

from tui import script as scripts
from tui.catalog import ReportCatalog
from tui.model import Report

from . import state
from .catalogue import Catalogue, Entry, Pin
from .findings import Findings
from .render import node_heading, shown
from .searching import SEARCH_DELAY, SearchMixin  # noqa: F401 (benchmarks read SEARCH_DELAY here)
from .widgets.detail import DetailPane
from .widgets.outline import OutlineTree
from .widgets.search import SearchInput, SearchPanel, SearchResults

if TYPE_CHECKING:  # the views, the help and the palette's provider are imported when first used
    from .screens.table import ViewState

NARROW_BELOW = 70  # columns: below this one pane is shown at a time (`v` switches)
# Seconds between the first frame being handed to the terminal writer and the background
# workers starting: their imports (Whoosh, OpenCC) hold the GIL and would slow that frame down.
# Opening the search box starts the engine at once, so a quick reader does not wait for this.
BACKGROUND_DELAY = 0.15


def _go_to_node():
    """The palette's "go to" provider, imported when the palette first opens."""
    from .commands import GoToNode

    return GoToNode


class XunshiApp(SearchMixin, App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "xunshi"
    AUTO_FOCUS = "#outline"
    COMMANDS = App.COMMANDS | {_go_to_node}
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("slash", "search", "Search", key_display="/"),
        Binding("escape", "back", "Back to the tree", show=False),
        Binding("left_square_bracket", "problem(-1)", "Previous problem", key_display="[", show=False),
        Binding("right_square_bracket", "problem(1)", "Problem", key_display="]", tooltip="Next problem"),
        Binding("n", "match(1)", "Match", tooltip="Next search hit, across nodes"),
        Binding("N", "match(-1)", "Previous match", tooltip="Previous search hit, across nodes", show=False),
        Binding("t", "cycle_script", "简/繁", tooltip="Script: 简体 → 繁體 → 臺灣 → 香港"),
        Binding("y", "copy", "Copy", show=False, tooltip="Copy the node's text (OSC 52: works over SSH)"),
        Binding("f", "figures", "Figures", tooltip="Figures: every number with its unit"),
        Binding("c", "citations", "Cited", tooltip="Cited documents: every 《…》 title"),
        Binding("r", "scope", "Search scope", show=False,
                tooltip="Search only this report / all (several open)"),
        Binding("v", "toggle_view", "Tree / text (narrow screens)", show=False),
        Binding("ctrl+d", "pane_page(1)", "Scroll text down", show=False),
        Binding("ctrl+u", "pane_page(-1)", "Scroll text up", show=False),
        Binding("question_mark", "help", "Help", key_display="?"),
    ]

    def __init__(self, reports: "list[Report] | ReportCatalog", script: str = "s", remember: bool = True, **kwargs) -> None:
        super().__init__(**kwargs)
        self.catalogue = Catalogue(reports)
        self.mode = scripts.check_mode(script)
        self.remember = remember
        self._init_search()
        self._restore: Entry | None = None
        self._header_for: tuple[int, str] | None = None
        self.pin: Pin | None = None  # the figure or title a view jumped to, marked in the pane
        self.view_states: dict[str, ViewState] = {}  # how the figures / citations views were left
        self.findings = Findings(self.catalogue)  # figures and cited titles, extracted on first use

    # ---- layout -------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Horizontal(id="header"):
            yield Static(id="header-title", markup=False)
            yield Static(id="header-meta", markup=False)
        with Horizontal(id="body"):
            with Vertical(id="left"):
                yield SearchPanel(id="search")
                yield OutlineTree(self.catalogue, self.mode, id="outline")
            yield DetailPane(id="detail")
        yield Footer(compact=True)

    @property
    def main_screen(self):
        """The explorer's own screen (layout classes live here even while help is shown)."""
        return self.screen_stack[0]

    @property
    def outline(self) -> OutlineTree:
        return self.query_one("#outline", OutlineTree)

    @property
    def detail(self) -> DetailPane:
        return self.query_one("#detail", DetailPane)

    def on_mount(self) -> None:
        if self.remember:
            remembered = state.load()
            self._restore = self.catalogue.find(remembered.report, remembered.node)
        entry = self._restore or self.catalogue.first()
        if entry is not None:
            self.outline.go_to(entry)
            if entry.node is None and self.several:
                self.outline.tree_node(entry).expand()  # the first report opened, the others closed
            self.show_entry(entry)
        self._narrow(self.size.width)
        if self.several:
            self.main_screen.add_class("several")
            self._show_scope()
        self.call_after_refresh(self._after_first_paint)

    def _after_first_paint(self) -> None:
        self.set_timer(BACKGROUND_DELAY, self._start_background)

    def _start_background(self) -> None:
        self._start_engine()
        self._warm_script(scripts.next_mode(self.mode))

    def on_resize(self, event) -> None:
        self._narrow(event.size.width)

    def _narrow(self, width: int) -> None:
        self.main_screen.set_class(width < NARROW_BELOW, "narrow")

    # ---- showing nodes ------------------------------------------------------------------
    @property
    def several(self) -> bool:
        return len(self.catalogue) > 1

    def show_entry(self, entry: Entry) -> None:
        matches, current = self.search_marks(entry)
        page_marks = ()
        pin = self.pin
        if pin is not None and (pin.key, pin.node_id) == (entry.key, entry.node_id):
            if entry.node is None:
                page_marks = [(pin.part, pin.paragraph, start, end) for start, end in pin.spans]
            else:
                matches.extend(pin.spans)
                current = pin.spans[0]
        self.detail.show(entry, self.mode, matches, current, page_marks)
        self._update_header(entry.report)

    def _update_header(self, report: Report) -> None:
        if self._header_for == (id(report), self.mode):
            return  # unchanged: repainting it would cost bytes on every move
        self._header_for = (id(report), self.mode)
        title = Text(shown(report.title, self.mode), no_wrap=True, overflow="ellipsis")
        date = report.published[:10]
        meta = " · ".join(part for part in (shown(date, "s"), scripts.label(self.mode)) if part)
        self.query_one("#header-title", Static).update(title)
        self.query_one("#header-meta", Static).update(Text(meta, no_wrap=True))

    @on(Tree.NodeHighlighted, "#outline")
    def _follow_cursor(self, event: Tree.NodeHighlighted) -> None:
        entry = self.outline.ensure(event.node)  # a report not loaded yet is loaded now
        if entry is not None:
            self.show_entry(entry)

    @on(Tree.NodeSelected, "#outline")
    def _open_node(self, event: Tree.NodeSelected) -> None:
        """Enter: a heading with children opens or closes; a leaf is opened for reading."""
        node = event.node
        if node.allow_expand:
            node.toggle()
        else:
            self._read()

    def _read(self) -> None:
        self.main_screen.add_class("show-detail")
        self.detail.focus()

    def go_to_entry(self, entry: Entry) -> None:
        """Select `entry` in the tree and show it (palette, search hits, [ and ])."""
        self.outline.go_to(entry)
        self.show_entry(entry)

    def go_to_report(self, key: str) -> None:
        """Go to a report's own page, loading it (the palette lists reports not loaded yet)."""
        entry = self.catalogue.find(key, None)
        if entry is None:
            self.notify("That report cannot be read.", markup=False)
            return
        self.go_to_entry(entry)

    # ---- actions ------------------------------------------------------------------------
    def action_back(self) -> None:
        self.main_screen.remove_class("searching", "show-detail")
        self.outline.focus()

    def action_toggle_view(self) -> None:
        if self.main_screen.has_class("show-detail"):
            self.action_back()
        else:
            self._read()

    def action_pane_page(self, direction: int) -> None:
        if direction > 0:
            self.detail.scroll_page_down(animate=False)
        else:
            self.detail.scroll_page_up(animate=False)

    def action_problem(self, step: int) -> None:
        """The next (previous) problem: in this report, else in the next (previous) report."""
        current = self.outline.current or self.detail.entry
        if current is None:
            return
        places = self.catalogue.load(current.key)
        here = places.index(current) if current in places else -1
        if step > 0:
            target = next((p for p in places[here + 1 :] if p.is_problem), None)
        else:
            target = next((p for p in reversed(places[: max(0, here)]) if p.is_problem), None)
        key = current.key
        for _ in range(len(self.catalogue)):
            if target is not None:
                break
            key = self.catalogue.next_key(key, step)
            try:
                problems = self.catalogue.problems(key)
            except (ValueError, OSError):  # a report that cannot be read is skipped
                continue
            target = (problems[0] if step > 0 else problems[-1]) if problems else None
        if target is None:
            self.notify("No problems in this report.", markup=False)
            return
        self.go_to_entry(target)

    def action_cycle_script(self) -> None:
        self.set_script(scripts.next_mode(self.mode))

    def set_script(self, mode: str) -> None:
        self.mode = scripts.check_mode(mode)
        self.outline.set_mode(mode)
        if self.detail.entry is not None:
            self.show_entry(self.detail.entry)
        if self.shown_hits:
            self._list_hits(self.shown_hits)
        if _is_table_view(self.screen):
            self.screen.redraw()
        self._warm_script(scripts.next_mode(mode))
        if self.remember:
            self._save_script(mode)

    def action_copy(self) -> None:
        entry = self.detail.entry
        if entry is None:
            return
        if entry.node is None:
            body = "\n".join([entry.report.title, *entry.report.intro, *entry.report.closing])
            text = shown(body, self.mode)
        else:
            text = shown(entry.node.label, self.mode) + shown(entry.node.plain_text(), self.mode)
        self.copy_to_clipboard(text)
        self.notify(f"Copied {len(text)} characters (OSC 52 clipboard).", markup=False)

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        self.push_screen(HelpScreen(self.key_rows()))

    def key_rows(self) -> list[tuple[str, str, str]]:
        """The help screen's rows, read from the BINDINGS of the app and its widgets.

        The app's own keys are split where they work: on every screen, or on the explorer only
        (MAIN_ONLY: off while a view or the help is on top).
        """
        from .screens.citations import CitationsScreen
        from .screens.figures import FiguresScreen
        from .screens.help import binding_rows
        from .screens.table import FilterInput, TableScreen
        from .widgets.rows import RowList

        explorer = [binding for binding in self.BINDINGS if _action_name(binding.action) in self.MAIN_ONLY]
        everywhere = [binding for binding in self.BINDINGS if binding not in explorer]
        return binding_rows(
            [("Everywhere", everywhere), ("Explorer", explorer),
             ("Outline", OutlineTree), ("Text pane", DetailPane),
             ("Search box", SearchInput), ("Search results", SearchResults),
             ("Figures and cited documents", TableScreen), ("Figures and cited documents", RowList),
             ("Figures and cited documents", FilterInput), ("Figures", FiguresScreen),
             ("Cited documents", CitationsScreen)],
            palette_key=self.COMMAND_PALETTE_BINDING,
        )

    # Keys of the explorer itself: off while a view or the help is on top of it.
    MAIN_ONLY = frozenset({"figures", "citations", "scope", "problem", "match", "copy", "toggle_view",
                           "pane_page", "search", "back"})

    # Keys a text box takes for itself (letters, / ? [ ], and Ctrl+D / Ctrl+U, which edit): while
    # one has focus they cannot reach these actions, so the footer does not offer them.
    TYPED = frozenset({"quit", "search", "problem", "match", "cycle_script", "copy", "figures", "citations",
                       "toggle_view", "pane_page", "help"})

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.MAIN_ONLY and len(self.screen_stack) > 1:
            return False
        if action in self.TYPED and isinstance(self.focused, Input):
            return False
        if action == "scope" and not self.several:
            return False
        return True

    def get_system_commands(self, screen):
        yield from super().get_system_commands(screen)
        if screen is self.main_screen:
            yield SystemCommand("Figures", "Every number with its unit, sortable and filterable (f)",
                                self.action_figures)
            yield SystemCommand("Cited documents", "Every 《…》 title: how often, where (c)", self.action_citations)
            if self.several:
                yield SystemCommand("Search scope", "Search this report only / all reports (r)", self.action_scope)

    # ---- figures and cited documents ----------------------------------------------------------
    def action_figures(self) -> None:
        from .screens.figures import FiguresScreen

        self.push_screen(FiguresScreen(self.view_states.get("figures")), self.jump_to_pin)

    def action_citations(self) -> None:
        from .screens.citations import CitationsScreen

        self.push_screen(CitationsScreen(self.view_states.get("citations")), self.jump_to_pin)

    def jump_to_pin(self, pin: Pin | None) -> None:
        """Show the place a view chose, its characters marked (the pane scrolls to them)."""
        if pin is None:
            return
        entry = self.catalogue.find(pin.key, pin.node_id)
        if entry is None:
            self.notify("That place is not in the outline.", markup=False)
            return
        self.pin = pin
        self.main_screen.remove_class("searching")
        self.outline.focus()
        self.go_to_entry(entry)
        self.detail.scroll_to_first_match()
        if self.main_screen.has_class("narrow"):
            self.main_screen.add_class("show-detail")

    async def action_quit(self) -> None:
        self.save_position()
        self.exit(0)

    def save_position(self) -> None:
        entry = self.detail.entry
        if self.remember and entry is not None:
            state.save_position(entry.key, entry.node_id)

    # ---- background work ----------------------------------------------------------------
    @work(thread=True, group="warm")
    def _warm_script(self, mode: str) -> None:
        """Convert every label and text for `mode` now, so pressing `t` only draws."""
        scripts.warm(mode)
        for entry in list(self.catalogue.entries):
            if entry.node is None:
                shown(entry.report.title, mode)
            else:
                node_heading(entry.node, mode)
                shown(entry.node.plain_text(), mode)

    @work(thread=True, group="state")
    def _save_script(self, mode: str) -> None:
        state.save_script(mode)


def _action_name(action: str) -> str:
    """"problem(-1)" → "problem": the action a binding runs, without its arguments."""
    return action.split("(", 1)[0]


def _is_table_view(screen) -> bool:
    """Whether `screen` is a figures / citations view (no view open yet: its module is not loaded)."""
    table = sys.modules.get(f"{__package__}.screens.table")
    return table is not None and isinstance(screen, table.TableScreen)
