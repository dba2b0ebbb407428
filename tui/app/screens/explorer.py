"""The explorer: the outline on the left, the selected place on the right, search above the tree.

This screen owns the explorer's keys and its state (the place shown, the figure or title a view
jumped to) and mediates between its widgets: the outline posts Textual's tree messages, the
search panel posts `Preview` and `Go`, and the screen decides what the text pane shows.
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static

from tui.i18n import _
from tui.library import state
from tui.library.places import Pin, Place
from tui.model import Report
from tui.text import script as scripts

from ..host import host
from ..keygate import STARTING
from ..render import copy_pieces, copy_text, shown
from ..widgets.detail import DetailPane
from ..widgets.keybar import KeyBar
from ..widgets.outline import OutlineTree
from ..widgets.search_panel import SEARCH_HOLD, SearchPanel

if TYPE_CHECKING:
    from tui.analysis.status import ReportStatus

NARROW_BELOW = 70  # columns: below this one pane is shown at a time (`v` switches)
# Seconds between the first frame being handed to the terminal writer and the background
# workers starting: their imports (Whoosh, OpenCC) hold the GIL and would slow that frame down.
# Opening the search box starts the engine at once, so a quick reader does not wait for this.
BACKGROUND_DELAY = 0.15
# The search engine opens first (Whoosh's import and the index: what a reader waits for), and the
# rest of the background work (statuses, OpenCC) when it is ready (a warm index opens in ~0.15 s),
# or after this many seconds when the index is being built: run together from the start, each
# holds the others back and search is ready last.
REST_AFTER = 0.25


def view_screens() -> ModuleType:
    """The views (figures, cited documents, scorecards, similar, copy), imported when one is
    first opened: with the analysis they show, ~30 ms that the first paint does not wait for."""
    from . import views  # the views and their analysis: on first use, never before the first paint

    return views


class ExplorerScreen(Screen[None]):
    # Focus the tree as the screen is composed: Textual would focus the first focusable widget,
    # the search box, draw a first frame with its keys and then a second one with the tree's.
    AUTO_FOCUS = "#outline"
    BINDINGS = [
        Binding("slash", "search", "Search", key_display="/", id="explorer.search"),
        Binding("escape", "back", "Back to the tree", show=False, id="explorer.back"),
        Binding(
            "left_square_bracket",
            "problem(-1)",
            "Previous problem",
            key_display="[",
            show=False,
            id="explorer.previous-problem",
        ),
        Binding(
            "right_square_bracket",
            "problem(1)",
            "Problem",
            key_display="]",
            tooltip="Next problem",
            id="explorer.next-problem",
        ),
        Binding("n", "match(1)", "Match", tooltip="Next search hit, across nodes", id="explorer.next-match"),
        Binding(
            "N",
            "match(-1)",
            "Previous match",
            tooltip="Previous search hit, across nodes",
            show=False,
            id="explorer.previous-match",
        ),
        Binding(
            "y",
            "copy",
            "Copy",
            show=False,
            tooltip="Copy the node with its source line (OSC 52: works over SSH)",
            id="explorer.copy",
        ),
        Binding(
            "Y",
            "copy_piece",
            "Copy a piece",
            show=False,
            tooltip="Copy the heading alone, or one measure (with its source line)",
            id="explorer.copy-piece",
        ),
        Binding("f", "figures", "Figures", tooltip="Figures: every number with its unit", id="explorer.figures"),
        Binding("c", "citations", "Cited", tooltip="Cited documents: every 《…》 title", id="explorer.citations"),
        Binding(
            "s",
            "scorecard",
            "Scorecard",
            tooltip="Scorecard: what was done, counted; with several reports, side by side",
            id="explorer.scorecard",
        ),
        Binding(
            "m",
            "similar",
            "Similar",
            tooltip="Similar problems in the other open reports (on a problem)",
            id="explorer.similar",
        ),
        Binding(
            "r",
            "scope",
            "Search scope",
            show=False,
            tooltip="Search only this report / all (several open)",
            id="explorer.scope",
        ),
        Binding(
            "v",
            "toggle_view",
            "Tree / text",
            show=False,  # the key bar offers it on a narrow screen, where it is the one key needed
            tooltip="Tree / text (narrow screens)",
            id="explorer.toggle-view",
        ),
        Binding("ctrl+d", "pane_page(1)", "Scroll text down", show=False, id="explorer.page-down"),
        Binding("ctrl+u", "pane_page(-1)", "Scroll text up", show=False, id="explorer.page-up"),
    ]

    # Keys a text box takes for itself (letters, / [ ], and Ctrl+D / Ctrl+U, which edit): while
    # one has focus they cannot reach these actions, so the footer does not offer them.
    TYPED = frozenset(
        {
            "search",
            "problem",
            "match",
            "copy",
            "copy_piece",
            "figures",
            "citations",
            "scorecard",
            "similar",
            "toggle_view",
            "pane_page",
        }
    )

    class StatusesReady(Message):
        """The statuses of report `key` were worked out (in a worker)."""

        def __init__(self, key: str, statuses: ReportStatus) -> None:
            super().__init__()
            self.key, self.statuses = key, statuses

    def __init__(self, remember: bool = True) -> None:
        super().__init__()
        self.remember = remember
        self.pin: Pin | None = None  # the figure or title a view jumped to, marked in the pane
        self._header_for: tuple[int, str] | None = None
        self._statuses_asked: set[str] = set()  # reports whose statuses a worker works out
        self._background = False  # the background work has started (statuses wait for it)

    @property
    def places(self):
        return host(self).places

    @property
    def mode(self) -> str:
        return host(self).mode

    @property
    def several(self) -> bool:
        return len(self.places) > 1

    def compose(self):
        with Horizontal(id="header"):
            yield Static(id="header-title", markup=False)
            yield Static(id="header-meta", markup=False)
        with Horizontal(id="body"):
            with Vertical(id="left"):
                yield SearchPanel(self.places, self.mode, id="search")
                yield OutlineTree(self.places, self.mode, id="outline")
            yield DetailPane(id="detail")
        yield KeyBar()

    @property
    def outline(self) -> OutlineTree:
        return self.query_one("#outline", OutlineTree)

    @property
    def detail(self) -> DetailPane:
        return self.query_one("#detail", DetailPane)

    @property
    def search(self) -> SearchPanel:
        return self.query_one("#search", SearchPanel)

    def on_mount(self) -> None:
        restore = None
        if self.remember:
            remembered = state.load()
            restore = self.places.find(remembered.report, remembered.node)
        place = restore or self.places.first()
        if place is not None:
            self.outline.go_to(place)
            if place.node is None and self.several:
                self.outline.expand_item(self.outline.tree_node(place))  # the first report opened, the others closed
            self.show_place(place)
        self.outline.focus()
        self._narrow(self.app.size.width)
        if self.several:
            self.add_class("several")
            self.search.show_scope()
        self.watch(self.app, "mode", self._script_changed, init=False)
        self.watch(self.app, "lang", lambda _lang: self._script_changed(self.mode), init=False)
        host(self).keys.release(STARTING)  # keys typed ahead are replayed once this has been drawn
        self.call_after_refresh(lambda: self.set_timer(BACKGROUND_DELAY, self._start_background))

    def _start_background(self) -> None:
        self.search.start_engine()
        self.set_timer(REST_AFTER, self._start_the_rest)

    @on(SearchPanel.EngineReady)
    def _start_the_rest(self) -> None:
        if self._background:
            return
        self._background = True
        host(self).warm_script(scripts.next_mode(self.mode))
        place = self.detail.entry
        if place is not None:
            self._want_statuses(place)
        for root in self.places.roots:
            if self.places.is_loaded(root.key):
                self._want_statuses(self.places.load(root.key)[0])

    # ---- statuses ---------------------------------------------------------------------------
    def _want_statuses(self, place: Place) -> None:
        """Have the statuses of `place`'s report worked out, once, in a worker (after the first
        paint: the rules take a moment to load)."""
        if not self._background or place.key in self._statuses_asked:
            return
        self._statuses_asked.add(place.key)
        self._work_out_statuses(place.key, place.report)

    @work(thread=True, group="statuses")
    def _work_out_statuses(self, key: str, report: Report) -> None:
        self.post_message(self.StatusesReady(key, host(self).findings.statuses(key, report)))

    def _mark_outline(self, key: str, statuses: ReportStatus) -> None:
        self.outline.set_statuses(key, {node: status.status for node, status in statuses.problems.items()})

    @on(StatusesReady)
    def _statuses_ready(self, message: StatusesReady) -> None:
        self._mark_outline(message.key, message.statuses)
        entry = self.detail.entry
        if entry is not None and entry.key == message.key and entry.is_problem:
            self.show_place(entry)

    def on_resize(self, event) -> None:
        self._narrow(event.size.width)

    def _narrow(self, width: int) -> None:
        if self.has_class("narrow") != (width < NARROW_BELOW):
            self.set_class(width < NARROW_BELOW, "narrow")
            self.refresh_bindings()  # the key bar offers `v` on a narrow screen

    # ---- showing places ---------------------------------------------------------------------
    def show_place(self, place: Place) -> None:
        """Show `place` in the pane with the opened search's matches and a pinned figure marked."""
        matches, current = self.search.marks(place)
        page_marks: list = []
        pin = self.pin
        if pin is not None and (pin.key, pin.node_id) == (place.key, place.node_id):
            if place.node is None:
                page_marks = [(pin.part, pin.paragraph, start, end) for start, end in pin.spans]
            else:
                matches.extend(pin.spans)
                current = pin.spans[0]
        status, plan = None, False
        statuses = host(self).findings.status_of(place.key)
        if statuses is None:
            self._want_statuses(place)
        else:
            if place.key not in self.outline.statuses:  # worked out for a view (the scorecards)
                self._mark_outline(place.key, statuses)
            if place.node is not None:
                status, plan = statuses.problems.get(place.node.id), statuses.plan is not None
        self.detail.show(place, self.mode, matches, current, page_marks, status, plan)
        self._update_header(place.report)

    def _update_header(self, report: Report) -> None:
        if self._header_for == (id(report), self.mode):
            return  # unchanged: repainting it would cost bytes on every move
        self._header_for = (id(report), self.mode)
        title = Text(shown(report.title, self.mode), no_wrap=True, overflow="ellipsis")
        date = report.published[:10]
        meta = " · ".join(part for part in (shown(date, "s"), scripts.label(self.mode)) if part)
        self.query_one("#header-title", Static).update(title)
        self.query_one("#header-meta", Static).update(Text(meta, no_wrap=True))

    @on(OutlineTree.Highlighted, "#outline")
    def _follow_cursor(self, message: OutlineTree.Highlighted) -> None:
        place = self.outline.ensure(message.item)  # a report not loaded yet is loaded now
        if place is not None:
            self.show_place(place)

    @on(OutlineTree.Selected, "#outline")
    def _open_node(self, message: OutlineTree.Selected) -> None:
        """Enter: a heading with children opens or closes; a leaf is opened for reading."""
        item = message.item
        place = self.outline.ensure(item)
        if item.allow_expand:
            self.outline.toggle_item(item)
        elif place is not None:
            self.show_place(place)
            self._read()

    def _read(self) -> None:
        self.add_class("show-detail")
        self.detail.focus()

    def _after_jump(self) -> None:
        """Where a jump (a hit, n / N, a view's row) leaves the reader: at the text on a narrow
        screen, which shows one pane at a time and the jump is to read it; else in the tree."""
        if self.has_class("narrow"):
            self._read()
        else:
            self.outline.focus()

    def go_to_place(self, place: Place) -> None:
        """Select `place` in the tree and show it (palette, search hits, [ and ])."""
        self.outline.go_to(place)
        self.show_place(place)

    def go_to_report(self, key: str) -> None:
        """Go to a report's own page, loading it (the palette lists reports not loaded yet)."""
        place = self.places.find(key, None)
        if place is None:
            self.notify(_("That report cannot be read."), markup=False)
            return
        self.go_to_place(place)

    # ---- search -----------------------------------------------------------------------------
    def action_search(self) -> None:
        self.add_class("searching")
        self.remove_class("show-detail")
        self.search.focus_box()

    @on(SearchPanel.Preview)
    def _preview(self, message: SearchPanel.Preview) -> None:
        self.detail.show(message.place, self.mode, message.matches)
        self.detail.scroll_to_first_match()

    @on(SearchPanel.Cleared)
    def _search_over(self) -> None:
        place = self.outline.current
        if place is not None:
            self.show_place(place)

    @on(SearchPanel.Go)
    def _go_to_hit(self, message: SearchPanel.Go) -> None:
        self.pin = None
        self.remove_class("searching")
        self._show_match(message.place)
        self._after_jump()
        host(self).keys.release(SEARCH_HOLD)  # an Enter typed before its results: the keys after it go on

    def _show_match(self, place: Place) -> None:
        if self.outline.current is not place:
            self.outline.go_to(place)
        self.show_place(place)
        self.detail.scroll_to_first_match()

    def action_match(self, step: int) -> None:
        place = self.search.step(step)
        if place is None:
            query = self.search.shown_query.strip()
            if query and not self.search.shown_hits:  # a search that found nothing is not "no search"
                self.notify(_("Nothing found for “{query}”.").format(query=query), markup=False)
            else:
                self.notify(_("No search yet: press / to search."), markup=False)
            return
        if self.has_class("searching"):
            self.action_back()
        self.pin = None
        self._show_match(place)
        if self.has_class("narrow"):
            self._read()  # the match is in the text: show it

    def action_scope(self) -> None:
        """Limit search to the current report, or search all reports again."""
        if not self.several:
            self.notify(_("Only one report is open."), markup=False)
            return
        place = self.outline.current or self.detail.entry
        if place is None and self.search.scope is None:
            return
        self.search.toggle_scope(place.key if place is not None else None)

    # ---- moving and reading -----------------------------------------------------------------
    def action_back(self) -> None:
        self.remove_class("searching", "show-detail")
        self.outline.focus()

    def action_toggle_view(self) -> None:
        if self.has_class("show-detail"):
            self.action_back()
        else:
            self._read()

    def action_pane_page(self, direction: int) -> None:
        if self.has_class("narrow") and not self.has_class("show-detail"):
            self._read()  # the tree fills a narrow screen: show the text first, where it stands
            return
        if direction > 0:
            self.detail.scroll_page_down(animate=False)
        else:
            self.detail.scroll_page_up(animate=False)

    def action_problem(self, step: int) -> None:
        """The next (previous) problem: in this report, else in the next (previous) report."""
        current = self.outline.current or self.detail.entry
        if current is None:
            return
        places = self.places.load(current.key)
        here = places.index(current) if current in places else -1
        if step > 0:
            target = next((p for p in places[here + 1 :] if p.is_problem), None)
        else:
            target = next((p for p in reversed(places[: max(0, here)]) if p.is_problem), None)
        key = current.key
        for _attempt in range(len(self.places)):
            if target is not None:
                break
            key = self.places.next_key(key, step)
            try:
                problems = self.places.problems(key)
            except (ValueError, OSError):  # a report that cannot be read is skipped
                continue
            target = (problems[0] if step > 0 else problems[-1]) if problems else None
        if target is None:
            self.notify(_("No problems in this report."), markup=False)
            return
        self.go_to_place(target)

    def _script_changed(self, mode: str) -> None:
        """The script or the interface's language changed: every label and line again."""
        self._header_for = None
        self.outline.set_mode(mode)
        self.search.set_mode(mode)
        if self.detail.entry is not None:
            self.show_place(self.detail.entry)

    def action_copy(self) -> None:
        """The node (or the report's page) with its source line."""
        place = self.detail.entry
        if place is not None:
            self._copy(copy_text(place, self.mode))

    def action_copy_piece(self) -> None:
        """Choose the heading alone, or one measure, to copy with its source line."""
        place = self.detail.entry
        if place is not None:
            self.app.push_screen(view_screens().CopyChoice(copy_pieces(place, self.mode)), self._copy)

    def _copy(self, text: str | None) -> None:
        if not text:
            return
        self.app.copy_to_clipboard(text)
        self.notify(_("Copied {count} characters (OSC 52 clipboard).").format(count=len(text)), markup=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.TYPED and isinstance(self.app.focused, Input):
            return False
        return not (action == "scope" and not self.several)

    # ---- figures and cited documents ------------------------------------------------------
    def action_figures(self) -> None:
        self.app.push_screen(view_screens().FiguresScreen(host(self).view_states.get("figures")), self.jump_to_pin)

    def action_citations(self) -> None:
        self.app.push_screen(view_screens().CitationsScreen(host(self).view_states.get("citations")), self.jump_to_pin)

    # ---- scorecards and similar problems ----------------------------------------------------
    def action_scorecard(self) -> None:
        """One report's scorecard; with several open, all of them side by side."""
        place = self.outline.current or self.detail.entry
        states = host(self).view_states
        if self.several:
            current = place.key if place is not None else None
            self.app.push_screen(view_screens().ScorecardsScreen(states.get("scorecards"), current), self.jump_to_pin)
            return
        place = place or self.places.first()
        if place is None:
            return
        screen = view_screens().ScorecardScreen(place.key, place.report, states.get(f"scorecard:{place.key}"))
        self.app.push_screen(screen, self.jump_to_pin)

    def action_similar(self) -> None:
        """The problems of the other open reports most alike the problem shown."""
        place = self.outline.current or self.detail.entry
        if place is None or place.node is None or not place.is_problem:
            self.notify(_("Go to a problem first: similar problems are found for a problem."), markup=False)
            return
        if not self.several:
            self.notify(_("Only one report is open: open others to find the same problem in them."), markup=False)
            return
        self.app.push_screen(
            view_screens().SimilarScreen(place.key, place.node, host(self).view_states.get("similar")), self.jump_to_pin
        )

    def jump_to_pin(self, pin: Pin | None) -> None:
        """Show the place a view chose, its characters marked (the pane scrolls to them)."""
        if pin is None:
            return
        place = self.places.find(pin.key, pin.node_id)
        if place is None:
            self.notify(_("That place is not in the outline."), markup=False)
            return
        self.pin = pin
        self.remove_class("searching")
        self.go_to_place(place)
        self.detail.scroll_to_first_match()
        self._after_jump()

    def save_position(self) -> None:
        place = self.detail.entry
        if self.remember and place is not None:
            state.save_position(place.key, place.node_id)
