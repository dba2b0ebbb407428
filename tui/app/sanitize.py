"""Make untrusted report text safe to put on a terminal.

Report text is data: escape sequences, other control characters and bidi overrides in it must
never reach the screen (they could move the cursor, retitle the window or reorder what the
reader sees). `clean_map` also says where every original character went, so offsets computed on
the raw text (search matches, figure spans) can be moved onto the cleaned text.
"""

from __future__ import annotations

import re

# ESC sequences: CSI (ESC [ … final), OSC / DCS / SOS / PM / APC strings (up to BEL or ST, or the
# end of the text when unterminated), and two-character escapes. C1 CSI (U+009B) likewise.
_ESCAPES = re.compile(
    r"""
      \x1b\[[0-?]*[ -/]*[@-~]?          # CSI
    | \x9b[0-?]*[ -/]*[@-~]?            # C1 CSI
    | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?  # strings
    | \x1b[ -/]*[0-~]?                  # two-character (and nF) escapes, or a lone ESC
    """,
    re.VERBOSE,
)
# C0 controls except newline (tab becomes a space below), DEL, C1 controls, bidi embeddings,
# overrides and isolates.
_CONTROLS = frozenset(
    [chr(c) for c in range(0x00, 0x20) if c not in (0x09, 0x0A)]
    + [chr(0x7F)]
    + [chr(c) for c in range(0x80, 0xA0)]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)


def clean_map(text: str) -> tuple[str, list[int]]:
    """The cleaned text, and for each offset 0..len(text) of `text` its offset in the result.

    A removed character maps to where the next kept character lands, so a span [a, b) of the raw
    text becomes [mapping[a], mapping[b]) of the clean one.
    """
    drop = bytearray(len(text))
    for match in _ESCAPES.finditer(text):
        drop[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
    kept: list[str] = []
    mapping: list[int] = []
    for index, char in enumerate(text):
        mapping.append(len(kept))
        if drop[index] or char in _CONTROLS:
            continue
        kept.append(" " if char == "\t" else char)
    mapping.append(len(kept))
    return "".join(kept), mapping


def clean(text: str) -> str:
    """`text` without escape sequences, control characters (newline kept) or bidi overrides."""
    if text.isprintable():
        return text
    return clean_map(text)[0]
