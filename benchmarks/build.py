"""Index build from scratch and warm open, for 1, 100 and 1,000 reports; parsing beside it.

From scratch = a new SearchEngine over already-parsed reports with an empty cache directory,
`open()` until it returns (the index written and ready). Warm open = a new SearchEngine over
the same reports whose index is already in the cache. SQLite FTS5 (trigram, in memory) builds
the same node texts as a scale. Parsing the reports (tui.parse.read_report) is timed apart.
"""

from __future__ import annotations

import gc
import shutil
import time

from benchmarks.common import Context, project, reason
from benchmarks.search import Fts5Trigram, node_documents
from benchmarks.table import Row, Target

#: At 1,000 reports: at most 8 times SQLite FTS5's trigram build of the same texts (medians,
#: measured alternately in the same run; issue 13).
TARGETS = {1: Target("median", 500.0, "<= 0.5 s"), 1000: Target("ratio", 8.0, "<= 8x fts5", "fts5")}


def _label(n: int) -> str:
    return "report" if n == 1 else f"{n} reports"


def _close(engine) -> None:
    close = getattr(engine, "close", None)
    if callable(close):
        close()


def run(context: Context) -> list[Row]:
    rows: list[Row] = []
    for n in context.options.sizes:
        label = _label(n)
        builds = {1: context.options.repeats(3, 7), 100: context.options.repeats(1, 3)}.get(n, 1)
        opens = context.options.repeats(3, 7)
        parse = Row("build", f"parse ({label})", "ms")
        scratch = Row("build", f"xunshi from scratch ({label})", "ms", target=TARGETS.get(n))
        warm = Row("build", f"xunshi warm open ({label})", "ms")
        fts = Row("build", f"fts5 trigram build ({label})", "ms")
        try:
            read_report = project("tui.parse", "read_report")
            paths = context.report_paths(n)
            for _ in range(context.options.repeats(1, 3)):
                start = time.perf_counter()
                reports = [read_report(path) for path in paths]
                parse.samples.append((time.perf_counter() - start) * 1000)
            reports = context.reports(n)
        except Exception as error:
            for row in (parse, scratch, warm, fts):
                row.missing = reason(error)
            rows += [parse, scratch, warm, fts]
            continue
        documents = node_documents(reports)
        try:
            engine_class = project("tui.search", "SearchEngine")
            for index in range(builds):
                # alternate with the reference so both see the same machine
                start = time.perf_counter()
                Fts5Trigram(documents).close()
                fts.samples.append((time.perf_counter() - start) * 1000)
                last = index == builds - 1 and not context.cache_dir(n).exists()
                cache = context.cache_dir(n) if last else context.fresh_dir(f"build-{n}")
                engine = engine_class(reports, cache_dir=cache)
                gc.collect()
                start = time.perf_counter()
                engine.open()
                scratch.samples.append((time.perf_counter() - start) * 1000)
                _close(engine)
                del engine
                if not last:
                    shutil.rmtree(cache, ignore_errors=True)
            if not context.cache_dir(n).exists():  # builds were all elsewhere: keep one warm cache
                context.engine(n)
            for _ in range(opens):
                engine = engine_class(reports, cache_dir=context.cache_dir(n))
                start = time.perf_counter()
                engine.open()
                warm.samples.append((time.perf_counter() - start) * 1000)
                _close(engine)
        except Exception as error:
            why = reason(error)
            for row in (scratch, warm):
                if not row.samples:
                    row.missing = why
        if not fts.samples:
            for _ in range(builds):
                start = time.perf_counter()
                Fts5Trigram(documents).close()
                fts.samples.append((time.perf_counter() - start) * 1000)
        scratch.ratio_to("fts5", fts)
        rows += [parse, scratch, warm, fts]
    return rows
