"""The on-disk index cache: reuse, stale and corrupt caches, unwritable caches, concurrent starts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui.library import paths
from tui.model import Node, Rectification, Report
from tui.search import SearchEngine
from tui.search import index as search_index

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _private_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XUNSHI_HOME", str(tmp_path / "home"))


def small_report(words: str = "金砖创新基地") -> Report:
    problem = Node(
        "1.1",
        "(1)",
        "arabic-paren",
        1,
        2,
        "problem",
        f"打造{words}尚未破题。",
        rectification=Rectification("整改情况", ":", f"一是推动{words}建设,RCEP 2021年增长8.1%。"),
    )
    return Report(
        title="测试", sha256="", nodes=[Node("1", "一、", "cn-dun", 1, 1, "part", "总体", children=[problem])]
    )


def index_dirs() -> list[Path]:
    base = paths.cache_dir() / "index"
    return sorted(entry for entry in base.iterdir() if not entry.name.startswith(".")) if base.exists() else []


def test_index_is_cached_under_the_user_cache_dir_and_reused(monkeypatch):
    engine = SearchEngine([small_report()])
    engine.open()
    assert engine.where == "disk" and engine.note is None
    [directory] = index_dirs()
    assert engine.index_path == directory
    assert directory.parent == paths.cache_dir() / "index"
    assert engine.search("金砖").total == 1

    def no_building(*args, **kwargs):
        raise AssertionError("the cached index should have been opened, not rebuilt")

    monkeypatch.setattr(search_index, "_build_on_disk", no_building)
    monkeypatch.setattr(search_index, "build_in_memory", no_building)
    again = SearchEngine([small_report()])
    again.open()
    assert again.where == "disk" and again.search("金砖").total == 1


def test_seed_index_on_disk_finds_what_memory_finds(seed_report):
    on_disk = SearchEngine([seed_report])
    on_disk.open()
    in_memory = SearchEngine([seed_report], in_memory=True)
    for query in ["金砖", "保障性住房", "RCEP", "jinzhuan"]:
        assert [hit.node_id for hit in on_disk.search(query).hits] == [
            hit.node_id for hit in in_memory.search(query).hits
        ]


def test_changed_data_gets_a_new_index():
    first = SearchEngine([small_report("金砖创新基地")])
    first.open()
    second = SearchEngine([small_report("鼓浪屿申遗")])
    second.open()
    assert first.index_path != second.index_path
    assert second.search("鼓浪屿").total == 1 and second.search("金砖").total == 0


@pytest.mark.parametrize("damage", ["truncate", "garbage", "meta", "empty-dir", "old-schema"])
def test_a_damaged_or_stale_cache_is_rebuilt(damage):
    SearchEngine([small_report()]).open()
    [directory] = index_dirs()
    if damage in ("truncate", "garbage"):
        for file in directory.iterdir():
            if file.name != search_index.META_NAME:
                file.write_bytes(b"" if damage == "truncate" else b"\x00garbage" * 50)
    elif damage == "meta":
        (directory / search_index.META_NAME).write_text("{not json", encoding="utf-8")
    elif damage == "empty-dir":
        for file in directory.iterdir():
            file.unlink()
    else:
        meta = json.loads((directory / search_index.META_NAME).read_text(encoding="utf-8"))
        meta["schema"] = search_index.INDEX_SCHEMA_VERSION - 1
        (directory / search_index.META_NAME).write_text(json.dumps(meta), encoding="utf-8")
    engine = SearchEngine([small_report()])
    engine.open()
    assert engine.search("金砖").total == 1
    assert engine.where == "disk"
    [rebuilt] = index_dirs()
    assert rebuilt == directory
    meta = json.loads((rebuilt / search_index.META_NAME).read_text(encoding="utf-8"))
    assert meta["schema"] == search_index.INDEX_SCHEMA_VERSION


def test_an_index_damaged_after_opening_falls_back_to_memory():
    engine = SearchEngine([small_report()])
    engine.open()
    for file in engine.index_path.iterdir():
        if file.suffix in (".seg", ".trm", ".pst"):  # a small index is one compound .seg file
            file.write_bytes(b"\x00" * 16)
    assert engine.search("金砖").total == 1
    assert engine.where == "memory" and "unreadable" in engine.note


def test_unwritable_cache_dir_keeps_the_index_in_memory(tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache folder should be")
    engine = SearchEngine([small_report()], cache_dir=blocker / "cache")
    engine.open()
    assert engine.where == "memory" and engine.note and "memory" in engine.note
    assert engine.search("金砖").total == 1


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can write to read-only folders")
def test_read_only_cache_dir_keeps_the_index_in_memory(tmp_path):
    base = tmp_path / "ro"
    base.mkdir()
    base.chmod(0o500)
    try:
        engine = SearchEngine([small_report()], cache_dir=base)
        engine.open()
        assert engine.where == "memory" and engine.search("金砖").total == 1
        assert not (base / "index").exists()
    finally:
        base.chmod(0o700)


def test_a_cached_index_in_a_read_only_place_is_still_opened(monkeypatch):
    SearchEngine([small_report()]).open()

    def no_writing(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(search_index.tempfile, "mkdtemp", no_writing)
    engine = SearchEngine([small_report()])
    engine.open()
    assert engine.where == "disk" and engine.search("金砖").total == 1


def test_losing_the_race_to_rename_uses_the_winners_index():
    parts = search_index.collect_parts([small_report()])
    key = search_index.index_key(parts)
    base = paths.cache_dir() / "index"
    SearchEngine([small_report()]).open()  # the winner's index is in place
    index, _, docnums = search_index._build_on_disk(base, base / key, key, parts, None)  # a late builder
    assert index.doc_count() == len(parts[0].docs) == len(docnums)
    assert [entry.name for entry in base.iterdir()] == [key]  # its temporary build was removed


BUILD_SCRIPT = """
import sys, time
from tui.parse import read_report
from tui.search import SearchEngine
report = read_report(sys.argv[1])
start_at = float(sys.argv[2])
time.sleep(max(0.0, start_at - time.time()))
engine = SearchEngine([report])
engine.open()
result = engine.search("金砖")
print(engine.where, result.hits[0].node_id, result.total)
"""


def test_several_processes_building_at_once_all_succeed(tmp_path, seed_path):
    env = dict(os.environ, XUNSHI_HOME=str(tmp_path / "shared"), PYTHONPATH=str(ROOT))
    start_at = str(time.time() + 1.5)  # after every process has imported what it needs
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", BUILD_SCRIPT, str(seed_path), start_at],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    outputs = [proc.communicate(timeout=60) for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0, 0], [err for _, err in outputs]
    assert {out.strip() for out, _ in outputs} == {outputs[0][0].strip()}
    assert outputs[0][0].split()[:2] == ["disk", "2.1.1.9"]
    entries = sorted((tmp_path / "shared" / "cache" / "index").iterdir())
    finished = [entry for entry in entries if not entry.name.startswith(".")]
    assert len(finished) == 1 and (finished[0] / search_index.META_NAME).is_file()


def test_old_cache_dirs_and_abandoned_builds_are_pruned_and_nothing_else():
    base = paths.cache_dir() / "index"
    base.mkdir(parents=True)
    old, recent, abandoned = base / ("0" * 32), base / ("1" * 32), base / ".tmp-0123456789ab-xyz"
    foreign = base / "not-ours"
    for directory in (old, recent, abandoned, foreign):
        directory.mkdir()
    long_ago = time.time() - search_index.PRUNE_AFTER_SECONDS - 10
    for directory in (old, abandoned, foreign):
        os.utime(directory, (long_ago, long_ago))
    SearchEngine([small_report()]).open()
    names = {entry.name for entry in base.iterdir()}
    assert recent.name in names and foreign.name in names
    assert old.name not in names and abandoned.name not in names


def test_the_cache_dir_argument_is_the_cache_root(tmp_path):
    engine = SearchEngine([small_report()], cache_dir=tmp_path / "root")
    engine.open()
    assert engine.index_path.parent == tmp_path / "root" / "index"
