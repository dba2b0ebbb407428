"""`python -m benchmarks`: measure xunshi beside its baselines and print one table.

Run from the repository root with the project's environment:
    .venv/bin/python -m benchmarks                      # everything, sizes 1, 100, 1000
    .venv/bin/python -m benchmarks --quick --sizes 1,100
    .venv/bin/python -m benchmarks --only search,build --json results.json
    .venv/bin/python -m benchmarks --only scorecard --sizes 1,100,1000   # scorecards, similar
Each figure is the median and 95th percentile of repeated runs; ratios are of medians measured
alternately in the same run. A figure whose part of the project is missing is printed as
"n/a (not available: reason)".
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

SECTIONS = ("startup", "bytes", "keys", "build", "search", "memory", "scorecard")


def _sections(text: str) -> tuple[str, ...]:
    chosen = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [name for name in chosen if name not in SECTIONS]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown section {', '.join(unknown)} (choose from {', '.join(SECTIONS)})")
    return chosen


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError("sizes are numbers of reports, e.g. 1,100,1000") from None
    if not sizes or any(size < 1 or size > 5000 for size in sizes):
        raise argparse.ArgumentTypeError("sizes must be between 1 and 5000")
    return sizes


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats, short idle window")
    parser.add_argument(
        "--only",
        type=_sections,
        default=SECTIONS,
        metavar="SECTIONS",
        help=f"comma-separated sections: {','.join(SECTIONS)} (default: all)",
    )
    parser.add_argument(
        "--sizes",
        type=_sizes,
        default=(1, 100, 1000),
        metavar="N,N",
        help="corpus sizes for build, search and memory (default 1,100,1000)",
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the results as JSON")
    parser.add_argument("--seed", type=int, default=0, help="corpus generator seed (default 0)")
    return parser.parse_args(argv)


def machine() -> dict:
    model = ""
    try:
        with open("/proc/cpuinfo") as info:
            model = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), "")
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu": model or platform.processor(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "loadavg": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "date_utc": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from benchmarks.common import Context, Options, reason
    from benchmarks.table import Row, format_table, to_json

    options = Options(quick=args.quick, sizes=args.sizes, sections=args.only, seed=args.seed)
    context = Context(options)
    os.environ["XUNSHI_HOME"] = str(context.root / "home-inprocess")  # never the user's own dirs
    runners = _runners()
    rows: list[Row] = []
    load_start = machine()["loadavg"]
    started = time.perf_counter()
    try:
        for name in SECTIONS:
            if name not in options.sections:
                continue
            print(f"[{time.perf_counter() - started:6.1f} s] {name} …", file=sys.stderr, flush=True)
            try:
                rows += runners[name](context)
            except KeyboardInterrupt:
                raise
            except Exception as error:  # a whole section failed: say so in its row
                rows.append(Row(name, "(section)", "ms", missing=reason(error)))
    except KeyboardInterrupt:
        print("interrupted: printing what was measured", file=sys.stderr)
    finally:
        context.close()
    info = machine()
    info["loadavg_start"] = load_start
    load = info["loadavg"]
    print(
        f"machine: {info['nproc']} cores, {info['cpu']}, Python {info['python']}, "
        f"load average (1 min) {load_start[0]:.2f} at start, {load[0]:.2f} at end"
        if load and load_start
        else ""
    )
    print(
        f"run: {'quick' if options.quick else 'full'}, sizes {','.join(map(str, options.sizes))}, "
        f"{time.perf_counter() - started:.0f} s, {info['date_utc']}"
    )
    print(format_table(rows))
    if args.json:
        data = to_json(
            rows,
            info,
            {
                "quick": options.quick,
                "sizes": list(options.sizes),
                "sections": list(options.sections),
                "seed": options.seed,
            },
        )
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"JSON written to {args.json}")
    return 0


def _runners() -> dict:
    def startup(context):
        from benchmarks import startup as module

        return module.run(context)

    def bytes_(context):
        from benchmarks import pty as module

        return module.run_bytes(context)

    def keys(context):
        from benchmarks import keys as module

        return module.run(context)

    def build(context):
        from benchmarks import build as module

        return module.run(context)

    def search(context):
        from benchmarks import search as module

        return module.run(context)

    def memory(context):
        from benchmarks import memory as module

        return module.run(context)

    def scorecard(context):
        from benchmarks import scorecard as module

        return module.run(context)

    return {
        "startup": startup,
        "bytes": bytes_,
        "keys": keys,
        "build": build,
        "search": search,
        "memory": memory,
        "scorecard": scorecard,
    }


if __name__ == "__main__":
    raise SystemExit(main())
