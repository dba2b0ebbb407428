"""Faults: a damaged cache, homes that cannot be written, a full disk, eight cold starts at once,
a kill in the middle of a write, a terminal resized to nothing and back, a dropped SSH link.

The answer is always the same: the program keeps working (search from memory if need be), says
so in one line at most, and no file is ever left half written.
"""

from __future__ import annotations

import asyncio
import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hostile import SEED, SEED_TITLE
from hostile.tmux import ROOT

from tui.cli import main
from tui.library import paths

QUERY, FIRST_HIT = "金砖", "2.1.1.9"


pytestmark = pytest.mark.usefixtures("home")  # a fresh XUNSHI_HOME for every test here


@pytest.fixture(autouse=True)
def no_debug(monkeypatch):
    monkeypatch.delenv("XUNSHI_DEBUG", raising=False)  # errors as users see them: one line


def search(capsys, *extra: str) -> tuple[int, str, str]:
    code = main(["search", QUERY, *extra])
    out, err = capsys.readouterr()
    return code, out, err


def index_dirs() -> list[Path]:
    base = paths.cache_dir() / "index"
    return sorted(p for p in base.iterdir() if not p.name.startswith(".")) if base.is_dir() else []


def cache_files() -> list[Path]:
    return sorted(p for p in (paths.cache_dir()).rglob("*") if p.is_file())


def env_for(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("XUNSHI")}
    env.update(XUNSHI_HOME=str(home), PYTHONPATH=str(ROOT))
    return env


# -- the index cache damaged while the program is closed ---------------------------------------
def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _junk(path: Path) -> None:
    path.write_bytes(os.urandom(max(16, path.stat().st_size)))


