"""Report files named by the user are listed from the user cache when unchanged, parsed on load."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tui.library import open_library
from tui.library.listing import FileListing
from tui.parse import ReportError
from tui.search import SearchEngine

TEXTS = {
    "a.txt": "甲市巡视整改进展情况\n一、总体情况\n(一)金砖创新基地建设滞后。\n整改情况:一是推动金砖合作。\n",
    "b.txt": "乙市巡视整改进展情况\n一、总体情况\n(一)保障性住房供给不足。\n整改情况:一是加快保障性住房建设。\n",
    "c.txt": "丙市巡视整改进展情况\n一、总体情况\n(一)鼓浪屿申遗成果保护不够。\n",
}


@pytest.fixture
def folder(tmp_path, home):
    folder = tmp_path / "reports"
    folder.mkdir()
    for name, text in TEXTS.items():
        write(folder / name, text)
    return folder


def write(path: Path, text: str, age: float = 60.0) -> None:
    """Write `text` with an mtime `age` seconds ago (a file written just now is never recorded)."""
    path.write_text(text, "utf-8")
    then = time.time() - age
    os.utime(path, (then, then))


def listed(catalog) -> list[tuple]:
    return [(e.key, e.title, e.origin, e.nodes, e.problems, e.path) for e in catalog]


def test_an_unchanged_folder_is_listed_without_parsing(folder, parses):
    first = open_library([str(folder)])
    assert sorted(parses) == ["a.txt", "b.txt", "c.txt"]
    parses.clear()
    again = open_library([str(folder)])
    assert parses == [] and again.loads == 0
    assert listed(again) == listed(first)
    assert [e.title for e in again] == ["甲市巡视整改进展情况", "乙市巡视整改进展情况", "丙市巡视整改进展情况"]
    report = again.load(again[1])  # parsed when opened
    assert parses == ["b.txt"] and report.key == again[1].key and report.title == again[1].title


def test_a_changed_file_is_parsed_again_alone(folder, parses):
    open_library([str(folder)])
    parses.clear()
    write(folder / "b.txt", TEXTS["b.txt"].replace("乙市", "乙县"), age=30)
    catalog = open_library([str(folder)])
    assert parses == ["b.txt"]
    assert catalog[1].title == "乙县巡视整改进展情况"


def test_a_file_written_just_now_is_not_recorded(folder, parses):
    (folder / "d.txt").write_text(TEXTS["c.txt"].replace("丙市", "丁市"), "utf-8")  # mtime: now
    open_library([str(folder)])
    parses.clear()
    open_library([str(folder)])
    assert parses == ["d.txt"]  # a second write in the same mtime tick could not be told apart


def test_a_folder_listed_from_the_cache_is_searched_without_parsing(folder, parses, tmp_path):
    SearchEngine(open_library([str(folder)]), cache_dir=tmp_path / "cache").open()
    parses.clear()
    catalog = open_library([str(folder)])
    engine = SearchEngine(catalog, cache_dir=tmp_path / "cache")
    engine.open()
    assert parses == [] and catalog.loads == 0
    assert [engine.report_info(hit.report).origin for hit in engine.search("金砖").hits] == ["a.txt"]


@pytest.mark.parametrize("damage", ["{broken", '{"reader": "other", "items": {}}', '{"items": []}', "[]"])
def test_a_damaged_or_foreign_listing_only_costs_parsing(folder, parses, damage):
    first = open_library([str(folder)])
    listing = FileListing.read().path
    listing.write_text(damage, "utf-8")
    parses.clear()
    assert listed(open_library([str(folder)])) == listed(first)
    assert sorted(parses) == ["a.txt", "b.txt", "c.txt"]


def test_bad_paths_still_say_what_is_wrong(folder, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ReportError, match="no .txt reports"):
        open_library([str(empty)])
    with pytest.raises(ReportError, match="no such file"):
        open_library([str(folder / "missing.txt")])
    write(folder / "bad.txt", "")
    with pytest.raises(ReportError):
        open_library([str(folder)])
