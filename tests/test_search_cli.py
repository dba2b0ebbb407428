"""`xunshi search`: lines and JSON, exit codes 0 (hits), 1 (none), 2 (usage)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui.cli import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _private_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XUNSHI_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("NO_COLOR", "1")


def run(capsys, *argv):
    code = main(["search", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_hits_one_a_line_with_matches_marked(capsys, seed_path):
    code, out, err = run(capsys, "金砖", str(seed_path))
    lines = out.splitlines()
    assert code == 0 and len(lines) == 3
    assert lines[0].startswith("2.1.1.9  (9) 打造“金砖国家")
    assert all("⟦金砖⟧" in line for line in lines)
    assert err == ""


def test_json_shape_and_offsets(capsys, seed_path, seed_report):
    code, out, _ = run(capsys, "保障性住房", str(seed_path), "--json")
    rows = json.loads(out)
    assert code == 0 and rows
    assert {"id", "label", "title", "score", "snippet", "matches"} <= set(rows[0])
    assert rows[0]["label"] == "(17)"
    text = seed_report.find(rows[0]["id"]).plain_text()
    assert [text[start:end] for start, end in rows[0]["matches"]] == ["保障性住房"] * len(rows[0]["matches"])
    assert all(isinstance(row["score"], float) for row in rows)


def test_limit(capsys, seed_path):
    code, out, err = run(capsys, "厦门", str(seed_path), "--json", "--limit", "2")
    assert code == 0 and len(json.loads(out)) == 2
    assert "shown" not in err  # the JSON reader gets a clean stdout; the count note is for lines only
    code, out, err = run(capsys, "厦门", str(seed_path), "--limit", "2")
    assert len(out.splitlines()) == 2 and "2 shown" in err


def test_no_hits_exits_1(capsys, seed_path):
    code, out, _ = run(capsys, "没有这个词语", str(seed_path))
    assert code == 1 and out == ""
    code, out, _ = run(capsys, "没有这个词语", str(seed_path), "--json")
    assert code == 1 and json.loads(out) == []


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["金砖", "--limit", "0"],
        ["金砖", "--limit", "x"],
        ["金砖", "--bogus"],
        ["*"],
        ["AND"],
        ["-金砖"],
        ["金砖", "--script", "klingon"],
    ],
)
def test_usage_errors_exit_2_with_one_line(capsys, seed_path, argv):
    code, out, err = run(capsys, *argv, *([str(seed_path)] if argv else []))
    assert code == 2
    assert out == "" and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_unreadable_file_exits_2(capsys, tmp_path):
    code, out, err = run(capsys, "金砖", str(tmp_path / "missing.txt"))
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1


def test_traditional_display(capsys, seed_path):
    code, out, _ = run(capsys, "金磚", str(seed_path), "--script", "s2t", "--limit", "1")
    assert code == 0 and "⟦金磚⟧" in out and "打造“金磚國家" in out


def test_several_reports_name_their_file(capsys, seed_path, tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_bytes(seed_path.read_bytes() + b"\n")
    code, out, _ = run(capsys, "title:金砖", str(seed_path), str(copy))
    assert code == 0
    assert sorted(line.split(":", 1)[0] for line in out.splitlines()) == ["copy.txt", seed_path.name]


def test_console_entry_point_under_lang_c(tmp_path):
    env = dict(os.environ, XUNSHI_HOME=str(tmp_path / "home"), LANG="C", LC_ALL="C", PYTHONPATH=str(ROOT))
    env.pop("PYTHONIOENCODING", None)
    proc = subprocess.run(
        [sys.executable, "-m", "tui", "search", "jinzhuan", "--json"], env=env, capture_output=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    rows = json.loads(proc.stdout.decode("utf-8"))
    assert rows[0]["id"] == "2.1.1.9" and rows[0]["breadcrumb"].endswith("(9)")
