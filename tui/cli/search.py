"""`xunshi search QUERY [FILE ...] [--json] [--limit N] [--script MODE]`: ranked hits on stdout.

One hit a line — id ("(page)" for a report's intro and closing), label, title, snippet with the matches marked (⟦…⟧, or reverse video on a
colour terminal) — or a JSON list. Exit 0 with hits, 1 with none, 2 on a usage error (bad
arguments, a query with nothing to search for, a file that cannot be read).
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from tui.i18n import _
from tui.library import open_library
from tui.parse import ReportError
from tui.text.safe import blanked, json_text
from tui.text.script import MODE_KEYS, convert

MARK_OPEN, MARK_CLOSE = "⟦", "⟧"
ANSI_OPEN, ANSI_CLOSE = "\x1b[7m", "\x1b[27m"
#: How a hit on a report's own page (its intro and closing; node id "") is named on a line.
PAGE_ID = "(page)"
#: Seconds of building before a progress line appears (on a terminal only; a big report or a
#: large corpus takes the index a minute, which must not be a minute of silence).
PROGRESS_AFTER = 1.0


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        'Search the reports\' nodes. Words mean all of them; "…" is a phrase; '
        "OR, NOT/-word and title:word work; pinyin (jinzhuan, gu lang yu) and "
        "Traditional characters find the Simplified text."
    )
    parser.add_argument("query", help="what to look for")
    parser.add_argument(
        "files",
        nargs="*",
        default=[],
        metavar="FILE",
        help="report files (.txt or .yaml) or folders; none: the bundled reports",
    )
    parser.add_argument("--json", action="store_true", help="print a JSON list instead of lines")
    parser.add_argument("--limit", type=_positive_int, default=20, metavar="N", help="show at most N hits (default 20)")
    parser.add_argument(
        "--script",
        choices=MODE_KEYS,
        default="s",
        help="show hits in this script: s (Simplified, default), s2t, s2tw, s2hk",
    )


def _marked(text: str, spans: list[tuple[int, int]], opening: str, closing: str) -> str:
    pieces, position = [], 0
    for start, end in spans:
        pieces += [text[position:start], opening, text[start:end], closing]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _use_colour(stream) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def run(args: argparse.Namespace) -> int:
    from tui.search import SearchEngine  # Whoosh: imported only when a search runs

    try:
        library = open_library(list(args.files))  # bundled reports: listed, loaded only to index them
    except ReportError as error:
        print(f"xunshi search: {error}", file=sys.stderr)
        return 2
    engine = SearchEngine(library)
    progress = _ProgressLine(sys.stderr)
    try:
        engine.open(progress)
    except ReportError as error:  # a report that could be listed but not read
        progress.clear()
        print(f"xunshi search: {error}", file=sys.stderr)
        return 2
    progress.clear()
    result = engine.search(args.query, limit=args.limit)
    if result.hint:
        print(f"xunshi search: {result.hint}", file=sys.stderr)
    if not result.hits and result.hint and _nothing_searched(result):
        return 2
    origins = {}
    for entry in reversed(library.entries):
        origins[entry.key] = entry.origin

    def show(text: str) -> str:  # same length in every mode, so spans still fit
        return convert(blanked(text), args.script)

    if args.json:
        rows = [
            {
                "id": hit.node_id,
                "label": show(hit.label),
                "title": show(hit.title),
                "score": round(hit.score, 4),
                "snippet": show(hit.snippet),
                "matches": [list(span) for span in hit.matches],
                "snippet_spans": [list(span) for span in hit.snippet_spans],
                "breadcrumb": show(hit.breadcrumb),
                "report": hit.report,
                "origin": origins.get(hit.report, ""),
            }
            for hit in result.hits
        ]
        lines = ",\n ".join(json_text(row) for row in rows)
        print(f"[{lines}]" if not rows else f"[\n {lines}\n]")
    else:
        opening, closing = (ANSI_OPEN, ANSI_CLOSE) if _use_colour(sys.stdout) else (MARK_OPEN, MARK_CLOSE)
        several = len(library) > 1
        for hit in result.hits:
            where = f"{origins.get(hit.report, '')}:" if several else ""
            snippet = _marked(show(hit.snippet), hit.snippet_spans, opening, closing)
            heading = f"{show(hit.label)} {show(hit.title)}" if hit.node_id else show(hit.title)
            print(f"{where}{hit.node_id or PAGE_ID}  {heading}  {snippet}")
        if result.estimated:
            print(
                f"xunshi search: at least {result.total} hits (a very common query: the best of a share "
                f"of them), {len(result.hits)} shown",
                file=sys.stderr,
            )
        elif result.total > len(result.hits):
            print(_("xunshi search: {total} hits, {shown} shown (--limit)").format(
                total=result.total, shown=len(result.hits)), file=sys.stderr)  # fmt: skip
    return 0 if result.hits else 1


class _ProgressLine:
    """`progress(done, total)` for the index build: one line on a terminal, kept up to date."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.started = time.monotonic()
        self.shown: float | None = None  # when the line was last drawn
        try:
            self.terminal = stream.isatty()
        except (AttributeError, ValueError, OSError):
            self.terminal = False

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.terminal or now - self.started < PROGRESS_AFTER:
            return
        if self.shown is not None and now - self.shown < 0.2 and done < total:
            return
        self.shown = now
        percent = done * 100 // max(1, total)
        print(
            f"\rxunshi search: building the search index {percent}% ({done:,} of {total:,} nodes)",
            end="",
            file=self.stream,
            flush=True,
        )

    def clear(self) -> None:
        if self.shown is not None:
            print("\r\x1b[K", end="", file=self.stream, flush=True)


def _nothing_searched(result) -> bool:
    """True when the query named nothing to look for (only junk or exclusions)."""
    return result.nothing_searched
