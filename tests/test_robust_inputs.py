"""Hostile inputs: every file a user can name gets a correct display or one clear line.

Each case goes through the real command line (`tui.cli.main`, in process, so it is quick) and,
for the explorer, through `run_app` or a pilot. "One clear line" means: a non-zero exit, exactly
one line on stderr that names the file, and no traceback anywhere.
"""

from __future__ import annotations

import asyncio
import builtins
import json
import os
import pathlib
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hostile import (
    ESCAPES,
    MARKUP,
    SEED,
    SEED_TITLE,
    SMALL,
    encodings,
    hostile_report_text,
    unsafe_in,
    write_big,
    write_sparse,
)

from tui.cli import main
from tui.library.store import report_to_dict
from tui.parse import read_report

ROOT = Path(__file__).resolve().parent.parent


pytestmark = pytest.mark.usefixtures("home")  # a fresh XUNSHI_HOME for every test here


@pytest.fixture(autouse=True)
def no_debug(monkeypatch):
    monkeypatch.delenv("XUNSHI_DEBUG", raising=False)  # errors as users see them: one line


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_clear_line(code: int, out: str, err: str, *words: str) -> None:
    assert code != 0, out
    assert "Traceback" not in out + err
    assert err.endswith("\n") and err.count("\n") == 1, err
    for word in words:
        assert word in err, err


# -- files that are not reports ----------------------------------------------------------------
def _bad_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (tmp_path / "png.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2048))
    (tmp_path / "folder").mkdir()
    (tmp_path / "blank.txt").write_text(" \n\u3000\n", "utf-8")
    write_sparse(tmp_path / "huge.txt", 100 * 1024 * 1024)
    return {
        "empty": (tmp_path / "empty.txt", "empty"),
        "binary": (tmp_path / "binary.txt", "binary"),
        "png": (tmp_path / "png.txt", "binary"),
        "directory without reports": (tmp_path / "folder", "folder"),
        "missing": (tmp_path / "missing.txt", "no such file"),
        "white space only": (tmp_path / "blank.txt", "white space"),
        "100 MB": (tmp_path / "huge.txt", "too big"),
    }


BAD = ["empty", "binary", "png", "directory without reports", "missing", "white space only", "100 MB"]
COMMANDS = [
    ["outline"],
    ["outline", "--json"],
    ["show", "1"],
    ["check"],
    ["search", "金砖"],
    ["figures"],
    ["citations"],
    ["export"],
]


@pytest.mark.parametrize("case", BAD)
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_bad_files_get_one_clear_line_from_every_command(tmp_path, capsys, case, command):
    path, words = _bad_files(tmp_path)[case]
    code, out, err = run_cli(capsys, *command, str(path))
    assert_one_clear_line(code, out, err, path.name, words)


@pytest.mark.parametrize("case", BAD)
def test_bad_files_get_one_clear_line_from_the_explorer(tmp_path, capsys, case):
    from tui.app import run_app

    path, words = _bad_files(tmp_path)[case]
    code = run_app([str(path)])
    out, err = capsys.readouterr()
    assert_one_clear_line(code, out, err, path.name, words)


def test_unreadable_file_gets_one_clear_line(tmp_path, capsys, monkeypatch):
    """chmod 000 does not stop root (the tests run as root in CI): make open() refuse instead."""
    path = tmp_path / "secret.txt"
    path.write_text(SMALL, "utf-8")
    real_open = pathlib.Path.open

    def refuse(self, *args, **kwargs):
        if self.name == "secret.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", refuse)
    monkeypatch.setattr(builtins, "open", lambda file, *a, **k: refuse(Path(file), *a, **k))
    for command in (["outline"], ["search", "正文"], ["figures"]):
        code, out, err = run_cli(capsys, *command, str(path))
        assert_one_clear_line(code, out, err, "secret.txt", "Permission denied")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 file anyway (see the monkeypatched test)")
