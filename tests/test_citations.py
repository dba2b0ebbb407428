"""Cited documents: counted on the seed by hand, nesting and broken marks, several reports, CLI."""

from __future__ import annotations

import dataclasses
import json

import pytest

from tui.analysis.citations import extract_citations, filter_citations, sort_citations, title_spans
from tui.model import Report

# Counted by reading the seed (grep -o '《' gives 18 as well): node id → 《…》 in that node.
SEED_PLACES = {
    "1.2": ["整改工作方案", "整改任务进度表"],
    "2.1.1.3": ["厦门市重点发展产业指导手册", "各区(开发区)“十四五”重点产业链(群)发展工作方案",
                "厦门市产业空间布局指引(2021年本)"],
    "2.1.1.4": ["厦门市国土空间总体规划(2020-2035年)"],
    "2.1.1.9": ["金砖创新基地建设方案", "金砖创新基地发展报告(2021)", "关于加快金砖创新基地建设的若干措施"],
    "2.1.2.1": ["厦门市重点发展产业指导目录"],
    "2.1.2.2": ["厦漳泉都市圈发展规划", "闽西南协同发展区平台建设总体方案"],
    "2.1.2.3": ["厦门市“十四五”战略性新兴产业发展专项规划", "关于进一步优化高新技术企业扶持政策"],
    "2.1.2.7": ["厦门市“十四五”医疗卫生事业专项规划", "厦门市医疗卫生类项目工程建设的暂行细则"],
    "2.1.2.8": ["关于加快发展保障性租赁住房的意见"],
    "2.1.3.1": ["2021年改革创新绩效考核指标评估工作方案"],
}  # fmt: skip


def test_seed_citations_match_the_hand_count(seed_report):
    citations = extract_citations([seed_report])
    assert len(citations) == 18 and sum(c.count for c in citations) == 18
    assert all(c.count == 1 and c.reports == [seed_report.sha256] for c in citations)
    found: dict[str, list[str]] = {}
    for citation in sort_citations(citations, "document"):
        (place,) = citation.places
        node = seed_report.find(place.node_id)
        assert node.plain_text()[place.start : place.end] == f"《{citation.title}》"
        found.setdefault(place.node_id, []).append(citation.title)
    assert found == SEED_PLACES


def test_two_reports_count_per_title_and_report(seed_report):
    other = dataclasses.replace(seed_report, sha256="other", origin="other.txt", intro=["依据《整改工作方案》执行。"])
    citations = extract_citations([seed_report, other])
    first = citations[0]  # the most cited first
    assert (first.title, first.count, first.reports) == ("整改工作方案", 3, [seed_report.sha256, "other"])
    assert [p.part for p in first.places] == ["node", "intro", "node"]
    assert other.intro[0][first.places[1].start : first.places[1].end] == "《整改工作方案》"
    assert all(c.count == 2 and len(c.reports) == 2 for c in citations[1:])
    only_other = filter_citations(citations, report="other")
    assert sum(c.count for c in only_other) == 19
    assert [c.title for c in filter_citations(citations, text="金砖")] == [
        "金砖创新基地建设方案", "金砖创新基地发展报告(2021)", "关于加快金砖创新基地建设的若干措施",
    ]  # fmt: skip
    assert filter_citations(citations, text="規劃") == filter_citations(citations, text="规划") != []


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "见《关于〈中华人民共和国X法〉的决定》。",
            [("《关于〈中华人民共和国X法〉的决定》", 0), ("〈中华人民共和国X法〉", 1)],
        ),
        ("《A《B》C》", [("《A《B》C》", 0), ("《B》", 1)]),
        ("《甲》和《乙》", [("《甲》", 0), ("《乙》", 0)]),
        ("《未完\n续》", []),  # a title never spans paragraphs
        ("《》空", []),
        ("a〈b〉c 与 x》y", []),  # 〈〉 alone and a stray 》 are not titles
        ("《A〈B》", [("《A〈B》", 0)]),  # an unclosed 〈 inside a title
    ],
)
def test_title_spans(text, expected):
    assert [(text[s:e], depth) for s, e, depth in title_spans(text)] == expected


def test_closing_citation_and_sorting():
    report = Report(title="t", sha256="k", closing=["附件:《乙》《甲》《甲》"])
    citations = extract_citations([report])
    assert [(c.title, c.count) for c in citations] == [("甲", 2), ("乙", 1)]
    assert [c.title for c in sort_citations(citations, "title")] == ["乙", "甲"]  # code point order
    assert [c.title for c in sort_citations(citations, "document")] == ["乙", "甲"]
    assert {(p.part, p.paragraph) for c in citations for p in c.places} == {("closing", 0)}
    with pytest.raises(ValueError):
        sort_citations(citations, "size")


def test_citations_command(seed_path, capfd):
    from tui.cli import main

    assert main(["citations", str(seed_path)]) == 0
    header, *lines = capfd.readouterr().out.splitlines()
    assert header.split("\t") == ["times cited", "in reports", "title", "where"]  # the number columns explained
    assert len(lines) == 18
    assert lines[0].split("\t") == ["1", "1", "《整改工作方案》", f"{seed_path.name}: 1.2 (二)"]

    assert main(["citations", str(seed_path), "--json", "--grep", "保障性"]) == 0
    (row,) = json.loads(capfd.readouterr().out)
    assert row["title"] == "关于加快发展保障性租赁住房的意见" and row["count"] == 1
    (place,) = row["places"]
    assert (place["node_id"], place["label"], place["origin"]) == ("2.1.2.8", "(17)", seed_path.name)
