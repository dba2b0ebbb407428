"""A list of one-line rows drawn on demand, with a cursor: the figures and citations tables.

A line-API widget like the detail pane: only the rows in view are formatted, so 200,000 figures
of 1,000 reports cost no more to show than 20, and a cursor move repaints two rows (bytes over
SSH). The caller gives a `format_row(index, width) -> Text`; text from reports must reach it as
plain text (rich `Text`), never markup.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..render import cut

CURSOR = Style(reverse=True)  # the cursor row when the list has focus
CURSOR_IDLE = Style(bold=True)  # …and when it has not


class RowList(ScrollView, can_focus=True):
    """Rows 0..count-1 drawn by `format_row`; j/k, g/G, Space/b move, Enter chooses."""

    BINDINGS = [
        Binding("j,down", "move(1)", "Down", show=False, id="rows.down"),
        Binding("k,up", "move(-1)", "Up", show=False, id="rows.up"),
        Binding("g,home", "first", "First", show=False, id="rows.first"),
        Binding("G,end", "last", "Last", show=False, id="rows.last"),
        Binding("space,pagedown", "page(1)", "Page down", show=False, id="rows.page-down"),
        Binding("b,pageup", "page(-1)", "Page up", show=False, id="rows.page-up"),
        Binding("enter", "choose", "Go to it", show=True, id="rows.choose"),
    ]

    class _RowMessage(Message):
        def __init__(self, rows: RowList, index: int) -> None:
            super().__init__()
            self.rows, self.index = rows, index

        @property
        def control(self) -> RowList:
            return self.rows

    class Highlighted(_RowMessage):
        """The cursor moved to row `index`."""

    class Chosen(_RowMessage):
        """Enter was pressed on row `index`."""

    def __init__(self, format_row: Callable[[int, int], Text], **kwargs) -> None:
        super().__init__(**kwargs)
        self.format_row = format_row
        self.count = 0
        self.cursor = 0

    def set_rows(self, count: int, cursor: int = 0) -> None:
        """Show `count` rows (formatted anew) with the cursor on `cursor`."""
        self.count = count
        self.cursor = max(0, min(cursor, count - 1))
        self.virtual_size = Size(self.scrollable_content_region.width, count)
        self.scroll_to(
            y=max(0, self.cursor - self.scrollable_content_region.height // 2), animate=False, immediate=True
        )
        self.refresh()
        if count:
            self.post_message(self.Highlighted(self, self.cursor))

    def render_line(self, y: int) -> Strip:
        index = y + self.scroll_offset.y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= self.count or width <= 0:
            return Strip.blank(width, base)
        text = self.format_row(index, width)
        text.truncate(width, overflow="ellipsis", pad=True)
        segments = list(text.render(self.app.console))
        strip = Strip(segments).crop_extend(0, width, None)
        if index == self.cursor:
            strip = strip.apply_style(CURSOR if self.has_focus else CURSOR_IDLE)
        return strip.apply_style(base).simplify()

    def move_to(self, index: int) -> None:
        if not self.count:
            return
        index = max(0, min(index, self.count - 1))
        old, self.cursor = self.cursor, index
        top, height = self.scroll_offset.y, self.scrollable_content_region.height
        if height > 0 and not top <= index < top + height:
            self.scroll_to(y=max(0, index - height // 2), animate=False, immediate=True)
            self.refresh()
        else:
            self.refresh_line(old)
            self.refresh_line(index)
        self.post_message(self.Highlighted(self, index))

    def action_move(self, step: int) -> None:
        self.move_to(self.cursor + step)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(self.count - 1)

    def action_page(self, step: int) -> None:
        self.move_to(self.cursor + step * max(1, self.scrollable_content_region.height - 1))

    def action_choose(self) -> None:
        if self.count:
            self.post_message(self.Chosen(self, self.cursor))

    def on_focus(self) -> None:
        self.refresh_line(self.cursor)

    def on_blur(self) -> None:
        self.refresh_line(self.cursor)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, self.count)
        self.refresh()


def cell(text: str, width: int, style: Style | str | None = None, right: bool = False) -> Text:
    """`text` as a cell exactly `width` columns wide (by cell width: CJK counts two), cut with "…"."""
    piece = cut(Text(text, style=style or "", no_wrap=True), width)
    pad = " " * max(0, width - piece.cell_len)
    return Text(pad) + piece if right else piece + Text(pad)


def join_cells(cells: list[Text], gap: int = 1) -> Text:
    return Text(" " * gap).join(cells)
