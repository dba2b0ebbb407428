"""Scorecards and similar problems at scale (issue 15).

- scorecards, N reports from their files: `load_reports(DIR)` and `scorecards()` — what
  `xunshi scorecard DIR` and the side-by-side view do — target ≤ 10 s at 1,000 reports;
- scorecards, N reports in memory: the analysis alone (statuses, claims, accountability);
- similar: building the problem index, then one query (`ProblemIndex.similar`, top 10 in the
  other reports) per sample, target p95 ≤ 100 ms at 1,000 reports — beside Whoosh's
  more-like-this over the same problems' Han n-grams (the search index's analyzer, a RAM index
  of the problems' statements), run alternately. Precision@10 of both (the share of the top 10
  made from the same seed problem as the query: the corpus shuffles the seed's problems, so the
  right answers are known) is in the notes.
"""

from __future__ import annotations

import difflib
import random
import time
from functools import cache

from benchmarks.common import Context, project, reason
from benchmarks.corpus import seed_text
from benchmarks.table import Row, Target

SCORECARD_TARGET = Target("median", 10_000.0, "<= 10 s")
SIMILAR_TARGET = Target("p95", 100.0, "p95 <= 100 ms")
TOP = 10


def run(context: Context) -> list[Row]:
    rows: list[Row] = []
    for n in context.options.sizes:
        label = "report" if n == 1 else f"{n} reports"
        rows += _scorecards(context, n, label)
        if n >= 2:
            rows += _similar(context, n, label)
    return rows


def _scorecards(context: Context, n: int, label: str) -> list[Row]:
    target = SCORECARD_TARGET if n == 1000 else None
    rounds = context.options.repeats(1, 5 if n < 1000 else 3)
    try:
        load_reports = project("tui.library", "load_reports")
        scorecards = project("tui.analysis.scorecard", "scorecards")
        project("tui.analysis.status", "load_rules")()
        directory = str(context.corpus_dir(n))
        files, memory = [], []
        reports = context.reports(n)
        for _ in range(rounds):
            start = time.perf_counter()
            cards = scorecards(load_reports([directory]))
            files.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            scorecards(reports)
            memory.append((time.perf_counter() - start) * 1000)
        problems = sum(card.problems for card in cards)
        note = f"{len(cards)} scorecards, {problems} problems, {sum(card.measures for card in cards)} measures"
        return [
            Row("scorecard", f"scorecards from files ({label})", "ms", files, target=target, note=note),
            Row("scorecard", f"scorecards in memory ({label})", "ms", memory),
        ]
    except Exception as error:
        why = reason(error)
        return [
            Row("scorecard", f"scorecards from files ({label})", "ms", target=target, missing=why),
            Row("scorecard", f"scorecards in memory ({label})", "ms", missing=why),
        ]


@cache
def _seed_titles() -> tuple[str, ...]:
    parse_text = project("tui.parse", "parse_text")
    return tuple(node.title for node in parse_text(seed_text(), origin="seed.txt").problems())


@cache
def origin(title: str) -> int:
    """The seed problem a generated problem's title was made from (the closest seed title)."""
    titles = _seed_titles()
    return max(range(len(titles)), key=lambda i: difflib.SequenceMatcher(None, title, titles[i]).ratio())


def _similar(context: Context, n: int, label: str) -> list[Row]:
    target = SIMILAR_TARGET if n == 1000 else None
    try:
        similar = project("tui.analysis.similar")
        reports = context.reports(n)
        pairs = [(report.key, report) for report in reports]
        start = time.perf_counter()
        index = similar.ProblemIndex.build(pairs)
        build = (time.perf_counter() - start) * 1000
        rng = random.Random(f"similar:{context.options.seed}:{n}")
        queries = [index.refs[rng.randrange(len(index))] for _ in range(context.options.repeats(30, 100))]
        mlt = _MoreLikeThis(pairs, similar.statement)
        ours, theirs, right, right_mlt = [], [], 0, 0
        for ref in queries:  # alternately, so drift hits both alike
            start = time.perf_counter()
            matches = index.similar(ref.report, ref.node_id, limit=TOP)
            ours.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            found = mlt.similar(ref.report, ref.node_id)
            theirs.append((time.perf_counter() - start) * 1000)
            right += sum(origin(m.ref.title) == origin(ref.title) for m in matches)
            right_mlt += sum(origin(title) == origin(ref.title) for title in found)
        precision = 100.0 * right / (TOP * len(queries))
        precision_mlt = 100.0 * right_mlt / (TOP * len(queries))
        ours_row = Row(
            "similar",
            f"similar, one query ({label})",
            "ms",
            ours,
            target=target,
            note=f"{len(index)} problems; precision@10 {precision:.1f}% (Whoosh more-like-this {precision_mlt:.1f}%)",
            details={"precision_at_10": precision, "precision_at_10_mlt": precision_mlt},
        )
        mlt_row = Row(
            "similar", f"whoosh more-like-this ({label})", "ms", theirs, note=f"index built in {mlt.build_ms:.0f} ms"
        )
        ours_row.ratio_to("mlt", mlt_row)
        return [Row("similar", f"problem index built ({label})", "ms", [build]), ours_row, mlt_row]
    except Exception as error:
        return [Row("similar", f"similar, one query ({label})", "ms", target=target, missing=reason(error))]


class _MoreLikeThis:
    """Whoosh's more-like-this over the problems' statements, in a RAM index analysed as the
    search index is (Han 1- and 2-grams): key terms of the query's statement (10 of them, Bo1),
    an OR query, the best in the other reports."""

    def __init__(self, pairs, statement) -> None:
        from whoosh.fields import STORED, TEXT, Schema  # the baseline only: imported when measured
        from whoosh.filedb.filestore import RamStorage

        analyzer = project("tui.search.analyzer", "analyzer")
        start = time.perf_counter()
        self.index = RamStorage().create_index(Schema(ref=STORED, content=TEXT(analyzer=analyzer(), phrase=False)))
        self.docnums: dict[tuple[str, str], int] = {}
        self.texts: list[str] = []
        self.refs: list[tuple[str, str, str]] = []
        writer = self.index.writer()
        for key, report in pairs:
            for node in report.problems():
                text = statement(node)
                self.docnums[(key, node.id)] = len(self.texts)
                self.texts.append(text)
                self.refs.append((key, node.id, node.title))
                writer.add_document(ref=len(self.refs) - 1, content=text)
        writer.commit()
        self.searcher = self.index.searcher()
        self.build_ms = (time.perf_counter() - start) * 1000

    def similar(self, key: str, node_id: str) -> list[str]:
        docnum = self.docnums[(key, node_id)]
        results = self.searcher.more_like(docnum, "content", text=self.texts[docnum], top=5 * TOP, numterms=10)
        titles = []
        for hit in results:
            other_key, _, title = self.refs[hit["ref"]]
            if other_key != key:
                titles.append(title)
            if len(titles) == TOP:
                break
        return titles
