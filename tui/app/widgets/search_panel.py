"""The search panel: the query box, the scope and count lines, the list of hits — and the state of
a search: the engine, the hits listed, the search opened with Enter and where `n` / `N` are in it.

The engine opens in a worker (shortly after the first paint, or when the box is first used);
queries run in a worker too, one at a time: a query typed while another runs waits for it, and
only the newest one waiting runs next (the ones between are never searched, and a result that
a newer query has overtaken is never listed). Typing waits for a pause only when the engine has
lately been slower than a frame and keys come faster than it answers, and then about as long as
one query takes. A query running for longer than a moment says so on the count line. Once the
engine is open and the reader has stopped typing for a moment, what pinyin queries need is read
ahead, in a worker. The panel never moves the outline or the text pane: it posts `Preview` (a
hit highlighted while browsing the list) and `Go` (a hit opened), and the
explorer screen decides what to show. `n` / `N` ask it for the next place with `step()`.
"""

from __future__ import annotations

import statistics
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.i18n import N_, _, n_
from tui.library.paths import cache_dir
from tui.library.places import Place, Places
from tui.text.safe import clean

if TYPE_CHECKING:  # the engine (Whoosh) is imported in a worker, never before the first paint
    from tui.search import Hit, SearchEngine, SearchResult

from ..host import host
from ..render import BREADCRUMB, HEADING, breadcrumb, report_name, shown, snippet_text

FRAME = 1 / 60  # seconds: an engine that answers within a frame is asked at every key
SEARCH_DELAY = 0.15  # the longest wait for a pause in typing (when the engine is slow)
RECENT_QUERIES = 5  # the engine's last query times kept to decide whether to wait
WORKING_AFTER = 0.1  # seconds a query may run before the count line says it is searching
#: Seconds without a key before the pinyin tables are read in the background (after the engine
#: opened): reading them holds the interpreter for a moment, which typing would feel.
IDLE_BEFORE_WARMING = 0.5
SEARCH_HOLD = "search"  # the key gate's hold while an Enter waits for its results
PAGE_LABEL = N_("report page")  # how a hit on a report's own page (its intro or closing) is listed


