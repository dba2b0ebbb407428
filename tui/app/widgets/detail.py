"""The detail pane: the selected node as readable text, wrapped by cell width.

A line-API widget (like Textual's Log): the text is wrapped once per node and width into
strips, and a node change repaints just this pane in one frame — no relayout of the screen,
which matters for bytes per move over SSH.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.library.places import Place
from tui.text.linebreak import break_lines

from ..render import BREADCRUMB, CURRENT_HIT, HIT, breadcrumb, cut, node_detail, report_detail

if TYPE_CHECKING:  # the status rules load in a worker, after the first paint
    from tui.analysis.status import ProblemStatus

THUMB = "▐"  # the scroll indicator's character
MARGIN = 1  # blank columns either side of the text, drawn inside the strips (no CSS padding)


class DetailPane(ScrollView, can_focus=True):
    """Shows one entry. Focusable so a long text can be scrolled with the keyboard."""

    BINDINGS = [
        Binding("j,down", "scroll_down", "Scroll down", show=False, id="pane.down"),
        Binding("k,up", "scroll_up", "Scroll up", show=False, id="pane.up"),
        Binding("g,home", "scroll_home", "Top", show=False, id="pane.top"),
        Binding("G,end", "scroll_end", "Bottom", show=False, id="pane.bottom"),
        Binding("space,pagedown", "page_down", "Page down", key_display="Space", id="pane.page-down"),
        Binding("b,pageup", "page_up", "Page up", show=False, id="pane.page-up"),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.entry: Place | None = None
        self.mode = "s"
        self.matches: tuple[tuple[int, int], ...] = ()
        self.current: tuple[int, int] | None = None
        self.crumb = Text()
        self.rendered = Text()
        self._strips: list[Strip] = []
        self._wrapped_width = -1
        self._seek_match = False  # bring the match into view once the pane is shown (narrow screens)
        self.lines: list[tuple[int, int]] = []  # (start, end) in `rendered.plain` of each body line
        self._line_starts: list[int] = []  # offset in `rendered` where each body line starts

    def show(
        self,
        entry: Place,
        mode: str,
        matches=(),
        current: tuple[int, int] | None = None,
        page_marks=(),
        status: ProblemStatus | None = None,
        plan: bool = False,
    ) -> None:
        """Draw `entry` in script `mode` with `matches` (offsets into its plain text) marked.

        `current`, one of the matches, is marked more strongly (the one n / N went to).
        On a report's own page `matches` are offsets into `report.page_text()`, and `page_marks`
        mark its intro or closing (see render.report_detail). A problem's `status`, when known,
        is shown under its heading with its evidence marked (`plan`: the report is a plan).
        """
        changed = entry is not self.entry
        self._seek_match = False
        top, height = self.scroll_offset.y, self.scrollable_content_region.height
        before = [self._line(y) for y in range(height)] if self._strips and self._wrapped_width > 0 else None
        self.entry, self.mode, self.matches, self.current = entry, mode, tuple(matches), current
        if entry.node is None:
            self.rendered = report_detail(entry.report, mode, page_marks, self.matches, current)
        else:
            self.rendered = node_detail(
                entry.node, mode, self.matches, entry.report.truncated, current, status=status, plan=plan
            )
        self.crumb = Text(breadcrumb(entry.ancestors, mode), BREADCRUMB, no_wrap=True, overflow="ellipsis")
        self._wrap(force=True)
        if changed:
            self.scroll_to(0, 0, animate=False, immediate=True, force=True)  # a new node opens at its top
        if before is None or self.scroll_offset.y != top or self._wrapped_width <= 0:
            self.refresh()
            return
        # Only the rows that look different: a sibling's breadcrumb, blank rows below a short
        # text, lines two nodes share are not sent again (bytes over SSH).
        width = self.size.width
        for y, line in enumerate(before):
            if self._line(y) != line:
                self.refresh(Region(0, y, width, 1))

    def _wrap(self, force: bool = False) -> None:
        width = self.scrollable_content_region.width - 2 * MARGIN
        if width <= 0:  # hidden (one pane at a time on a narrow screen): wrap when shown again
            self._wrapped_width = -1
            return
        if width == self._wrapped_width and not force:
            return
        self._wrapped_width = width
        strips: list[Strip] = []
        if self.crumb.plain:
            strips.append(self._strip(cut(self.crumb, width), width))
        # Chinese line breaking (tui.text.linebreak): no line starts with 、。， or ends with “《,
        # and 2.86万亿元 stays on one line; Rich would fold at any cell.
        lines = self.lines = break_lines(self.rendered.plain, width)
        self._line_starts = [start for start, _end in lines]
        for line in divide_lines(self.rendered, lines):
            strips.append(self._strip(line, width))
        self._strips = strips
        # Set without a relayout: the pane's place on screen never depends on its text, and a
        # relayout of the screen can repaint the tree beside it (bytes over SSH). Scrolling
        # reads `virtual_size` itself.
        self.set_reactive(DetailPane.virtual_size, Size(width + 2 * MARGIN, len(strips)))
        if self._seek_match:  # asked while hidden: the rows are known now
            self._seek_match = False
            self.call_after_refresh(self.scroll_to_first_match)

    def _strip(self, line: Text, width: int) -> Strip:
        segments = [Segment(" " * MARGIN), *line.render(self.app.console)]
        return Strip(segments).extend_cell_length(width + 2 * MARGIN)

    def on_resize(self) -> None:
        self._wrap()

    def render_line(self, y: int) -> Strip:
        self._wrap()
        return self._line(y)

    def _line(self, y: int) -> Strip:
        """Row `y` of the view as wrapped last."""
        index = y + self.scroll_offset.y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= len(self._strips):
            return Strip.blank(width, base)
        strip = self._strips[index]
        if self._in_thumb(y):
            strip = Strip.join([strip.crop(0, width - 1), Strip([Segment(THUMB)])])
        # One style run per plain line: every style change costs bytes over SSH.
        return merge_blank_runs(strip.apply_style(base).crop_extend(0, width, base).simplify())

    @property
    def allow_vertical_scroll(self) -> bool:
        # overflow-y is hidden (no scrollbar to show or hide, so no relayout); scroll anyway.
        return self.virtual_size.height > self.scrollable_content_region.height

    def _in_thumb(self, y: int) -> bool:
        """Whether row `y` of the view carries the scroll indicator (drawn in the right margin).

        A Textual scrollbar would add a style change to every row of every repaint; this one
        is a character in the row's own colour.
        """
        total, height = len(self._strips), self.scrollable_content_region.height
        if total <= height or height <= 0:
            return False
        size = max(1, height * height // total)
        top = round(self.scroll_offset.y * (height - size) / max(1, total - height))
        return top <= y < top + size

    @property
    def text_width(self) -> int:
        """The cells a line of text may fill (the pane less its margins), as last wrapped."""
        return self._wrapped_width

    @property
    def body_lines(self) -> list[str]:
        """The wrapped text as shown (without the breadcrumb), for tests and copy."""
        first = 1 if self.crumb.plain else 0
        return [strip.text[MARGIN:].rstrip() for strip in self._strips[first:]]

    def scroll_to_first_match(self) -> None:
        """Bring the current match (else the first one) into view, two lines below the top; when
        the pane is hidden (one pane at a time on a narrow screen), once it is shown."""
        if self._wrapped_width <= 0:
            self._seek_match = True
            return
        spans = self.rendered.spans
        start = next((span.start for span in spans if span.style == CURRENT_HIT), None)
        if start is None:
            start = next((span.start for span in spans if span.style == HIT), None)
        if start is None:
            return
        row = max((i for i, s in enumerate(self._line_starts) if s <= start), default=0)
        row += 1 if self.crumb.plain else 0
        self.scroll_to(y=max(0, row - 2), animate=False, immediate=True)


def _same_on_blanks(one: Style | None, other: Style | None) -> bool:
    """Whether spaces look the same in both styles (bold, italic, dim and the text colour
    draw nothing on a space; the background, reverse and lines across do)."""
    if one is None or other is None:
        return one is other
    same = ("bgcolor", "reverse", "underline", "underline2", "strike", "overline", "conceal", "link")
    if any(getattr(one, name) != getattr(other, name) for name in same):
        return False
    return not one.reverse or one.color == other.color


def merge_blank_runs(strip: Strip) -> Strip:
    """`strip` with each run of spaces given its neighbour's style when it looks the same: the
    margin before a bold heading and the blanks after it join the heading's run, so the
    terminal is not sent the colours again for them."""
    segments = list(strip)
    if len(segments) < 2:
        return strip
    changed = False
    for index, (text, style, control) in enumerate(segments):
        if control or not text or text.strip(" "):
            continue
        for near in (index - 1, index + 1):
            if 0 <= near < len(segments) and segments[near].style != style:
                other = segments[near].style
                if _same_on_blanks(style, other):
                    segments[index] = Segment(text, other)
                    changed = True
                    break
    return Strip(segments, strip.cell_length).simplify() if changed else strip


def divide_lines(text: Text, lines: list[tuple[int, int]]) -> list[Text]:
    """`text` cut into the lines [start, end) in one pass (`Text.divide`): slicing a Text
    line by line copies it whole each time, minutes for a one-megabyte paragraph."""
    cuts = sorted({offset for line in lines for offset in line} - {0})
    pieces = text.divide(cuts)
    at, by_start = 0, {}
    for piece in pieces:
        by_start[at] = piece
        at += len(piece)
    return [by_start[start] if end > start else Text("") for start, end in lines]
