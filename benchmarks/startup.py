"""Start-up as a reader sees it: process start to first paint, to the report painted, and to
"search ready".

Each run starts a fresh process on an 80×24 pty (benchmarks.pty), as a reader's shell would
(byte code cached: see `terminal_env`). First paint is the first frame with the palette's key
in the footer ("^p palette" in the bare app, "^p 命令" in xunshi's key bar); "report painted"
(time to content) is the first top-level heading of the bundled report on screen; "search
ready" types `/` as soon as the report is painted, then the query as soon as the box has opened
(its keys shown in the key bar), and waits for a hit's title to be painted, so it covers opening
or building the index too. Cold = a fresh XUNSHI_HOME (nothing cached, nothing remembered);
warm = a home where xunshi has run before (its caches, and the node it was left on).

The bare Textual app (benchmarks.bare_app) runs alternately with both, in rotating order, and
ratios are of medians from this run. Each ratio is also worked out from the odd and the even
rounds alone: the two halves differing by more than 0.1 (±0.05) means the machine was too noisy
for the figure, and the note says so. The load average is recorded at the start and the end.
"""

from __future__ import annotations

import os
import shutil
import sys

from benchmarks.common import REPO, Context, Unavailable, project, reason
from benchmarks.pty import FIRST_PAINT_MARKER, XUNSHI_FIRST_PAINT_MARKER, PtyProgram, terminal_env
from benchmarks.table import Row, Target, percentile

CONTENT_MARKER = "坚决扛起"  # the first top-level heading of the bundled report
SEARCH_BOX_MARKER = "打开结果"  # the key bar's "Enter 打开结果": the search box has the focus
SEARCH_QUERY = "金砖".encode()
SEARCH_COUNT_MARKER = "条结果"  # the count line under the box ("3 条结果"), drawn with the hits
SEARCH_HIT_MARKER = "创新基地"  # in the title of problem (9), the best hit for 金砖, previewed in the pane
TIMEOUT = 20.0
#: Rounds (bare, cold, warm each once). On a quiet 2-core machine 15 rounds kept each ratio within
#: ±0.05 between two runs and between a run's odd and even rounds; 5 are for a quick look.
ROUNDS = (5, 15)
STABLE = 0.05

COLD_CONTENT, WARM_CONTENT, READY = 1.2, 1.15, 1.6  # the targets, × the bare app's first paint


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
        first = program.wait_for(XUNSHI_FIRST_PAINT_MARKER, TIMEOUT)
        content = program.wait_for(CONTENT_MARKER, TIMEOUT) if first is not None else None
        ready = None
        if search and content is not None:
            since = len(program.data)
            program.send(b"/")  # then wait for the box to have the focus: keys sent with `/` go to the tree
            if program.wait_for(SEARCH_BOX_MARKER, TIMEOUT, since=since) is not None:
                since = len(program.data)
                program.send(SEARCH_QUERY)
                # ready when the hits are listed (the count line comes with them); then the best
                # hit, previewed in the pane, must be problem (9) (its title is cut in the list)
                ready = program.wait_for(SEARCH_COUNT_MARKER, TIMEOUT, since=since)
                if ready is not None and program.wait_for(SEARCH_HIT_MARKER, TIMEOUT, since=since) is None:
                    raise RuntimeError(f"{SEARCH_QUERY.decode()} did not show {SEARCH_HIT_MARKER}")
        if first is None or (search and ready is None):
            tail = program.output_tail(200).replace("\n", " ")
            raise RuntimeError(f"marker not seen within {TIMEOUT:.0f} s; screen ends: {tail[-120:]!r}")
        return {"first": first, "content": content, "ready": ready, "rss": program.peak_rss_mb()}


def load_average() -> float | None:
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else None


def halves(row: Row, baseline: Row) -> tuple[float, float] | None:
    """The ratio of medians from the odd rounds and from the even rounds alone (samples are kept
    one a round, in order, None where a run failed)."""
    pairs = [(mine, base) for mine, base in zip(row.details.get("rounds", []), baseline.details.get("rounds", []))]
    found = []
    for start in (0, 1):
        mine = [value for value, base in pairs[start::2] if value is not None and base is not None]
        base = [base for value, base in pairs[start::2] if value is not None and base is not None]
        if not mine:
            return None
        found.append(percentile(mine, 50) / percentile(base, 50))
    return found[0], found[1]


