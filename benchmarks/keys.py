"""Keystroke to screen, in the running app (Textual pilot, 80×24, in this process).

The app's `_display` (where every compositor update goes to the terminal) is wrapped: each
update is rendered to the escape sequences a real terminal would get, and its time is kept.
A figure is the time from the key press to the LAST update before the screen goes quiet, so
work deferred to a timer, message or worker (debounced search, a pane filled later) counts.
Input cursors are set not to blink while measuring, so blinking does not count as work.

Figures: typing a query (last key to results painted; the expected hit must be on screen),
on the bundled report and, with `--sizes`, on the largest corpus (1,000 reports by default;
its index built untimed beforehand, as a reader's cache holds it); selecting a node (Down/Up in the tree from the top until the pane is painted); switching the
script (`t` on problem (9), reached with `]`, until everything is repainted; the first switch
apart, as it may load OpenCC's tables).
Baselines in the bare app: one key typed into its Input, and its Static pane updated with the
longest node text of the report, each until painted.
"""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

from benchmarks.common import Context, project, reason
from benchmarks.table import Row, Target

SIZE = (80, 24)
QUIET = 0.35  # seconds without an update that count as "done painting"
SEARCH_QUIET = 0.8  # longer: a slow engine's debounce leaves a gap between echo and results
# (query typed, text that must be painted with the results: from the best hit, not in the query)
TO_PROBLEM = 9  # presses of "]" (next problem) before the script switches
SEARCH_CASES = [("金砖", "创新基地"), ("jinzhuan", "创新基地"), ("保障性住房", "刚需"), ("gu lang yu", "鼓浪")]


class PaintClock:
    """Times (and terminal text) of the app's screen updates."""

    def __init__(self, app):
        from textual._compositor import CompositorUpdate

        self.updates: list[tuple[float, str]] = []
        original = app._display

        def display(screen, renderable):
            original(screen, renderable)
            if renderable is None:
                return
            if isinstance(renderable, CompositorUpdate):
                text = renderable.render_segments(app.console)
            else:
                text = ""
            self.updates.append((time.perf_counter(), text))

        app._display = display

    async def settle(self, since: int, quiet: float = QUIET, timeout: float = 15.0) -> float | None:
        """Wait until no update for `quiet` s; time of the last update after index `since`."""
        start = time.perf_counter()
        while True:
            await asyncio.sleep(0.01)
            now = time.perf_counter()
            last = self.updates[-1][0] if len(self.updates) > since else None
            if last is not None and now - last >= quiet:
                return last
            if last is None and now - start >= quiet * 3 and now - start >= timeout / 10:
                return None  # nothing was painted
            if now - start >= timeout:
                return last

    def text_since(self, index: int) -> str:
        from benchmarks.pty import visible_text

        return visible_text("".join(text for _, text in self.updates[index:]).encode())


def _no_blink(app) -> None:
    from textual.widgets import Input

    for widget in app.query(Input):
        widget.cursor_blink = False


async def _press(pilot, clock: PaintClock, key: str, quiet: float = QUIET) -> float | None:
    since = len(clock.updates)
    start = time.perf_counter()
    await pilot.press(key)
    last = await clock.settle(since, quiet)
    return None if last is None else (last - start) * 1000


async def _type_queries(
    app, pilot, clock: PaintClock, cases, problems: list[str], by_query: dict | None = None
) -> list[float]:
    """Type each query (all keys but the last, then wait for quiet); time the last key to the
    last update, which must show the results: `marker` (or, None, the first hit listed).
    `by_query` gets each query's times too."""
    times = []
    for query, marker in cases:
        await pilot.press("escape")
        await clock.settle(len(clock.updates))
        await pilot.press("/")
        _no_blink(app)
        await clock.settle(len(clock.updates))
        await pilot.press("ctrl+a", "ctrl+k")  # empty the box (Input: home, delete to end)
        for key in query[:-1]:
            await pilot.press("space" if key == " " else key)
        await clock.settle(len(clock.updates), quiet=SEARCH_QUIET)
        since = len(clock.updates)
        elapsed = await _press(pilot, clock, query[-1], quiet=SEARCH_QUIET)
        panel = app.explorer.search
        listed = panel.shown_query == query and panel.shown_hits
        if marker is None and listed:
            first = panel.shown_hits[0]
            marker = (first.label + first.title if first.node_id else first.title)[:4]
        if elapsed is not None and listed and marker in clock.text_since(since):
            times.append(elapsed)
            if by_query is not None:
                by_query.setdefault(query, []).append(round(elapsed, 1))
        else:
            problems.append(f"{query}: results with {marker!r} not painted")
    return times


