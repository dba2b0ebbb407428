"""Run a program in a pseudo-terminal (80×24) and watch what it writes, as a terminal would see it.

`PtyProgram` starts a command on a fresh pty (its controlling terminal, window size set before
start), keeps every byte it writes with the time it arrived, and waits for marker text (escape
sequences stripped) or for the output to go quiet. Nothing answers the program's terminal queries,
like a terminal that does not support them.

`run_bytes` is the "bytes" section: bytes for the first paint, per cursor move in the tree (Down)
and over an idle period, for xunshi beside the bare Textual app; and, from the same runs, the
time from a key sent (`t`, Down) to the last byte of the repaint, as a real terminal sees it.
Keys are pressed on problem (9) and below (reached with `]`): long nodes, where readers spend time.
(Module named after what it does; it never imports the standard `pty` module.)
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
from typing import Self

_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC
    r"|\x1b[PX^_][^\x1b]*\x1b\\"  # DCS, SOS, PM, APC
    r"|\x1b[@-Z\\-_]|\x1b[()][0-9A-Za-z]"  # two-byte escapes, charset selection
)

DOWN = b"\x1b[B"
FIRST_PAINT_MARKER = "palette"  # Textual's Footer shows "^p palette" in every app with a palette
#: xunshi's key bar ends with the palette's key too, in the interface's language (Chinese by default).
XUNSHI_FIRST_PAINT_MARKER = "^p 命令"


def visible_text(data: bytes) -> str:
    """The printable text of terminal output: UTF-8 decoded, escape sequences removed."""
    return _ESCAPES.sub("", data.decode("utf-8", errors="ignore"))


#: Left out of a measured program's environment: what a reader's shell would not have.
#: PYTHONDONTWRITEBYTECODE (set in some sandboxes) would make every start compile every module
#: from source, as no installed program does (pip and uv tool install write the byte code).
#: XUNSHI_LANG would change the interface the markers are looked for in.
_NOT_A_READERS = ("COLUMNS", "LINES", "COLORTERM", "NO_COLOR", "PYTHONDONTWRITEBYTECODE", "XUNSHI_LANG")


def terminal_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """A plain SSH-like terminal: xterm-256color, UTF-8, no COLORTERM, no size in the environment."""
    env = {k: v for k, v in os.environ.items() if k not in _NOT_A_READERS and not k.startswith("TEXTUAL")}
    env.update(TERM="xterm-256color", LANG="C.UTF-8", PYTHONUNBUFFERED="1")
    env.update(extra or {})
    return env


def _become_terminal_owner() -> None:  # runs in the child after setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class PtyProgram:
    """A command on a pty. Times are seconds since just before the process was started."""

    def __init__(
        self, argv: list[str], env: dict[str, str] | None = None, cwd: str | None = None, cols: int = 80, rows: int = 24
    ):
        self.argv, self.env, self.cwd, self.cols, self.rows = argv, env, cwd, cols, rows
        self.data = bytearray()
        self.arrivals: list[tuple[float, int]] = []  # (time, total bytes so far)
        self.process: subprocess.Popen | None = None
        self.master = -1
        self.t0 = 0.0
        self.eof = False

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def now(self) -> float:
        return time.perf_counter() - self.t0

    def start(self) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", self.rows, self.cols, 0, 0))
        self.t0 = time.perf_counter()
        self.process = subprocess.Popen(
            self.argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=self.env,
            cwd=self.cwd,
            start_new_session=True,
            preexec_fn=_become_terminal_owner,  # noqa: PLW1509  (single-threaded here: the pty must be ours)
            close_fds=True,
        )
        os.close(slave)
        self.master = master

    def pump(self, timeout: float) -> bool:
        """Read what arrives within `timeout` seconds; False when nothing did."""
        if self.eof:
            time.sleep(max(timeout, 0))
            return False
        ready, _, _ = select.select([self.master], [], [], max(timeout, 0))
        if not ready:
            return False
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # EIO: the program closed the terminal
            chunk = b""
        if not chunk:
            self.eof = True
            return False
        self.data.extend(chunk)
        self.arrivals.append((self.now(), len(self.data)))
        return True

    def send(self, data: bytes) -> float:
        os.write(self.master, data)
        return self.now()

    def wait_for(self, marker: str, timeout: float, since: int = 0) -> float | None:
        """Time at which `marker` became visible in the output after byte `since`, or None."""
        deadline = self.now() + timeout
        checked = -1
        while True:
            if len(self.data) != checked:
                checked = len(self.data)
                if marker in visible_text(bytes(self.data[since:])):
                    return self.arrivals[-1][0]
            if self.eof or self.now() >= deadline:
                return None
            self.pump(min(0.05, deadline - self.now()))

    def wait_quiet(self, quiet: float, timeout: float) -> float:
        """Read until nothing arrives for `quiet` seconds (or `timeout`); time of the last byte."""
        deadline = self.now() + timeout
        while self.now() < deadline and not self.eof:
            if not self.pump(min(quiet, deadline - self.now())):
                break
        return self.arrivals[-1][0] if self.arrivals else 0.0

    def collect(self, seconds: float) -> int:
        """Read for `seconds`; the number of bytes that arrived."""
        before = len(self.data)
        deadline = self.now() + seconds
        while self.now() < deadline:
            self.pump(deadline - self.now())
        return len(self.data) - before

    def peak_rss_mb(self) -> float | None:
        """The program's peak resident set size so far (Linux /proc VmHWM), in MB."""
        try:
            with open(f"/proc/{self.process.pid}/status") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) / 1024
        except (OSError, AttributeError):
            return None
        return None

    def output_tail(self, chars: int = 300) -> str:
        return visible_text(bytes(self.data))[-chars:]

    def close(self) -> None:
        process = self.process
        if process is not None and process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)  # the session this object started
            except ProcessLookupError:
                pass
            try:
                deadline = time.monotonic() + 3
                while process.poll() is None and time.monotonic() < deadline:
                    self.pump(0.05)  # keep draining so the program is never blocked writing
                process.wait(timeout=0.1)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        if self.master >= 0:
            os.close(self.master)
            self.master = -1


