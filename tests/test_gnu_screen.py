"""The real program inside GNU screen (TERM=screen, LANG=C): it draws the report and `q` exits 0.

screen's hardcopy cannot write CJK back out, so the test reads the session's log (`-L`): every
byte the program sent to the terminal, in UTF-8.
"""

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

if shutil.which("screen") is None:
    if os.environ.get("CI") == "true":
        pytest.fail("GNU screen is missing in CI: .ci/run must install it", pytrace=False)
    pytest.skip("GNU screen is not installed (.ci/run installs it)", allow_module_level=True)


def wait_for(predicate, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_runs_in_gnu_screen_under_lang_c_and_q_exits_zero(tmp_path):
    log, status, rc = tmp_path / "screen.log", tmp_path / "status", tmp_path / "screenrc"
    rc.write_text("defutf8 on\nstartup_message off\nlogfile flush 0\n")
    name = f"xunshi-test-{uuid.uuid4().hex[:10]}"
    env = {key: value for key, value in os.environ.items() if not key.startswith(("LC_", "STY", "TMUX", "TEXTUAL"))}
    env.update(LANG="C", XUNSHI_HOME=str(tmp_path / "home"), SCREENDIR=str(tmp_path / "sockets"))
    (tmp_path / "sockets").mkdir(mode=0o700)
    inner = f"cd {REPO} && TERM=screen LANG=C LC_ALL=C {sys.executable} -m tui; echo $? > {status}"
    session = subprocess.Popen(
        ["screen", "-U", "-c", str(rc), "-L", "-Logfile", str(log), "-D", "-m", "-S", name, "sh", "-c", inner], env=env
    )
    try:

        def drawn() -> bool:
            return log.exists() and "(9)" in log.read_text(encoding="utf-8", errors="replace")

        assert wait_for(drawn), "the outline never appeared in screen"
        output = log.read_text(encoding="utf-8", errors="replace")
        assert "厦门市巡视整改进展情况" in output  # the report title, as UTF-8 under LANG=C
        assert "一、坚决扛起" in output
        for keys in ("j", "q"):
            subprocess.run(["screen", "-S", name, "-X", "stuff", keys], env=env, check=True, timeout=10)
            time.sleep(0.4)
        assert wait_for(status.exists), "q did not end the program"
        assert status.read_text().strip() == "0"
        session.wait(timeout=10)
    finally:
        if session.poll() is None:
            subprocess.run(["screen", "-S", name, "-X", "quit"], env=env, timeout=10)
            session.kill()
