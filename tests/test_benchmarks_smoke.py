"""Smoke tests for the benchmark harness: the corpus it measures and the table it prints.

No timings are asserted here (timings belong in `python -m benchmarks`); these check that the
synthetic reports are real reports of the seed's size and shape, and that the table and the
command line behave.
"""

from __future__ import annotations

import json

import pytest

from benchmarks.__main__ import parse_args
from benchmarks.corpus import TempCorpus, generate_text, seed_path, write_corpus
from benchmarks.table import Row, Target, format_table, percentile, to_json
from tui.parse import read_report


def _shape(report):
    measures = sum(len(node.rectification.measures) for node in report.walk() if node.rectification)
    return [(node.kind, node.label, node.level) for node in report.walk()], measures


def test_corpus_writes_n_reports_of_the_seeds_size(tmp_path):
    paths = write_corpus(4, tmp_path)
    seed_bytes = seed_path().read_bytes()
    assert [path.name for path in paths] == [f"report-{i:04d}.txt" for i in range(4)]
    assert sorted(tmp_path.iterdir()) == paths
    for path in paths:
        data = path.read_bytes()
        assert len(data) == len(seed_bytes)
        assert data.count(b"\n") == seed_bytes.count(b"\n")
    assert len({path.read_bytes() for path in paths}) == 4  # all different


def test_corpus_reports_parse_to_the_seeds_outline(tmp_path):
    seed = read_report(seed_path())
    for path in write_corpus(3, tmp_path):
        report = read_report(path)
        assert _shape(report) == _shape(seed)
        assert report.sha256 != seed.sha256
        assert report.title  # a header the parser understood


def test_corpus_is_deterministic_and_shuffled():
    seed_lines = seed_path().read_text(encoding="utf-8").split("\n")
    first = generate_text(7, seed=3)
    assert first == generate_text(7, seed=3)
    assert first != generate_text(7, seed=4)
    assert first.split("\n") != seed_lines
    # without mutation the characters are the seed's, only moved between headings
    unmutated = generate_text(0, seed=3, mutate=0)
    assert sorted(unmutated) == sorted("\n".join(seed_lines))
    assert [line for line in unmutated.split("\n") if line not in set(seed_lines)]


def test_temp_corpus_cleans_up():
    with TempCorpus(2) as corpus:
        directory = corpus.directory
        assert len(list(directory.glob("*.txt"))) == 2
    assert not directory.exists()


def test_percentile_interpolates():
    samples = list(range(1, 21))  # 1..20
    assert percentile(samples, 50) == 10.5
    assert percentile(samples, 95) == pytest.approx(19.05)
    assert percentile([4.0], 95) == 4.0
    with pytest.raises(ValueError):
        percentile([], 50)


def test_table_shows_figures_ratios_targets_and_missing_rows():
    fast = Row("search", "engine", "ms", [1.0, 2.0, 3.0, 40.0], target=Target("p95", 16, "p95 <= 16 ms"))
    base = Row("search", "fts5", "ms", [0.5, 1.0, 1.5])
    fast.ratio_to("fts5", base)
    gone = Row("keys", "select", "ms", target=Target("p95", 50, "p95 <= 50 ms"), missing="tui.app: ImportError")
    idle = Row("bytes", "idle", "B", [0.0], target=Target("p95", 0, "0 B"))
    fast.note = "slowest 整改情况"
    table = format_table([fast, base, gone, idle])
    lines = table.splitlines()
    assert lines[0].split()[:5] == ["section", "figure", "n", "median", "p95"]
    assert "2.50x fts5" in table  # median 2.5 / median 1.0
    assert "MISS +" in lines[2]  # p95 of 1, 2, 3, 40 is far above 16
    assert "n/a (not available: tui.app: ImportError)" in lines[4]
    assert lines[5].rstrip().endswith("ok")
    assert lines[2].startswith("search   engine [1]") and lines[-1] == "[1] slowest 整改情况"
    assert fast.status().startswith("MISS") and idle.status() == "ok" and gone.status() == ""


def test_json_holds_rows_and_machine():
    row = Row("build", "scratch", "ms", [100.0, 300.0], target=Target("median", 500, "<= 0.5 s"))
    data = json.loads(json.dumps(to_json([row], {"nproc": 2}, {"quick": True})))
    assert data["machine"] == {"nproc": 2}
    (only,) = data["rows"]
    assert only["median"] == 200.0 and only["status"] == "ok" and only["samples"] == [100.0, 300.0]


def test_command_line_options():
    args = parse_args(["--quick", "--only", "search,startup", "--sizes", "1,100"])
    assert args.quick and args.only == ("search", "startup") and args.sizes == (1, 100)
    assert parse_args([]).sizes == (1, 100, 1000)
    with pytest.raises(SystemExit):
        parse_args(["--only", "nonsense"])
    with pytest.raises(SystemExit):
        parse_args(["--sizes", "ten"])


def test_the_scorecard_section_measures_every_figure():
    from benchmarks.common import Context, Options
    from benchmarks.scorecard import run

    context = Context(Options(quick=True, sizes=(1, 4), sections=("scorecard",)))
    try:
        rows = run(context)
    finally:
        context.close()
    assert [row.figure for row in rows] == [
        "scorecards from files (report)",
        "scorecards in memory (report)",
        "scorecards from files (4 reports)",
        "scorecards in memory (4 reports)",
        "problem index built (4 reports)",
        "similar, one query (4 reports)",
        "whoosh more-like-this (4 reports)",
    ]
    assert all(row.samples and not row.missing for row in rows)
    assert 0 <= rows[5].details["precision_at_10"] <= 100 and "mlt" in rows[5].ratios
    assert "scorecard" in parse_args(["--only", "scorecard"]).only


def test_ratio_targets_name_their_baseline_and_p95_ratios_compare_p95s():
    scan = Row("search", "scan", "ms", [10.0, 10.0, 10.0, 100.0])
    fts = Row("search", "fts5", "ms", [1.0, 1.0, 1.0, 1.0])
    engine = Row(
        "search", "engine", "ms", [4.0, 4.0, 4.0, 40.0], target=Target("p95 ratio", 0.5, "p95 <= 0.5x scan", "scan")
    )
    engine.ratio_to("fts5", fts)
    engine.ratio_to("scan", scan)
    assert engine.ratios["scan"] == 0.4 and engine.p95_ratios["scan"] == engine.p95 / scan.p95
    assert engine.status() == "ok"
    engine.target = Target("p95 ratio", 0.3, "p95 <= 0.3x scan", "scan")
    assert engine.status().startswith("MISS +")
    build = Row("build", "scratch", "ms", [90.0], target=Target("ratio", 8.0, "<= 8x fts5", "fts5"))
    build.ratio_to("scan", scan)  # recorded first: the target still reads fts5
    build.ratio_to("fts5", Row("build", "fts5", "ms", [10.0]))
    assert build.status() == "MISS +12%"
    engine.target = Target("p95 ratio", 0.5, "p95 <= 0.5x scan", "scan")
    assert "p95 0.40x scan" in format_table([engine])
