"""Very common queries rank a fixed share of their candidates and say so; others are exact."""

from __future__ import annotations

import pytest

from benchmarks.corpus import generate_text
from tui.cli import main
from tui.parse import parse_text
from tui.search import SearchEngine, budget


@pytest.fixture(autouse=True)
def _private_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XUNSHI_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("NO_COLOR", "1")


@pytest.fixture(scope="module")
def reports():
    return [parse_text(generate_text(number), origin=f"r{number}.txt") for number in range(6)]


def texts(report) -> dict[str, str]:
    return {"": report.page_text(), **{node.id: node.plain_text() for node in report.walk()}}


def fresh(reports) -> SearchEngine:
    engine = SearchEngine(reports, in_memory=True)
    engine.open()
    return engine


def exact_matches(reports, word: str) -> set[tuple[str, str]]:
    return {(report.key, node_id) for report in reports for node_id, text in texts(report).items() if word in text}


def test_an_ordinary_query_is_exact_and_not_estimated(reports, monkeypatch):
    expected = fresh(reports).search("保障性住房", limit=500)
    assert not expected.estimated and expected.total == len(exact_matches(reports, "保障性住房"))
    monkeypatch.setattr(budget, "COMMON_CANDIDATES", expected.total)  # right at the bound: still exact
    assert fresh(reports).search("保障性住房", limit=500) == expected


def test_a_very_common_query_ranks_a_share_and_says_so(reports, monkeypatch):
    everything = exact_matches(reports, "整改情况")
    full = fresh(reports).search("整改情况", limit=500)
    assert not full.estimated and full.total == len(everything) > 40
    monkeypatch.setattr(budget, "COMMON_CANDIDATES", 10)
    monkeypatch.setattr(budget, "BUDGET_CANDIDATES", 20)
    engine = fresh(reports)
    cut = engine.search("整改情况", limit=500)
    titled = sum(1 for r in reports for node in r.walk() if "整改情况" in node.title)
    assert cut.estimated and 0 < cut.total <= 20 + titled < len(everything)  # a lower bound
    assert len(cut.hits) == cut.total
    found = {(hit.report, hit.node_id) for hit in cut.hits}
    assert found <= everything
    for hit in cut.hits:  # every hit still exact
        text = texts(next(r for r in reports if r.key == hit.report))[hit.node_id]
        assert hit.matches and all(text[start:end] == "整改情况" for start, end in hit.matches)
    engine._results.clear()
    assert engine.search("整改情况", limit=500) == cut  # a count, not a clock: the same every time
    assert not engine.search("整改情况", limit=500, report=reports[2].key).estimated  # one report: exact


def test_few_title_matches_outside_the_share_still_come_first(reports, monkeypatch):
    titled = [(r.key, node.id) for r in reports for node in r.walk() if "金砖" in node.title]
    assert titled
    monkeypatch.setattr(budget, "COMMON_CANDIDATES", 1)
    monkeypatch.setattr(budget, "BUDGET_CANDIDATES", 1)
    result = fresh(reports).search("金砖", limit=500)
    assert result.estimated
    assert [(hit.report, hit.node_id) for hit in result.hits[: len(titled)]] and {
        (hit.report, hit.node_id) for hit in result.hits[: len(titled)]
    } == set(titled)


def test_a_report_scope_changes_no_score(reports):
    engine = fresh(reports)

    def body_scores(result):  # title matches are lifted by the best score of the result: left out
        return {
            (hit.report, hit.node_id): hit.score
            for hit in result.hits
            if "厦门" not in hit.title and "金融" not in hit.title
        }

    everywhere = body_scores(engine.search("厦门 金融", limit=500))
    key = reports[3].key
    scoped = engine.search("厦门 金融", limit=500, report=key)
    assert scoped.hits and all(hit.report == key for hit in scoped.hits)
    assert body_scores(scoped) and body_scores(scoped) == {
        item: score for item, score in everywhere.items() if item[0] == key
    }


def test_upper_bound_of_terms_and_or():
    from whoosh.query import And, Or, Term

    frequency = {"a": 5, "b": 50, "c": 7}.__getitem__
    query = And([Term("content", "b"), Or([Term("content", "a"), Term("content", "c")])])
    assert budget.upper_bound(query, lambda field, text: frequency(text), 1000) == 12
    assert budget.upper_bound(Or([Term("content", "b")] * 30), lambda field, text: frequency(text), 1000) == 1000


def test_cli_says_at_least(reports, tmp_path, monkeypatch, capsys):
    for number in range(3):
        (tmp_path / f"r{number}.txt").write_text(generate_text(number), "utf-8")
    monkeypatch.setattr(budget, "COMMON_CANDIDATES", 5)
    monkeypatch.setattr(budget, "BUDGET_CANDIDATES", 6)
    assert main(["search", "整改情况", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert "at least" in err and "very common" in err
