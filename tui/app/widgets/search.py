"""The search panel: a query box, a count line and the list of hits."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.safe_text import clean

from ..render import BREADCRUMB, HEADING, shown, snippet_text


class SearchInput(Input):
    """The query box. Up/Down move through the hits without leaving it; it never blinks."""

    BINDINGS = [
        Binding("enter", "submit", "Open the hit", key_display="Enter"),
        Binding("escape", "app.back", "Back to the tree", key_display="Esc"),
        Binding("down", "hit(1)", "Next hit", show=False),
        Binding("up", "hit(-1)", "Previous hit", show=False),
        Binding("ctrl+r", "app.scope", "Search this report only / all reports", show=False),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(placeholder="/ 搜索", compact=True, **kwargs)
        self.cursor_blink = False  # a blinking cursor sends bytes every half second over SSH

    def replace(self, text: str, start: int, end: int) -> None:
        """Every insertion (keys, paste) lands here: pasted escapes and bidi controls never show."""
        super().replace(clean(text), start, end)

    def action_hit(self, step: int) -> None:
        results = self.screen.query_one(SearchResults)
        if results.option_count:
            current = results.highlighted if results.highlighted is not None else -step
            results.highlighted = max(0, min(results.option_count - 1, current + step))


class SearchResults(OptionList):
    """One option per hit: the node's heading and breadcrumb, then the snippet with hits marked."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def show_hits(self, hits, mode: str, crumbs: list[str] | None = None,
                  headings: list[str | None] | None = None) -> None:
        """List `hits`; `crumbs` (one per hit) replace the engine's breadcrumbs when given, and a
        heading in `headings` (None: the hit's own label and title) names a report's own page."""
        highlighted = self.highlighted
        self.clear_options()
        crumbs = crumbs or [shown(hit.breadcrumb, mode) for hit in hits]
        headings = headings or [None] * len(hits)
        self.add_options([Option(hit_prompt(hit, mode, crumb, heading))
                          for hit, crumb, heading in zip(hits, crumbs, headings)])
        if hits:
            self.highlighted = highlighted if highlighted is not None and highlighted < len(hits) else 0


def hit_prompt(hit, mode: str, crumb: str, heading: str | None = None) -> Text:
    """Three lines: the heading (`heading`, already shown, else the hit's label and title), the
    breadcrumb, the snippet."""
    prompt = Text(no_wrap=True, overflow="ellipsis")
    prompt.append(heading if heading is not None else shown(hit.label, mode) + shown(hit.title, mode), HEADING)
    if crumb:
        prompt.append("\n" + crumb, BREADCRUMB)
    prompt.append("\n")
    prompt.append_text(snippet_text(hit.snippet, hit.snippet_spans, mode))
    return prompt


class SearchPanel(Vertical):
    def compose(self):
        yield SearchInput(id="search-input")
        yield Static(id="search-scope", markup=False)
        yield Static(id="search-count", markup=False)
        yield SearchResults(id="search-results")

    def set_count(self, message: str) -> None:
        self.query_one("#search-count", Static).update(Text(message, no_wrap=True, overflow="ellipsis"))

    def set_scope(self, message: str) -> None:
        self.query_one("#search-scope", Static).update(Text(message, no_wrap=True, overflow="ellipsis"))
