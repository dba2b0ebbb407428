"""Hard terminals: the real program in tmux at 80×24, 60×20 and 40×12, under TERM xterm-256color,
screen, tmux-256color, linux and dumb, LANG=C, NO_COLOR=1 and --no-mouse.

Each run checks that the screen shows the outline and the report's title, that nothing went wrong
on the way (no traceback), and that `q` exits with status 0. The matrix is a set of combinations
(every size, TERM and setting appears at least once), not the full cross-product, so it stays
under a minute.
"""

from __future__ import annotations

import re

import pytest
from hostile import SEED_TITLE

TREE = "一、坚决扛起"  # the first part of the outline, shown at every size
C_LOCALE = {"LANG": "C", "LC_ALL": "C"}

MATRIX = [
    # (columns, rows), TERM, more environment, --no-mouse
    ((80, 24), "xterm-256color", {"LANG": "C.UTF-8"}, False),
    ((80, 24), "linux", C_LOCALE, False),
    ((80, 24), "screen", {**C_LOCALE, "NO_COLOR": "1"}, True),
    ((60, 20), "screen", {"NO_COLOR": "1"}, False),
    ((60, 20), "dumb", C_LOCALE, False),
    ((40, 12), "tmux-256color", C_LOCALE, True),
    ((40, 12), "xterm-256color", {"NO_COLOR": "1", **C_LOCALE}, True),
]


def _id(case) -> str:
    (width, height), term, env, no_mouse = case
    extra = [f"{k}={v}" for k, v in env.items() if k != "LC_ALL"]
    return "-".join([f"{width}x{height}", term, *extra, *(["no-mouse"] if no_mouse else [])])


@pytest.mark.timeout(90)
@pytest.mark.parametrize("case", MATRIX, ids=[_id(case) for case in MATRIX])
def test_the_explorer_in_a_hard_terminal_shows_the_report_and_q_exits_zero(tmux, case):
    size, term, env, no_mouse = case
    tmux.start(["--no-mouse"] if no_mouse else [], size=size, env={"TERM": term, **env})
    screen = tmux.wait_for(SEED_TITLE, TREE, "q Quit")
    assert "Traceback" not in screen and "Error" not in screen
    lines = screen.splitlines()
    assert len(lines) <= size[1] and all(_cells(line) <= size[0] for line in lines), screen
    mouse = tmux("display-message", "-p", "-t", "app", "#{mouse_any_flag}").strip()
    assert mouse == ("0" if no_mouse else "1")  # what the program asked the terminal for
    hues = _hues(tmux("capture-pane", "-p", "-e", "-t", "app"))
    if "NO_COLOR" in env:  # Textual's NO_COLOR is monochrome: greys, black and white, no hue
        assert hues == set(), f"colours {sorted(hues)} despite NO_COLOR"
    elif term != "dumb":
        assert hues, "no colour at all: the test would not see colour if there were"
    tmux.keys("j", "j", "]")  # it still obeys keys in this terminal
    tmux.wait_for("(1)")
    tmux.keys("q")
    assert tmux.wait_exit() == 0


@pytest.mark.timeout(90)
@pytest.mark.parametrize("stdin", ["devnull", "pipe"])
def test_no_terminal_at_all_prints_the_outline_instead_of_hanging(tmp_path, stdin):
    """cron, CI, `xunshi < /dev/null`, `echo | xunshi`: no keyboard and no screen. A full-screen
    app would wait forever for keys that never come; the outline is printed instead."""
    import os
    import subprocess
    import sys

    from hostile.tmux import ROOT

    env = dict(os.environ, XUNSHI_HOME=str(tmp_path / "home"), PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-m", "tui"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        **({"stdin": subprocess.DEVNULL} if stdin == "devnull" else {"input": "q\n"}),
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(SEED_TITLE) and TREE in done.stdout
    assert "\x1b" not in done.stdout + done.stderr and done.stderr.count("\n") == 1, done.stderr
    bad = subprocess.run(
        [sys.executable, "-m", "tui", str(tmp_path / "missing.txt")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "missing.txt: no such file" in bad.stderr


def _cells(line: str) -> int:
    from rich.cells import cell_len

    return cell_len(line)


def _hues(screen: str) -> set[str]:
    """The chromatic colours (not black, white or grey) in the SGR sequences of `screen`."""
    found = set()
    for params in re.findall(r"\x1b\[([0-9;]*)m", screen):
        codes = [int(p) if p else 0 for p in params.split(";")]
        i = 0
        while i < len(codes):
            code = codes[i]
            if code in (38, 48) and i + 1 < len(codes) and codes[i + 1] == 5 and i + 2 < len(codes):
                n = codes[i + 2]
                if _cube_hue(n):
                    found.add(f"{code};5;{n}")
                i += 3
            elif code in (38, 48) and i + 1 < len(codes) and codes[i + 1] == 2 and i + 4 < len(codes):
                r, g, b = codes[i + 2 : i + 5]
                if not r == g == b:
                    found.add(f"{code};2;{r};{g};{b}")
                i += 5
            else:
                if code in (*range(31, 37), *range(41, 47), *range(91, 97), *range(101, 107)):
                    found.add(str(code))
                i += 1
    return found


def _cube_hue(n: int) -> bool:
    """Whether 256-colour index `n` has a hue (the 16 system colours and the 6×6×6 cube)."""
    if n < 16:
        return n not in (0, 7, 8, 15)
    if n >= 232:
        return False  # the grey ramp
    n -= 16
    r, g, b = n // 36, (n // 6) % 6, n % 6
    return not r == g == b
