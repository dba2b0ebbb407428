"""Search latency: per query, over a fixed query set, beside SQLite FTS5 and a substring scan.

One sample is one query answered in full the way the explorer needs it: parsed, searched, top
50 ranked, snippets made and match offsets computed. The engine's own result cache (if it has
one) is emptied before every round, so each sample is a first answer, not a cache hit.

The references search the same node texts, literally: FTS5 with the trigram tokenizer (terms
of 3+ characters through the index, shorter ones by `instr` over the rows it returns, or over
all rows when no term is long enough) and a plain scan with `str.find`. Neither knows
Traditional characters or pinyin, so they answer those queries with nothing (cheaply): they are
a scale for speed, not for recall.
"""

from __future__ import annotations

import re
import sqlite3
import time

from benchmarks.common import Context, Unavailable, reason
from benchmarks.table import Row, Target

# (category, query). At least 30, covering what readers type; see issue 3.
QUERIES: list[tuple[str, str]] = [
    ("simplified", "金砖"),
    ("simplified", "保障性住房"),
    ("simplified", "鼓浪屿"),
    ("simplified", "集成电路"),
    ("simplified", "自主创新"),
    ("simplified", "医疗资源"),
    ("simplified", "岛外新城"),
    ("simplified", "闽西南"),
    ("traditional", "金磚"),
    ("traditional", "鼓浪嶼"),
    ("traditional", "醫療資源"),
    ("traditional", "島外新城"),
    ("traditional", "閩西南"),
    ("pinyin", "jinzhuan"),
    ("pinyin", "gu lang yu"),
    ("pinyin", "xiamen"),
    ("pinyin", "yiliao ziyuan"),
    ("pinyin", "minxinan"),
    ("phrase", '"集成电路"'),
    ("phrase", '"金砖国家新工业革命伙伴关系"'),
    ("phrase", "厦门 金融"),
    ("phrase", "推动 高质量 发展"),
    ("phrase", '"两高两化"'),
    ("common", "厦门市"),
    ("common", "整改情况"),
    ("one-char", "房"),
    ("one-char", "岛"),
    ("one-char", "医"),
    ("one-char", "金"),
    ("number", "2021"),
    ("number", "7033.89"),
    ("number", "8.1%"),
    ("number", "RCEP"),
    ("number", "242"),
    ("no-hit", "量子计算"),
    ("no-hit", "冬奥会"),
    ("no-hit", "xyzzy"),
    ("no-hit", "火星基地"),
]
WARMUP = ["整改", "巡视", "zhenggai", "创新 发展"]
LIMIT = 50

#: At 1,000 reports the engine must answer in half the time of a plain scan of the same texts
#: (p95 against p95, measured alternately in the same run; issue 13).
TARGETS = {1: Target("p95", 16.0, "p95 <= 16 ms"), 1000: Target("p95 ratio", 0.5, "p95 <= 0.5x scan", "scan")}


def terms(query: str) -> list[str]:
    """Whitespace-separated words, "quoted phrases" kept whole (the references' whole syntax)."""
    return [a or b for a, b in re.findall(r'"([^"]*)"|(\S+)', query) if (a or b)]


def node_documents(reports) -> list[tuple[str, str, str]]:
    """(report key, node id, node.plain_text()) for every node: what the engine indexes."""
    return [(report.sha256, node.id, node.plain_text()) for report in reports for node in report.walk()]


def _offsets(text: str, words: list[str]) -> list[tuple[int, int]]:
    spans = []
    for word in words:
        start = text.find(word)
        while start >= 0:
            spans.append((start, start + len(word)))
            start = text.find(word, start + 1)
    return sorted(spans)


