"""Start-up: process start to first paint, to the report painted, and to "search ready".

Each run starts a fresh process on an 80×24 pty (benchmarks.pty). First paint is the first
frame with Textual's footer in it ("^p palette"), the same marker for both apps; "report
painted" is the first tree label of the bundled report on screen; "search ready" types `/` as
soon as the report is painted, then (once the box has opened) a query, and waits for a hit's
title to be painted, so it covers opening or building the index too. Cold cache = a fresh XUNSHI_HOME (nothing cached, nothing
remembered); warm = a home where xunshi has run before. The bare Textual app
(benchmarks.bare_app) runs alternately with both, and ratios are of medians from this run.
"""

from __future__ import annotations

import shutil
import sys

from benchmarks.common import REPO, Context, Unavailable, project, reason
from benchmarks.pty import FIRST_PAINT_MARKER, PtyProgram, terminal_env
from benchmarks.table import Row, Target

CONTENT_MARKER = "坚决扛起"  # the first top-level heading of the bundled report
SEARCH_QUERY = "金砖".encode()
SEARCH_HIT_MARKER = "创新基地"  # in the title of problem (9), the best hit for 金砖
TIMEOUT = 20.0


def bare_command() -> list[str]:
    return [sys.executable, "-m", "benchmarks.bare_app"]


def xunshi_command(files: list[str] | None = None) -> list[str]:
    return [sys.executable, "-m", "tui", *(files or [])]


def check_xunshi() -> None:
    """Raise Unavailable unless the explorer is there to be started."""
    project("tui.cli")
    project("tui.app", "run_app")


def run_bare() -> tuple[float | None, PtyProgram]:
    program = PtyProgram(bare_command(), env=terminal_env(), cwd=str(REPO))
    program.start()
    return program.wait_for(FIRST_PAINT_MARKER, TIMEOUT), program


def run_xunshi_startup(home: str, search: bool = True) -> dict:
    """One start of xunshi on the bundled report: times in seconds (None when never seen)."""
    with PtyProgram(xunshi_command(), env=terminal_env({"XUNSHI_HOME": home}), cwd=str(REPO)) as program:
        first = program.wait_for(FIRST_PAINT_MARKER, TIMEOUT)
        content = program.wait_for(CONTENT_MARKER, TIMEOUT) if first is not None else None
        ready = None
        if search and content is not None:
            program.send(b"/")  # then wait for the box to open: keys sent with it would go to the tree
            program.wait_quiet(0.1, 3.0)
            since = len(program.data)
            program.send(SEARCH_QUERY)
            ready = program.wait_for(SEARCH_HIT_MARKER, TIMEOUT, since=since)
        if first is None or (search and ready is None):
            tail = program.output_tail(200).replace("\n", " ")
            raise RuntimeError(f"marker not seen within {TIMEOUT:.0f} s; screen ends: {tail[-120:]!r}")
        return {"first": first, "content": content, "ready": ready, "rss": program.peak_rss_mb()}


def run(context: Context) -> list[Row]:
    repeats = context.options.repeats(3, 9)
    bare = Row("startup", "bare textual app: first paint", "ms")
    rows = {
        key: Row("startup", figure, "ms", target=target)
        for key, figure, target in [
            ("cold.first", "xunshi cold cache: first paint", Target("ratio", 1.2, "<= 1.2x bare")),
            ("cold.content", "xunshi cold cache: report painted", None),
            ("cold.ready", "xunshi cold cache: search ready", None),
            ("warm.first", "xunshi warm cache: first paint", Target("ratio", 1.2, "<= 1.2x bare")),
            ("warm.content", "xunshi warm cache: report painted", None),
            ("warm.ready", "xunshi warm cache: search ready", None),
        ]
    }
    try:
        check_xunshi()
    except Unavailable as error:
        missing = reason(error)
    else:
        missing = ""
    warm_home = str(context.fresh_dir("home-warm"))
    # untimed: compile byte code for both programs and fill the warm home's cache
    for _ in range(1):
        _, program = run_bare()
        program.close()
        if not missing:
            try:
                run_xunshi_startup(warm_home)
            except Exception as error:
                missing = reason(error)
    for index in range(repeats):
        order = ["bare", "cold", "warm"]
        order = order[index % 3 :] + order[: index % 3]  # rotate so no one always goes first
        for which in order:
            if which == "bare":
                first, program = run_bare()
                program.close()
                if first is not None:
                    bare.samples.append(first * 1000)
                continue
            if missing:
                continue
            home = warm_home if which == "warm" else str(context.fresh_dir("home-cold"))
            try:
                times = run_xunshi_startup(home)
            except Exception as error:
                missing = reason(error)
                continue
            finally:
                if which == "cold":
                    shutil.rmtree(home, ignore_errors=True)
            for stage in ("first", "content", "ready"):
                rows[f"{which}.{stage}"].samples.append(times[stage] * 1000)
    for row in rows.values():
        if missing and not row.samples:
            row.missing = missing
        row.ratio_to("bare", bare)
    return [bare, *rows.values()]
