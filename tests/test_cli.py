"""The command line, run as users run it (`python -m tui …` in a subprocess) and in-process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import tui
from tui import cli
from tui.library import paths

ROOT = Path(__file__).resolve().parent.parent
SEED = "seeds/xiamen-2022-02-22.txt"


def xunshi(*args: str, tmp_home: Path | None = None) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "LANG": "C", "PYTHONIOENCODING": "utf-8", "XUNSHI_LANG": "en"}
    if tmp_home is not None:
        env["XUNSHI_HOME"] = str(tmp_home)
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
    )


def assert_one_line_error(result: subprocess.CompletedProcess, code: int) -> str:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    return result.stderr.strip()


@pytest.mark.parametrize("command", ["", "outline", "show", "check", "build", "paths"])
def test_every_command_has_help(command):
    result = xunshi(*([command] if command else []), "--help")
    assert result.returncode == 0 and result.stdout.startswith("usage: xunshi")
    assert result.stderr == ""


def test_version():
    result = xunshi("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"xunshi {tui.__version__}"  # written once, there


def test_check_seed_prints_the_structure():
    result = xunshi("check", SEED)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "level 1 (part): 2 — 一、–二、" in out
    assert "level 2 (section): 4 — (一)–(三); (一)" in out
    assert "level 3 (group): 3 — 1.–3." in out
    assert "level 4 (problem): 19 — (1)–(9); (10)–(17); (18)–(19)" in out
    assert "problems: 19, with rectification: 18, measures: 56" in out
    assert "truncated: yes" in out
    assert "原文在问题(19)的标题之后中断" in out


def write(directory: Path, name: str, data: bytes) -> Path:
    (directory / name).write_bytes(data)
    return directory / name


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: d, "no .txt reports in this directory"),
        (lambda d: write(d, "empty.txt", b""), "empty"),
        (lambda d: write(d, "blank.txt", " \n\u3000\n".encode()), "only white space"),
        (lambda d: write(d, "bin.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00" * 50), "binary"),
        (lambda d: write(d, "bad.txt", "正文".encode() + b"\x80\xff\xfe\x81"), "cannot decode"),
        (
            lambda d: write(d, "data.yaml", b"!!python/object/apply:os.system ['true']\n"),
            "may not build Python objects",
        ),
    ],
)
def test_check_refuses_unreadable_files(tmp_path, make, message):
    target = make(tmp_path)
    stderr = assert_one_line_error(xunshi("check", str(target)), 1)
    assert message in stderr and stderr.startswith("xunshi check: ")


def test_check_reports_good_files_even_when_one_is_bad(tmp_path):
    result = xunshi("check", SEED, str(tmp_path / "missing.txt"))
    assert result.returncode == 1
    assert "problems: 19" in result.stdout
    assert_one_line_error(result, 1)


def test_outline_json_is_the_whole_model():
    result = xunshi("outline", "--json")
    data = json.loads(result.stdout)
    assert {"title", "source", "published", "truncated", "warnings", "nodes"} <= set(data)
    node = data["nodes"][1]["children"][0]["children"][0]["children"][8]
    assert node["id"] == "2.1.1.9" and node["label"] == "(9)"
    assert {"id", "label", "level", "title", "text", "rectification", "truncated", "children"} <= set(node)
    assert [m["label"] for m in node["rectification"]["measures"]] == ["一是", "二是", "三是", "四是"]


def test_outline_text():
    result = xunshi("outline", SEED)
    lines = result.stdout.splitlines()
    assert lines[0] == "厦门市巡视整改进展情况 (title derived from the text)"
    assert "        (19)先行先试的政策优势发挥不充分  [truncated]" in lines


@pytest.mark.parametrize("wanted", ["2.1.1.9", "(9)", "（9）"])
def test_show_by_id_or_unique_label(wanted):
    result = xunshi("show", wanted, SEED)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("2.1.1.9  (9)打造“金砖国家新工业革命伙伴关系创新基地”尚未破题。")
    assert "  四是推动项目落地。" in result.stdout


def test_show_formats():
    as_json = json.loads(xunshi("show", "(9)", "--format", "json").stdout)
    as_yaml = yaml.safe_load(xunshi("show", "(9)", "--format", "yaml").stdout)
    assert as_json == as_yaml and as_json["id"] == "2.1.1.9"
    markdown = xunshi("show", "(19)", "--format", "markdown").stdout
    assert (
        markdown.startswith("##### (19)先行先试的政策优势发挥不充分") and "原文在此处中断" in markdown
    )  # as `export` writes it


def test_show_unknown_and_ambiguous():
    assert "no node" in assert_one_line_error(xunshi("show", "(99)"), 1)
    assert "ambiguous (1.1, 2.1)" in assert_one_line_error(xunshi("show", "(一)"), 1)


@pytest.mark.parametrize(
    "args", [["outline", "--bogus"], ["show"], ["serch", "x"], ["--script", "zz"], ["show", "1", "--format", "pdf"]]
)
def test_usage_errors_exit_2(args):
    stderr = assert_one_line_error(xunshi(*args), 2)
    assert stderr.startswith("xunshi")


def test_typo_suggests_the_command():
    assert "did you mean `xunshi search`" in xunshi("serch", "x").stderr


def test_build_check_in_the_repository():
    result = xunshi("build", "--check")
    assert result.returncode == 0 and "up to date" in result.stdout


def test_paths(tmp_path):
    result = xunshi("paths", tmp_home=tmp_path)
    lines = dict(line.split(":", 1) for line in result.stdout.splitlines())
    assert lines["config"].strip() == str(tmp_path / "config")
    assert lines["cache"].strip() == str(tmp_path / "cache")
    assert lines["data"].strip() == str(ROOT / "data")
    assert not (tmp_path / "config").exists()  # printing paths creates nothing


def test_control_characters_never_reach_the_terminal(tmp_path):
    report = tmp_path / "evil.txt"
    report.write_text("一、标题\x1b[2J\x1b]0;pwned\x07。\n(一)正文\u202e反转。\n", "utf-8")
    result = xunshi("outline", str(report))
    assert result.returncode == 0
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout and "\u202e" not in result.stdout
    assert "一、标题\n" in result.stdout and "[2J" not in result.stdout  # whole sequences go (tui.text.safe)


# -- in-process: paths that need monkeypatching --------------------------------------------
def test_build_check_names_stale_files(tmp_path, monkeypatch, capsys, home):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "r.txt").write_text("一、标题\n(一)正文。\n", "utf-8")
    monkeypatch.setattr(paths, "seeds_dir", lambda: tmp_path / "seeds")
    monkeypatch.setattr(paths, "data_dir", lambda: tmp_path / "data")
    monkeypatch.setattr(paths, "project_root", lambda: tmp_path)
    assert cli.main(["build", "--check"]) == 1
    assert capsys.readouterr().err.strip() == "xunshi build: stale: data/r.yaml (run `xunshi build`)"
    assert cli.main(["build"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == ["built     data/r.yaml  (from seeds/r.txt)", "built     data/catalog.json"]
    assert out[2].startswith("index     built: 1 of 1 report indexed (r.txt)")
    assert cli.main(["build", "--check"]) == 0
    (tmp_path / "seeds" / "r.txt").write_text("一、标题\n(一)正文改了。\n", "utf-8")
    assert cli.main(["build", "--check"]) == 1


def test_missing_delegated_module_is_one_clear_line(monkeypatch, capsys):
    monkeypatch.setitem(cli.SUBCOMMANDS, "figures", ("tui.analysis.no_such_module", "x"))
    assert cli.main(["figures", "--help"]) == 1
    err = capsys.readouterr().err
    assert (
        err.strip()
        == "xunshi figures: this command is not available in this build (tui.analysis.no_such_module is missing)"
    )


def test_keyboard_interrupt_exits_130_quietly(monkeypatch, capsys):
    import tui.cli.paths

    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(tui.cli.paths, "run", interrupted)
    assert cli.main(["paths"]) == 130
    assert capsys.readouterr().err == ""


def test_unexpected_error_is_one_line(monkeypatch, capsys):
    import tui.cli.paths

    def broken(args):
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(tui.cli.paths, "run", broken)
    assert cli.main(["paths"]) == 1
    assert capsys.readouterr().err == "xunshi: RuntimeError: boom second line\n"


def test_explorer_falls_back_to_the_outline_without_the_app(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "tui.app", None)  # import tui.app raises ImportError
    assert cli.main([SEED.replace("seeds/", str(ROOT / "seeds") + "/")]) == 0
    assert "(18)敢闯敢试、先行先试意识弱化  [3 measures]" in capsys.readouterr().out


def test_explorer_hands_files_and_options_to_run_app(monkeypatch):
    calls = []
    monkeypatch.setattr(
        cli, "run_app", lambda files, script=None, mouse=True, lang=None: calls.append((files, script, mouse)) or 0
    )
    monkeypatch.setattr(cli, "_is_tty", lambda stream: True)  # as on a terminal (no terminal: the outline)
    assert cli.main(["a.txt", "--script", "s2t", "--no-mouse"]) == 0
    assert calls == [(["a.txt"], "s2t", False)]


def test_help_imports_no_heavy_module():
    code = (
        "import sys\nfrom tui.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('yaml', 'textual', 'whoosh', 'opencc', 'pypinyin') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip().splitlines()[-1] == "[]"