def test_chmod_000_file_gets_one_clear_line(tmp_path, capsys):
    path = tmp_path / "locked.txt"
    path.write_text(SMALL, "utf-8")
    path.chmod(0)
    code, out, err = run_cli(capsys, "outline", str(path))
    assert_one_clear_line(code, out, err, "locked.txt", "Permission denied")


@pytest.mark.timeout(30)
def test_a_real_100_mb_file_is_refused_at_once_in_a_real_process(tmp_path):
    """Not a sparse hole: 100 MB of report text on disk. The refusal comes from the size alone."""
    big = write_big(tmp_path / "big.txt", 100)
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "tui", "outline", str(big)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        timeout=25,
    )
    elapsed = time.monotonic() - started
    assert_one_clear_line(done.returncode, done.stdout, done.stderr, "big.txt", "too big")
    assert elapsed < 10, f"refusing a 100 MB file took {elapsed:.1f} s"  # a hang guard, not a benchmark


def test_the_tracebacks_of_real_processes_are_one_line_too(tmp_path):
    (tmp_path / "e.txt").write_bytes(b"")
    done = subprocess.run(
        [sys.executable, "-m", "tui", str(tmp_path / "e.txt")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        timeout=60,
    )
    assert_one_clear_line(done.returncode, done.stdout, done.stderr, "e.txt", "empty")


@pytest.mark.parametrize(
    "command", [["outline"], ["search", "厦门", "--limit", "5000"], ["export"], ["figures"], ["check"]], ids=" ".join
)
def test_a_reader_that_stops_early_gets_no_complaint(tmp_path, home, command):
    """`xunshi outline | head -1`: the pipe closes under us; like cat, say nothing about it.
    The report is big enough that the output cannot all fit in the pipe before it closes."""
    big = tmp_path / "big.txt"
    big.write_text(
        "厦门巡视整改通报\n一、问题\n" + "".join(f"({i})厦门问题增长{i}亿元。\n" for i in range(1, 4000)), "utf-8"
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui", *command, str(big)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=dict(os.environ, PYTHONPATH=str(ROOT), XUNSHI_HOME=str(home)),
    )
    proc.stdout.readline()
    proc.stdout.close()  # what head does after its line
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) in (0, 1) and err == ""


EVIL_NAME = "report\x1b]0;pwned\x07\x1b[2J\u202etxt.txt"  # a downloaded file can be named anything


@pytest.mark.parametrize(
    "content", [None, b"", b"\x00\x01binary", "不是报告".encode()], ids=["missing", "empty", "binary", "text"]
)
@pytest.mark.parametrize(
    "command",
    [["outline"], ["show", "9.9"], ["check"], ["search", "金砖"], ["figures"], ["citations"], ["export"], []],
    ids=lambda c: " ".join(c) or "explorer",
)
def test_a_hostile_file_name_reaches_no_terminal_raw(tmp_path, capsys, monkeypatch, content, command):
    """Error lines name the file: its name is data too."""
    import tui.cli

    monkeypatch.setattr(tui.cli, "_is_tty", lambda stream: True)
    monkeypatch.setattr("tui.app.XunshiApp.run", lambda self, **kwargs: 0)
    path = tmp_path / EVIL_NAME
    if content is not None:
        path.write_bytes(content)
    code, out, err = run_cli(capsys, *command, str(path))
    assert "Traceback" not in err
    assert unsafe_in(out) == [] and unsafe_in(err) == [], err


def test_a_hostile_node_id_reaches_no_terminal_raw(capsys):
    code, out, err = run_cli(capsys, "show", "\x1b]52;c;eA==\x07(9)\u202e")
    assert code == 1 and unsafe_in(err) == [] and "no node" in err


