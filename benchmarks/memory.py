"""Peak memory (RSS): the explorer on the report, and the search side on 1 … 1,000 reports.

Every figure comes from a separate process, so nothing the harness holds is counted: the
explorer and the bare app read from /proc (VmHWM) once search is ready in a pty; the search
side is a child Python that parses the reports, opens the index (warm when the build section
left one, else it builds it, which the row says) and answers the query set, then reports its
own peak (VmHWM from /proc/self/status: `getrusage().ru_maxrss` would not do, as Linux carries
the parent's peak across fork and exec). Beside it, a child that only parses.
"""

from __future__ import annotations

import json
import subprocess
import sys

from benchmarks.common import REPO, Context, reason
from benchmarks.search import QUERIES
from benchmarks.table import Row

_CHILD = r"""
import json, sys
from pathlib import Path
from tui.parse import read_report
paths = sorted(Path(sys.argv[1]).glob("*.txt"))
reports = [read_report(p) for p in paths]
if sys.argv[2] != "-":
    from tui.search import SearchEngine
    engine = SearchEngine(reports, cache_dir=Path(sys.argv[2]))
    engine.open()
    for query in json.loads(sys.argv[3]):
        engine.search(query, limit=50)
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"maxrss_kb": peak, "reports": len(reports)}))
"""


def _child_rss(directory, cache) -> float:
    queries = json.dumps([query for _, query in QUERIES])
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(directory), str(cache), queries],
        cwd=str(REPO),
        capture_output=True,
        text=True,
        timeout=900,
    )
    if done.returncode != 0:
        lines = (done.stderr.strip() or "no output").splitlines()
        raise RuntimeError(lines[-1][:160])
    return json.loads(done.stdout.strip().splitlines()[-1])["maxrss_kb"] / 1024


def run(context: Context) -> list[Row]:
    from benchmarks.pty import FIRST_PAINT_MARKER, PtyProgram, terminal_env
    from benchmarks.startup import bare_command, check_xunshi, run_xunshi_startup

    rows: list[Row] = []
    repeats = context.options.repeats(1, 3)
    bare = Row("memory", "bare textual app (pty)", "MB")
    app = Row("memory", "xunshi on the report, search ready (pty)", "MB")
    try:
        check_xunshi()
        home = str(context.fresh_dir("home-memory"))
        run_xunshi_startup(home)  # untimed: warm the index cache
    except Exception as error:
        app.missing = reason(error)
    for _ in range(repeats):
        with PtyProgram(bare_command(), env=terminal_env(), cwd=str(REPO)) as program:
            program.wait_for(FIRST_PAINT_MARKER, 20.0)
            program.wait_quiet(1.0, 5.0)
            value = program.peak_rss_mb()
            if value is not None:
                bare.samples.append(value)
        if not app.missing:
            try:
                value = run_xunshi_startup(home)["rss"]
                if value is not None:
                    app.samples.append(value)
            except Exception as error:
                app.missing = reason(error)
    app.ratio_to("bare", bare)
    rows += [bare, app]
    for n in context.options.sizes:
        label = "report" if n == 1 else f"{n} reports"
        parsed = Row("memory", f"parse only ({label})", "MB")
        engine = Row("memory", f"parse + index open + {len(QUERIES)} queries ({label})", "MB")
        cache = context.cache_dir(n)
        if not cache.exists():
            engine.note = "index built in the child"
        count = repeats if n <= 100 else 1
        try:
            directory = context.corpus_dir(n)
            for _ in range(count):
                parsed.samples.append(_child_rss(directory, "-"))
        except Exception as error:
            parsed.missing = reason(error)
        try:
            for _ in range(count):
                engine.samples.append(_child_rss(directory, cache))
        except Exception as error:
            engine.missing = reason(error)
        engine.ratio_to("parse only", parsed)
        rows += [parsed, engine]
    return rows