def _snippet(text: str, spans: list[tuple[int, int]], width: int = 40) -> str:
    start = max(spans[0][0] - width // 2, 0) if spans else 0
    return text[start : start + width]


class SubstringScan:
    """Every document, every term, `str.find`; rank by match count."""

    def __init__(self, documents: list[tuple[str, str, str]]):
        self.documents = documents

    def search(self, query: str) -> int:
        words = terms(query)
        if not words:
            return 0
        hits = []
        for key, node, text in self.documents:
            if all(word in text for word in words):
                spans = _offsets(text, words)
                hits.append((len(spans), key, node, spans, text))
        hits.sort(key=lambda hit: -hit[0])
        for _, _, _, spans, text in hits[:LIMIT]:
            _snippet(text, spans)
        return len(hits)


class Fts5Trigram:
    """SQLite FTS5, trigram tokenizer, in memory; rank = bm25."""

    def __init__(self, documents: list[tuple[str, str, str]]):
        self.db = sqlite3.connect(":memory:", check_same_thread=False)
        self.db.execute(
            "CREATE VIRTUAL TABLE docs USING fts5(report UNINDEXED, node UNINDEXED, text, tokenize='trigram')"
        )
        with self.db:
            self.db.executemany("INSERT INTO docs VALUES (?, ?, ?)", documents)

    def search(self, query: str) -> int:
        words = terms(query)
        if not words:
            return 0
        long_words = [w for w in words if len(w) >= 3]
        short_words = [w for w in words if len(w) < 3]
        conditions = " AND ".join(["instr(text, ?) > 0"] * len(short_words))
        if long_words:
            match = " ".join('"' + w.replace('"', '""') + '"' for w in long_words)
            sql = (
                "SELECT text, snippet(docs, 2, '[', ']', '…', 12) FROM docs WHERE docs MATCH ?"
                + (" AND " + conditions if conditions else "")
                + f" ORDER BY rank LIMIT {LIMIT}"
            )
            rows = self.db.execute(sql, [match, *short_words]).fetchall()
        else:
            sql = f"SELECT text, substr(text, 1, 40) FROM docs WHERE {conditions} LIMIT {LIMIT}"
            rows = self.db.execute(sql, short_words).fetchall()
        for text, _ in rows:
            _offsets(text, words)
        return len(rows)

    def close(self) -> None:
        self.db.close()


def _clear_cache(engine) -> None:
    """Empty the engine's result cache (`_results`, or attributes named *cache*, with clear())."""
    candidates = [
        value for name, value in vars(engine).items() if "cache" in name.lower() or name.lstrip("_") == "results"
    ]
    candidates += [getattr(engine, name) for name, value in vars(type(engine)).items() if hasattr(value, "cache_clear")]
    for value in candidates:
        for method in ("cache_clear", "clear"):
            if callable(getattr(value, method, None)):
                getattr(value, method)()
                break


def _time_queries(search, rounds: int, before_round=None) -> dict[str, list[float]]:
    """Per query, `rounds` latencies in ms; rounds alternate across the whole set."""
    samples: dict[str, list[float]] = {query: [] for _, query in QUERIES}
    for _ in range(rounds):
        if before_round:
            before_round()
        for _, query in QUERIES:
            start = time.perf_counter()
            search(query)
            samples[query].append((time.perf_counter() - start) * 1000)
    return samples


def _row(section: str, figure: str, samples: dict[str, list[float]], target=None) -> Row:
    flat = [value for values in samples.values() for value in values]
    slowest = sorted(samples, key=lambda query: -max(samples[query]))[:3]
    note = "slowest " + ", ".join(f"{query} {max(samples[query]):.1f} ms" for query in slowest)
    return Row(
        section,
        figure,
        "ms",
        flat,
        target=target,
        note=note,
        details={"per_query_ms": {query: values for query, values in samples.items()}},
    )


def run(context: Context) -> list[Row]:
    rows: list[Row] = []
    for n in context.options.sizes:
        label = "report" if n == 1 else f"{n} reports"
        rounds = context.options.repeats(2, 5) if n == 1 else context.options.repeats(1, 3 if n <= 100 else 1)
        try:
            documents = node_documents(context.reports(n))
        except Exception as error:
            why = reason(error)
            rows += [
                Row("search", f"{name} ({label})", "ms", missing=why)
                for name in ("xunshi", "fts5 trigram", "substring scan")
            ]
            continue
        scan = SubstringScan(documents)
        fts = Fts5Trigram(documents)
        engine_row = None
        try:
            engine = context.engine(n)
            for query in WARMUP:
                engine.search(query, limit=LIMIT)
            engine_samples = {query: [] for _, query in QUERIES}
            hits = {}
            # alternate: a round of the engine, then of each reference, so drift hits all alike
            fts_samples = {query: [] for _, query in QUERIES}
            scan_samples = {query: [] for _, query in QUERIES}
            for _ in range(rounds):
                _merge(
                    engine_samples,
                    _time_queries(lambda q, e=engine: e.search(q, limit=LIMIT), 1, lambda e=engine: _clear_cache(e)),
                )
                _merge(fts_samples, _time_queries(fts.search, 1))
                _merge(scan_samples, _time_queries(scan.search, 1))
            for _, query in QUERIES:
                result = engine.search(query, limit=LIMIT)
                hits[query] = {
                    "xunshi": result.total,
                    "substring": scan.search(query),
                    "estimated": bool(getattr(result, "estimated", False)),
                }
            engine_row = _row("search", f"xunshi ({label})", engine_samples, TARGETS.get(n))
            engine_row.details["hits"] = hits
            fewer = [
                f"{query} ({counts['xunshi']} vs {counts['substring']})"
                for query, counts in hits.items()
                if counts["xunshi"] < counts["substring"] and not counts["estimated"]
            ]
            estimated = [query for query, counts in hits.items() if counts["estimated"]]
            if fewer:
                engine_row.note += "; fewer nodes than the scan: " + ", ".join(fewer)
            if estimated:
                engine_row.note += "; totals estimated (very common): " + ", ".join(estimated)
        except Exception as error:
            engine_row = Row("search", f"xunshi ({label})", "ms", target=TARGETS.get(n), missing=reason(error))
            fts_samples = _time_queries(fts.search, rounds)
            scan_samples = _time_queries(scan.search, rounds)
        fts_row = _row("search", f"fts5 trigram ({label})", fts_samples)
        scan_row = _row("search", f"substring scan ({label})", scan_samples)
        engine_row.ratio_to("fts5", fts_row)
        engine_row.ratio_to("scan", scan_row)
        rows += [engine_row, fts_row, scan_row]
        fts.close()
    return rows


def _merge(into: dict[str, list[float]], more: dict[str, list[float]]) -> None:
    for query, values in more.items():
        into[query].extend(values)


__all__ = ["QUERIES", "Fts5Trigram", "SubstringScan", "Unavailable", "run"]