# -- encodings and line ends -------------------------------------------------------------------
@pytest.mark.parametrize("name", list(encodings()))
def test_every_encoding_and_line_end_gives_the_same_model(tmp_path, name):
    reference = tmp_path / "utf8.txt"
    reference.write_bytes(encodings()["utf8"])
    path = tmp_path / f"{name}.txt"
    path.write_bytes(encodings()[name])

    def model(p):
        data = report_to_dict(read_report(p))
        data.pop("sha256"), data.pop("origin")
        return data

    assert model(path) == model(reference)
    assert model(path)["title"] == "巡视整改进展情况通报"


def test_seed_in_every_encoding_reads_like_the_seed(tmp_path, seed_report):
    text = SEED.read_text("utf-8")
    for name, data in encodings(text).items():
        path = tmp_path / f"{name}.txt"
        path.write_bytes(data)
        report = read_report(path)
        assert [n.id for n in report.walk()] == [n.id for n in seed_report.walk()], name
        assert list(report.walk_text()) == list(seed_report.walk_text()), name


def test_invalid_utf8_in_the_middle_shows_the_report_with_a_warning(tmp_path, capsys, seed_report):
    """One stray byte in a 10 KB report must not cost the reader the whole report."""
    data = SEED.read_bytes()
    middle = data.index("(9)打造".encode()) + len("(9)打造".encode())
    path = tmp_path / "stray.txt"
    path.write_bytes(data[:middle] + b"\xff" + data[middle:])
    report = read_report(path)
    assert [n.id for n in report.walk()] == [n.id for n in seed_report.walk()]
    assert any(str(middle) in warning for warning in report.warnings), report.warnings
    code, out, err = run_cli(capsys, "outline", str(path))
    assert code == 0 and "(9)打造\ufffd“金砖" in out


def test_many_invalid_bytes_are_refused_naming_where_the_first_one_is(tmp_path, capsys):
    data = SEED.read_bytes()
    first = data.index(b"(9)")
    spoiled = bytearray(data)
    for offset in range(first, len(data), 97):
        spoiled[offset] = 0xFF
    path = tmp_path / "spoiled.txt"
    path.write_bytes(bytes(spoiled))
    code, out, err = run_cli(capsys, "outline", str(path))
    assert_one_clear_line(code, out, err, "spoiled.txt", f"offset {first}")


def test_a_file_cut_inside_a_character_is_shown_as_truncated(tmp_path, capsys):
    """Downloads break at byte boundaries: the last character may be half there."""
    data = SEED.read_bytes().rstrip()
    path = tmp_path / "cut.txt"
    path.write_bytes(data[:-1])  # the seed ends in a Chinese character: now two bytes of three
    report = read_report(path)
    assert report.truncated and report.problems()[-1].truncated
    code, out, err = run_cli(capsys, "outline", str(path))
    assert code == 0 and "[truncated]" in out


# -- text that is odd but is a report ----------------------------------------------------------
@pytest.mark.timeout(60)
def test_one_megabyte_line_without_punctuation(tmp_path, capsys):
    path = tmp_path / "line.txt"
    path.write_text("巡视整改进展情况\n一、总体\n(一)第一节\n" + "金砖创新基地" * 170_000 + "\n", "utf-8")
    started = time.monotonic()
    report = read_report(path)
    parse_seconds = time.monotonic() - started
    node = report.find("1.1")
    assert len(node.text) == 6 * 170_000 and report.truncated
    assert parse_seconds < 10, parse_seconds  # hang guard (it takes ~0.1 s)
    code, out, err = run_cli(capsys, "search", "创新基地", str(path), "--limit", "1")
    assert code == 0 and out.startswith("1.1 ")
    code, out, err = run_cli(capsys, "show", "1.1", str(path))
    assert code == 0 and len(out) > 1_000_000