class SearchInput(Input):
    """The query box. Up/Down move through the hits without leaving it; it never blinks."""

    BINDINGS = [
        Binding("enter", "submit", "Open the hit", key_display="Enter", id="search.open"),
        Binding("escape", "screen.back", "Back to the tree", key_display="Esc", id="search.back"),
        Binding("down", "hit(1)", "Next hit", show=False, id="search.next"),
        Binding("up", "hit(-1)", "Previous hit", show=False, id="search.previous"),
        Binding("ctrl+r", "screen.scope", "Search this report only / all reports", show=False, id="search.scope"),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(placeholder=_("/ search"), compact=True, **kwargs)
        self.cursor_blink = False  # a blinking cursor sends bytes every half second over SSH

    def replace(self, text: str, start: int, end: int) -> None:
        """Every insertion (keys, paste) lands here: pasted escapes and bidi controls never show."""
        super().replace(clean(text), start, end)

    def holds_key(self, key: str) -> str | None:
        """The key gate asks before Enter: a hit will be opened — the highlighted one, or for a
        query whose results are not listed yet the first, once searched — and the keys typed
        after Enter wait until it is (the focus is then in the tree)."""
        panel = self.parent
        if key != "enter" or not isinstance(panel, SearchPanel) or not self.value.strip():
            return None
        return SEARCH_HOLD if self.value != panel.shown_query or panel.shown_hits else None

    def action_hit(self, step: int) -> None:
        results = self.screen.query_one(SearchResults)
        if results.option_count:
            current = results.highlighted if results.highlighted is not None else -step
            results.highlighted = max(0, min(results.option_count - 1, current + step))


class SearchResults(OptionList):
    """One option per hit: the node's heading and breadcrumb, then the snippet with hits marked."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="results.down"),
        Binding("k", "cursor_up", "Up", show=False, id="results.up"),
    ]

    def show_hits(self, hits, mode: str, crumbs: list[str], headings: list[str | None]) -> None:
        """List `hits` with one breadcrumb each; a heading in `headings` (None: the hit's own
        label and title) names a report's own page."""
        highlighted = self.highlighted
        self.clear_options()
        self.add_options(
            [Option(hit_prompt(hit, mode, crumb, heading)) for hit, crumb, heading in zip(hits, crumbs, headings)]
        )
        if hits:
            self.highlighted = highlighted if highlighted is not None and highlighted < len(hits) else 0


def count_line(total: int, listed: int, estimated: bool) -> str:
    """`3 hits`, `at least 5000 hits (showing 50)`: how many, in the interface's language."""
    line = (
        n_("at least {count} hit", "at least {count} hits", total)
        if estimated  # a very common query: only a share was ranked
        else n_("{count} hit", "{count} hits", total)
    ).format(count=total)
    if total > listed:
        line += _(" (showing {count})").format(count=listed)
    return line


def hit_prompt(hit, mode: str, crumb: str, heading: str | None = None) -> Text:
    """Three lines: the heading (`heading`, already shown, else the hit's label and title), the
    breadcrumb, the snippet."""
    prompt = Text(no_wrap=True, overflow="ellipsis")
    prompt.append(heading if heading is not None else shown(hit.label, mode) + shown(hit.title, mode), HEADING)
    if crumb:
        prompt.append("\n" + crumb, BREADCRUMB)
    prompt.append("\n")
    prompt.append_text(snippet_text(hit.snippet, hit.snippet_spans, mode))
    return prompt


@dataclass
class SearchDone(Message):
    """A query (in `scope`) finished in its worker: its `result`, or `error` a line to show;
    `skipped` when a newer query overtook it before it was searched."""

    query: str
    scope: str | None = None
    result: SearchResult | None = None
    error: str | None = None
    seconds: float | None = None  # how long the engine took
    skipped: bool = False


class EngineWarmed(Message):
    """What pinyin queries need was read ahead (or failed to be: the first such query reads it)."""


class SearchPanel(Vertical):
    """Owns everything about searching; the explorer asks it for marks and steps."""

    class EngineReady(Message):
        """The engine has opened (or failed to): work that waited for it may start."""

    @dataclass
    class Preview(Message):
        """A hit is highlighted in the list: show it, its matches marked; the tree stays put."""

        place: Place
        matches: list[tuple[int, int]]

    @dataclass
    class Cleared(Message):
        """No hit to show any more (the box emptied, or a query with none): show the tree's place
        again, without the marks of a search that is over."""

    @dataclass
    class Go(Message):
        """A hit was opened (Enter): go to its place; `marks()` now holds every match."""

        place: Place

    def __init__(self, places: Places, mode: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.places = places
        self.mode = mode
        self.scope: str | None = None  # a report key: search only that report
        self.shown_hits: list = []  # the hits listed now
        self.shown_query = ""  # the query they answer
        self.hits: list = []  # the hits of the search opened with Enter, for n / N
        self.positions: list[tuple[int, int]] = []  # (hit, match) pairs n / N step through
        self.position = -1
        self._matches: dict[tuple[str, str | None], list[tuple[int, int]]] = {}
        self._engine: SearchEngine | None = None
        self._engine_error: str | None = None
        self._engine_ready = threading.Event()
        self._engine_started = False
        self._timer: Timer | None = None  # the wait for a pause in typing
        self._in_flight: tuple[str, str | None] | None = None  # the (query, scope) being searched
        self._waiting: tuple[str, str | None] | None = None  # the newest one asked for meanwhile
        self._times: deque[float] = deque(maxlen=RECENT_QUERIES)  # the engine's last query times
        self._working: Timer | None = None  # says "searching" when a query runs long
        self._warm = "no"  # the pinyin tables: "no", "waiting" (for a pause), "reading", "done"
        self._typed = ""  # the box's text as last changed
        self._changed_at = 0.0  # when (time.monotonic())
        self._count: str | Callable[[], str] = ""  # what the count line says (see set_count)
        self._open_when_listed: str | None = None  # a query Enter was pressed on before its results

    def compose(self):
        yield SearchInput(id="search-input")
        yield Static(id="search-scope", markup=False)
        yield Static(id="search-count", markup=False)
        yield SearchResults(id="search-results")

    @property
    def several(self) -> bool:
        return len(self.places) > 1

    @property
    def query_text(self) -> str:
        return self.query_one(SearchInput).value

    def focus_box(self) -> None:
        self.start_engine()
        self.query_one(SearchInput).focus()

    # ---- the engine and the queries -------------------------------------------------------
    def start_engine(self) -> None:
        """Open the engine once: shortly after the first paint, or when the box is used."""
        if not self._engine_started:
            self._engine_started = True
            self._open_engine()

    @work(thread=True, exclusive=True, group="engine")
    def _open_engine(self) -> None:
        try:
            from tui.search import SearchEngine  # Whoosh: imported in this worker, never before the first paint

            engine = SearchEngine(self.places.library, cache_dir=cache_dir())
            engine.open()
        except Exception as error:  # shown in the panel; the explorer works without search
            self._engine_error = _("Search unavailable: {error}").format(error=error).splitlines()[0]
        else:
            self._engine = engine
            self.call_later(self.warm_when_idle)  # on the UI thread (post_message is thread-safe)
        finally:
            self._engine_ready.set()
            self.post_message(self.EngineReady())

    # ---- reading ahead what pinyin queries need ---------------------------------------------
    def warm_when_idle(self) -> None:
        """Read the pinyin tables in a worker once the reader has paused typing (and no query
        runs): the first pinyin query then answers as fast as any other."""
        if self._warm in ("reading", "done") or self._engine is None:
            return
        self._warm = "waiting"
        quiet = time.monotonic() - host(self).keys.last_key
        if quiet < IDLE_BEFORE_WARMING or self._in_flight is not None:
            self.set_timer(max(IDLE_BEFORE_WARMING - quiet, FRAME), self.warm_when_idle)
            return
        self._warm = "reading"
        self._warm_pinyin(self._engine)

    # A read-ahead only: when it fails the app goes on, and the first pinyin query reads the
    # tables itself (and says what went wrong).
    @work(thread=True, group="warm-pinyin", exit_on_error=False)
    def _warm_pinyin(self, engine: SearchEngine) -> None:
        try:
            warm = getattr(engine, "warm_pinyin", None)  # stand-in engines in tests have none
            if callable(warm):
                warm()
        finally:
            self.post_message(EngineWarmed())

    @on(EngineWarmed)
    def _warmed(self, event: EngineWarmed) -> None:
        event.stop()
        self._warm = "done"

    @property
    def pinyin_warmed(self) -> bool:
        return self._warm == "done"

    # ---- queries: one at a time, the newest next ---------------------------------------------
    @on(Input.Changed, "#search-input")
    def _query_changed(self, event: Input.Changed) -> None:
        event.stop()
        emptied = self._typed.strip() and not event.value.strip()
        self._typed = event.value
        if emptied:
            self.forget()  # the reader emptied the box: the search is over, n / N have nothing to walk
        self.screen.add_class("searching")
        self.start_engine()
        now = time.monotonic()
        since_last, self._changed_at = now - self._changed_at, now
        self._ask(event.value, self.typing_delay(since_last))

    def typing_delay(self, since_last: float = float("inf")) -> float:
        """No wait while the engine answers within a frame, nor for a key typed after a pause
        longer than a query takes (`since_last`: seconds since the box last changed). Keys that
        come faster than a slow engine answers wait about as long as its queries take (a key
        typed sooner would have made that search stale), at most SEARCH_DELAY."""
        if not self._times:
            return 0.0
        typical = statistics.median(self._times)
        return 0.0 if typical <= FRAME or since_last >= typical else min(SEARCH_DELAY, typical)

    def _ask(self, query: str, delay: float = 0.0) -> None:
        """Search `query` in the current scope, after `delay` seconds unless asked again."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        wanted = (query, self.scope)
        if delay > 0:
            self._timer = self.set_timer(delay, lambda: self._ask(query))
            return
        if self._in_flight is not None:
            self._waiting = wanted  # runs when the one in flight is done; an older one waiting is dropped
            return
        self._start(wanted)

    def _start(self, wanted: tuple[str, str | None]) -> None:
        self._in_flight, self._waiting = wanted, None
        if self._working is not None:
            self._working.stop()
        self._working = self.set_timer(WORKING_AFTER, self._say_working) if wanted[0].strip() else None
        self._run_search(*wanted)

    def _say_working(self) -> None:
        self._working = None
        if self._in_flight is not None and self.query_text.strip():
            self.set_count(lambda: _("Searching…"))
            self.screen.add_class("has-count")

    @work(thread=True, group="search")
    def _run_search(self, query: str, scope: str | None = None) -> None:
        """The engine's answer to `query`; one runs at a time (`_ask`)."""
        if not query.strip():
            self.post_message(SearchDone(query, scope))
            return
        if not self._engine_ready.wait(30) or self._engine is None:
            self.post_message(SearchDone(query, scope, error=self._engine_error or _("Search is not ready.")))
            return
        if self._waiting is not None and self._waiting != (query, scope):
            self.post_message(SearchDone(query, scope, skipped=True))  # overtaken while the engine opened
            return
        started = time.perf_counter()
        try:
            result = self._engine.search(query, limit=50, report=scope)
        except Exception as error:  # bad queries come back as a hint; anything else is shown, not raised
            self.post_message(SearchDone(query, scope, error=_("Search failed: {error}").format(error=error)))
            return
        self.post_message(SearchDone(query, scope, result=result, seconds=time.perf_counter() - started))

    @on(SearchDone)
    def _results(self, message: SearchDone) -> None:
        done = (message.query, message.scope)
        if message.seconds is not None:
            self._times.append(message.seconds)
        self._in_flight = None
        if self._working is not None:
            self._working.stop()
            self._working = None
        waiting, self._waiting = self._waiting, None
        if waiting is not None and waiting != done:
            self._start(waiting)  # the newest query asked for meanwhile
        if message.skipped or done != (self.query_text, self.scope):
            return  # a newer query is on its way: this one is never listed
        result = message.result
        hits = [hit for hit in (result.hits if result is not None else []) if self.place_of(hit) is not None]
        # (a hit whose report can no longer be read is left out: every listed hit has a place)
        self.shown_hits, self.shown_query = hits, message.query
        self._list(hits)
        if message.error:
            self.set_count(message.error)
        elif result is None:
            self.set_count("")
        elif result.hint and not hits:
            self.set_count(result.hint)
        else:
            total, estimated = result.total, result.estimated
            self.set_count(lambda: count_line(total, len(hits), estimated))
        self.screen.set_class(bool(message.error or result is not None), "has-count")
        if not hits and message.query.strip():
            self.post_message(self.Cleared())  # no hit to preview: not the last query's
        if self._open_when_listed == message.query:
            self._open_when_listed = None
            if hits:
                self.open_hit(0)  # the explorer releases the held keys once it is there
            else:
                host(self).keys.release(SEARCH_HOLD)

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        """Enter acts on the query as typed: with its results listed, open the highlighted hit;
        before they are in, search now and open the first — the keys typed after Enter wait."""
        event.stop()
        if event.value == self.shown_query:
            self.open_hit(self.query_one(SearchResults).highlighted or 0)
            return
        if not event.value.strip():
            return
        self._open_when_listed = event.value  # the gate holds the keys after it (holds_key)
        self._ask(event.value)  # now, without waiting for a pause

    @on(OptionList.OptionHighlighted, "#search-results")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Only while the reader is in the box or the list: redrawing the list (a script switch)
        must not put a hit over the node the tree shows."""
        event.stop()
        focused = self.app.focused
        browsing = focused is not None and focused.id in ("search-input", "search-results")
        if browsing and 0 <= event.option_index < len(self.shown_hits):
            hit = self.shown_hits[event.option_index]
            self.post_message(self.Preview(self._place(hit), list(hit.matches)))

    @on(OptionList.OptionSelected, "#search-results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.open_hit(event.option_index)

    def place_of(self, hit: Hit) -> Place | None:
        """The place a hit points to: node id "" is the report's own page (intro and closing)."""
        return self.places.find(hit.report, hit.node_id or None)

    def _place(self, hit: Hit) -> Place:
        """The place of a hit that is listed (listed hits all have one)."""
        place = self.place_of(hit)
        assert place is not None, hit
        return place

    def _list(self, hits: list) -> None:
        crumbs, headings = [], []
        for hit in hits:
            place = self._place(hit)
            crumb = breadcrumb(place.ancestors, self.mode)
            if self.several:  # each hit names its report
                crumb = shown(report_name(place.report), self.mode) + (" › " + crumb if crumb else "")
            crumbs.append(crumb)
            headings.append(
                None if place.node is not None else _(PAGE_LABEL) + " · " + shown(place.report.title, self.mode)
            )
        self.query_one(SearchResults).show_hits(hits, self.mode, crumbs, headings)

    def set_mode(self, mode: str) -> None:
        """Everything again in another script or language: the hits, the lines, the box."""
        self.mode = mode
        if self.shown_hits:
            self._list(self.shown_hits)
        self.query_one(SearchInput).placeholder = _("/ search")
        self.set_count(self._count)
        if self.several or self.scope is not None:
            self.show_scope()

    def set_count(self, line: str | Callable[[], str]) -> None:
        """The count line; a callable is asked again when the language or the script changes."""
        self._count = line
        text = line() if callable(line) else line
        self.query_one("#search-count", Static).update(Text(text, no_wrap=True, overflow="ellipsis"))

    # ---- scope ------------------------------------------------------------------------------
    def toggle_scope(self, key: str | None) -> None:
        """Search only report `key`, or all reports again when a scope is set."""
        self.scope = key if self.scope is None else None
        self.show_scope()
        if self.query_text.strip():
            self.screen.add_class("searching")
            self._ask(self.query_text)

    def show_scope(self) -> None:
        if self.scope is None:
            line = _("All {count} reports (r / ^R: this one)").format(count=len(self.places))
        else:
            root = self.places.report_of(self.scope)
            name = shown(report_name(root), self.mode) if root is not None else self.scope[:8]
            line = _("Only {name} (r / ^R: all)").format(name=name)
        self.query_one("#search-scope", Static).update(Text(line, no_wrap=True, overflow="ellipsis"))
        self.screen.set_class(self.scope is not None, "scoped")

    # ---- an opened search: every match marked, n / N ---------------------------------------
    def open_hit(self, index: int) -> None:
        """Open hit `index` of the list with every match marked; n / N go on from it."""
        if not self.shown_hits:
            return
        self.hits = list(self.shown_hits)
        self._matches = {}
        for hit in self.hits:
            place = self._place(hit)
            self._matches.setdefault((place.key, place.node_id), []).extend(hit.matches)
        self.positions = [(i, j) for i, hit in enumerate(self.hits) for j in range(max(1, len(hit.matches)))]
        index = max(0, min(index, len(self.hits) - 1))
        self.post_message(self.Go(self._go_to(self.positions.index((index, 0)))))

    def forget(self) -> None:
        """End the opened search: no hits listed, none to step through, no marks."""
        had = bool(self.hits or self.shown_hits)
        self.hits, self.positions, self.position, self._matches = [], [], -1, {}
        self.shown_hits, self.shown_query = [], ""
        self.query_one(SearchResults).clear_options()
        self.set_count("")
        self.screen.remove_class("has-count")
        if had:
            self.post_message(self.Cleared())

    def step(self, step: int) -> Place | None:
        """The place of the next (previous) match of the opened search, None when there is none."""
        if not self.positions:
            return None
        return self._go_to((self.position + step) % len(self.positions))

    def _go_to(self, position: int) -> Place:
        self.position = position
        index, number = self.positions[position]
        hit = self.hits[index]
        hits, matches = len(self.hits), len(hit.matches)

        def line() -> str:
            where = _("match {n}/{count} · ").format(n=number + 1, count=matches) if matches else ""
            return _("hit {n}/{count} · ").format(n=index + 1, count=hits) + where + "n / N"

        self.set_count(line)
        self.screen.add_class("has-count")
        return self._place(hit)

    @property
    def hit_index(self) -> int:
        return self.positions[self.position][0] if self.positions else -1

    def marks(self, place: Place) -> tuple[list[tuple[int, int]], tuple[int, int] | None]:
        """The opened search's matches in `place`, and the one n / N last went to when it is here."""
        matches = list(self._matches.get((place.key, place.node_id), ()))
        if not self.positions:
            return matches, None
        index, number = self.positions[self.position]
        hit = self.hits[index]
        if self.place_of(hit) is not place or not hit.matches:
            return matches, None
        return matches, hit.matches[number]
