"""The `?` screen: every key, read from the widgets' BINDINGS so it cannot drift from them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..keymap import Keymap
from ..widgets.detail import DetailPane
from ..widgets.keybar import KeyBar
from ..widgets.outline import OutlineTree
from ..widgets.rows import RowList
from ..widgets.search_panel import SearchInput, SearchResults
from .citations import CitationsScreen
from .explorer import ExplorerScreen
from .figures import FiguresScreen
from .table import FilterInput, TableScreen


def sections(app_bindings: Sequence[object]) -> list[tuple[str, list]]:
    """Where each group of keys works, and its bindings, in the order help lists them."""
    owners: list[tuple[str, Any]] = [
        ("Explorer", ExplorerScreen),
        ("Outline", OutlineTree),
        ("Text pane", DetailPane),
        ("Search box", SearchInput),
        ("Search results", SearchResults),
        ("Figures and cited documents", TableScreen),
        ("Figures and cited documents", RowList),
        ("Figures and cited documents", FilterInput),
        ("Figures", FiguresScreen),
        ("Cited documents", CitationsScreen),
        ("Help", HelpScreen),
    ]
    return [("Everywhere", list(app_bindings)), *((where, list(owner.BINDINGS)) for where, owner in owners)]


def binding_ids(app_bindings: Sequence[object]) -> set[str]:
    """Every binding id a keymap may name."""
    return {
        binding.id
        for _, bindings in sections(app_bindings)
        for binding in bindings
        if isinstance(binding, Binding) and binding.id
    }


def help_sections(
    app_bindings: Sequence[object], keymap: Keymap, palette_key: str = "ctrl+p"
) -> list[tuple[str, str, str]]:
    """(where, keys, description) for every described binding, with the keys in force, keys of
    one action joined; the command palette's key is listed under the first heading."""
    rows: list[tuple[str, str, str]] = []
    for where, bindings in sections(app_bindings):
        grouped: dict[str, list[str]] = {}
        descriptions: dict[str, str] = {}
        for binding in bindings:
            if not isinstance(binding, Binding) or not binding.description or binding.system:
                continue
            keys, changed = keymap.keys(binding.id, binding.key)
            names = [key.strip() for key in keys.split(",")]
            shown = binding.key_display if binding.key_display and not changed else " / ".join(map(_key_name, names))
            grouped.setdefault(binding.action, []).append(shown)
            descriptions.setdefault(binding.action, binding.tooltip or binding.description)
        for action, keys_shown in grouped.items():
            rows.append((where, " / ".join(keys_shown), descriptions[action]))
        if where == "Everywhere":
            rows.append((where, _key_name(palette_key), "Command palette: go to any node"))
    return rows


def _key_name(key: str) -> str:
    names = {
        "escape": "Esc",
        "enter": "Enter",
        "space": "Space",
        "question_mark": "?",
        "left_square_bracket": "[",
        "right_square_bracket": "]",
        "slash": "/",
        "tab": "Tab",
        "up": "↑",
        "down": "↓",
        "left": "←",
        "right": "→",
        "ctrl+p": "Ctrl+P",
        "ctrl+d": "Ctrl+D",
        "ctrl+u": "Ctrl+U",
        "ctrl+r": "Ctrl+R",
        "home": "Home",
        "end": "End",
        "pageup": "PgUp",
        "pagedown": "PgDn",
    }
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
        Binding("escape,q,question_mark", "dismiss", "Close help", show=True, id="help.close"),
        Binding("j", "scroll_down", "Scroll", show=False, id="help.down"),
        Binding("k", "scroll_up", "Scroll", show=False, id="help.up"),
    ]

    def __init__(self, rows: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self):
        with VerticalScroll(id="help-body"):
            yield Static(rows_text(self.rows), id="help-text", markup=False)
        yield KeyBar()

    def action_scroll_down(self) -> None:
        self.query_one("#help-body", VerticalScroll).scroll_down(animate=False)

    def action_scroll_up(self) -> None:
        self.query_one("#help-body", VerticalScroll).scroll_up(animate=False)
