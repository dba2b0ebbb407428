"""Opening a current cached index loads no report: the doc table beside the index has what hits need."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from tui.library import Library
from tui.library import keys as keys_module
from tui.library.build import build
from tui.library.bundled import bundled_library
from tui.search import SearchEngine
from tui.search import docs as search_docs

TEXTS = {
    "a.txt": "甲市巡视整改进展情况\n省委第一巡视组对甲市开展了巡视。\n一、总体情况\n(一)金砖创新基地建设滞后。\n"
    "整改情况:一是推动金砖合作，ＲＣＥＰ规则落地。二是完善机制。\n中共甲市委员会\n",
    "b.txt": "乙市巡视整改进展情况\n省委第二巡视组对乙市开展了巡视。\n一、总体情况\n(一)保障性住房供给不足。\n"
    "整改情况:一是加快保障性住房建设。\n",
    "c.txt": "丙市巡视整改进展情况\n一、总体情况\n(一)鼓浪屿申遗成果保护不够。\n整改情况:一是加强鼓浪屿保护,推动金砖交流。\n",
}
QUERIES = ["金砖", "巡视组", "保障性住房", "rcep", "鼓浪屿 -金砖", "title:金砖", "jinzhuan"]


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setenv("XUNSHI_HOME", str(tmp_path / "home"))
    (tmp_path / "seeds").mkdir()
    for name, text in TEXTS.items():
        (tmp_path / "seeds" / name).write_text(text, "utf-8")
    rebuild(tmp_path)
    return tmp_path


def rebuild(project: Path) -> None:
    build(seeds_dir=project / "seeds", data_dir=project / "data")


def open_engine(project: Path):
    catalog = bundled_library(project / "seeds", project / "data")
    engine = SearchEngine(catalog, cache_dir=project / "cache")
    engine.open()
    return catalog, engine


def answers(engine) -> dict:
    return {query: [dataclasses.astuple(hit) for hit in engine.search(query, limit=50).hits] for query in QUERIES}


def test_a_warm_open_loads_no_report_and_answers_the_same(project):
    cold_catalog, cold = open_engine(project)
    assert cold_catalog.loads == 3 and len(cold.changed) == 3
    catalog, warm = open_engine(project)
    assert warm.where == "disk" and warm.changed == []
    assert answers(warm) == answers(cold)
    assert catalog.loads == 0  # searching needs no report either
    assert {hit.node_id for hit in warm.search("巡视组").hits} == {""}  # the pages, from the doc table
    hit = warm.search("保障性住房").hits[0]
    node = warm.node(hit.report, hit.node_id)  # the detail pane's node: loaded on demand
    assert catalog.loads == 1
    assert [node.plain_text()[start:end] for start, end in hit.matches] == ["保障性住房"] * len(hit.matches)


def test_the_doc_table_gives_back_exactly_the_docs_built_from_the_report(project, seed_report):
    engine = SearchEngine([seed_report], cache_dir=project / "cache")
    engine.open()
    docs, docnums = search_docs.read_docs(engine.index_path)
    [stored] = docs.values()
    built = search_docs.report_docs(seed_report, seed_report.key)
    assert [dataclasses.replace(doc, node=None) for doc in built] == stored  # folded text included
    assert sorted(item for item in docnums if item) == sorted((key, n) for key in docs for n in range(len(stored)))


def test_adding_a_report_loads_and_indexes_only_that_one(project):
    open_engine(project)
    (project / "seeds" / "d.txt").write_text("丁市巡视整改进展情况\n一、总体情况\n(一)人才公寓建设慢。\n", "utf-8")
    rebuild(project)
    catalog, engine = open_engine(project)
    d_key = catalog.entries[-1].key
    assert catalog.loads == 1 and engine.changed == [d_key] and engine.change.base is not None
    assert [hit.report for hit in engine.search("人才公寓").hits] == [d_key]
    assert engine.search("金砖").total == 2
    base = project / "cache" / "index" / engine.change.base
    docs, _ = search_docs.read_docs(base)  # the base's table was not written through a hard link
    assert d_key not in {doc.report for part in docs.values() for doc in part}


def test_a_changed_data_file_is_indexed_again_though_its_seed_is_not(project):
    open_engine(project)
    data = project / "data" / "b.yaml"
    data.write_text(data.read_text("utf-8").replace("保障性住房", "公共租赁住房"), "utf-8")
    catalog, engine = open_engine(project)
    assert catalog.loads == 1 and len(engine.changed) == 1
    assert engine.search("公共租赁住房").total == 1 and engine.search("保障性住房").total == 0


def test_a_changed_reader_rebuilds_every_part(project, monkeypatch):
    open_engine(project)
    monkeypatch.setattr(keys_module, "_FINGERPRINT", ["another parser"])
    catalog, engine = open_engine(project)
    assert catalog.loads == 3 and len(engine.changed) == 3


@pytest.mark.parametrize("damage", ["garbage", "truncated", "other-schema", "missing", "wrong-docnums"])
def test_a_damaged_doc_table_is_rebuilt(project, damage):
    _, first = open_engine(project)
    table = first.index_path / search_docs.DOCS_NAME
    first.close()
    text = table.read_text("utf-8")
    if damage == "garbage":
        table.write_bytes(b"\x00garbage")
    elif damage == "truncated":
        table.write_text(text[: len(text) // 2], "utf-8")
    elif damage == "missing":
        table.unlink()
    else:
        data = json.loads(text)
        if damage == "other-schema":
            data["schema"] = search_docs.INDEX_SCHEMA_VERSION - 1
        else:
            data["docnums"] = data["docnums"][::-1][1:]
        table.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    catalog, engine = open_engine(project)
    assert catalog.loads == 3 and engine.where == "disk"
    assert engine.search("金砖").total == 2 and engine.search("巡视组").total == 2
    assert search_docs.read_docs(engine.index_path)[0]  # a good table again


def test_a_report_listed_twice_is_indexed_once(project):
    catalog = bundled_library(project / "seeds", project / "data")
    twice = Library([*catalog.entries, catalog.entries[0]])
    engine = SearchEngine(twice, cache_dir=project / "cache")
    engine.open()
    assert engine.search("金砖").total == 2
    assert len(engine._parts) == 3
    plain = SearchEngine(catalog, cache_dir=project / "cache")
    plain.open()
    assert plain.index_path == engine.index_path  # the same set of parts, the same index