def python_module(module: str) -> list[str]:
    return [sys.executable, "-m", module]


def _settle(program: PtyProgram, marker: str) -> int:
    """Wait for the marker, then for the output to stay quiet; bytes written up to then."""
    if program.wait_for(marker, 20.0) is None:
        raise RuntimeError(f"{marker!r} never painted; screen ends: {program.output_tail(120)!r}")
    program.wait_quiet(1.0, 10.0)
    return len(program.data)


def _copy_cache(home: str, into) -> str:
    import shutil
    from pathlib import Path

    if (Path(home) / "cache").is_dir():
        shutil.copytree(Path(home) / "cache", Path(into) / "cache")
    return str(into)


def run_bytes(context) -> list:
    """Bytes to an 80×24 terminal: first paint, per Down in the tree, idle; xunshi beside bare."""
    from benchmarks.common import REPO, reason
    from benchmarks.startup import CONTENT_MARKER, bare_command, check_xunshi, xunshi_command
    from benchmarks.table import Row, Target

    idle_seconds = 3.0 if context.options.quick else 10.0
    moves = context.options.repeats(5, 12)
    repeats = context.options.repeats(1, 2)
    idle_name = f"idle {idle_seconds:.0f} s"
    bare_first = Row("bytes", "bare textual app: first paint", "B")
    bare_idle = Row("bytes", f"bare textual app: {idle_name}", "B")
    first = Row("bytes", "xunshi: first paint (until quiet)", "B")
    down = Row("bytes", "xunshi: one Down in the tree (from problem 9)", "B", target=Target("p95", 3072, "<= 3 KB"))
    idle = Row("bytes", f"xunshi: {idle_name}", "B", target=Target("p95", 0, "0 B"))
    idle_search = Row("bytes", f"xunshi: {idle_name}, search box focused", "B", target=Target("p95", 0, "0 B"))
    fifty = Target("p95", 50, "p95 <= 50 ms")
    first_switch = Row("bytes", "xunshi (pty): first t (problem 9) -> last byte", "ms", target=fifty)
    switch = Row("bytes", "xunshi (pty): t (problem 9) -> last byte", "ms", target=fifty)
    down_time = Row("bytes", "xunshi (pty): Down (from problem 9) -> last byte", "ms", target=fifty)
    try:
        check_xunshi()
        home = str(context.fresh_dir("home-bytes"))
        # untimed: build the index, compile byte code (to the report's first heading, not to
        # Textual's footer, which the Chinese interface words differently)
        with PtyProgram(xunshi_command(), env=terminal_env({"XUNSHI_HOME": home}), cwd=str(REPO)) as program:
            _settle(program, CONTENT_MARKER)
            program.wait_quiet(2.0, 20.0)
    except Exception as error:
        missing = reason(error)
    else:
        missing = ""
    for _ in range(repeats):
        with PtyProgram(bare_command(), env=terminal_env(), cwd=str(REPO)) as program:
            bare_first.samples.append(_settle(program, FIRST_PAINT_MARKER))
            bare_idle.samples.append(program.collect(idle_seconds))
        if missing:
            continue
        try:
            fresh = _copy_cache(home, context.fresh_dir("home-bytes-run"))  # warm index, no remembered node
            with PtyProgram(xunshi_command(), env=terminal_env({"XUNSHI_HOME": fresh}), cwd=str(REPO)) as program:
                first.samples.append(_settle(program, CONTENT_MARKER))
                for _ in range(9):  # to problem (9) with "]": a long node, as readers read
                    program.send(b"]")
                    program.wait_quiet(0.1, 3.0)
                program.wait_quiet(0.5, 5.0)
                for index in range(4):  # 简体 → 繁體 → 臺灣 → 香港 → 简体
                    sent = program.send(b"t")
                    last = program.wait_quiet(0.3, 5.0)
                    (first_switch if index == 0 else switch).samples.append((last - sent) * 1000)
                for _ in range(moves):
                    before = len(program.data)
                    sent = program.send(DOWN)
                    last = program.wait_quiet(0.3, 5.0)
                    down.samples.append(len(program.data) - before)
                    if len(program.data) > before:
                        down_time.samples.append((last - sent) * 1000)
                program.wait_quiet(1.0, 5.0)
                idle.samples.append(program.collect(idle_seconds))
                program.send(b"/")  # the search box focused: a blinking cursor would show here
                program.wait_quiet(1.0, 5.0)
                idle_search.samples.append(program.collect(idle_seconds))
        except Exception as error:
            missing = reason(error)
    timed = (first_switch, switch, down_time)
    for row in (first, down, idle, idle_search, *timed):
        if missing and not row.samples:
            row.missing = missing
    first.ratio_to("bare", bare_first)
    return [bare_first, first, down, bare_idle, idle, idle_search, *timed]
