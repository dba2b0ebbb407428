"""Search in the explorer: the engine opened in a worker, queries debounced and run off the UI
thread, the results listed, Enter to open a hit, n / N through every match across nodes.

A mixin of XunshiApp, kept apart so app.py stays about layout and moving around. Textual only
collects `@on` handlers from classes it builds itself (App and Widget subclasses), so the
handlers here use the `on_<message>` names and check which widget sent the message.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from textual import work
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, OptionList

from .catalogue import Entry
from .render import breadcrumb, report_name, shown
from .widgets.search import SearchInput, SearchPanel, SearchResults

SEARCH_DELAY = 0.15  # seconds of quiet typing before a query runs
PAGE_LABEL = "报告首页"  # how a hit on a report's own page (its intro or closing) is listed


@dataclass
class SearchDone(Message):
    """A query finished in its worker: `result` is a tui.search.SearchResult, or `error` a line."""

    query: str
    result: object = None
    error: str | None = None


class SearchMixin:
    """Search state and handlers; the app provides `catalogue`, `outline`, `detail`, `mode`,
    `main_screen`, `several`, `pin`, `show_entry` and `action_back`."""

    def _init_search(self) -> None:
        self.hits: list = []  # the hits of the last opened search, for n / N
        self.positions: list[tuple[int, int]] = []  # (hit, match) pairs n / N step through
        self.position = -1
        self.shown_hits: list = []  # the hits listed under the search box now
        self.shown_query = ""  # the query those hits answer
        self.scope: str | None = None  # a report key: search only that report
        self._matches: dict[tuple[str, str | None], list[tuple[int, int]]] = {}
        self._engine = None
        self._engine_error: str | None = None
        self._engine_ready = threading.Event()
        self._engine_started = False
        self._search_timer: Timer | None = None

    # ---- the engine and the queries -----------------------------------------------------------
    def _start_engine(self) -> None:
        """Open the engine once: shortly after the first paint, or when the search box is used."""
        if not self._engine_started:
            self._engine_started = True
            self._open_engine()

    @work(thread=True, exclusive=True, group="engine")
    def _open_engine(self) -> None:
        try:
            from tui.paths import cache_dir
            from tui.search import SearchEngine

            engine = SearchEngine(self.catalogue.source, cache_dir=cache_dir())
            engine.open()
        except Exception as error:  # shown in the search panel; the explorer works without search
            self._engine_error = f"Search unavailable: {error}".splitlines()[0]
        else:
            self._engine = engine
        finally:
            self._engine_ready.set()

    def action_search(self) -> None:
        self._start_engine()
        self.main_screen.add_class("searching")
        self.main_screen.remove_class("show-detail")
        self.query_one(SearchInput).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "search-input":
            return
        self.main_screen.add_class("searching")
        self._start_engine()
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_DELAY, lambda: self._run_search(event.value))

    @work(thread=True, exclusive=True, group="search")
    def _run_search(self, query: str) -> None:
        if not query.strip():
            self.post_message(SearchDone(query))
            return
        if not self._engine_ready.wait(30) or self._engine is None:
            self.post_message(SearchDone(query, error=self._engine_error or "Search is not ready."))
            return
        try:
            result = self._engine.search(query, limit=50, report=self.scope)
        except Exception as error:  # the engine reports bad queries in `hint`; anything else is a bug to show, not crash on
            self.post_message(SearchDone(query, error=f"Search failed: {error}"))
            return
        self.post_message(SearchDone(query, result=result))

    # ---- the results --------------------------------------------------------------------------
    def on_search_done(self, message: SearchDone) -> None:
        if message.query != self.query_one(SearchInput).value:
            return  # a newer query is on its way
        panel = self.query_one(SearchPanel)
        result = message.result
        hits = [hit for hit in (result.hits if result is not None else []) if self._hit_entry(hit) is not None]
        self.shown_hits, self.shown_query = hits, message.query
        self._list_hits(hits)
        if message.error:
            panel.set_count(message.error)
        elif result is None:
            panel.set_count("")
        elif result.hint and not hits:
            panel.set_count(result.hint)
        else:
            more = f" (showing {len(hits)})" if result.total > len(hits) else ""
            least = "at least " if getattr(result, "estimated", False) else ""  # a very common query: only a share ranked
            panel.set_count(f"{least}{result.total} hits{more}")
        self.main_screen.set_class(bool(message.error or result is not None), "has-count")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "search-input" or event.value != self.shown_query:
            return  # not ours, or the results for this query are not in yet: Enter again when they are
        self.open_hit(self.query_one(SearchResults).highlighted or 0)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """The highlighted hit is shown in the pane, every match marked; the tree stays put.

        Only while the reader is in the search box or the results: redrawing the list (a script
        switch) must not put a hit over the node the tree shows.
        """
        browsing = self.focused is not None and self.focused.id in ("search-input", "search-results")
        if browsing and event.option_list.id == "search-results" and 0 <= event.option_index < len(self.shown_hits):
            hit = self.shown_hits[event.option_index]
            self.detail.show(self._hit_entry(hit), self.mode, hit.matches)
            self.detail.scroll_to_first_match()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "search-results":
            self.open_hit(event.option_index)

    def _list_hits(self, hits: list) -> None:
        crumbs, headings = [], []
        for hit in hits:
            entry = self._hit_entry(hit)
            crumb = breadcrumb(entry.ancestors, self.mode)
            if self.several:  # each hit names its report
                crumb = shown(report_name(entry.report), self.mode) + (" › " + crumb if crumb else "")
            crumbs.append(crumb)
            headings.append(None if entry.node is not None else
                            shown(PAGE_LABEL, self.mode) + " · " + shown(entry.report.title, self.mode))
        self.query_one(SearchResults).show_hits(hits, self.mode, crumbs, headings)

    def _hit_entry(self, hit) -> Entry | None:
        """The place a hit points to: node id "" is the report's own page (intro and closing)."""
        return self.catalogue.find(hit.report, hit.node_id or None)

    # ---- scope ---------------------------------------------------------------------------------
    def action_scope(self) -> None:
        """Limit search to the current report, or search all reports again."""
        if not self.several:
            self.notify("Only one report is open.", markup=False)
            return
        if self.scope is None:
            entry = self.outline.current or self.detail.entry
            if entry is None:
                return
            self.scope = entry.key
        else:
            self.scope = None
        self._show_scope()
        query = self.query_one(SearchInput).value
        if query.strip():
            self.main_screen.add_class("searching")
            self._run_search(query)

    def _show_scope(self) -> None:
        if self.scope is None:
            line = f"All {len(self.catalogue)} reports (r / ^R: this one)"
        else:
            root = self.catalogue.report_of(self.scope)
            name = shown(report_name(root), self.mode) if root is not None else self.scope[:8]
            line = f"Only {name} (r / ^R: all)"
        self.query_one(SearchPanel).set_scope(line)
        self.main_screen.set_class(self.scope is not None, "scoped")

    # ---- an opened search: every match marked, n / N -----------------------------------------
    def open_hit(self, index: int) -> None:
        """Open hit `index` of the listed results, with every match marked; n / N go on from it."""
        if not self.shown_hits:
            return
        self.hits = list(self.shown_hits)
        self.pin = None
        self._matches = {}
        for hit in self.hits:
            entry = self._hit_entry(hit)
            self._matches.setdefault((entry.key, entry.node_id), []).extend(hit.matches)
        self.main_screen.remove_class("searching")
        self.outline.focus()
        self.positions = [(i, j) for i, hit in enumerate(self.hits) for j in range(max(1, len(hit.matches)))]
        index = max(0, min(index, len(self.hits) - 1))
        self._go_to_position(self.positions.index((index, 0)))

    @property
    def hit_index(self) -> int:
        return self.positions[self.position][0] if self.positions else -1

    def search_marks(self, entry: Entry) -> tuple[list[tuple[int, int]], tuple[int, int] | None]:
        """The opened search's matches in `entry`, and the one n / N last went to when it is here."""
        matches = list(self._matches.get((entry.key, entry.node_id), ()))
        if not self.positions:
            return matches, None
        index, number = self.positions[self.position]
        hit = self.hits[index]
        if self._hit_entry(hit) is not entry or not hit.matches:
            return matches, None
        return matches, hit.matches[number]

    def _go_to_position(self, position: int) -> None:
        """Show match `position` of the opened search: its node, all its matches, this one stressed."""
        self.position = position
        index, number = self.positions[position]
        hit = self.hits[index]
        entry = self._hit_entry(hit)
        if self.outline.current is not entry:
            self.outline.go_to(entry)
        self.show_entry(entry)
        self.detail.scroll_to_first_match()
        where = f"match {number + 1}/{len(hit.matches)} · " if hit.matches else ""
        self.query_one(SearchPanel).set_count(f"hit {index + 1}/{len(self.hits)} · {where}n / N")
        self.main_screen.add_class("has-count")

    def action_match(self, step: int) -> None:
        if not self.hits:
            self.notify("No search yet: press / to search.", markup=False)
            return
        if self.main_screen.has_class("searching"):
            self.action_back()
        self.pin = None
        self._go_to_position((self.position + step) % len(self.positions))