def run(context: Context) -> list[Row]:
    repeats = context.options.repeats(*ROUNDS)
    load_start = load_average()
    bare = Row("startup", "bare textual app: first paint", "ms")
    targets = {
        "cold.content": Target("ratio", COLD_CONTENT, f"<= {COLD_CONTENT}x bare"),
        "warm.content": Target("ratio", WARM_CONTENT, f"<= {WARM_CONTENT}x bare"),
        "cold.ready": Target("ratio", READY, f"<= {READY}x bare"),
        "warm.ready": Target("ratio", READY, f"<= {READY}x bare"),
    }
    names = {"first": "first paint", "content": "report painted", "ready": "search ready"}
    rows = {
        f"{which}.{stage}": Row(
            "startup", f"xunshi {which} cache: {name}", "ms", target=targets.get(f"{which}.{stage}")
        )
        for which in ("cold", "warm")
        for stage, name in names.items()
    }
    try:
        check_xunshi()
    except Unavailable as error:
        missing = reason(error)
    else:
        missing = ""
    warm_home = str(context.fresh_dir("home-warm"))
    # untimed: compile byte code for both programs and fill the warm home's cache
    _, program = run_bare()
    program.close()
    if not missing:
        try:
            run_xunshi_startup(warm_home)
        except Exception as error:
            missing = reason(error)
    for row in (bare, *rows.values()):
        row.details["rounds"] = []
    failures: list[str] = []
    for index in range(repeats):
        order = ["bare", "cold", "warm"]
        order = order[index % 3 :] + order[: index % 3]  # rotate so no one always goes first
        for which in order:
            if which == "bare":
                first, program = run_bare()
                program.close()
                _sample(bare, first)
                continue
            times: dict = {}
            if not missing:
                home = warm_home if which == "warm" else str(context.fresh_dir("home-cold"))
                try:
                    times = run_xunshi_startup(home)
                except Exception as error:  # one failed start is counted and said; the rest go on
                    failures.append(f"{which}: {reason(error)}")
                finally:
                    if which == "cold":
                        shutil.rmtree(home, ignore_errors=True)
            for stage in names:
                _sample(rows[f"{which}.{stage}"], times.get(stage))
    load_end = load_average()
    for row in rows.values():
        if not row.samples:
            row.missing = missing or (failures[0] if failures else "never measured")
        row.ratio_to("bare", bare)
    # warm must never be slower than cold: a row of its own, with the ratio of the two
    warm_vs_cold = Row(
        "startup",
        "xunshi warm / cold: report painted",
        "ms",
        samples=list(rows["warm.content"].samples),
        target=Target("ratio", 1.0, "warm <= cold"),
        missing=rows["warm.content"].missing,
    )
    warm_vs_cold.ratio_to("cold", rows["cold.content"])
    warm_vs_cold.details["rounds"] = rows["warm.content"].details["rounds"]
    unstable = []
    for row, baseline in [(row, bare) for row in rows.values()] + [(warm_vs_cold, rows["cold.content"])]:
        split = halves(row, baseline)
        if split is not None:
            row.details["halves"] = split
            if abs(split[0] - split[1]) > 2 * STABLE:
                unstable.append(f"{row.figure} {split[0]:.2f}/{split[1]:.2f}")
    load = "load average " + (
        f"{load_start:.2f} at start, {load_end:.2f} at end"
        if load_start is not None and load_end is not None
        else "n/a"
    )
    bare.details.update(load_start=load_start, load_end=load_end, rounds_run=repeats, failures=failures)
    failed = f"{len(failures)} starts failed (first: {failures[0]}); " if failures else ""
    bare.note = f"{repeats} rounds, {load}; {failed}" + (
        "ratios from odd / even rounds differ by more than 0.1: " + "; ".join(unstable)
        if unstable
        else "every ratio within ±0.05 between the odd and the even rounds"
    )
    return [bare, *rows.values(), warm_vs_cold]


def _sample(row: Row, seconds: float | None) -> None:
    value = None if seconds is None else seconds * 1000
    row.details["rounds"].append(value)
    if value is not None:
        row.samples.append(value)
