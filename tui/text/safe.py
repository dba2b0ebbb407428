"""Report text on its way to a terminal: what the command line prints, made harmless.

Report text is data written by someone else. Printed raw it could clear the screen, retitle the
window, write the clipboard (OSC 52) or reorder a line (bidi overrides). The policy for every
`xunshi` command, to a terminal or a pipe alike (a pipe often ends in `less -R` or `cat`):

- human-readable text: escape sequences, C0 controls other than tab and newline, DEL, C1
  controls and bidi embeddings/overrides/isolates are removed (`for_terminal`);
- JSON and YAML: the same characters are written as `\\uXXXX` escapes, so the data stays exact
  and the terminal still sees only printable characters (`json_text`, `escape_unsafe`);
- on the explorer's screen: the same characters are removed and a tab becomes a space
  (`clean`); `clean_map` also says where every original character went, so offsets computed on
  the raw text (search matches, figure spans) land on the same characters of the cleaned text.

No Textual here: the command line and the explorer share this one implementation.
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


#: What `blanked` turns into spaces: every control (newline and tab too), line and paragraph
#: separators, and the bidi controls of UNSAFE.
_BLANKED = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def for_terminal(text: str) -> str:
    """`text` without escape sequences, control characters (tab and newline kept) or bidi controls."""
    if not UNSAFE.search(text):
        return text
    return UNSAFE.sub("", _SEQUENCE.sub("", text))


def clean_map(text: str) -> tuple[str, list[int]]:
    """The text as the explorer shows it, and for each offset 0..len(text) its offset in the result.

    Escape sequences and unsafe characters are removed and a tab becomes a space. A removed
    character maps to where the next kept character lands, so a span [a, b) of the raw text
    becomes [mapping[a], mapping[b]) of the clean one.
    """
    if "\t" not in text and not UNSAFE.search(text):
        return text, list(range(len(text) + 1))
    drop = bytearray(len(text))
    for match in _SEQUENCE.finditer(text):
        drop[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
    kept: list[str] = []
    mapping: list[int] = []
    for index, char in enumerate(text):
        mapping.append(len(kept))
        if drop[index] or UNSAFE.match(char):
            continue
        kept.append(" " if char == "\t" else char)
    mapping.append(len(kept))
    return "".join(kept), mapping


def clean(text: str) -> str:
    """`text` as the explorer shows it: `for_terminal`, and a tab becomes a space."""
    if text.isprintable():
        return text
    return for_terminal(text).replace("\t", " ")


def blanked(text: str) -> str:
    """`text` on one line, each control, separator or bidi character replaced by a space: the
    length is kept, so offsets (search matches) still fit. For snippets and one-line output."""
    return _BLANKED.sub(" ", text)


def without_sequences(text: str) -> str:
    """`text` with whole escape sequences (CSI, OSC, …) replaced by a space, so that their
    parameters are not read as words (a pasted query)."""
    return _SEQUENCE.sub(" ", text)


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
