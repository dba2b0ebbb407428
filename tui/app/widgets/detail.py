"""The detail pane: the selected node as readable text, wrapped by cell width."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from ..catalogue import Entry
from ..render import BREADCRUMB, breadcrumb, node_detail, report_detail


class DetailPane(VerticalScroll):
    """Shows one entry. Focusable so a long text can be scrolled with the keyboard."""

    BINDINGS = [
        Binding("j", "scroll_down", "Scroll down", show=False),
        Binding("k", "scroll_up", "Scroll up", show=False),
        Binding("g", "scroll_home", "Top", show=False),
        Binding("G", "scroll_end", "Bottom", show=False),
        Binding("space", "page_down", "Page down", show=False),
        Binding("b", "page_up", "Page up", show=False),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.entry: Entry | None = None
        self.matches: tuple[tuple[int, int], ...] = ()
        self.rendered = Text()

    def compose(self):
        yield Static(id="detail-crumb", markup=False)
        yield Static(id="detail-text", markup=False)

    def show(self, entry: Entry, mode: str, matches=()) -> None:
        """Draw `entry` in script `mode` with `matches` (offsets into its plain text) marked."""
        changed = entry is not self.entry
        self.entry, self.matches = entry, tuple(matches)
        if entry.node is None:
            self.rendered = report_detail(entry.report, mode)
        else:
            self.rendered = node_detail(entry.node, mode, self.matches, report_truncated=entry.report.truncated)
        crumb = self.query_one("#detail-crumb", Static)
        crumb.display = bool(entry.ancestors)
        crumb.update(Text(breadcrumb(entry.ancestors, mode), BREADCRUMB, no_wrap=True, overflow="ellipsis"))
        self.query_one("#detail-text", Static).update(self.rendered)
        if changed:
            self.scroll_home(animate=False)

    def scroll_to_first_match(self) -> None:
        """Bring the first highlighted match into view (by its line in the wrapped text)."""
        if not self.matches:
            return
        from ..render import HIT

        start = next((span.start for span in self.rendered.spans if span.style == HIT), None)
        if start is None:
            return
        width = max(1, self.scrollable_content_region.width)
        lines = self.rendered.wrap(self.app.console, width)
        plain, offset = self.rendered.plain, 0
        for row, line in enumerate(lines):
            offset += len(line.plain)
            if offset < len(plain) and plain[offset] == "\n":
                offset += 1
            if offset > start:
                self.scroll_to(y=max(0, row - 2), animate=False)
                return
