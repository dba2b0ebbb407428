"""Fewer bytes to the terminal: each frame's colour and attribute codes sent as changes.

Textual writes every run of text as `ESC[<full style>m text ESC[0m`, so a pane row of plain text
with one bold figure costs three full styles and three resets, and every row starts with the full
style again after a cursor move. Over SSH that is a third of what one Down in the tree sends.
`compact_sgr` rewrites one frame so that a style is sent only when the next character printed
needs it, and then only what changed (`ESC[1m` to add bold, `ESC[22m` to drop it). What the
terminal shows is the same cell for cell: the state is brought up to date before anything that
prints, erases or scrolls, and every frame still ends with the terminal's style reset. A line
feed just before a cursor move to a lower row is dropped: it cannot scroll, since Textual crops
every row to the screen (were a row to run past the edge, all that is lost is a scroll Textual
never meant). A frame
with a code this module does not know is sent as it came.
"""

from __future__ import annotations

import functools
import re
from typing import Any

#: One token of a frame: an SGR sequence, a cursor position (CUP), any other CSI, an OSC or other
#: escape, a line feed just before a cursor position, or a run of plain text.
_TOKEN = re.compile(
    r"(?P<sgr>\x1b\[[0-9;:]*m)"
    r"|(?P<cup>\x1b\[(?P<row>[0-9]*)(?:;[0-9]*)?[Hf])"
    r"|(?P<newline>\r?\n(?=\x1b\[(?P<next>[0-9]*)(?:;[0-9]*)?[Hf]))"
    r"|(?P<escape>\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[^\[\]]))"
    r"|(?P<text>[^\x1b\r\n]+|[\r\n])"
)

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # a tab, a form feed, a bell: the cursor may move

#: Attribute codes that switch one attribute on, and the code that switches it off.
_ON = {1: "bold", 2: "dim", 3: "italic", 4: "underline", 5: "blink", 7: "reverse", 8: "conceal", 9: "strike"}
_ON |= {21: "underline2", 51: "frame", 52: "encircle", 53: "overline"}
_CODE = {name: code for code, name in _ON.items()}
_OFF = {22: ("bold", "dim"), 23: ("italic",), 24: ("underline", "underline2"), 25: ("blink",)}
_OFF |= {27: ("reverse",), 28: ("conceal",), 29: ("strike",), 54: ("frame", "encircle"), 55: ("overline",)}
_OFF_CODE = {name: code for code, names in _OFF.items() for name in names}

_DEFAULT: tuple[frozenset[str], str, str] = (frozenset(), "", "")


class _Unknown(ValueError):
    """A code this module does not model: the frame goes out unchanged."""


@functools.lru_cache(maxsize=1024)  # a frame repeats a handful of styles, hundreds of times
def _apply(state: tuple[frozenset[str], str, str], params: str) -> tuple[frozenset[str], str, str]:
    """The style after one SGR sequence's parameters."""
    if ":" in params:
        raise _Unknown(params)
    attrs, fg, bg = set(state[0]), state[1], state[2]
    codes = [int(part) if part else 0 for part in params.split(";")] if params else [0]
    index = 0
    while index < len(codes):
        code = codes[index]
        if code == 0:
            attrs, fg, bg = set(), "", ""
        elif code in _ON:
            attrs.add(_ON[code])
        elif code in _OFF:
            attrs.difference_update(_OFF[code])
        elif 30 <= code <= 37 or 90 <= code <= 97:
            fg = str(code)
        elif 40 <= code <= 47 or 100 <= code <= 107:
            bg = str(code)
        elif code == 39:
            fg = ""
        elif code == 49:
            bg = ""
        elif code in (38, 48):
            if codes[index + 1 : index + 2] == [5] and index + 2 < len(codes):
                colour, index = f"{code};5;{codes[index + 2]}", index + 2
            elif codes[index + 1 : index + 2] == [2] and index + 4 < len(codes):
                colour, index = f"{code};2;" + ";".join(map(str, codes[index + 2 : index + 5])), index + 4
            else:
                raise _Unknown(params)
            if code == 38:
                fg = colour
            else:
                bg = colour
        else:
            raise _Unknown(params)
        index += 1
    return frozenset(attrs), fg, bg


def _full(state: tuple[frozenset[str], str, str]) -> list[str]:
    attrs, fg, bg = state
    return [str(_CODE[name]) for name in sorted(attrs, key=_CODE.__getitem__)] + [part for part in (fg, bg) if part]


@functools.lru_cache(maxsize=1024)
def _change(old: tuple[frozenset[str], str, str], new: tuple[frozenset[str], str, str]) -> str:
    """The shortest of: the changes from `old` to `new`, or a reset and `new` in full."""
    if new == _DEFAULT:
        return "\x1b[0m"
    attrs = set(old[0])
    codes = []
    for name in sorted(old[0] - new[0], key=_CODE.__getitem__):
        if name in attrs:
            off = _OFF_CODE[name]
            codes.append(str(off))
            attrs.difference_update(_OFF[off])
    codes += [str(_CODE[name]) for name in sorted(new[0] - attrs, key=_CODE.__getitem__)]
    if new[1] != old[1]:
        codes.append(new[1] or "39")
    if new[2] != old[2]:
        codes.append(new[2] or "49")
    changes = ";".join(codes)
    full = ";".join(["0", *_full(new)])
    return f"\x1b[{changes if len(changes) <= len(full) else full}m"


def compact_sgr(frame: str) -> str:
    """`frame` with its styles sent as changes, only before what needs them (see the module)."""
    if "\x1b[" not in frame:
        return frame
    try:
        return _compact(frame)
    except (_Unknown, IndexError, ValueError):
        return frame


def _compact(frame: str) -> str:
    out: list[str] = []
    sent = wanted = _DEFAULT  # the terminal's style, and the style the next character should have
    row: int | None = None  # the cursor's row, while it is known (Textual writes no row past its end)
    position = 0
    for match in _TOKEN.finditer(frame):
        if match.start() != position:
            raise _Unknown(frame[position : match.start()])
        position = match.end()
        kind = match.lastgroup
        token = match.group()
        if token in ("\x1b7", "\x1b8"):  # save / restore the cursor, and with it the style
            raise _Unknown(token)
        if kind == "sgr":
            wanted = _apply(wanted, token[2:-1])
        elif kind == "cup":  # a cursor move prints nothing
            row = int(match.group("row") or 1)
            out.append(token)
        elif kind == "newline" and row is not None and int(match.group("next") or 1) > row:
            pass  # a line feed that cannot scroll (a lower row follows) just before a cursor move
        else:  # text, an erase, a scroll, a mode: bring the style up to date first
            if wanted != sent:
                out.append(_change(sent, wanted))
                sent = wanted
            out.append(token)
            if kind != "text" or _CONTROL.search(token):
                row = None
    if position != len(frame):
        raise _Unknown(frame[position:])
    if sent != _DEFAULT:
        out.append("\x1b[0m")
    return "".join(out)


def compacting(driver_class: Any) -> Any:
    """A subclass of Textual's terminal driver that sends each write through `compact_sgr`."""

    def write(self: Any, data: str) -> None:
        driver_class.write(self, compact_sgr(data))

    return type(f"Compact{driver_class.__name__}", (driver_class,), {"write": write, "__doc__": __doc__})