def test_text_without_numbering_is_kept_whole_with_a_warning(tmp_path, capsys):
    path = tmp_path / "plain.txt"
    path.write_text("关于巡视整改的说明\n今年以来，全市认真落实整改要求。\n下一步将继续推进。\n", "utf-8")
    report = read_report(path)
    assert report.nodes == [] and report.intro and any("no numbered headings" in w for w in report.warnings)
    code, out, err = run_cli(capsys, "check", str(path))
    assert code == 0 and "no numbered headings" in out


def test_numbering_that_skips_or_repeats_is_kept_with_warnings(tmp_path):
    path = tmp_path / "gaps.txt"
    path.write_text(
        "巡视整改进展情况\n一、问题\n(1)第一个问题。\n(3)第三个问题。\n(3)又是第三。\n(2)倒回去。\n", "utf-8"
    )
    report = read_report(path)
    labels = [node.label for node in report.walk()]
    assert labels == ["一、", "(1)", "(3)", "(3)", "(2)"]
    assert len({node.id for node in report.walk()}) == 5
    assert len(report.warnings) >= 2, report.warnings


def test_a_report_cut_off_mid_sentence_is_marked(tmp_path, capsys):
    path = tmp_path / "cut.txt"
    path.write_text("巡视整改进展情况\n一、问题\n(1)第一个问题。\n整改情况:一是推进了", "utf-8")
    report = read_report(path)
    assert report.truncated and report.find("1.1").truncated
    code, out, err = run_cli(capsys, "show", "1.1", str(path))
    assert code == 0 and "cut off" in out


