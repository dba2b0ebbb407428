"""One report key everywhere (catalog, search, figures, citations) and one control stripper."""

from __future__ import annotations

import dataclasses

from tui.analysis.citations import extract_citations
from tui.analysis.figures import extract_figures
from tui.library.library import ref_for
from tui.model import Node, Rectification, Report
from tui.search import SearchEngine
from tui.text import safe


def hand_built(origin: str = "hand.txt") -> Report:
    """A report built by hand: no sha256, but an origin and a title (the old fallbacks)."""
    problem = Node(
        "1.1",
        "(1)",
        "arabic-paren",
        1,
        2,
        "problem",
        "依据《整改方案》推进金砖创新基地建设。",
        rectification=Rectification("整改情况", ":", "新增投资12亿元。"),
    )
    return Report(
        title="甲市通报",
        origin=origin,
        intro=["甲市开展巡视。"],
        nodes=[Node("1", "一、", "cn-dun", 1, 1, "part", "总体", children=[problem])],
    )


def test_every_part_names_a_hand_built_report_by_the_same_key():
    report = hand_built()
    key = report.key
    assert len(key) == 64 and key not in (report.origin, report.title)
    assert ref_for(report).key == key
    assert {hit.report for hit in SearchEngine([report], in_memory=True).search("金砖").hits} == {key}
    assert {figure.report for figure in extract_figures(report)} == {key}
    assert [citation.reports for citation in extract_citations([report])] == [[key]]


def test_the_key_is_the_sha256_when_there_is_one_and_follows_the_text_otherwise(seed_report):
    assert seed_report.key == seed_report.sha256
    report = hand_built()
    assert dataclasses.replace(report, origin="other.txt").key == report.key  # not the file name
    assert dataclasses.replace(report, intro=["乙市开展巡视。"]).key != report.key


def test_the_terminal_policy_strips_every_control():
    hostile = "a\x1b]52;c;ZXZpbA==\x07b\x1b[2Jc\u202ed\x9b31me\tf\ng\x00"
    assert safe.for_terminal(hostile) == "abcde\tf\ng"
