"""Styles sent as changes (tui.app.output): fewer bytes, the same screen.

pyte, a terminal emulator written apart from this project, is the judge: a frame and its
compacted form must leave every cell with the same character and the same style."""

from __future__ import annotations

import pyte
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from tui.app.output import compact_sgr

COLS, ROWS = 40, 8

#: Styles as Textual writes them (full, after a reset): bold, dim, italic, reverse, underline, 256 colours.
STYLES = ["", "1", "2", "3", "7", "1;7", "3;4", "38;5;253;48;5;233", "1;38;5;253;48;5;233", "38;5;242;48;5;234"]
STYLES += ["2;38;5;244;48;5;233", "48;5;17", "1;38;5;253;48;5;17", "4;38;2;10;20;30", "31;42", "9"]


def screen_after(*frames: str) -> list[list[tuple]]:
    screen = pyte.Screen(COLS, ROWS)
    stream = pyte.Stream(screen)
    for frame in frames:
        stream.feed(frame)
    return [
        [(char.data, char.fg, char.bg, char.bold, char.italics, char.underscore, char.reverse, char.strikethrough)
         for char in (screen.buffer[row][col] for col in range(COLS))]
        for row in range(ROWS)
    ]  # fmt: skip


def textual_frame(rows: list[tuple[int, int, list[tuple[str, str]]]], erase: bool = False) -> str:
    """A frame the way Textual writes one: per row a cursor position, then `ESC[style m text ESC[0m`
    runs, rows joined by a line feed."""
    lines = []
    for row, col, runs in rows:
        body = "".join(f"\x1b[{style}m{text}\x1b[0m" if style else text for style, text in runs)
        lines.append(f"\x1b[{row + 1};{col + 1}H{body}" + ("\x1b[K" if erase else ""))
    return "\n".join(lines)


def test_a_row_of_runs_sends_each_style_as_a_change():
    frame = textual_frame(
        [
            (2, 0, [("38;5;253;48;5;233", " 一是"), ("1;38;5;253;48;5;233", "12条"), ("38;5;253;48;5;233", "产业链")]),
            (3, 0, [("38;5;253;48;5;233", " 二是"), ("3;4;38;5;253;48;5;233", "突破"), ("38;5;253;48;5;233", "。")]),
        ]
    )
    compact = compact_sgr(frame)
    assert compact == (
        "\x1b[3;1H\x1b[38;5;253;48;5;233m 一是\x1b[1m12条\x1b[22m产业链\x1b[4;1H 二是\x1b[3;4m突破\x1b[23;24m。\x1b[0m"
    )
    assert screen_after(compact) == screen_after(frame)
    assert len(compact.encode()) < 0.6 * len(frame.encode())


def test_erasing_sees_the_background_the_frame_asked_for():
    """An erase (ESC[K) fills with the background in force: the style is brought up to date first."""
    frame = "\x1b[1;1H\x1b[48;5;17mA\x1b[0m\x1b[K\x1b[2;1H\x1b[48;5;17mB\x1b[0m"
    compact = compact_sgr(frame)
    assert "\x1b[0m\x1b[K" in compact
    assert screen_after(compact) == screen_after(frame)


def test_every_frame_ends_with_the_style_reset():
    assert compact_sgr("\x1b[1;1H\x1b[1mX\x1b[0m").endswith("\x1b[0m")
    assert compact_sgr("\x1b[1;1H\x1b[1mX").endswith("\x1b[0m")  # even when Textual left it set


def test_what_it_does_not_know_goes_out_as_it_came():
    for frame in (
        "\x1b[1;1H\x1b[4:3mX\x1b[0m",  # a sub-parameter (curly underline)
        "\x1b7\x1b[1mX\x1b8Y",  # save and restore the cursor, which carry the style
        "\x1b[1;1H\x1b[38;5mX\x1b[0m",  # a colour cut short
        "\x1b[1;1H\x1b[60mX\x1b[0m",  # a code it does not model
        "plain text, no escapes",
    ):
        assert compact_sgr(frame) == frame


@st.composite
def frames(draw) -> str:
    count = draw(st.integers(1, ROWS))
    rows = []
    for row in draw(st.lists(st.integers(0, ROWS - 1), min_size=count, max_size=count)):
        runs = draw(
            st.lists(st.tuples(st.sampled_from(STYLES), st.text("ab 一是12条", min_size=1, max_size=6)), max_size=5)
        )
        col = draw(st.integers(0, 10))
        while runs and col + sum(cell_len(text) for _, text in runs) > COLS:
            runs.pop()  # Textual crops every row to the screen: none runs past the right edge
        rows.append((row, col, runs))
    return textual_frame(rows, erase=draw(st.booleans()))


@settings(max_examples=300, deadline=None)
@given(st.lists(frames(), min_size=1, max_size=3))
def test_any_frames_leave_the_same_screen(frames: list[str]):
    compact = [compact_sgr(frame) for frame in frames]
    assert screen_after(*compact) == screen_after(*frames)
    assert sum(map(len, compact)) <= sum(map(len, frames))
