"""The outline tree: reports, parts, sections, groups and problems, moved through like vim."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from tui.library import ReportRef

from tui.library.places import Place, Places
from ..render import LABEL_TAIL, report_label, report_label_from, tree_label


class OutlineTree(Tree):
    """One top-level item per part with a single report; one per report when given several
    (closed, and loaded only when selected or opened).

    The report's own page (title, intro, closing) is the first item (or the report's item).
    """

    BINDINGS = [
        Binding("j,down", "cursor_down", "Down", show=False, id="outline.down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="outline.up"),
        Binding("h", "collapse_or_parent", "Collapse / parent", show=False, id="outline.collapse"),
        Binding("l", "expand_or_child", "Expand / child", show=False, id="outline.expand"),
        Binding("left", "collapse_or_parent", "Collapse / parent", show=False, id="outline.collapse-arrow"),
        Binding("right", "expand_or_child", "Expand / child", show=False, id="outline.expand-arrow"),
        Binding("enter", "select_cursor", "Open to read (a heading: open / close)", show=False, id="outline.open"),
        Binding("space", "toggle_node", "Open / close", show=False, id="outline.toggle"),
        Binding("g", "scroll_home", "First", show=False, id="outline.first"),
        Binding("G", "scroll_end", "Last", show=False, id="outline.last"),
    ]

    def __init__(self, places: Places, mode: str, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.show_root = False
        self.auto_expand = False
        self.guide_depth = 2
        self.places = places
        self.mode = mode
        self.single = len(places) == 1
        self._tree_nodes_by_entry: dict[int, TreeNode] = {}
        self._roots: dict[str, TreeNode] = {}  # report key → its item (several reports)
        self._populate()

    def _populate(self) -> None:
        """One report: its page, then its parts at the top. Several: one closed item a report,
        labelled from the catalog; a report is loaded when its item is selected or opened."""
        if self.single:
            entries = self.places.load(self.places.roots[0].key)
            item = self.root.add(self._label(entries[0]), entries[0], expand=True, allow_expand=False)
            self._tree_nodes_by_entry[id(entries[0])] = item
            self._add_places(entries, self.root)
            return
        for root in self.places.roots:
            self._roots[root.key] = self.root.add(self._root_label(root), root, expand=False, allow_expand=True)

    def _add_places(self, entries: list[Place], top: TreeNode) -> None:
        parents: dict[str | None, TreeNode] = {None: top}
        for entry in entries[1:]:
            parent = parents[entry.ancestors[-1].id if entry.ancestors else None]
            item = parent.add(self._label(entry), entry, expand=True, allow_expand=bool(entry.node.children))
            parents[entry.node.id] = item
            self._tree_nodes_by_entry[id(entry)] = item

    def ensure(self, item: TreeNode) -> Place | None:
        """The entry of `item`, loading its report first when it is a report not yet loaded."""
        data = item.data
        if not isinstance(data, ReportRef):
            return data
        try:
            entries = self.places.load(data.key)
        except (ValueError, OSError) as error:  # ReportError is a ValueError
            self.app.notify(str(error).splitlines()[0], severity="error", markup=False)
            return None
        item.data = entries[0]
        item.allow_expand = len(entries) > 1
        item.set_label(self._label(entries[0]))
        self._tree_nodes_by_entry[id(entries[0])] = item
        self._add_places(entries, item)
        return entries[0]

    def on_tree_node_expanded(self, event: Tree.NodeExpanded) -> None:
        self.ensure(event.node)

    def _root_label(self, root: ReportRef) -> Text:
        return report_label_from(root.title, root.published[:10], self.mode)

    def _label(self, entry: Place) -> Text:
        if entry.node is None:
            date = "" if self.single else entry.report.published[:10]
            return report_label(entry.report, self.mode, date)
        return tree_label(entry.node, self.mode)

    def render_label(self, node: TreeNode[Place], base_style: Style, style: Style) -> Text:
        """The label, its title shortened with "…" so the measure count and marks stay in view."""
        text = super().render_label(node, base_style, style)
        lines = self._tree_lines_cached
        width = self.scrollable_content_region.width
        if lines is None or not 0 <= node._line < len(lines) or width <= 0:
            return text
        room = width - lines[node._line]._get_guide_width(self.guide_depth, self.show_root)
        if text.cell_len <= room:
            return text
        tail = next((span.start for span in text.spans if span.style == LABEL_TAIL), len(text))
        head, suffix = text[:tail], text[tail:]
        head.truncate(max(1, room - suffix.cell_len), overflow="ellipsis")
        return head + suffix

    def set_mode(self, mode: str) -> None:
        """Relabel every item in another script (labels are converted once per node, cached)."""
        self.mode = mode
        for item in self._roots.values():
            if isinstance(item.data, ReportRef):
                item.set_label(self._root_label(item.data))
        for entry in self.places.entries:
            item = self._tree_nodes_by_entry.get(id(entry))
            if item is not None:
                item.set_label(self._label(entry))

    def tree_node(self, entry: Place) -> TreeNode:
        """The item of `entry`, adding its report's items first when they are not there yet."""
        item = self._tree_nodes_by_entry.get(id(entry))
        if item is None:
            self.ensure(self._roots[entry.key])
            item = self._tree_nodes_by_entry[id(entry)]
        return item

    def go_to(self, entry: Place) -> None:
        """Put the cursor on `entry`, opening its ancestors first."""
        item = self.tree_node(entry)
        parent = item.parent
        while parent is not None:
            if not parent.is_expanded:
                parent.expand()
            parent = parent.parent
        self._tree_lines  # rebuild the lines now so the item's line number is current
        self.move_cursor(item, animate=False)

    @property
    def current(self) -> Place | None:
        node = self.cursor_node
        return self.ensure(node) if node is not None else None

    def action_collapse_or_parent(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and node.is_expanded:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent)

    def action_expand_or_child(self) -> None:
        node = self.cursor_node
        if node is not None:
            self.ensure(node)
        if node is None or not node.allow_expand:
            return
        if not node.is_expanded:
            node.expand()
        elif node.children:
            self.move_cursor(node.children[0])

    def scroll_to_line(self, line: int, animate: bool = True) -> None:
        """Scroll only when `line` leaves the view, and then by half a screen.

        Scrolling repaints every row; doing it once per half screen instead of on every move
        keeps most moves to two tree rows plus the pane.
        """
        top, height = self.scroll_offset.y, self.scrollable_content_region.height
        if height <= 0 or top <= line < top + height:
            return
        self.scroll_to(y=max(0, line - height // 2), animate=False, immediate=True)

    def render_line(self, y: int) -> Strip:
        return merge_runs(super().render_line(y))

    def _refresh_node(self, node: TreeNode[Place]) -> None:
        """Repaint only the node's own line when the cursor moves.

        Textual repaints every descendant line too, because guides can change colour under the
        cursor; our stylesheet keeps guides one colour, so those lines would be sent unchanged
        (several KB per move over SSH).
        """
        line = node._line
        if line >= 0:
            self._refresh_line(line)


def merge_runs(strip: Strip) -> Strip:
    """Join neighbouring segments that look the same, so the row costs one escape code per run.

    Tree segments differ in mouse metadata (line, node, toggle) even where they look alike, and
    blank guides differ only in a foreground colour nobody sees; the terminal needs neither.
    The joined segment keeps the richer metadata (the label's), so clicks still find the node.
    """
    merged: list[Segment] = []
    for segment in strip:
        text, style, control = segment
        if merged and not control and style is not None and not merged[-1].control:
            last_text, last_style, _ = merged[-1]
            if last_style is not None and _looks_same(last_text, last_style, text, style):
                keep = style if not text.isspace() or last_text.isspace() else last_style
                merged[-1] = Segment(last_text + text, keep)
                continue
        merged.append(segment)
    return Strip(merged, strip.cell_length)


def _looks_same(text_a: str, a: Style, text_b: str, b: Style) -> bool:
    plain_a, plain_b = a.clear_meta_and_links(), b.clear_meta_and_links()
    if plain_a == plain_b:
        return True
    if text_a.isspace() or text_b.isspace():  # a blank shows only its background and attributes
        return (plain_a.bgcolor == plain_b.bgcolor and not (plain_a.reverse or plain_b.reverse)
                and not (plain_a.underline or plain_b.underline or plain_a.strike or plain_b.strike))
    return False
