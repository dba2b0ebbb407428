"""A report's own page (intro and closing) is searchable: one document a report, node id ""."""

from __future__ import annotations

import json

import pytest

from tui.cli import main
from tui.model import Node, Report
from tui.search import SearchEngine
from tui.search import index as search_index


@pytest.fixture(autouse=True)
def _private_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XUNSHI_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("NO_COLOR", "1")


def small(title: str, intro: list[str], closing: list[str], body: str = "推进整改落实") -> Report:
    return Report(title=title, intro=intro, closing=closing, nodes=[Node("1", "一、", "cn-dun", 1, 1, "part", body)])


def test_the_seed_intro_is_found_as_the_report_page(seed_report):
    engine = SearchEngine([seed_report], in_memory=True)
    result = engine.search("省委巡视一组")
    [hit] = result.hits
    assert (hit.node_id, hit.label, hit.title, hit.breadcrumb) == ("", "", seed_report.title, seed_report.title)
    assert hit.report == seed_report.sha256
    page = seed_report.page_text()
    assert hit.matches and all(page[start:end] == "省委巡视一组" for start, end in hit.matches)
    assert [page.index("省委巡视一组")] == [start for start, _ in hit.matches]
    assert all(hit.snippet[start:end] == "省委巡视一组" for start, end in hit.snippet_spans)
    assert engine.node(hit.report, "") is None


def test_every_match_on_a_page_is_exact_including_the_closing():
    report = small("甲市通报", ["甲市开展巡视。", "巡视组反馈意见。"], ["中共甲市委员会", "联系电话:巡视办"])
    engine = SearchEngine([report], in_memory=True)
    [hit] = engine.search("巡视").hits
    page = report.page_text()
    assert page == "甲市开展巡视。\n巡视组反馈意见。\n中共甲市委员会\n联系电话:巡视办"
    assert [page[start:end] for start, end in hit.matches] == ["巡视"] * 3
    assert [start for start, _ in hit.matches] == [i for i in range(len(page)) if page.startswith("巡视", i)]
    [closing] = engine.search("联系电话").hits
    assert closing.node_id == "" and page[slice(*closing.matches[0])] == "联系电话"


def test_each_report_page_in_a_multi_report_search():
    one = small("甲市通报", ["省委第一巡视组对甲市开展巡视。"], [])
    two = small("乙市通报", ["省委第一巡视组对乙市开展巡视。"], ["乙市委办公室"])
    empty = small("丙市通报", [], [], body="省委第一巡视组反馈")  # no page: only its node matches
    engine = SearchEngine([one, two, empty], in_memory=True)
    result = engine.search("第一巡视组", limit=10)
    found = {(hit.report, hit.node_id): hit for hit in result.hits}
    assert set(found) == {(one.key, ""), (two.key, ""), (empty.key, "1")}
    assert found[(one.key, "")].title == "甲市通报"
    assert found[(two.key, "")].breadcrumb == "乙市通报"
    only_two = engine.search("第一巡视组", report=two.key)
    assert [(hit.report, hit.node_id) for hit in only_two.hits] == [(two.key, "")]


def test_a_page_ranks_like_a_body_match_and_below_a_title_match():
    report = Report(
        title="通报",
        intro=["推进金砖创新基地建设。"],
        nodes=[
            Node("1", "一、", "cn-dun", 1, 1, "part", "金砖创新基地"),
            Node("2", "二、", "cn-dun", 2, 1, "part", "其他工作", text="推进金砖创新基地建设。"),
        ],
    )
    engine = SearchEngine([report], in_memory=True)
    hits = engine.search("金砖").hits
    assert hits[0].node_id == "1"  # the title match first
    assert {hit.node_id for hit in hits[1:]} == {"", "2"}
    assert engine.search("title:金砖").total == 1  # the page has no title to match


def test_a_changed_intro_changes_the_part_and_gets_a_new_index():
    before = search_index.collect_parts([small("甲市通报", ["甲市开展巡视。"], [])])
    after = search_index.collect_parts([small("甲市通报", ["甲市开展专项巡视。"], [])])
    assert before[0].key != after[0].key
    engine = SearchEngine([small("甲市通报", ["甲市开展巡视。"], [])])
    engine.open()
    changed = SearchEngine([small("甲市通报", ["甲市开展专项巡视。"], [])])
    changed.open()
    assert changed.index_path != engine.index_path
    assert changed.search("专项").total == 1 and engine.search("专项").total == 0


def test_cli_names_a_page_hit(capsys, seed_path, seed_report):
    code = main(["search", "省委巡视一组", str(seed_path)])
    out, _ = capsys.readouterr()
    assert code == 0
    assert out.splitlines()[0].startswith(f"(page)  {seed_report.title}  ")
    assert "⟦省委巡视一组⟧" in out
    code = main(["search", "省委巡视一组", str(seed_path), "--json"])
    [row] = json.loads(capsys.readouterr().out)
    assert code == 0 and row["id"] == "" and row["label"] == "" and row["title"] == seed_report.title
    page = seed_report.page_text()
    assert [page[start:end] for start, end in row["matches"]] == ["省委巡视一组"]