DAMAGE = {
    "deleted": lambda: [p.unlink() for p in cache_files()],
    "whole cache dir removed": lambda: __import__("shutil").rmtree(paths.cache_dir()),
    "every file truncated": lambda: [_truncate(p) for p in cache_files()],
    "every file junk": lambda: [_junk(p) for p in cache_files()],
    "segments junk, meta intact": lambda: [_junk(p) for p in cache_files() if p.suffix in (".seg", ".toc")],
    "meta junk": lambda: [p.write_text("{not json", "utf-8") for p in cache_files() if p.suffix == ".json"],
    "segments emptied": lambda: [p.write_bytes(b"") for p in cache_files() if p.suffix == ".seg"],
    "index dir replaced by a file": lambda: [
        (__import__("shutil").rmtree(d), d.write_text("junk")) for d in index_dirs()
    ],
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_cache_is_rebuilt_and_the_answer_is_the_same(capsys, damage):
    code, before, _ = search(capsys)
    assert code == 0 and before.startswith(FIRST_HIT)
    assert cache_files()
    DAMAGE[damage]()
    code, after, err = search(capsys)
    assert code == 0 and after == before, err
    assert "Traceback" not in err
    code, again, err = search(capsys)  # and the cache is good again (or set aside) for the next run
    assert code == 0 and again == before and len(index_dirs()) <= 1


# -- … and while it runs -----------------------------------------------------------------------
@pytest.mark.parametrize("damage", ["every file truncated", "every file junk", "deleted", "segments emptied"])
def test_the_engine_survives_its_cache_damaged_under_it(seed_report, damage):
    from tui.search import SearchEngine

    engine = SearchEngine([seed_report])
    engine.open()
    assert engine.where == "disk"
    expected = [hit.node_id for hit in engine.search(QUERY).hits]
    DAMAGE[damage]()
    for query in ("鼓浪屿", "保障性住房", QUERY, "jinzhuan"):
        result = engine.search(query)
        assert result.hits, query
    assert [hit.node_id for hit in engine.search(QUERY).hits] == expected


def test_the_explorer_survives_its_cache_damaged_under_it(seed_report):
    from tui.app import XunshiApp

    async def scenario():
        app = XunshiApp([seed_report], remember=False)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for_query(app, pilot, QUERY)
            assert app.explorer.search.shown_hits and cache_files()
            for path in cache_files():
                _junk(path)
            await wait_for_query(app, pilot, "鼓浪屿")
            hits = list(app.explorer.search.shown_hits)
            await pilot.press("enter")
            await pilot.pause()
            assert app.is_running
            return hits

    assert asyncio.run(scenario())


async def wait_for_query(app, pilot, query: str) -> None:
    """Type `query` into the search box (replacing what is there) and wait for its results."""
    await pilot.press("slash")
    app.query_one("#search-input").value = query
    deadline = time.monotonic() + 30
    while app.explorer.search.shown_query != query and time.monotonic() < deadline:
        await pilot.pause(0.05)
    assert app.explorer.search.shown_query == query, (app.explorer.search.shown_query, query)


# -- homes that cannot be written --------------------------------------------------------------
def _home_under_a_file(tmp_path: Path, monkeypatch) -> Path:
    """Read-only for root too: nothing can be created below a regular file (ENOTDIR)."""
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the home should be")
    monkeypatch.setenv("XUNSHI_HOME", str(blocker / "home"))
    return blocker


def test_unwritable_cache_and_config_search_still_works(tmp_path, monkeypatch, capsys):
    _home_under_a_file(tmp_path, monkeypatch)
    code, out, err = search(capsys)
    assert code == 0 and out.startswith(FIRST_HIT), err
    assert "Traceback" not in err and err.count("\n") <= 1
    code, out, err = run_main(capsys, "paths")
    assert code == 0 and "not-a-dir" in out


def test_read_only_filesystem_keeps_the_index_in_memory(monkeypatch, capsys, seed_report):
    """EROFS on every directory and file the cache would create."""
    import tempfile

    from tui.search import SearchEngine

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(Path, "mkdir", read_only)
    monkeypatch.setattr(tempfile, "mkdtemp", read_only)
    engine = SearchEngine([seed_report])
    engine.open()
    assert engine.where == "memory" and engine.note and "Read-only" in engine.note
    assert engine.search(QUERY).hits[0].node_id == FIRST_HIT


def test_unwritable_home_the_explorer_runs_saves_nothing_and_quits_zero(tmp_path, monkeypatch, seed_report):
    from tui.app import XunshiApp

    _home_under_a_file(tmp_path, monkeypatch)

    async def scenario():
        app = XunshiApp([seed_report])
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("right_square_bracket", "t")  # t saves the script (config dir)
            await wait_for_query(app, pilot, QUERY)
            assert app.explorer.search.shown_hits
            await pilot.press("escape", "q")  # q saves the position (state dir)
            await pilot.pause()
        return app.return_code

    assert asyncio.run(scenario()) == 0


def run_main(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- a full disk -------------------------------------------------------------------------------
def _disk_full_for_atomic_writes(monkeypatch) -> None:
    """Every write through tui.paths.atomic_write fails with ENOSPC after the temp file exists."""

    real_fdopen = os.fdopen

    class Full:
        def __init__(self, fd, mode="r", *args, **kwargs):
            self.handle = real_fdopen(fd, mode, *args, **kwargs)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

        def __getattr__(self, name):
            return getattr(self.handle, name)

    monkeypatch.setattr(paths.os, "fdopen", Full)


def test_full_disk_state_and_config_keep_their_old_files(home, monkeypatch, seed_report):
    from tui.app import XunshiApp
    from tui.library import state

    state.save_position("old-report", "1.1")
    state.save_script("s2tw")
    before = {p: p.read_bytes() for d in ("config", "state") for p in (home / d).rglob("*")}
    _disk_full_for_atomic_writes(monkeypatch)

    async def scenario():
        app = XunshiApp([seed_report], script="s")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("right_square_bracket", "t")
            await pilot.pause(0.3)
            await pilot.press("q")
            await pilot.pause()
        return app.return_code

    assert asyncio.run(scenario()) == 0
    after = {p: p.read_bytes() for d in ("config", "state") for p in (home / d).rglob("*")}
    assert after == before  # the old files, whole; no temp file left beside them
    assert not [p for p in home.rglob("*.tmp")]


def test_full_disk_build_says_so_in_one_line_and_keeps_the_old_data(tmp_path, monkeypatch, capsys):
    seeds, data = _private_project(tmp_path, monkeypatch)
    old = {p.name: p.read_bytes() for p in data.iterdir()}
    _disk_full_for_atomic_writes(monkeypatch)
    code, out, err = run_main(capsys, "build")
    assert code != 0 and err.count("\n") == 1 and "No space left" in err and "Traceback" not in err
    assert {p.name: p.read_bytes() for p in data.iterdir()} == old


def test_full_disk_while_building_the_index_keeps_it_in_memory(monkeypatch, seed_report):
    """ENOSPC from the first byte the index writes: search runs from memory and says why."""
    from whoosh.filedb import filestore

    from tui.search import SearchEngine

    def full(self, name, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", name)

    monkeypatch.setattr(filestore.FileStorage, "create_file", full)
    engine = SearchEngine([seed_report])
    engine.open()
    assert engine.where == "memory" and "No space left" in (engine.note or "")
    assert engine.search(QUERY).hits[0].node_id == FIRST_HIT
    assert not [p for p in (paths.cache_dir() / "index").iterdir() if p.name.startswith(".tmp")]


def test_a_file_size_limit_mid_write_keeps_search_working(home):
    """A real OS-level write failure part-way through the index (RLIMIT_FSIZE, like a disk that
    fills while writing): the program answers from memory and exits 0."""
    limit = (
        "import resource, signal, sys, runpy\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192))\n"
        "sys.argv = ['xunshi', 'search', sys.argv[1]]\n"
        "runpy.run_module('tui', run_name='__main__')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", limit, QUERY], cwd=ROOT, env=env_for(home), capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(FIRST_HIT) and "Traceback" not in done.stderr


# -- eight copies at once on a cold cache ------------------------------------------------------
@pytest.mark.timeout(180)
def test_eight_copies_started_at_once_on_a_cold_cache(home):
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "tui", "search", QUERY, "--json"],
            cwd=ROOT,
            env=env_for(home),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(8)
    ]
    results = [proc.communicate(timeout=150) for proc in procs]
    codes = [proc.returncode for proc in procs]
    assert codes == [0] * 8, [err for _, err in results]
    assert len({out for out, _ in results}) == 1
    assert all("lock" not in err.lower() and "Traceback" not in err for _, err in results)
    assert len(index_dirs()) == 1
    assert all(
        p.name.startswith((".tmp", ".trash")) or p in index_dirs() for p in (paths.cache_dir() / "index").iterdir()
    )


# -- killed in the middle of a write -----------------------------------------------------------
KILLED_BUILD = """
import sys, time
from tui.parse import read_report
from tui.search import SearchEngine

def progress(done, total):
    if 0 < done < total:
        print("building", flush=True)
        time.sleep(60)

SearchEngine([read_report(sys.argv[1])]).open(progress)
"""


def _kill_when(proc: subprocess.Popen, line: str) -> None:
    assert proc.stdout.readline().strip() == line, proc.stderr.read()
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)


