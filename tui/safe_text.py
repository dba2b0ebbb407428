"""Report text on its way to a terminal: what the command line prints, made harmless.

Report text is data written by someone else. Printed raw it could clear the screen, retitle the
window, write the clipboard (OSC 52) or reorder a line (bidi overrides). The policy for every
`xunshi` command, to a terminal or a pipe alike (a pipe often ends in `less -R` or `cat`):

- human-readable text: escape sequences, C0 controls other than tab and newline, DEL, C1
  controls and bidi embeddings/overrides/isolates are removed (`for_terminal`);
- JSON and YAML: the same characters are written as `\\uXXXX` escapes, so the data stays exact
  and the terminal still sees only printable characters (`json_text`, `escape_unsafe`).

No Textual here; the explorer has its own sanitiser with offset mapping (tui.app.sanitize).
"""

from __future__ import annotations

import json
import re

#: Characters a terminal obeys instead of printing (newline and tab excepted).
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

# Whole sequences, so that no "[2J" is left behind: CSI (ESC [ or C1 CSI), OSC/DCS/SOS/PM/APC
# strings up to BEL or ST (or the end of the text), and two-character escapes.
_SEQUENCE = re.compile(
    r"""
      (?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?
    | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?
    | \x1b[ -/]*[0-~]?
    """,
    re.VERBOSE,
)


def for_terminal(text: str) -> str:
    """`text` without escape sequences, control characters (tab and newline kept) or bidi controls."""
    if not UNSAFE.search(text):
        return text
    return UNSAFE.sub("", _SEQUENCE.sub("", text))


def escape_unsafe(text: str) -> str:
    """Replace each unsafe character by a `\\uXXXX` escape (valid in JSON strings and in YAML
    double-quoted scalars, where the caller must have put them)."""
    return UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def json_text(data, **kwargs) -> str:
    """`json.dumps(data, ensure_ascii=False, **kwargs)` with unsafe characters escaped.

    json.dumps already escapes C0 controls; C1 controls and bidi characters can only occur
    inside strings, where `\\uXXXX` means the same character.
    """
    return escape_unsafe(json.dumps(data, ensure_ascii=False, **kwargs))
