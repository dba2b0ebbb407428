"""The reader's own keys: `keymap.toml` in the config directory (`xunshi paths` shows where).

Every binding of the explorer has an id (`explorer.search`, `outline.down`, …); the file maps
ids to Textual key names, several separated by commas:

    # keymap.toml
    "explorer.search" = "slash,ctrl+f"
    "app.quit" = "q,ctrl+q"

A file that cannot be read or says something wrong (bad TOML, an unknown id, a key that is not
a string) is ignored as a whole: the explorer starts with its own keys and says why in one line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from tui.i18n import _
from tui.library import paths

_KEY = re.compile(r"^[^\s,]+$")


@dataclass
class Keymap:
    bindings: dict[str, str] = field(default_factory=dict)  # binding id → keys
    error: str | None = None  # why the file was ignored, in one line
    path: Path | None = None

    @classmethod
    def load(cls, path: Path | None = None) -> Keymap:
        """The keymap in `path` (default: the config directory's); none when there is no file."""
        path = path or paths.keymap_file()
        try:
            text = path.read_text("utf-8")
        except FileNotFoundError:
            return cls(path=path)
        except (OSError, UnicodeDecodeError) as error:
            return cls(error=_ignored(path, " ".join(str(error).split())), path=path)
        import tomllib  # ~5 ms with its patterns: only when the reader has a keymap file

        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            return cls(error=_ignored(path, " ".join(str(error).split())), path=path)
        problems = [_('{id!r} is not "keys"').format(id=key) for key, value in data.items() if not _keys(value)]
        if problems:
            return cls(error=_ignored(path, problems[0]), path=path)
        return cls(bindings=dict(data), path=path)

    def check(self, known: set[str]) -> Keymap:
        """This keymap, or an empty one saying why when it names a binding id that does not exist."""
        unknown = sorted(set(self.bindings) - known)
        if not unknown:
            return self
        where = self.path or paths.keymap_file()
        return Keymap(
            error=_ignored(where, _("no binding has the id {id!r} (see the help, ?)").format(id=unknown[0])),
            path=self.path,
        )

    def keys(self, binding_id: str | None, default: str) -> tuple[str, bool]:
        """The keys in force for a binding, and whether the keymap changed them."""
        if binding_id is not None and binding_id in self.bindings:
            return self.bindings[binding_id], True
        return default, False


def _keys(value: object) -> bool:
    return isinstance(value, str) and bool(value) and all(_KEY.match(key.strip()) for key in value.split(","))


def _ignored(path: Path | str, why: str) -> str:
    return _("keymap {path} ignored: {why}").format(path=path, why=why)
