"""The real program in a real terminal: tmux on a private socket, with the exit status recorded.

A small wrapper runs `python -m tui …`, writes the child's pid and, when it ends, its exit status
(negative: killed by that signal) to files the test reads. The wrapper ignores SIGHUP after the
child has started, so a hang-up reaches the program and its status is still recorded.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent

WRAPPER = """
import os, signal, subprocess, sys
status, pidfile, *argv = sys.argv[1:]
proc = subprocess.Popen(argv)
signal.signal(signal.SIGHUP, signal.SIG_IGN)
with open(pidfile + ".tmp", "w") as f:
    f.write(str(proc.pid))
os.replace(pidfile + ".tmp", pidfile)
code = proc.wait()
with open(status + ".tmp", "w") as f:
    f.write(str(code))
os.replace(status + ".tmp", status)
"""


def require_tmux() -> None:
    """Skip without tmux on a workstation; in CI (CI=true) a missing tmux is a failure."""
    if shutil.which("tmux") is None:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("tmux is missing in CI (.ci/run installs it)")
        pytest.skip("tmux is not installed")


class Tmux:
    """One tmux server on its own socket running one program in session `app`."""

    def __init__(self, tmp_path: Path, home: Path) -> None:
        self.socket = f"xunshi-robust-{uuid.uuid4().hex[:12]}"
        self.dir = tmp_path
        self.home = home
        self.status = tmp_path / f"status-{self.socket}"
        self.pidfile = tmp_path / f"pid-{self.socket}"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("TMUX", "TEXTUAL", "LC_"))}
        self.env.pop("NO_COLOR", None)

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

    def start(self, args: list[str], size: tuple[int, int] = (80, 24), env: dict[str, str] | None = None) -> None:
        """Run `python -m tui ARGS` in a `size` window with `env` on top of a clean environment."""
        settings = {
            "XUNSHI_HOME": str(self.home),
            "PYTHONPATH": str(ROOT),
            "TERM": "xterm-256color",
            "LANG": "C.UTF-8",
            **(env or {}),
        }
        command = [
            "env",
            *(f"{k}={v}" for k, v in settings.items()),
            sys.executable,
            "-c",
            WRAPPER,
            str(self.status),
            str(self.pidfile),
            sys.executable,
            "-m",
            "tui",
            *args,
        ]
        self(
            "new-session",
            "-d",
            "-s",
            "app",
            "-x",
            str(size[0]),
            "-y",
            str(size[1]),
            f"cd {shlex.quote(str(ROOT))} && {shlex.join(command)}; sleep 60",
        )

    def screen(self) -> str:
        return self("capture-pane", "-p", "-t", "app", check=False)

    def keys(self, *keys: str) -> None:
        self("send-keys", "-t", "app", *keys)

    def wait_for(self, *texts: str, timeout: float = 30.0) -> str:
        """The screen once it shows every one of `texts`."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if all(text in screen for text in texts):
                return screen
            if self.status.exists():
                break
            time.sleep(0.1)
        raise AssertionError(f"{texts!r} never appeared (status {self.exit_status()}); screen:\n{screen}")

    @property
    def pid(self) -> int:
        deadline = time.monotonic() + 20
        while not self.pidfile.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        return int(self.pidfile.read_text())

    def exit_status(self) -> int | None:
        try:
            return int(self.status.read_text())
        except (OSError, ValueError):
            return None

    def wait_exit(self, timeout: float = 20.0) -> int:
        deadline = time.monotonic() + timeout
        while not self.status.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        status = self.exit_status()
        assert status is not None, f"the program did not exit; screen:\n{self.screen()}"
        return status

    def close(self) -> None:
        if not self.status.exists() and self.pidfile.exists():
            try:
                os.kill(int(self.pidfile.read_text()), 9)
            except (OSError, ValueError):
                pass
        self("kill-server", check=False)
        # The server does not always remove its socket file when killed: do it for it.
        base = Path(os.environ.get("TMUX_TMPDIR") or "/tmp") / f"tmux-{os.getuid()}"
        (base / self.socket).unlink(missing_ok=True)


@pytest.fixture
def tmux(tmp_path):
    require_tmux()
    server = Tmux(tmp_path, tmp_path / "home")
    try:
        yield server
    finally:
        server.close()
