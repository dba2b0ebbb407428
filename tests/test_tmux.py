"""The real program in tmux at 80×24 under LANG=C: it draws the report, obeys keys and quits cleanly."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)")


class Tmux:
    """One tmux server on its own socket, so tests never touch a user's sessions."""

    def __init__(self, env: dict[str, str]) -> None:
        self.socket = f"xunshi-test-{uuid.uuid4().hex[:12]}"
        self.env = env

    def __call__(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(
            ["tmux", "-u", "-L", self.socket, *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=20,
            check=check,
        )
        return done.stdout

    def screen(self) -> str:
        return self("capture-pane", "-p", "-t", "app")

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; screen:\n{screen}")

    def close(self) -> None:
        self("kill-server", check=False)
        # A killed server does not always remove its socket file: remove it, or /tmp fills with them.
        base = Path(self.env.get("TMUX_TMPDIR") or "/tmp") / f"tmux-{os.getuid()}"
        (base / self.socket).unlink(missing_ok=True)


@pytest.fixture
def tmux(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("LC_", "TMUX", "TEXTUAL"))}
    env.update(LANG="C", LC_ALL="C", TERM="xterm-256color", XUNSHI_HOME=str(tmp_path / "home"))
    server = Tmux(env)
    try:
        yield server
    finally:
        server.close()


def test_runs_in_tmux_at_80x24_under_lang_c_and_q_exits_zero(tmux, tmp_path):
    status = tmp_path / "status"
    command = f"cd {REPO} && LANG=C LC_ALL=C {sys.executable} -m tui; echo $? > {status}; sleep 30"
    tmux("new-session", "-d", "-s", "app", "-x", "80", "-y", "24", command)
    screen = tmux.wait_for("q Quit")
    assert "厦门市巡视整改进展情况" in screen and "简体" in screen
    tmux("send-keys", "-t", "app", "]")
    tmux.wait_for("(1)主动运用党的创新理论")
    tmux("send-keys", "-t", "app", "t")
    tmux.wait_for("繁體")
    tmux("send-keys", "-t", "app", "f")  # the figures view, and Esc back
    tmux.wait_for("Figures · ")
    tmux("send-keys", "-t", "app", "Escape")
    tmux.wait_for("f Figures")  # the explorer's own footer again
    tmux("send-keys", "-t", "app", "/")
    time.sleep(0.3)
    tmux("send-keys", "-t", "app", "q")  # typed into the search box, not quitting
    time.sleep(0.5)
    assert not status.exists()
    tmux("send-keys", "-t", "app", "Escape")
    time.sleep(0.5)
    tmux("send-keys", "-t", "app", "q")
    deadline = time.monotonic() + 15
    while not status.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert status.exists(), tmux.screen()
    assert status.read_text().strip() == "0"
    assert "Traceback" not in tmux.screen()
