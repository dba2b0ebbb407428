"""The key bar at the bottom: the keys that work now, in the order a reader learns them.

Textual's Footer lists the focused widget's keys, then the screen's, then the app's, and cuts
the last one in the middle when the line is full. This bar lists them in `ORDER` (by binding
id), shows only whole items that fit, keeps the command palette at the right end, and redraws
only when the active bindings change (focus moves, a screen opens). A click on an item presses
its key.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.widget import Widget

from tui.i18n import _

#: On a narrow screen (one pane at a time) `v` switches between them: offered first of all.
NARROW_ORDER = ("app.quit", "explorer.toggle-view")
#: Binding ids in the order they are shown; the bindings of the focused widget come first,
#: those not named here follow in the order Textual gives them.
ORDER = (
    "view.close", "view.filter", "view.sort", "figures.unit", "citations.places", "help.close", "app.quit", "explorer.search", "explorer.next-problem", "explorer.next-match", "app.script",
    "explorer.figures", "explorer.citations", "app.help",
)  # fmt: skip
GAP = " "


class KeyBar(Widget):
    COMPONENT_CLASSES = {"keybar--key", "keybar--description"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        .keybar--key { color: $footer-key-foreground; text-style: bold; }
        .keybar--description { color: $footer-description-foreground; }
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._items: list[tuple[str, str, str]] = []  # (key, shown key, description)
        self._spans: list[tuple[int, int, str]] = []  # (first cell, end cell, key) as drawn

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.call_after_refresh(self._bindings_changed, self.screen)
        for words in ("lang", "mode"):  # the interface's language and script: the descriptions change
            if hasattr(self.app, words):
                self.watch(self.app, words, lambda _value: self._bindings_changed(self.screen), init=False)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen) -> None:
        items = self.items()
        if items != self._items:
            self._items = items
            self.refresh()

    def items(self) -> list[tuple[str, str, str]]:
        """(key, shown key, description) of every key to offer now, in the bar's order."""
        app = self.app
        focused = app.focused
        first, ranked, rest = [], {}, []
        seen_actions: set[tuple[object, str]] = set()
        palette = None
        narrow = self.screen.has_class("narrow")
        order = (*NARROW_ORDER, *ORDER) if narrow else ORDER
        for key, (node, binding, enabled, _tooltip) in self.screen.active_bindings.items():
            if key == app.COMMAND_PALETTE_BINDING:
                palette = (key, app.get_key_display(binding), _(binding.description))
                continue
            offered = binding.show or (narrow and binding.id in NARROW_ORDER)
            if not offered or not enabled or (node, binding.action) in seen_actions:
                continue
            seen_actions.add((node, binding.action))
            item = (key, app.get_key_display(binding), _(binding.description))
            if binding.id in order:
                ranked[order.index(binding.id)] = item
            elif focused is not None and node is focused:
                first.append(item)
            else:
                rest.append(item)
        items = first + [ranked[index] for index in sorted(ranked)] + rest
        return items + ([palette] if palette is not None and app.ENABLE_COMMAND_PALETTE else [])

    def render(self) -> Text:
        width = self.size.width
        key_style = self.get_component_rich_style("keybar--key", partial=True)
        text_style = self.get_component_rich_style("keybar--description", partial=True)
        items = self._items
        palette = items[-1] if items and items[-1][0] == self.app.COMMAND_PALETTE_BINDING else None
        body = items[:-1] if palette is not None else items
        tail = Text()
        if palette is not None:
            tail.append("▏")
            tail.append(palette[1], key_style)
            tail.append(" " + palette[2], text_style)
        line, spans = Text(no_wrap=True), []
        room = width - tail.cell_len
        for key, shown, description in body:
            piece = Text(shown, key_style) + Text(" " + description, text_style)
            extra = len(GAP) if line.cell_len else 0
            if line.cell_len + extra + piece.cell_len > room:
                break
            if extra:
                line.append(GAP)
            spans.append((line.cell_len, line.cell_len + piece.cell_len, key))
            line.append_text(piece)
        if palette is not None and tail.cell_len <= width:
            line.pad_right(max(0, width - line.cell_len - tail.cell_len))
            spans.append((line.cell_len, line.cell_len + tail.cell_len, palette[0]))
            line.append_text(tail)
        self._spans = spans
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                event.stop()
                self.app.simulate_key(key)
                return
