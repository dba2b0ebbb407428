"""YAML store: round trips, safe loading, schema checks, staleness and what load_reports accepts."""

from __future__ import annotations

import dataclasses
import shutil

import pytest

from tui.library import load_reports, paths, store
from tui.library.build import build


def build_data(check: bool = False, force: bool = False) -> list:
    """The files `xunshi build` wrote or removed (with check: the stale ones)."""
    steps, _ = build(check=check, force=force)
    return [step.path for step in steps if step.action != "unchanged"]


from tui.model import SCHEMA_VERSION
from tui.parse import ReportError, parse_text


def test_seed_round_trips_through_yaml(seed_report):
    text = store.dump_yaml(seed_report)
    assert text.splitlines()[1] == f"schema_version: {SCHEMA_VERSION}"
    assert "厦门市人民政府门户网站" in text  # Chinese written as Chinese
    assert dataclasses.asdict(store.load_yaml(text)) == dataclasses.asdict(seed_report)


def test_keys_in_stable_order(seed_report):
    keys = list(store.report_to_dict(seed_report))
    assert keys[0] == "schema_version"
    assert keys == [
        "schema_version",
        "title",
        "title_from",
        "source",
        "published",
        "delivered",
        "origin",
        "sha256",
        "metadata",
        "page",
        "truncated",
        "warnings",
        "leftovers",
        "header",
        "intro",
        "nodes",
        "closing",
    ]
    assert store.dump_yaml(seed_report) == store.dump_yaml(store.load_yaml(store.dump_yaml(seed_report)))


def test_tricky_scalars_round_trip():
    report = parse_text("发布日期:2022-02-22\n一、yes\n(一)null。2022-02-22\n整改情况：\n一是 true。\n二是 ~ 。\n")
    assert report.published == "2022-02-22"
    again = store.load_yaml(store.dump_yaml(report))
    assert dataclasses.asdict(again) == dataclasses.asdict(report)


def test_bundled_data_file_is_current(seed_report, seed_path):
    data = paths.data_dir() / "xiamen-2022-02-22.yaml"
    assert data.read_text("utf-8") == store.dump_yaml(seed_report)
    assert build_data(check=True) == []


def test_newer_schema_refused():
    with pytest.raises(ReportError, match="schema version 99"):
        store.load_yaml("schema_version: 99\ntitle: x\n")


@pytest.mark.parametrize(
    "text",
    [
        "!!python/object/apply:os.system ['true']\n",
        "schema_version: 1\ntitle: !!python/object:tui.model.Report {}\n",
        "schema_version: 1\ntitle: !!python/name:os.system ''\n",
    ],
)
def test_python_tags_refused(text):
    with pytest.raises(ReportError, match=r"refusing YAML tag !!python/\S+: data files may not build Python objects"):
        store.load_yaml(text)


def test_other_unknown_tags_refused():
    with pytest.raises(ReportError, match="unsupported YAML tag !custom"):
        store.load_yaml("schema_version: 1\ntitle: !custom x\n")


@pytest.mark.parametrize(
    "text, message",
    [
        ("- a\n- b\n", "not a mapping"),
        ("title: x\n", "no schema_version"),
        ("schema_version: 1\nnodes: 3\n", "malformed"),
        ("schema_version: 1\nnodes:\n- {id: '1', ordinal: x}\n", "malformed"),
        (
            "schema_version: 1\nnodes: [{id: '1', ordinal: 1, level: 1, rectification: {text: ab, measures: [{label: 一是, start: 0, end: 9}]}}]\n",
            "malformed",
        ),
        ("schema_version: 1\ntitle: [unclosed\n", "not valid YAML at line"),
    ],
)
def test_malformed_data_refused(text, message):
    with pytest.raises(ReportError, match=message) as info:
        store.load_yaml(text)
    assert "\n" not in str(info.value)


def test_load_reports_by_kind(tmp_path, seed_path, seed_report):
    (tmp_path / "a.txt").write_bytes(seed_path.read_bytes())
    (tmp_path / "b.yaml").write_text(store.dump_yaml(seed_report), "utf-8")
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "c.txt").write_bytes(seed_path.read_bytes())
    reports = load_reports([str(tmp_path / "a.txt"), str(tmp_path / "b.yaml"), str(tmp_path / "dir")])
    assert [r.origin for r in reports] == ["a.txt", "xiamen-2022-02-22.txt", "c.txt"]
    assert all(r.sha256 == seed_report.sha256 for r in reports)
    (tmp_path / "empty").mkdir()
    with pytest.raises(ReportError, match="no .txt reports"):
        load_reports([str(tmp_path / "empty")])
    with pytest.raises(ReportError, match="no such file"):
        load_reports([str(tmp_path / "missing.yaml")])


@pytest.fixture
def project(tmp_path, monkeypatch, seed_path):
    (tmp_path / "seeds").mkdir()
    shutil.copy(seed_path, tmp_path / "seeds" / seed_path.name)
    monkeypatch.setattr(paths, "seeds_dir", lambda: tmp_path / "seeds")
    monkeypatch.setattr(paths, "data_dir", lambda: tmp_path / "data")
    monkeypatch.setenv("XUNSHI_HOME", str(tmp_path / "home"))
    return tmp_path


def test_build_writes_and_check_detects_staleness(project):
    target = project / "data" / "xiamen-2022-02-22.yaml"
    catalog = project / "data" / "catalog.json"
    assert build_data(check=True) == [target, catalog]  # missing counts as stale
    assert not target.exists()
    assert build_data() == [target, catalog]
    assert build_data(check=True) == []
    assert sorted(p.name for p in (project / "data").iterdir()) == [catalog.name, target.name]  # no temp file left
    seed = project / "seeds" / "xiamen-2022-02-22.txt"
    seed.write_bytes(seed.read_bytes() + "整改情况:一是有新进展。".encode())
    assert build_data(check=True) == [target, catalog]


def test_bundled_reports_prefer_current_data_else_parse(project):
    build_data()
    target = project / "data" / "xiamen-2022-02-22.yaml"
    target.write_text(
        target.read_text("utf-8").replace("title: 厦门市巡视整改进展情况", "title: 从数据文件读取"), "utf-8"
    )
    assert load_reports([])[0].title == "从数据文件读取"
    seed = project / "seeds" / "xiamen-2022-02-22.txt"
    seed.write_bytes(seed.read_bytes() + b"\n")
    (report,) = load_reports([])  # stale (hash differs): the seed is parsed instead
    assert report.title == "厦门市巡视整改进展情况"
    target.write_text("schema_version: 1\nnodes: 5\n", "utf-8")
    assert load_reports([])[0].title == "厦门市巡视整改进展情况"
    assert load_reports([])[0].sha256 == report.sha256
