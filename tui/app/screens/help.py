"""The `?` screen: every key, read from the widgets' BINDINGS so it cannot drift from them."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


def binding_rows(owners: list[tuple[str, object]], palette_key: str = "ctrl+p") -> list[tuple[str, str, str]]:
    """(where, keys, description) for every described binding of `owners`, keys of one action joined.

    `owners` pairs a heading ("Everywhere", "Outline", …) with a class whose BINDINGS are read, or
    with a list of bindings (part of a class's: the app's keys split by where they work). The
    command palette's key is listed under the first heading.
    """
    rows: list[tuple[str, str, str]] = []
    for where, owner in owners:
        grouped: dict[str, list[str]] = {}
        descriptions: dict[str, str] = {}
        bindings = owner if isinstance(owner, (list, tuple)) else owner.BINDINGS
        for binding in bindings:
            if not isinstance(binding, Binding) or not binding.description or binding.system:
                continue
            keys = [key.strip() for key in binding.key.split(",")]
            shown = binding.key_display or " / ".join(_key_name(key) for key in keys)
            grouped.setdefault(binding.action, []).append(shown)
            descriptions.setdefault(binding.action, binding.tooltip or binding.description)
        for action, keys in grouped.items():
            rows.append((where, " / ".join(keys), descriptions[action]))
        if where == owners[0][0]:
            rows.append((where, _key_name(palette_key), "Command palette: go to any node"))
    return rows


def _key_name(key: str) -> str:
    names = {"escape": "Esc", "enter": "Enter", "space": "Space", "question_mark": "?",
             "left_square_bracket": "[", "right_square_bracket": "]", "slash": "/", "tab": "Tab",
             "up": "↑", "down": "↓", "left": "←", "right": "→", "ctrl+p": "Ctrl+P", "ctrl+d": "Ctrl+D",
             "ctrl+u": "Ctrl+U", "ctrl+r": "Ctrl+R", "home": "Home", "end": "End", "pageup": "PgUp",
             "pagedown": "PgDn"}
    return names.get(key, key)


def rows_markdown(rows: list[tuple[str, str, str]]) -> str:
    """The same rows as a Markdown table, for the README."""
    lines = ["| Where | Keys | What |", "|---|---|---|"]
    for where, keys, description in rows:
        keys = keys.replace("|", "\\|")
        lines.append(f"| {where} | `{keys}` | {description} |")
    return "\n".join(lines)


def rows_text(rows: list[tuple[str, str, str]]) -> Text:
    text = Text()
    width = max((len(keys) for _, keys, _ in rows), default=0)
    current = None
    for where, keys, description in rows:
        if where != current:
            if current is not None:
                text.append("\n")
            text.append(where + "\n", "bold underline")
            current = where
        text.append(f"  {keys:<{width}}  ", "bold")
        text.append(description + "\n")
    return text


class HelpScreen(ModalScreen[None]):
    """Lists the keys; any of Esc, q or ? closes it."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close help", show=True),
        Binding("j", "scroll_down", "Scroll", show=False),
        Binding("k", "scroll_up", "Scroll", show=False),
    ]

    def __init__(self, rows: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self):
        with VerticalScroll(id="help-body"):
            yield Static(rows_text(self.rows), id="help-text", markup=False)

    def action_scroll_down(self) -> None:
        self.query_one("#help-body", VerticalScroll).scroll_down(animate=False)

    def action_scroll_up(self) -> None:
        self.query_one("#help-body", VerticalScroll).scroll_up(animate=False)
