"""Many reports at once: incremental `xunshi build`, the catalog, per-report index updates and
cross-report search. Counters and file times are asserted, never timings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui import cli
from tui.library import Library, open_library, paths
from tui.library import listing as listing_module
from tui.library.bundled import bundled_library
from tui.search import SearchEngine
from tui.search import index as search_index

ROOT = Path(__file__).resolve().parent.parent

TEXTS = {
    "a.txt": "甲市巡视整改进展情况\n一、总体情况\n(一)金砖创新基地建设滞后。\n整改情况:一是推动金砖合作。二是完善机制。\n",
    "b.txt": "乙市巡视整改进展情况\n一、总体情况\n(一)保障性住房供给不足。\n整改情况:一是加快保障性住房建设。\n",
    "c.txt": "丙市巡视整改进展情况\n一、总体情况\n(一)鼓浪屿申遗成果保护不够。\n整改情况:一是加强鼓浪屿保护,推动金砖交流。\n",
}


@pytest.fixture
def project(tmp_path, monkeypatch, home):
    (tmp_path / "seeds").mkdir()
    monkeypatch.setattr(paths, "seeds_dir", lambda: tmp_path / "seeds")
    monkeypatch.setattr(paths, "data_dir", lambda: tmp_path / "data")
    monkeypatch.setattr(paths, "project_root", lambda: tmp_path)
    return tmp_path


def add_seed(project: Path, name: str, text: str | None = None) -> Path:
    path = project / "seeds" / name
    path.write_text(TEXTS[name] if text is None else text, "utf-8")
    return path


def build(capsys) -> list[str]:
    assert cli.main(["build"]) == 0
    return capsys.readouterr().out.splitlines()


def search_bundled(query: str):
    engine = SearchEngine(bundled_library())
    engine.open()
    return engine, engine.search(query, limit=50)


def test_build_parses_and_indexes_only_the_added_report(project, parses, capsys):
    add_seed(project, "a.txt")
    add_seed(project, "b.txt")
    out = build(capsys)
    assert out[:3] == [
        "built     data/a.yaml  (from seeds/a.txt)",
        "built     data/b.yaml  (from seeds/b.txt)",
        "built     data/catalog.json",
    ]
    assert out[3].startswith("index     built: 2 of 2 reports indexed")
    assert sorted(parses) == ["a.txt", "b.txt"]
    data_a = project / "data" / "a.yaml"
    before = data_a.stat().st_mtime_ns
    parses.clear()

    add_seed(project, "c.txt")
    out = build(capsys)
    assert out[:4] == [
        "unchanged data/a.yaml",
        "unchanged data/b.yaml",
        "built     data/c.yaml  (from seeds/c.txt)",
        "built     data/catalog.json",
    ]
    assert out[4].startswith("index     updated: 1 of 3 reports indexed (c.txt)")
    assert parses == ["c.txt"]  # a and b were not parsed again
    assert data_a.stat().st_mtime_ns == before  # nor written

    engine, result = search_bundled("金砖")
    assert engine.changed == []  # the build left the index current: opening indexes nothing
    origins = {engine.report_info(hit.report).origin for hit in result.hits}
    assert origins == {"a.txt", "c.txt"}
    assert cli.main(["build", "--check"]) == 0


def test_index_update_adds_one_part_to_the_previous_set(project, capsys):
    for name in TEXTS:
        add_seed(project, name)
    assert cli.main(["build", "--no-index"]) == 0
    two = Library([entry for entry in bundled_library() if entry.origin != "c.txt"])
    first = SearchEngine(two)
    first.open()
    assert len(first.changed) == 2
    three = SearchEngine(bundled_library())
    three.open()
    c_key = bundled_library().entries[2].key
    assert three.changed == [c_key]
    assert three.change.base == first.index_path.name and three.change.removed == 0
    assert three.index_path != first.index_path
    assert first.search("鼓浪屿").total == 0  # the old set's index was not changed in place
    assert [hit.report for hit in three.search("鼓浪屿").hits] == [c_key]


def test_a_changed_seed_is_reparsed_and_reindexed_alone(project, parses, capsys):
    add_seed(project, "a.txt")
    add_seed(project, "b.txt")
    build(capsys)
    parses.clear()
    add_seed(project, "b.txt", TEXTS["b.txt"].replace("保障性住房供给不足", "人才公寓供给不足"))
    out = build(capsys)
    assert out[:2] == ["unchanged data/a.yaml", "built     data/b.yaml  (from seeds/b.txt)"]
    assert "1 of 2 reports indexed (b.txt), 1 removed" in out[3]
    assert parses == ["b.txt"]
    engine, result = search_bundled("人才公寓")
    assert [engine.report_info(hit.report).origin for hit in result.hits] == ["b.txt"]
    assert engine.search("保障性住房供给").total == 0  # the old title is gone


def test_removing_a_seed_drops_its_data_and_its_hits(project, capsys):
    for name in TEXTS:
        add_seed(project, name)
    build(capsys)
    (project / "seeds" / "a.txt").unlink()
    (project / "data" / "notes.yaml").write_text("# written by hand\nschema_version: 1\n", "utf-8")
    out = build(capsys)
    assert "removed   data/a.yaml" in out and "built     data/catalog.json" in out
    assert "1 removed" in out[-1]
    assert not (project / "data" / "a.yaml").exists()
    assert (project / "data" / "notes.yaml").exists()  # only files build wrote are removed
    stems = [row["stem"] for row in json.loads((project / "data" / "catalog.json").read_text("utf-8"))["reports"]]
    assert stems == ["b", "c"]
    engine, result = search_bundled("金砖")
    assert [engine.report_info(hit.report).origin for hit in result.hits] == ["c.txt"]


def test_check_fails_after_a_seed_is_added_or_removed(project, capsys):
    add_seed(project, "a.txt")
    build(capsys)
    add_seed(project, "b.txt")
    assert cli.main(["build", "--check"]) == 1
    assert "data/b.yaml" in capsys.readouterr().err
    build(capsys)
    (project / "seeds" / "b.txt").unlink()
    assert cli.main(["build", "--check"]) == 1
    assert "data/b.yaml" in capsys.readouterr().err


def test_check_asks_for_force_when_only_the_parser_changed(project, capsys):
    add_seed(project, "a.txt")
    build(capsys)
    target = project / "data" / "a.yaml"
    target.write_text(target.read_text("utf-8").replace("金砖创新基地", "金砖基地"), "utf-8")
    assert cli.main(["build", "--check"]) == 1
    assert capsys.readouterr().err.strip().endswith("(run `xunshi build --force`)")
    assert build(capsys)[0] == "unchanged data/a.yaml"  # the seed's hash did not change
    assert cli.main(["build", "--force", "--no-index"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "built     data/a.yaml  (from seeds/a.txt)"
    assert cli.main(["build", "--check"]) == 0


def test_catalog_lists_without_loading_and_loads_on_demand(project, capsys, monkeypatch):
    for name in TEXTS:
        add_seed(project, name)
    build(capsys)
    catalog = bundled_library()
    assert catalog.loads == 0
    assert [(e.origin, e.title, e.problems) for e in catalog] == [
        ("a.txt", "甲市巡视整改进展情况", 1),
        ("b.txt", "乙市巡视整改进展情况", 1),
        ("c.txt", "丙市巡视整改进展情况", 1),
    ]
    report = catalog.load(catalog[1])
    assert report.find("1.1").title == "保障性住房供给不足。"
    assert catalog.load(catalog[1].key) is report and catalog.loads == 1
    small = Library(catalog.entries, cache_size=1)
    small.load(small[0])
    small.load(small[1])
    small.load(small[0])  # evicted by the second: read again
    assert small.loads == 3


def test_a_stale_catalog_entry_is_parsed_from_its_seed(project, capsys):
    add_seed(project, "a.txt")
    add_seed(project, "b.txt")
    build(capsys)
    add_seed(project, "b.txt", TEXTS["b.txt"].replace("乙市", "丁市"))
    catalog = bundled_library()
    assert [e.title for e in catalog] == ["甲市巡视整改进展情况", "丁市巡视整改进展情况"]
    assert catalog.load(catalog[1]).title == "丁市巡视整改进展情况"
    (project / "data" / "catalog.json").write_text("{broken", "utf-8")
    assert [e.title for e in bundled_library()] == ["甲市巡视整改进展情况", "丁市巡视整改进展情况"]


def test_data_files_are_read_through_a_json_copy_keyed_by_their_hash(project, capsys, monkeypatch):
    from tui.library import store

    add_seed(project, "a.txt")
    build(capsys)
    first = bundled_library().load_all()[0]
    [copy] = (paths.cache_dir() / "reports").iterdir()

    def no_yaml(text):
        raise AssertionError("the JSON copy should have been read")

    monkeypatch.setattr(store, "load_yaml", no_yaml)
    assert bundled_library().load_all()[0] == first
    monkeypatch.undo()
    monkeypatch.setattr(paths, "seeds_dir", lambda: project / "seeds")
    monkeypatch.setattr(paths, "data_dir", lambda: project / "data")
    monkeypatch.setenv("XUNSHI_HOME", str(project / "home"))
    copy.write_text("{damaged", "utf-8")
    assert bundled_library().load_all()[0] == first  # a damaged copy: the YAML again
    data = project / "data" / "a.yaml"
    data.write_text(data.read_text("utf-8").replace("title: 甲市", "title: 戊市"), "utf-8")
    assert bundled_library().load_all()[0].title == "戊市巡视整改进展情况"  # new bytes, new copy


def test_seeds_are_hashed_again_only_when_they_change(project, capsys, monkeypatch):
    add_seed(project, "a.txt")
    add_seed(project, "b.txt")
    build(capsys)
    bundled_library()  # stamps written
    hashed = []
    real = listing_module.hashlib.sha256

    def counting(data=b""):
        hashed.append(len(data))
        return real(data)

    monkeypatch.setattr(listing_module.hashlib, "sha256", counting)
    assert [e.title for e in bundled_library()] == ["甲市巡视整改进展情况", "乙市巡视整改进展情况"]
    assert hashed == []
    add_seed(project, "b.txt", TEXTS["b.txt"].replace("乙市", "乙县市"))
    assert [e.title for e in bundled_library()][1] == "乙县市巡视整改进展情况"
    assert hashed == [len(TEXTS["b.txt"].replace("乙市", "乙县市").encode())] * len(hashed)  # b only (and its parse)


@pytest.mark.parametrize(
    "damage",
    [
        '{"schema": 1, "reports": [{"stem": "a", "key": "k", "title": ["x"]}]}',
        '{"schema": 1, "reports": [{"stem": "a", "title": "x"}]}',
        '{"schema": 99, "reports": []}',
        "[1, 2]",
        '{"schema": 1, "reports": 5}',
    ],
)
def test_a_damaged_catalog_file_is_ignored(project, capsys, damage):
    add_seed(project, "a.txt")
    build(capsys)
    (project / "data" / "catalog.json").write_text(damage, "utf-8")
    catalog = bundled_library()
    assert [e.title for e in catalog] == ["甲市巡视整改进展情况"] and catalog.loads == 0  # parsed at open
    assert cli.main(["build", "--check"]) == 1


def test_an_unusable_cache_dir_only_costs_time(project, capsys, monkeypatch):
    add_seed(project, "a.txt")
    build(capsys)
    blocker = project / "blocker"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("XUNSHI_HOME", str(blocker))
    catalog = bundled_library()
    assert catalog.load(catalog[0]).title == "甲市巡视整改进展情况"
    engine = SearchEngine(catalog)
    engine.open()
    assert engine.where == "memory" and engine.search("金砖").total == 1


def test_open_catalog_for_files_and_folders(project):
    for name in TEXTS:
        add_seed(project, name)
    folder = project / "seeds"
    catalog = open_library([str(folder / "a.txt"), str(folder)])
    assert [e.origin for e in catalog] == ["a.txt", "a.txt", "b.txt", "c.txt"]
    assert catalog.load(catalog[3]).title == "丙市巡视整改进展情况"


def test_cross_report_search_names_each_report_and_can_be_limited(project):
    for name in TEXTS:
        add_seed(project, name)
    catalog = open_library([str(project / "seeds")])
    engine = SearchEngine(catalog)
    engine.open()
    hits = engine.search("金砖").hits
    assert [(engine.report_info(h.report).origin, h.node_id) for h in hits] == [("a.txt", "1.1"), ("c.txt", "1.1")]
    assert engine.report_info(hits[1].report).title == "丙市巡视整改进展情况"
    only_c = engine.search("金砖", report=catalog[2].key).hits
    assert [h.report for h in only_c] == [catalog[2].key]


def test_search_cli_names_the_report_when_several_are_searched(project, capsys):
    for name in TEXTS:
        add_seed(project, name)
    a, c = str(project / "seeds" / "a.txt"), str(project / "seeds" / "c.txt")
    assert cli.main(["search", "金砖", a, c]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("  ")[0] for line in lines] == ["a.txt:1.1", "c.txt:1.1"]
    assert cli.main(["search", "金砖", a]) == 0
    assert capsys.readouterr().out.startswith("1.1  ")  # one report: no name
    assert cli.main(["search", "--json", "金砖", a, c]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["origin"] for row in rows] == ["a.txt", "c.txt"]


def test_a_damaged_base_is_not_derived_from(project):
    catalog = open_library([str(add_seed(project, name)) for name in ("a.txt", "b.txt")])
    first = SearchEngine(catalog)
    first.open()
    first.close()
    for file in first.index_path.iterdir():
        if file.suffix in (".seg", ".trm", ".pst"):
            file.write_bytes(b"\x00" * 16)
    more = open_library(
        [str(project / "seeds" / name) for name in ("a.txt", "b.txt")] + [str(add_seed(project, "c.txt"))]
    )
    engine = SearchEngine(more)
    engine.open()
    assert engine.where == "disk" and engine.change.base is None and len(engine.changed) == 3
    assert engine.search("金砖").total == 2


def test_deleted_documents_do_not_pile_up(project, monkeypatch):
    a = str(add_seed(project, "a.txt"))
    fresh_builds = 0
    for round_number in range(6):
        b = add_seed(
            project,
            "b.txt",
            TEXTS["b.txt"].replace("乙市", f"乙{round_number}市").replace("保障性住房", f"保障性住房{round_number}号"),
        )
        engine = SearchEngine(open_library([a, str(b)]))
        engine.open()
        index = engine._opened.index
        assert index.doc_count_all() - index.doc_count() <= search_index.MAX_DELETED_SHARE * index.doc_count_all()
        fresh_builds += engine.change.base is None
        assert [hit.report for hit in engine.search(f"保障性住房{round_number}号").hits] == [engine.reports[1].sha256]
        assert engine.search("保障性住房").total == 1 and engine.search("金砖").total == 1
    assert fresh_builds < 6  # derived (the first set only is built from scratch)
    monkeypatch.setattr(search_index, "MAX_DELETED_SHARE", 0.0)  # any deletion is too many
    b = add_seed(project, "b.txt", TEXTS["b.txt"].replace("乙市", "乙9市"))
    engine = SearchEngine(open_library([a, str(b)]))
    engine.open()
    assert engine.change.base is None and len(engine.changed) == 2  # built afresh
    assert engine._opened.index.doc_count_all() == engine._opened.index.doc_count()
    assert engine.search("保障性住房").total == 1


DERIVE_SCRIPT = """
import sys, time
from tui.library import open_library
from tui.search import SearchEngine
catalog = open_library(sys.argv[1:-1])
time.sleep(max(0.0, float(sys.argv[-1]) - time.time()))
engine = SearchEngine(catalog)
engine.open()
print(engine.where, engine.search("鼓浪屿").total, engine.search("金砖").total)
"""


def test_several_processes_deriving_at_once_all_succeed(project):
    seeds = [str(add_seed(project, name)) for name in TEXTS]
    SearchEngine(open_library(seeds[:2])).open()  # the base every process derives from
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    start_at = str(time.time() + 1.5)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", DERIVE_SCRIPT, *seeds, start_at],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    outputs = [proc.communicate(timeout=60) for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0, 0], [err for _, err in outputs]
    assert {out.strip() for out, _ in outputs} == {"disk 1 2"}
    base = paths.cache_dir() / "index"
    finished = [entry for entry in base.iterdir() if not entry.name.startswith(".")]
    assert len(finished) == 2  # the base and the one derived set
    assert all((entry / search_index.META_NAME).is_file() for entry in finished)
