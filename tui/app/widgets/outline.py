"""The outline: reports, parts, sections, groups and problems, moved through like vim.

A line-API widget of our own rather than Textual's Tree: a move repaints exactly the two rows
whose cursor mark changed (bytes over SSH), a label is cut with "…" so its measure count stays
in view, and a jump from search, a view or the palette brings its row into view — all through
Textual's public API. With one report its page and its parts are at the top; with several,
one closed item a report, loaded only when it is opened or selected.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.library import ReportRef
from tui.library.places import Place, Places
from tui.parse import ReportError

from ..render import LABEL_TAIL, cut, report_label, report_label_from, tree_label

EXPANDED, COLLAPSED = "▼ ", "▶ "
BRANCH, LAST, PIPE, BLANK = "├ ", "└ ", "│ ", "  "
CURSOR = Style(bold=True, reverse=True)  # the cursor row's label while the outline has focus
CURSOR_IDLE = Style(bold=True)  # …and while the text pane or the search box has it


@dataclass(eq=False)
class OutlineItem:
    """One row of the outline: a place, or a report not loaded yet (its `ReportRef`)."""

    data: Place | ReportRef
    label: Text
    parent: OutlineItem | None = None
    children: list[OutlineItem] = field(default_factory=list)
    expanded: bool = True
    allow_expand: bool = False

    @property
    def is_last(self) -> bool:
        siblings = self.parent.children if self.parent is not None else None
        return siblings is None or siblings[-1] is self

    @property
    def depth(self) -> int:
        depth, parent = 0, self.parent
        while parent is not None:
            depth, parent = depth + 1, parent.parent
        return depth


class ItemMessage(Message):
    """Something happened to one item of an outline (the outline is the message's control)."""

    def __init__(self, outline: OutlineTree, item: OutlineItem) -> None:
        super().__init__()
        self.outline, self.item = outline, item

    @property
    def control(self) -> OutlineTree:
        return self.outline


class OutlineTree(ScrollView, can_focus=True):
    BINDINGS = [
        Binding("j,down", "cursor_down", "Down", show=False, id="outline.down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="outline.up"),
        Binding("h", "collapse_or_parent", "Collapse / parent", show=False, id="outline.collapse"),
        Binding("l", "expand_or_child", "Expand / child", show=False, id="outline.expand"),
        Binding("left", "collapse_or_parent", "Collapse / parent", show=False, id="outline.collapse-arrow"),
        Binding("right", "expand_or_child", "Expand / child", show=False, id="outline.expand-arrow"),
        Binding("enter", "select_cursor", "Open to read (a heading: open / close)", show=False, id="outline.open"),
        Binding("space", "toggle_node", "Open / close", show=False, id="outline.toggle"),
        Binding("g,home", "first", "First", show=False, id="outline.first"),
        Binding("G,end", "last", "Last", show=False, id="outline.last"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="outline.page-down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="outline.page-up"),
    ]

    class Highlighted(ItemMessage):
        """The reader moved the cursor onto `item`."""

    class Selected(ItemMessage):
        """The reader chose `item` (Enter, or a click)."""

    def __init__(self, places: Places, mode: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.places = places
        self.mode = mode
        self.single = len(places) == 1
        self.top: list[OutlineItem] = []
        self.rows: list[OutlineItem] = []  # the items shown, in order
        self.cursor = 0
        self._showing_later = False  # a show_row waits for the first layout
        self._by_place: dict[int, OutlineItem] = {}  # id(place) → its item
        self._roots: dict[str, OutlineItem] = {}  # report key → its item (several reports)
        self.statuses: dict[str, dict[str, str]] = {}  # report key → problem node id → status
        self._populate()

    # ---- the items ------------------------------------------------------------------------
    def _populate(self) -> None:
        if self.single:
            places = self.places.load(self.places.roots[0].key)
            page = OutlineItem(places[0], self._label(places[0]))
            self._by_place[id(places[0])] = page
            self.top.append(page)
            self._add_places(places, None)
        else:
            for root in self.places.roots:
                item = OutlineItem(root, self._root_label(root), expanded=False, allow_expand=True)
                self._roots[root.key] = item
                self.top.append(item)
        self._rebuild()

    def _add_places(self, places: list[Place], top: OutlineItem | None) -> None:
        parents: dict[str | None, OutlineItem | None] = {None: top}
        for place in places[1:]:
            parent = parents[place.ancestors[-1].id if place.ancestors else None]
            assert place.node is not None
            item = OutlineItem(place, self._label(place), parent=parent, allow_expand=bool(place.node.children))
            (parent.children if parent is not None else self.top).append(item)
            parents[place.node.id] = item
            self._by_place[id(place)] = item

    def ensure(self, item: OutlineItem) -> Place | None:
        """The place of `item`, loading its report first when it is a report not loaded yet."""
        data = item.data
        if not isinstance(data, ReportRef):
            return data
        try:
            places = self.places.load(data.key)
        except (ReportError, OSError) as error:
            self.notify(str(error).splitlines()[0], severity="error", markup=False)
            return None
        item.data = places[0]
        item.allow_expand = len(places) > 1
        item.label = self._label(places[0])
        self._by_place[id(places[0])] = item
        self._add_places(places, item)
        self._rebuild()
        return places[0]

    def _root_label(self, root: ReportRef) -> Text:
        return report_label_from(root.title, root.published[:10], self.mode)

    def _label(self, place: Place) -> Text:
        if place.node is None:
            date = "" if self.single else place.report.published[:10]
            return report_label(place.report, self.mode, date)
        return tree_label(place.node, self.mode, self.statuses.get(place.key, {}).get(place.node.id))

    def set_statuses(self, key: str, statuses: dict[str, str]) -> None:
        """Mark the problems of report `key` with their statuses (node id → status)."""
        self.statuses[key] = dict(statuses)
        for item in self._walk():
            data = item.data
            if isinstance(data, Place) and data.key == key and data.node is not None and data.node.id in statuses:
                item.label = self._label(data)
        self.refresh()

    def set_mode(self, mode: str) -> None:
        """Relabel every item in another script (labels are converted once per node, cached)."""
        self.mode = mode
        for item in self._walk():
            if isinstance(item.data, ReportRef):
                item.label = self._root_label(item.data)
            else:
                item.label = self._label(item.data)
        self.refresh()

    def _walk(self, items: list[OutlineItem] | None = None):
        for item in self.top if items is None else items:
            yield item
            yield from self._walk(item.children)

    def tree_node(self, place: Place) -> OutlineItem:
        """The item of `place`, adding its report's items first when they are not there yet."""
        item = self._by_place.get(id(place))
        if item is None:
            self.ensure(self._roots[place.key])
            item = self._by_place[id(place)]
        return item

    # ---- rows and the cursor --------------------------------------------------------------
    def _rebuild(self) -> None:
        """The rows shown, after an item opened or closed; the cursor stays on its item."""
        current = self.rows[self.cursor] if self.rows else None
        rows: list[OutlineItem] = []

        def add(items: list[OutlineItem]) -> None:
            for item in items:
                rows.append(item)
                if item.expanded and item.children:
                    add(item.children)

        add(self.top)
        self.rows = rows
        if current is not None and current in rows:
            self.cursor = rows.index(current)
        else:
            self.cursor = max(0, min(self.cursor, len(rows) - 1))
        self.virtual_size = Size(self.scrollable_content_region.width, len(rows))
        self.refresh()

    @property
    def cursor_item(self) -> OutlineItem | None:
        return self.rows[self.cursor] if self.rows else None

    @property
    def current(self) -> Place | None:
        item = self.cursor_item
        return self.ensure(item) if item is not None else None

    def _move(self, row: int, announce: bool = True) -> None:
        row = max(0, min(row, len(self.rows) - 1))
        if not self.rows:
            return
        before = self.cursor
        self.cursor = row
        self._refresh_row(before)
        self._refresh_row(row)
        self.show_row(row)
        if announce and row != before:
            self.post_message(self.Highlighted(self, self.rows[row]))

    def _refresh_row(self, row: int) -> None:
        y = row - self.scroll_offset.y
        if 0 <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    def show_row(self, row: int) -> None:
        """Scroll only when `row` is out of view, and then put it half a screen from the top.

        Scrolling repaints every row; doing it once per half screen instead of on every move
        keeps most moves to two rows plus the pane.
        """
        top, height = self.scroll_offset.y, self.scrollable_content_region.height
        if height <= 0:  # not laid out yet (the remembered place at start, or shown again after a
            # search): once it is, the cursor where it is by then; hidden, when it is shown again
            if self.display and not self._showing_later:
                self._showing_later = True
                self.call_after_refresh(self._show_cursor_later)
            return
        if top <= row < top + height:
            return
        self.scroll_to(y=max(0, row - height // 2), animate=False, immediate=True, force=True)

    def _show_cursor_later(self) -> None:
        self._showing_later = False
        if self.scrollable_content_region.height > 0:
            self.show_row(self.cursor)

    def on_show(self) -> None:
        self.show_row(self.cursor)  # shown again (after a search): the cursor in view

    def go_to(self, place: Place) -> None:
        """Put the cursor on `place` (quietly: the caller shows it), opening its ancestors first,
        and bring its row into view."""
        item = self.tree_node(place)
        parent, changed = item.parent, False
        while parent is not None:
            if not parent.expanded:
                parent.expanded, changed = True, True
            parent = parent.parent
        if changed:
            self._rebuild()
        self._move(self.rows.index(item), announce=False)

    def expand_item(self, item: OutlineItem) -> None:
        self.ensure(item)
        if item.allow_expand and not item.expanded:
            item.expanded = True
            self._rebuild()

    def collapse_item(self, item: OutlineItem) -> None:
        if item.allow_expand and item.expanded:
            item.expanded = False
            self._rebuild()

    def toggle_item(self, item: OutlineItem) -> None:
        if item.expanded and item.allow_expand:
            self.collapse_item(item)
        else:
            self.expand_item(item)

    # ---- actions --------------------------------------------------------------------------
    def action_cursor_down(self) -> None:
        self._move(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self._move(self.cursor - 1)

    def action_first(self) -> None:
        self._move(0)

    def action_last(self) -> None:
        self._move(len(self.rows) - 1)

    def action_page(self, step: int) -> None:
        self._move(self.cursor + step * max(1, self.scrollable_content_region.height - 1))

    def action_select_cursor(self) -> None:
        item = self.cursor_item
        if item is not None:
            self.post_message(self.Selected(self, item))

    def action_toggle_node(self) -> None:
        item = self.cursor_item
        if item is not None:
            self.toggle_item(item)

    def action_collapse_or_parent(self) -> None:
        item = self.cursor_item
        if item is None:
            return
        if item.allow_expand and item.expanded:
            self.collapse_item(item)
        elif item.parent is not None:
            self._move(self.rows.index(item.parent))

    def action_expand_or_child(self) -> None:
        item = self.cursor_item
        if item is None:
            return
        self.ensure(item)
        if not item.allow_expand:
            return
        if not item.expanded:
            self.expand_item(item)
        elif item.children:
            self._move(self.cursor + 1)

    def on_click(self, event: events.Click) -> None:
        row = event.y + self.scroll_offset.y
        if 0 <= row < len(self.rows):
            self.focus()
            item = self.rows[row]
            if item.allow_expand and event.x < self._guide_width(item) + len(EXPANDED):
                self.toggle_item(item)
                return
            self._move(row)
            self.post_message(self.Selected(self, item))

    # ---- drawing --------------------------------------------------------------------------
    def on_resize(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.rows))

    def on_focus(self) -> None:
        self._refresh_row(self.cursor)

    def on_blur(self) -> None:
        self._refresh_row(self.cursor)

    @staticmethod
    def _guide_width(item: OutlineItem) -> int:
        return 2 * item.depth

    def _guides(self, item: OutlineItem) -> str:
        parts = []
        ancestor = item.parent
        while ancestor is not None and ancestor.parent is not None:
            parts.append(BLANK if ancestor.is_last else PIPE)
            ancestor = ancestor.parent
        guides = "".join(reversed(parts))
        if item.parent is not None:
            guides += LAST if item.is_last else BRANCH
        if item.allow_expand:
            guides += EXPANDED if item.expanded else COLLAPSED
        return guides

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        row = y + self.scroll_offset.y
        if row >= len(self.rows) or width <= 0:
            return Strip.blank(width, base)
        item = self.rows[row]
        line = Text(self._guides(item), no_wrap=True)
        label = fit_label(item.label, width - line.cell_len)
        # The tail's marker style draws nothing but would split the row into two runs, each
        # sending its colours again: drop it once the label is cut.
        label.spans = [span for span in label.spans if span.style != LABEL_TAIL]
        if row == self.cursor:
            label.stylize(CURSOR if self.has_focus else CURSOR_IDLE)
        line.append_text(label)
        strip = Strip(list(line.render(self.app.console))).apply_style(base)
        return strip.crop_extend(0, width, base).simplify()


def fit_label(label: Text, room: int) -> Text:
    """The label in `room` cells: its title cut with "…", its tail (measure count, marks) kept."""
    if label.cell_len <= room or room <= 0:
        return label.copy()
    tail = next((span.start for span in label.spans if span.style == LABEL_TAIL), len(label))
    head, suffix = label[:tail], label[tail:]
    if suffix.cell_len >= room:
        head, suffix = label, Text()
    return cut(head, room - suffix.cell_len) + suffix
