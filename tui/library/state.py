"""What the explorer remembers between launches.

The chosen script is a preference (config dir, `config.json`); the last node shown is state
(state dir, `state.json`). Both are small JSON files written atomically; a missing, unreadable
or corrupt file means "nothing remembered", never an error.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from tui.i18n import LANGUAGES, default_language
from tui.library import paths
from tui.text.script import MODE_KEYS

CONFIG_FILE = "config.json"
STATE_FILE = "state.json"


@dataclass
class Remembered:
    script: str | None = None  # one of tui.text.script.MODE_KEYS
    lang: str | None = None  # one of tui.i18n.LANGUAGES
    report: str | None = None  # report key (sha256) of the last node
    node: str | None = None  # node id, or None for the report itself


def _read(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def load() -> Remembered:
    config = _read(paths.config_dir() / CONFIG_FILE)
    state = _read(paths.state_dir() / STATE_FILE)
    script = _text(config.get("script"))
    lang = _text(config.get("lang"))
    return Remembered(
        script=script if script in MODE_KEYS else None,
        lang=lang if lang in LANGUAGES else None,
        report=_text(state.get("report")),
        node=_text(state.get("node")),
    )


def _write(path: Path, data: dict) -> None:
    payload = (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    try:
        paths.atomic_write(path, payload)
    except OSError:
        pass  # an unwritable home must not stop the explorer; next launch starts fresh


def save_script(script: str) -> None:
    _save_setting("script", script)


def save_language(lang: str) -> None:
    _save_setting("lang", lang)


def _save_setting(name: str, value: str) -> None:
    path = paths.config_dir() / CONFIG_FILE
    config = _read(path)
    config[name] = value
    _write(path, config)


def interface_language() -> tuple[str, str]:
    """(language, script) the interface speaks: XUNSHI_LANG, else the remembered setting,
    else Chinese; in the remembered script (Simplified when none)."""
    remembered = load()
    return default_language() or remembered.lang or "zh", remembered.script or "s"


def save_position(report: str | None, node: str | None) -> None:
    _write(paths.state_dir() / STATE_FILE, {"report": report, "node": node})