def test_killed_during_an_index_build_the_next_start_works(home, capsys):
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED_BUILD, str(SEED)],
        cwd=ROOT,
        env=env_for(home),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _kill_when(proc, "building")
    assert index_dirs() == []  # the half-built index is only ever in a temporary directory
    code, out, err = search(capsys)
    assert code == 0 and out.startswith(FIRST_HIT), err
    assert len(index_dirs()) == 1


KILLED_WRITE = """
import os, sys, time
from pathlib import Path
from tui.library import paths
root = Path(sys.argv[1])
paths.project_root = lambda: root
real_fsync = os.fsync
def slow_fsync(fd):
    print("writing", flush=True)
    time.sleep(60)
os.fsync = slow_fsync
if sys.argv[2] == "build":
    from tui.cli import main
    main(["build"])
else:
    from tui.library import state
    state.save_position("new-report", "9.9.9")
"""


def _private_project(tmp_path: Path, monkeypatch=None) -> tuple[Path, Path]:
    """A project root of our own: seeds/ with the seed, data/ with an older data file."""
    from tui.library.store import dump_yaml
    from tui.parse import read_report

    seeds, data = tmp_path / "project" / "seeds", tmp_path / "project" / "data"
    seeds.mkdir(parents=True), data.mkdir()
    (seeds / SEED.name).write_bytes(SEED.read_bytes())
    old = read_report(SEED)
    old.title, old.sha256 = "旧的数据", "0" * 64
    (data / f"{SEED.stem}.yaml").write_text(dump_yaml(old), "utf-8")
    if monkeypatch is not None:
        monkeypatch.setattr(paths, "project_root", lambda: tmp_path / "project")
    return seeds, data