async def _measure_xunshi(reports, options) -> dict[str, list[float]]:
    XunshiApp = project("tui.app", "XunshiApp")
    app = XunshiApp(reports, script="s")
    out: dict[str, list[float]] = {"search": [], "select": [], "switch": [], "first_switch": []}
    problems: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        clock = PaintClock(app)
        _no_blink(app)
        await clock.settle(0, quiet=1.0, timeout=30.0)
        out["search"] = await _type_queries(app, pilot, clock, SEARCH_CASES * options.repeats(1, 3), problems)
        await pilot.press("escape")
        await clock.settle(len(clock.updates))
        moves = options.repeats(10, 30)
        for index in range(moves):
            key = "down" if (index // 5) % 2 == 0 else "up"
            elapsed = await _press(pilot, clock, key)
            if elapsed is not None:
                out["select"].append(elapsed)
        for _ in range(TO_PROBLEM):  # to problem (9), a long node: the pane redraws much on t
            await pilot.press("right_square_bracket")
        await clock.settle(len(clock.updates))
        for index in range(options.repeats(8, 16)):
            elapsed = await _press(pilot, clock, "t")
            if elapsed is not None:
                out["first_switch" if index == 0 else "switch"].append(elapsed)
        await pilot.press("escape")
    if problems:
        out["problems"] = problems  # type: ignore[assignment]
    return out


async def _measure_corpus(reports, options) -> tuple[list[float], list[str], dict]:
    """Last key to results painted over a corpus, its index opened from the cache."""
    XunshiApp = project("tui.app", "XunshiApp")
    app = XunshiApp(reports, script="s", remember=False)
    problems: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        clock = PaintClock(app)
        _no_blink(app)
        await clock.settle(0, quiet=1.0, timeout=60.0)
        cases = [(query, None) for query, _marker in SEARCH_CASES] * options.repeats(2, 5)
        by_query: dict[str, list[float]] = {}
        times = await _type_queries(app, pilot, clock, cases, problems, by_query)
    return times, problems, by_query


def _corpus_search(context: Context, size: int) -> Row:
    """The search row at `size` reports: the app opens the index the run built (untimed)."""
    target = Target("p95", 120, "p95 <= 120 ms") if size == 1000 else None
    row = Row("keys", f"xunshi, {size:,} reports: last key -> results painted", "ms", target=target)
    before = os.environ.get("XUNSHI_HOME")
    try:
        reports = context.reports(size)
        context.engine(size)  # builds (or opens) the index in cache_dir(size)
        home = context.fresh_dir(f"home-keys-{size}")
        (Path(home) / "cache").symlink_to(context.cache_dir(size), target_is_directory=True)
        os.environ["XUNSHI_HOME"] = str(home)
        row.samples, problems, row.details["by_query_ms"] = asyncio.run(_measure_corpus(reports, context.options))
        if problems:
            row.note = "; ".join(problems)[:200]
        if not row.samples:
            row.missing = "no results were painted"
    except Exception as error:
        row.missing = reason(error)
    finally:
        if before is None:
            os.environ.pop("XUNSHI_HOME", None)
        else:
            os.environ["XUNSHI_HOME"] = before
    return row


async def _measure_bare(pane_text: str, options) -> dict[str, list[float]]:
    from textual.widgets import Static

    from benchmarks.bare_app import BareApp

    app = BareApp()
    out: dict[str, list[float]] = {"type": [], "pane": []}
    async with app.run_test(size=SIZE) as pilot:
        clock = PaintClock(app)
        _no_blink(app)
        await clock.settle(0, quiet=0.5)
        await pilot.press("tab")  # to the Input
        await clock.settle(len(clock.updates))
        for key in "jinzhuan" * options.repeats(1, 2):
            elapsed = await _press(pilot, clock, key)
            if elapsed is not None:
                out["type"].append(elapsed)
        pane = app.query_one("#pane", Static)
        for index in range(options.repeats(10, 30)):
            since = len(clock.updates)
            start = time.perf_counter()
            pane.update(pane_text if index % 2 == 0 else pane_text[::-1])
            last = await clock.settle(since)
            if last is not None:
                out["pane"].append((last - start) * 1000)
    return out


def run(context: Context) -> list[Row]:
    options = context.options
    bare_type = Row("keys", "bare app: one key typed into Input", "ms")
    bare_pane = Row("keys", "bare app: Static pane updated (longest node)", "ms")
    search = Row(
        "keys", "xunshi: type a query, last key -> results painted", "ms", target=Target("p95", 50, "p95 <= 50 ms")
    )
    select = Row("keys", "xunshi: Down/Up in tree -> pane painted", "ms", target=Target("p95", 50, "p95 <= 50 ms"))
    switch = Row(
        "keys", "xunshi: t (switch script) on problem (9) -> repainted", "ms", target=Target("p95", 50, "p95 <= 50 ms")
    )
    first_switch = Row("keys", "xunshi: first t after start", "ms", target=Target("p95", 50, "p95 <= 50 ms"))
    xunshi_rows = (search, select, switch, first_switch)
    try:
        reports = context.reports(1)
        pane_text = max((node.plain_text() for node in reports[0].walk()), key=len)
    except Exception as error:
        pane_text = ""
        for row in xunshi_rows:
            row.missing = reason(error)
    try:
        bare = asyncio.run(_measure_bare(pane_text or "厦门" * 500, options))
        bare_type.samples, bare_pane.samples = bare["type"], bare["pane"]
    except Exception as error:
        bare_type.missing = bare_pane.missing = reason(error)
    if not pane_text:
        return [bare_type, bare_pane, *xunshi_rows]
    try:
        measured = asyncio.run(_measure_xunshi(reports, options))
        search.samples, select.samples = measured["search"], measured["select"]
        switch.samples, first_switch.samples = measured["switch"], measured["first_switch"]
        if measured.get("problems"):
            search.note = "; ".join(measured["problems"])[:200]
        for row in xunshi_rows:
            if not row.samples:
                row.missing = "nothing was painted after the key"
    except Exception as error:
        for row in xunshi_rows:
            row.missing = reason(error)
    search.ratio_to("bare key", bare_type)
    select.ratio_to("bare pane", bare_pane)
    switch.ratio_to("bare pane", bare_pane)
    rows = [bare_type, bare_pane, *xunshi_rows]
    largest = max(options.sizes)
    if largest > 1:
        corpus = _corpus_search(context, largest)
        corpus.ratio_to("bare key", bare_type)
        rows.insert(rows.index(search) + 1, corpus)
    return rows
