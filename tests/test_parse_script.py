"""Traditional script: patterns match a Simplified shadow, the model keeps every character as
printed, and search finds the report by Simplified, Traditional and pinyin queries alike."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tui.cli.check import outline_text
from tui.library.reading import read_any
from tui.parse import parse_text
from tui.parse.shadow import shadow
from tui.search import SearchEngine
from tui.text.script import convert

SEED = Path(__file__).resolve().parent.parent / "seeds" / "xiamen-2022-02-22.txt"
DOCUMENTS = Path(__file__).resolve().parent / "documents"


def test_the_shadow_keeps_the_length_and_leaves_simplified_alone():
    text = "中共豐禾縣住房和城鄉建設局黨組關於巡察整改進展情況的通報\n整改情況：一是覆核。"
    folded = shadow(text)
    assert len(folded) == len(text) and folded.startswith("中共丰禾县住房和城乡建设局党组关于")
    simplified = SEED.read_text("utf-8")
    assert shadow(simplified) is simplified  # no conversion, no OpenCC


@pytest.mark.parametrize("mode", ["s2t", "s2tw", "s2hk"])
def test_the_seed_in_traditional_parses_as_the_seed(seed_report, mode):
    printed = convert(SEED.read_text("utf-8"), mode)
    report = parse_text(printed, origin=seed_report.origin)
    assert outline_text(report) == convert(outline_text(seed_report), mode)
    assert [len(p.rectification.measures) for p in report.problems() if p.rectification] == [
        len(p.rectification.measures) for p in seed_report.problems() if p.rectification
    ]
    assert "".join(report.walk_text()) == convert("".join(seed_report.walk_text()), mode)  # as printed
    assert (report.source, report.published, report.title_from) == (
        convert(seed_report.source, mode),
        seed_report.published,
        "text",
    )


@pytest.fixture(scope="module")
def traditional():
    report = read_any(DOCUMENTS / "haiyan-xunshi-2021.html")
    return report, SearchEngine([report], in_memory=True)


@pytest.mark.parametrize("query", ["整改情况", "整改情況", "巡视", "巡視", "xunshi", "zhenggai qingkuang"])
def test_search_finds_a_traditional_report_in_either_script_and_in_pinyin(traditional, query):
    report, engine = traditional
    result = engine.search(query)
    assert result.hits, query
    for hit in result.hits:
        node = report.find(hit.node_id) if hit.node_id else None
        text = node.plain_text() if node else report.page_text()
        marked = [text[start:end] for start, end in hit.matches]
        assert marked and all(shadow(piece) in ("整改情况", "巡视", "整改", "情况") for piece in marked), marked
        assert any(piece in ("整改情況", "巡視", "整改", "情況") for piece in marked)  # the characters as printed


def test_old_data_files_keep_reading(seed_report):
    from tui.library import store

    data = store.report_to_dict(seed_report)
    del data["title_from"], data["delivered"], data["metadata"], data["page"]
    old = {"schema_version": 1, **{k: v for k, v in data.items() if k != "schema_version"}, "title_derived": True}
    again = store.report_from_dict(old)
    assert again.title_from == "text" and again.title_derived
    assert dataclasses.asdict(again) == dataclasses.asdict(seed_report)
