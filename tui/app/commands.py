"""Command palette provider: "go to" every node by its number or title.

Titles come from the report, so they are shown as `Content` (plain text), never markup; the
palette's own highlighter parses markup, so we mark the matched characters ourselves.
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from tui.i18n import _

from .host import host
from .render import node_heading, shown


class GoToNode(Provider):
    def _candidates(self):
        """Every node of the reports loaded so far, and every report (loaded when picked)."""
        app = host(self)
        explorer = app.explorer
        mode = app.mode
        places = app.places
        for root in places.roots:
            if not places.is_loaded(root.key):
                yield shown(root.title, mode), _("report"), partial(explorer.go_to_report, root.key)
                continue
            for entry in places.load(root.key):
                if entry.node is None:
                    text = shown(entry.report.title, mode)
                    help_text = _("report")
                else:
                    text = node_heading(entry.node, mode)
                    help_text = entry.node.id  # dotted digits from the parser: no markup in it
                yield text, help_text, partial(explorer.go_to_place, entry)

    async def discover(self) -> Hits:
        for text, help_text, callback in self._candidates():
            yield DiscoveryHit(Content(text), callback, text=text, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, help_text, callback in self._candidates():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, _highlight(matcher, text), callback, text=text, help=help_text)


def _highlight(matcher, text: str) -> Content:
    content = Content(text)
    _, offsets = matcher.fuzzy_search.match(matcher.query, text)
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize("bold reverse", offset, offset + 1)
    return content