@pytest.mark.parametrize("what", ["build", "state"])
def test_killed_during_a_write_the_old_file_is_intact_or_the_new_one_whole(tmp_path, home, monkeypatch, what):
    from tui.library import state
    from tui.library.store import read_yaml

    seeds, data = _private_project(tmp_path)
    state.save_position("old-report", "1.1")
    watched = {p: p.read_bytes() for p in [*data.iterdir(), *home.rglob("*.json")]}
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITE, str(tmp_path / "project"), what],
        cwd=ROOT,
        env=env_for(home),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _kill_when(proc, "writing")
    for path, content in watched.items():
        assert path.read_bytes() == content, path  # the old file, untouched
    # A temp file may be left by the kill; it is never mistaken for the real thing:
    monkeypatch.setattr(paths, "project_root", lambda: tmp_path / "project")
    assert state.load().node == "1.1"
    assert read_yaml(data / f"{SEED.stem}.yaml").title == "旧的数据"
    # Started again, the write completes and the new file is whole.
    assert main(["build"]) == 0
    assert read_yaml(data / f"{SEED.stem}.yaml").title == SEED_TITLE
    state.save_position("new-report", "9.9.9")
    assert state.load().node == "9.9.9"


# -- the terminal resized to nothing and back --------------------------------------------------
def test_resized_to_20x6_and_back_many_times(seed_report):
    from tui.app import XunshiApp

    async def scenario():
        app = XunshiApp([seed_report], remember=False)
        async with app.run_test(size=(80, 24)) as pilot:
            for round_ in range(6):
                for size in ((20, 6), (80, 24), (1, 1), (45, 12), (20, 6), (120, 40)):
                    await pilot.resize_terminal(*size)
                    await pilot.press("j" if round_ % 2 else "k")
                    await pilot.pause()
                    assert app.is_running
                if round_ == 2:
                    await pilot.press("slash", *QUERY)
                if round_ == 4:
                    await pilot.press("escape", "v")
            await pilot.press("escape")
            await pilot.resize_terminal(80, 24)
            await pilot.pause()
            return app.export_screenshot(), app.explorer.detail.body_lines

    svg, pane = asyncio.run(scenario())
    assert SEED_TITLE in svg.replace("&#160;", " ") and "一、坚决扛起" in svg
    assert pane and all(line == line.rstrip() for line in pane)


def test_resized_in_tmux_many_times_then_q_exits_zero(tmux):
    tmux.start([], size=(80, 24))
    tmux.wait_for("q Quit", SEED_TITLE)
    for _ in range(15):
        for width, height in ((20, 6), (80, 24), (33, 9)):
            tmux("resize-window", "-t", "app", "-x", str(width), "-y", str(height))
            time.sleep(0.05)
    tmux("resize-window", "-t", "app", "-x", "80", "-y", "24")
    screen = tmux.wait_for("q Quit", SEED_TITLE, "一、坚决扛起")
    assert "Traceback" not in screen
    tmux.keys("q")
    assert tmux.wait_exit() == 0


# -- the SSH link drops ------------------------------------------------------------------------
# Headings as the pane shows them in full (the tree shortens them at 80 columns).
PANE_1 = "(1)主动运用党的创新理论"
PANE_2 = "鼓励和鞭策"


def test_sighup_exits_cleanly_and_saves_the_place(tmux, home):
    from tui.library import state

    tmux.start([], size=(80, 24))
    tmux.wait_for("q Quit", SEED_TITLE)
    tmux.keys("]")
    tmux.wait_for(PANE_1)
    tmux.keys("]")
    tmux.wait_for(PANE_2)
    os.kill(tmux.pid, signal.SIGHUP)
    assert tmux.wait_exit() == 0  # not killed by the signal: it shut down as `q` does
    assert state.load().node == "2.1.1.2"  # XUNSHI_HOME is the program's (the autouse fixture)


def test_the_terminal_going_away_exits_cleanly_and_saves_the_place(tmux, home):
    """Killing the tmux server closes the pty (what a dropped SSH link does): SIGHUP, then every
    write to the terminal fails. The program must still save its place and exit."""
    from tui.library import state

    tmux.start([], size=(80, 24))
    tmux.wait_for("q Quit", SEED_TITLE)
    tmux.keys("]")
    tmux.wait_for(PANE_1)
    pid = tmux.pid
    tmux("kill-server", check=False)
    status = tmux.wait_exit()
    assert status >= 0, f"killed by signal {-status}"
    assert state.load().node == "2.1.1.1"
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


# -- what the explorer remembers, damaged ------------------------------------------------------
STATE_DAMAGE = {
    "junk": (b"\x00\xff{{{", b"\x00\xff{{{"),
    "wrong types": (b'{"script": ["s2t"], "x": 1}', b'{"report": 5, "node": {"a": 1}}'),
    "unknown script and node": (b'{"script": "zz"}', b'{"report": "nope", "node": "9.9.9"}'),
    "a list": (b"[1, 2]", b"[]"),
    "huge": (b'{"script": "' + b"s" * 5_000_000 + b'"}', b'{"node": "' + b"1" * 5_000_000 + b'"}'),
}


