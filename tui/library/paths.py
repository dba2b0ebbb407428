"""Where xunshi keeps its files: config, state and cache, in the platform's usual places.

Nothing here creates a directory at import time; callers create what they write, when they
write it. `XUNSHI_HOME` (used by the tests) puts all three under one folder.
"""

from __future__ import annotations

import functools
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

from tui import bundled

APP = "xunshi"


def _override(kind: str) -> Path | None:
    home = os.environ.get("XUNSHI_HOME")
    return Path(home) / kind if home else None


@functools.cache
def _platform() -> Any:
    """The platform's usual places (platformdirs), looked up when first needed."""
    import platformdirs  # ~10 ms: only when a file of ours is first read or written

    return platformdirs.PlatformDirs(APP, appauthor=False)


def config_dir() -> Path:
    return _override("config") or _platform().user_config_path


def state_dir() -> Path:
    return _override("state") or _platform().user_state_path


def cache_dir() -> Path:
    return _override("cache") or _platform().user_cache_path


def keymap_file() -> Path:
    """The reader's own keys (see tui.app.keymap)."""
    return config_dir() / "keymap.toml"


def project_root() -> Path:
    """The checkout, which holds `seeds/` and `data/` at its top level (meaningless in an
    installed copy: see `installed()`)."""
    return Path(__file__).resolve().parents[2]


def installed() -> bool:
    """True in an installed copy: the bundled report is package data (tui.bundled), and nothing
    of ours may be written beside it."""
    return bundled.installed()


def seeds_dir() -> Path:
    """The bundled seeds: inside the installed package, or `seeds/` of the checkout."""
    return bundled.installed_folder("seeds") or project_root() / "seeds"


def data_dir() -> Path:
    """The bundled data files: inside the installed package, or `data/` of the checkout."""
    return bundled.installed_folder("data") or project_root() / "data"


def _umask() -> int:
    """The process's umask: from /proc on Linux (no change to the process), else by setting it
    and setting it back at once (the only portable way)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write(path: Path, data: bytes, make_parents: bool = True, durable: bool = True) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never half.

    The new file gets the old one's mode, or for a new file the mode the umask gives
    (0644 usually; a temporary file would be 0600). With `make_parents` False a missing folder
    is an error (FileNotFoundError), not silently created: for a path the user typed. With
    `durable` False the data is not forced to the disk first (no fsync, which takes 10-20 ms):
    for a cache, whose loss in a power cut costs time only, written at start-up.
    """
    if make_parents:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mode = 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
