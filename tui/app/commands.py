"""Command palette provider: "go to" every node by its number or title.

Titles come from the report, so they are shown as `Content` (plain text), never markup; the
palette's own highlighter parses markup, so we mark the matched characters ourselves.
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from tui.i18n import _
from tui.text.pinyin import looks_like_pinyin, normalize, spoken
from tui.text.script import to_simplified

from .host import host
from .render import node_heading, shown

#: How a match on a heading's reading ranks beside a match on its characters (0..1).
PINYIN_SCORE = 0.8


class GoToNode(Provider):
    """Matches as search does: blind to the script (金砖 finds 金磚 and the reverse) and to the
    reader's lack of a Chinese input method (jinzhuan finds 金砖)."""

    def _candidates(self):
        """(as shown, in Simplified, help, callback) for every node of the reports loaded so far,
        and every report (loaded when picked)."""
        app = host(self)
        explorer = app.explorer
        mode = app.mode
        places = app.places
        for root in places.roots:
            if not places.is_loaded(root.key):
                yield shown(root.title, mode), root.title, _("report"), partial(explorer.go_to_report, root.key)
                continue
            for entry in places.load(root.key):
                if entry.node is None:
                    text, simplified = shown(entry.report.title, mode), entry.report.title
                    help_text = _("report")
                else:
                    text, simplified = node_heading(entry.node, mode), node_heading(entry.node, "s")
                    help_text = entry.node.id  # dotted digits from the parser: no markup in it
                yield text, simplified, help_text, partial(explorer.go_to_place, entry)

    async def discover(self) -> Hits:
        for text, _simplified, help_text, callback in self._candidates():
            yield DiscoveryHit(Content(text), callback, text=text, help=help_text)

    async def search(self, query: str) -> Hits:
        as_shown = self.matcher(query)
        folded = self.matcher(to_simplified(query)) if not query.isascii() else None
        reading = normalize(query).replace(" ", "").replace("'", "") if looks_like_pinyin(query) else ""
        for text, simplified, help_text, callback in self._candidates():
            score, matcher, target = as_shown.match(text), as_shown, text
            if folded is not None and (other := folded.match(simplified)) > score:
                score, matcher, target = other, folded, simplified  # same length: same offsets
            if score > 0:
                yield Hit(score, _highlight(matcher, text, target), callback, text=text, help=help_text)
            elif reading and reading in spoken(simplified):
                yield Hit(PINYIN_SCORE, Content(text), callback, text=text, help=help_text)


def _highlight(matcher, text: str, target: str) -> Content:
    """`text` with the characters `matcher` matched in `target` (the text, or its Simplified
    form of the same length) marked."""
    content = Content(text)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, target)
    for offset in offsets:
        if offset < len(text) and not text[offset].isspace():
            content = content.stylize("bold reverse", offset, offset + 1)
    return content
