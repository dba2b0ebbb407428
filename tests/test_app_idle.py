"""Nothing blinks: the real program on a pty at 80×24 sends no bytes while the user does nothing,
with the tree focused, with the search box focused (Textual's Input blinks its cursor by
default: about 1.75 KB/s over SSH) and with the figures view open.

A window of 2 s sees four half-second blinks; the program is first left to go quiet (the index
builds and the statuses are worked out in workers after the first paint).
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]|\x1b[()][0-9A-Za-z]")

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")


class Terminal:
    """`python -m tui` on a fresh 80×24 pty; keeps what it writes."""

    def __init__(self, home: Path) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("TEXTUAL", "LC_")) and k not in ("COLUMNS", "LINES", "NO_COLOR", "COLORTERM")
        }
        env.update(TERM="xterm-256color", LANG="C.UTF-8", XUNSHI_HOME=str(home))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tui"],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=ROOT,
            env=env,
            start_new_session=True,
            preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0),  # noqa: PLW1509  (no threads yet)
        )
        os.close(slave)
        self.data = bytearray()

    def read(self, seconds: float) -> int:
        """Read for `seconds`; how many bytes came."""
        before, deadline = len(self.data), time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            if select.select([self.master], [], [], left)[0]:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                self.data.extend(chunk)
        return len(self.data) - before

    def settle(self, quiet: float = 0.5, timeout: float = 30.0) -> None:
        """Read until nothing has come for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.read(quiet):
            pass

    def wait_for(self, text: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while text not in ESCAPES.sub(b"", bytes(self.data)).decode("utf-8", "ignore"):
            assert time.monotonic() < deadline, f"{text!r} never appeared"
            self.read(0.1)

    def send(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def close(self) -> int | None:
        self.send(b"\x1b")  # out of a text box or a view (alone: Esc then q at once reads as Alt+q)
        self.read(0.3)
        self.send(b"\x1b")
        self.read(0.3)
        self.send(b"q")
        try:
            self.read(0.5)
            return self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            return None
        finally:
            os.close(self.master)


def _tree(terminal: Terminal) -> None:
    terminal.send(b"]")  # a problem, the pane full of text


def _search_box(terminal: Terminal) -> None:
    terminal.send(b"/")


def _search_with_hits(terminal: Terminal) -> None:
    terminal.send(b"/")
    terminal.settle(0.5)
    terminal.send("金砖".encode())
    terminal.wait_for("hits")


def _figures_view(terminal: Terminal) -> None:
    terminal.send(b"f")
    terminal.wait_for("Figures · ")


@pytest.mark.parametrize(
    "place",
    [_tree, _search_box, _search_with_hits, _figures_view],
    ids=["tree", "search box", "search box with hits", "figures view"],
)
def test_no_bytes_while_idle(tmp_path, place):
    terminal = Terminal(tmp_path / "home")
    try:
        terminal.wait_for("坚决扛起")
        terminal.wait_for("✓")  # the statuses, worked out in the background after the first paint
        terminal.settle(0.5)
        place(terminal)
        terminal.settle(0.5)
        idle = terminal.read(2.0)
    finally:
        status = terminal.close()
    assert idle == 0
    assert status == 0