# -- markup and escape sequences in the text ---------------------------------------------------
def _hostile_file(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.txt"
    path.write_text(hostile_report_text(), "utf-8")
    return path


CLI_OUTPUTS = [
    ["outline"],
    ["outline", "--json"],
    ["show", "1.1"],
    ["show", "2.1.1.1"],
    ["show", "2.1.1.1", "--format", "markdown"],
    ["show", "2.1.1.1", "--format", "json"],
    ["show", "2.1.1.1", "--format", "yaml"],
    ["check"],
    ["search", "措施"],
    ["search", "措施", "--json"],
    ["search", "正文"],
    ["figures"],
    ["figures", "--json"],
    ["citations"],
    ["export"],
    ["export", "--format", "json"],
    ["export", "--format", "yaml"],
    ["export", "--format", "csv"],
]


@pytest.mark.parametrize("command", CLI_OUTPUTS, ids=" ".join)
def test_cli_output_carries_no_control_character_from_the_report(tmp_path, capsys, command):
    """Text output drops escapes, C0/C1 controls and bidi overrides; JSON and YAML escape them
    (the data stays exact, the terminal sees only printable characters)."""
    code, out, err = run_cli(capsys, *command, str(_hostile_file(tmp_path)))
    assert code in (0, 1) and "Traceback" not in err
    out = out.replace("\r\n", "\n")  # CSV ends its rows with CRLF (RFC 4180): the format's own
    assert unsafe_in(out) == [] and unsafe_in(err) == []


@pytest.mark.parametrize("command", [["outline", "--json"], ["show", "2.1.1.1", "--format", "json"]], ids=" ".join)
def test_json_output_still_holds_the_exact_text(tmp_path, capsys, command):
    code, out, err = run_cli(capsys, *command, str(_hostile_file(tmp_path)))
    assert code == 0
    data = json.loads(out)
    node = data if "nodes" not in data else data["nodes"][1]["children"][0]["children"][0]["children"][0]
    assert node["title"] == "问题[/]一\u202e反转。"
    assert ESCAPES["osc 52 clipboard write"] in node["rectification"]["text"]


def test_cli_shows_markup_literally(tmp_path, capsys):
    path = _hostile_file(tmp_path)
    code, out, err = run_cli(capsys, "show", "1.1", str(path))
    assert code == 0
    for literal in MARKUP:
        assert literal in out
    code, out, err = run_cli(capsys, "outline", str(path))
    assert "[bold red]红字[/]" in out and "问题[/]一反转" in out


def test_search_on_a_terminal_marks_hits_with_its_own_escapes_only(tmp_path):
    """On a tty the hits are marked in reverse video: those are the only escapes that may appear."""
    import pty

    path = _hostile_file(tmp_path)
    leader, follower = pty.openpty()
    env = dict(os.environ, PYTHONPATH=str(ROOT), TERM="xterm-256color")
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui", "search", "措施", str(path)],
        cwd=ROOT,
        env=env,
        stdout=follower,
        stderr=follower,
        stdin=subprocess.DEVNULL,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert proc.wait(timeout=60) == 0
    out = b"".join(chunks).decode("utf-8")
    assert "\x1b[7m" in out  # the marks are there: the test would see the report's escapes too
    own = out.replace("\x1b[7m", "").replace("\x1b[27m", "")
    assert unsafe_in(own.replace("\r", "")) == []


def test_explorer_shows_markup_literally_and_strips_escapes(tmp_path):
    """Every node of the hostile report, in the real widgets: literal markup, no live escapes,
    no link or click action in any segment, and the app still running at the end."""
    from tui.app import XunshiApp

    report = read_report(_hostile_file(tmp_path))

    async def scenario():
        app = XunshiApp([report], remember=False)
        async with app.run_test(size=(100, 30)) as pilot:
            svgs = []
            for _ in range(len(list(report.walk())) + 1):
                await pilot.pause()
                svgs.append(app.export_screenshot())
                for strip in app.explorer.detail._strips:
                    for segment in strip:
                        assert unsafe_in(segment.text) == []
                        assert not (segment.style and (segment.style.link or segment.style.meta)), segment
                await pilot.press("j")
            await pilot.click("#detail")  # a click where a markup link would have been
            await pilot.pause()
            assert app.is_running
            return "".join(svgs)

    svg = asyncio.run(scenario()).replace("&#160;", " ")
    for literal in ("[bold red]红字[/]", "[@click=app.quit]x[/]", "[link=http://x]y[/link]", "问题[/]一反转"):
        assert literal in svg, literal
    assert unsafe_in(svg) == []
    assert "]52;" not in svg and "pwned" not in svg


def test_explorer_opens_a_report_without_numbering_and_one_megabyte_line(tmp_path):
    from tui.app import XunshiApp
    from tui.parse import parse_text

    reports = [
        parse_text("说明\n" + "字" * 1_000_000 + "\n", origin="line.txt"),
        parse_text("没有编号的通报\n只有一段正文。\n", origin="plain.txt"),
    ]

    async def scenario():
        app = XunshiApp(reports, remember=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            for key in ("j", "j", "G", "g"):
                await pilot.press(key)
                await pilot.pause()
            assert app.is_running
            return app.export_screenshot()

    svg = asyncio.run(scenario())
    assert "没有编号的通报" in svg


# -- data/*.yaml -------------------------------------------------------------------------------
YAML_CASES = {
    "malformed": ("schema_version: 1\ntitle: [unclosed\n", "not valid YAML"),
    "not a mapping": ("- 1\n- 2\n", "not a xunshi data file"),
    "newer schema": ("schema_version: 99\ntitle: x\nnodes: []\n", "schema version 99"),
    "python object": ("!!python/object/apply:os.system ['touch {marker}']\n", "refusing YAML tag"),
    "python object inside": (
        "schema_version: 1\ntitle: !!python/object/apply:os.system ['touch {marker}']\n",
        "refusing YAML tag",
    ),
    "python name": ("schema_version: 1\ntitle: !!python/name:os.system\n", "refusing YAML tag"),
    "wrong types": ("schema_version: 1\ntitle: x\nnodes: [{id: 1, label: 2}]\n", "malformed"),
    "measure out of range": (
        (
            "schema_version: 1\ntitle: x\nnodes:\n- {id: '1', label: '一、', style: s, ordinal: 1, "
            "level: 1, kind: part, title: t, rectification: {label: 整改情况, sep: ':', text: ab, "
            "measures: [{label: 一是, start: 5, end: 9}]}}\n"
        ),
        "does not point",
    ),
    "billion laughs": (
        (
            "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
            "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
        ),
        "no schema_version",
    ),
}


@pytest.mark.parametrize("case", list(YAML_CASES))
def test_bad_data_files_are_refused_in_one_line_and_build_nothing(tmp_path, capsys, case):
    marker = tmp_path / "pwned"
    text, words = YAML_CASES[case]
    path = tmp_path / "data.yaml"
    path.write_text(text.replace("{marker}", str(marker)), "utf-8")
    code, out, err = run_cli(capsys, "outline", str(path))
    assert_one_clear_line(code, out, err, "data.yaml", words)
    assert not marker.exists()


@pytest.mark.parametrize("case", ["malformed", "newer schema", "python object", "wrong types"])
def test_a_bad_bundled_data_file_falls_back_to_the_seed(tmp_path, monkeypatch, capsys, case):
    from tui.library import paths

    seeds, data = tmp_path / "seeds", tmp_path / "data"
    seeds.mkdir(), data.mkdir()
    (seeds / SEED.name).write_bytes(SEED.read_bytes())
    marker = tmp_path / "pwned"
    (data / (SEED.stem + ".yaml")).write_text(YAML_CASES[case][0].replace("{marker}", str(marker)), "utf-8")
    monkeypatch.setattr(paths, "seeds_dir", lambda: seeds)
    monkeypatch.setattr(paths, "data_dir", lambda: data)
    code, out, err = run_cli(capsys, "outline")
    assert code == 0 and out.startswith(SEED_TITLE) and "(9)打造" in out
    assert not marker.exists()


def test_command_palette_lists_hostile_titles_literally(tmp_path):
    """ctrl+p "go to" lists every heading: markup in them is text, escapes are gone, and picking
    one whose title holds `[@click=app.quit]` goes there instead of quitting."""
    from tui.app import XunshiApp

    report = read_report(_hostile_file(tmp_path))

    async def scenario():
        app = XunshiApp([report], remember=False)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("ctrl+p")
            await pilot.pause()
            await pilot.press(*"问题")
            await pilot.pause(0.5)
            svg = app.export_screenshot()
            await pilot.press("down", "enter")
            await pilot.pause()
            assert app.is_running
            return svg, app.explorer.outline.current.node

    svg, node = asyncio.run(scenario())
    svg = svg.replace("&#160;", " ")
    assert "[/]一反转" in svg and unsafe_in(svg) == []  # matched characters are styled runs of their own
    assert node is not None and node.id == "2.1.1.1"


def test_a_data_file_without_sha256_still_finds_its_hits_in_the_explorer(tmp_path, seed_report):
    """The explorer and the search engine must agree on a report's key even when the data file
    has no sha256 (hand-edited, or written by another tool): else "10 hits (showing 0)"."""
    from tui.app import XunshiApp
    from tui.library.store import dump_yaml, read_yaml

    path = tmp_path / "nohash.yaml"
    path.write_text(dump_yaml(seed_report).replace(f"sha256: {seed_report.sha256}\n", ""), "utf-8")
    report = read_yaml(path)

    async def scenario():
        app = XunshiApp([report], remember=False)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("slash", *"金砖")
            deadline = time.monotonic() + 30
            while app.explorer.search.shown_query != "金砖" and time.monotonic() < deadline:
                await pilot.pause(0.05)
            return [hit.node_id for hit in app.explorer.search.shown_hits]

    assert asyncio.run(scenario())[:1] == ["2.1.1.9"]


@pytest.mark.parametrize("key", ["f", "c"])
def test_figures_and_citations_views_show_hostile_text_literally(tmp_path, key):
    """The figures (f) and cited documents (c) views list phrases and titles taken from the text."""
    from tui.app import XunshiApp
    from tui.parse import parse_text

    report = parse_text(
        "厦门巡视整改通报\n来源:网站 2022-01-01\n一、总体\n"
        "(一)第一节。[bold red]投资[/]增长8.1%\x1b[2J，完成7033.89亿元\u202e。印发《整改[/]方案\x1b]52;c;eA==\x07》"
        "和《[@click=app.quit]办法[/]》。\n",
        origin="figures.txt",
    )
    report.sha256 = "f" * 64

    async def scenario():
        app = XunshiApp([report], remember=False)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press(key)
            await pilot.pause(0.5)
            svg = app.export_screenshot()
            await pilot.press("enter")  # jump to the node with the mark
            await pilot.pause()
            assert app.is_running
            return svg, app.export_screenshot()

    view, jumped = asyncio.run(scenario())
    view = view.replace("&#160;", " ")
    assert unsafe_in(view) == [] and unsafe_in(jumped) == [] and "]52;" not in view
    expected = ["8.1%", "7033.89亿元"] if key == "f" else ["整改[/]方案", "[@click=app.quit]办法[/]"]
    for literal in expected:
        assert literal in view, literal


def test_pasting_escapes_into_the_search_box_puts_none_on_screen(seed_report):
    """A query pasted from a web page or a log (bracketed paste keeps ESC and bidi characters):
    the box shows and searches the text without them."""
    from textual import events

    from tui.app import XunshiApp

    async def scenario():
        app = XunshiApp([seed_report], remember=False)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("slash")
            box = app.query_one("#search-input")
            box.post_message(events.Paste("金砖\x1b[2J\x1b]0;x\x07\u202e\x9b31m"))
            deadline = time.monotonic() + 30
            while (
                not app.explorer.search.shown_query or app.explorer.search.shown_query != box.value
            ) and time.monotonic() < deadline:
                await pilot.pause(0.05)
            return box.value, app.export_screenshot(), [hit.node_id for hit in app.explorer.search.shown_hits]

    value, svg, hits = asyncio.run(scenario())
    assert unsafe_in(value) == [] and unsafe_in(svg) == []
    assert value.startswith("金砖") and hits[:1] == ["2.1.1.9"]


@pytest.mark.parametrize("key", ["f", "c"])
def test_pasting_escapes_into_a_views_filter_box_puts_none_on_screen(seed_report, key):
    from textual import events

    from tui.app import XunshiApp

    async def scenario():
        app = XunshiApp([seed_report], remember=False)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press(key)
            await pilot.pause(0.5)
            await pilot.press("slash")
            box = app.screen.query_one("#view-filter")
            box.post_message(events.Paste("亿\x1b[2J\x1b]52;c;eA==\x07\u202e\x9b31m"))
            await pilot.pause(0.5)
            assert app.is_running
            return box.value, app.export_screenshot()

    value, svg = asyncio.run(scenario())
    assert unsafe_in(value) == [] and unsafe_in(svg) == []


def test_a_long_index_build_shows_progress_on_a_terminal(tmp_path, capsys, monkeypatch):
    """A report near the size limit takes the search index a minute to build: on a terminal
    `xunshi search` says how far it is instead of a minute of silence (and clears the line)."""
    import io

    import tui.cli.search as search_cli

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    monkeypatch.setattr(search_cli, "PROGRESS_AFTER", 0.0)  # the seed builds in 0.2 s, not a minute
    path = tmp_path / "seed.txt"
    path.write_bytes(SEED.read_bytes())
    assert main(["search", "金砖", str(path)]) == 0
    shown = screen.getvalue()
    assert "building the search index" in shown and "100%" in shown and shown.count("\n") <= 1
    assert "\r\x1b[K" in shown  # the progress line is cleared before the hits print
    assert main(["search", "金砖", str(path)]) == 0  # cached now: nothing to say
    assert screen.getvalue().count("building") == shown.count("building")
