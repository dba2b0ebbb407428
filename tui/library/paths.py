"""Where xunshi keeps its files: config, state and cache, in the platform's usual places.

Nothing here creates a directory at import time; callers create what they write, when they
write it. `XUNSHI_HOME` (used by the tests) puts all three under one folder.
"""

from __future__ import annotations

import os
from pathlib import Path

APP = "xunshi"


def _override(kind: str) -> Path | None:
    home = os.environ.get("XUNSHI_HOME")
    return Path(home) / kind if home else None


def config_dir() -> Path:
    from platformdirs import user_config_path

    return _override("config") or user_config_path(APP, appauthor=False)


def state_dir() -> Path:
    from platformdirs import user_state_path

    return _override("state") or user_state_path(APP, appauthor=False)


def cache_dir() -> Path:
    from platformdirs import user_cache_path

    return _override("cache") or user_cache_path(APP, appauthor=False)


def project_root() -> Path:
    """The checkout (or installed tree) that holds `seeds/` and `data/`."""
    return Path(__file__).resolve().parents[2]


def seeds_dir() -> Path:
    return project_root() / "seeds"


def data_dir() -> Path:
    return project_root() / "data"


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never half."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