@pytest.mark.parametrize("damage", list(STATE_DAMAGE) + ["directories"])
def test_damaged_state_and_config_start_fresh_and_are_rewritten(home, seed_report, damage):
    from tui.app import XunshiApp
    from tui.library import state

    config, saved = home / "config" / "config.json", home / "state" / "state.json"
    config.parent.mkdir(parents=True), saved.parent.mkdir(parents=True)
    if damage == "directories":
        config.mkdir(), saved.mkdir()
    else:
        config.write_bytes(STATE_DAMAGE[damage][0]), saved.write_bytes(STATE_DAMAGE[damage][1])

    async def scenario():
        app = XunshiApp([seed_report], script=state.load().script or "s")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert app.explorer.detail.entry.node is None  # nothing usable remembered: the report's page
            await pilot.press("right_square_bracket", "t")
            await pilot.pause(0.3)
            await pilot.press("q")
            await pilot.pause()
        return app.return_code

    assert asyncio.run(scenario()) == 0
    if damage != "directories":  # a directory in the way stays; the place is simply not kept
        assert state.load().node == seed_report.problems()[0].id and state.load().script == "s2t"


@pytest.mark.parametrize("size", [(20, 6), (1, 1)])
def test_every_key_at_a_tiny_size(seed_report, size):
    """Started tiny (not resized to it): every key, every view, then q exits 0."""
    from tui.app import XunshiApp

    keys = [
        "j",
        "k",
        "l",
        "h",
        "G",
        "g",
        "right_square_bracket",
        "left_square_bracket",
        "enter",
        "v",
        "v",
        "ctrl+d",
        "ctrl+u",
        "t",
        "y",
        "question_mark",
        "escape",
        "f",
        "down",
        "enter",
        "c",
        "down",
        "enter",
        "escape",
        "ctrl+p",
        "escape",
        "slash",
        *QUERY,
        "down",
        "enter",
        "n",
        "N",
        "escape",
        "r",
        "escape",
    ]

    async def scenario():
        app = XunshiApp([seed_report], remember=False)
        async with app.run_test(size=size) as pilot:
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
                assert app.is_running, key
            await pilot.resize_terminal(80, 24)
            await pilot.pause()
            svg = app.export_screenshot()
            while len(app.screen_stack) > 1:
                await pilot.press("escape")
            await pilot.press("escape", "q")
            await pilot.pause()
        return app.return_code, svg

    code, svg = asyncio.run(scenario())
    assert code == 0 and "q" in svg


def test_a_cache_on_a_filesystem_without_hard_links_still_derives(monkeypatch, seed_report):
    """Adding a report derives the new index from the cached one by hard-linking its segments;
    where links are refused (FAT, some network shares) it builds from scratch instead."""
    from tui.parse import parse_text
    from tui.search import SearchEngine

    first = SearchEngine([seed_report])
    first.open()
    other = parse_text("另一份通报\n一、问题\n(1)鼓浪屿整改问题。\n整改情况:一是推进。\n", origin="other.txt")
    other.sha256 = "a" * 64

    def no_links(*args, **kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    both = SearchEngine([seed_report, other])
    both.open()
    assert both.where == "disk"
    assert {hit.report for hit in both.search("鼓浪屿").hits} == {seed_report.sha256, other.sha256}
    assert both.search(QUERY).hits[0].node_id == FIRST_HIT


@pytest.mark.parametrize("sig", ["SIGHUP", "SIGTERM"])
def test_a_signal_to_quit_restores_the_terminal(tmux, sig):
    """`kill PID` (SIGTERM) or a hang-up: the program leaves as `q` does, so the terminal gets back
    its normal screen and stops reporting the mouse (else every mouse move prints junk)."""
    tmux.start([], size=(80, 24))
    tmux.wait_for("q Quit", SEED_TITLE)
    modes = "#{alternate_on}#{mouse_any_flag}"
    assert tmux("display-message", "-p", "-t", "app", modes).strip() == "11"
    os.kill(tmux.pid, getattr(signal, sig))
    assert tmux.wait_exit() == 0
    assert tmux("display-message", "-p", "-t", "app", modes).strip() == "00"
