"""The `?` screen: every key, read from the widgets' BINDINGS so it cannot drift from them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.analysis.scorecard import MARKS, STATUS_NAMES
from tui.analysis.status import STATUSES
from tui.i18n import N_, _

from ..keymap import Keymap
from ..widgets.detail import DetailPane
from ..widgets.keybar import KeyBar
from ..widgets.outline import OutlineTree
from ..widgets.rows import RowList
from ..widgets.search_panel import SearchInput, SearchResults
from .citations import CitationsScreen
from .copy import CopyChoice
from .explorer import ExplorerScreen
from .figures import FiguresScreen
from .table import FilterInput, TableScreen


def sections(app_bindings: Sequence[object]) -> list[tuple[str, list]]:
    """Where each group of keys works, and its bindings, in the order help lists them."""
    owners: list[tuple[str, Any]] = [
        (N_("Explorer"), ExplorerScreen),
        (N_("Outline"), OutlineTree),
        (N_("Text pane"), DetailPane),
        (N_("Search box"), SearchInput),
        (N_("Search results"), SearchResults),
        (N_("Views (figures, cited, scorecards, similar)"), TableScreen),
        (N_("Views (figures, cited, scorecards, similar)"), RowList),
        (N_("Views (figures, cited, scorecards, similar)"), FilterInput),
        (N_("Figures"), FiguresScreen),
        (N_("Cited documents"), CitationsScreen),
        (N_("Help"), HelpScreen),
        (N_("Copy a piece"), CopyChoice),
    ]
    return [(N_("Everywhere"), list(app_bindings)), *((where, list(owner.BINDINGS)) for where, owner in owners)]


def binding_ids(app_bindings: Sequence[object]) -> set[str]:
    """Every binding id a keymap may name."""
    return {
        binding.id
        for _where, bindings in sections(app_bindings)
        for binding in bindings
        if isinstance(binding, Binding) and binding.id
    }


@dataclass(frozen=True)
class KeyRow:
    """One line of help: where the keys work, the keys in force, what they do, their ids."""

    where: str
    keys: str
    description: str
    ids: str = ""  # the binding ids a keymap names them by, comma-separated


def help_sections(app_bindings: Sequence[object], keymap: Keymap, palette_key: str = "ctrl+p") -> list[KeyRow]:
    """A row for every described binding, with the keys in force, keys of one action joined;
    the command palette's key is listed under the first heading."""
    rows: list[KeyRow] = []
    for where, bindings in sections(app_bindings):
        grouped: dict[str, list[str]] = {}
        ids: dict[str, list[str]] = {}
        descriptions: dict[str, str] = {}
        for binding in bindings:
            if not isinstance(binding, Binding) or not binding.description or binding.system:
                continue
            keys, changed = keymap.keys(binding.id, binding.key)
            names = [key.strip() for key in keys.split(",")]
            shown = binding.key_display if binding.key_display and not changed else " / ".join(map(_key_name, names))
            grouped.setdefault(binding.action, []).append(shown)
            ids.setdefault(binding.action, []).append(binding.id or "")
            descriptions.setdefault(binding.action, _(binding.tooltip or binding.description))
        for action, keys_shown in grouped.items():
            rows.append(KeyRow(_(where), " / ".join(keys_shown), descriptions[action], ", ".join(ids[action])))
        if where == "Everywhere":
            rows.append(KeyRow(_(where), _key_name(palette_key), _("Command palette: go to any node")))
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
        "home": "Home",
        "end": "End",
        "pageup": "PgUp",
        "pagedown": "PgDn",
    }
    modifiers, _plus, name = key.rpartition("+")
    if modifiers:  # ctrl+f → Ctrl+F, ctrl+shift+up → Ctrl+Shift+↑
        shown = names.get(name, name.upper() if len(name) == 1 else name.capitalize())
        return "+".join([*(part.capitalize() for part in modifiers.split("+")), shown])
    return names.get(key, key)


def rows_markdown(rows: list[KeyRow]) -> str:
    """The same rows as a Markdown table, for the README (with the ids a keymap uses)."""
    lines = ["| Where | Keys | What | Id |", "|---|---|---|---|"]
    for row in rows:
        keys = row.keys.replace("|", "\\|")
        ids = f"`{row.ids}`" if row.ids else ""
        lines.append(f"| {row.where} | `{keys}` | {row.description} | {ids} |")
    return "\n".join(lines)


def rows_text(rows: list[KeyRow]) -> Text:
    text = Text()
    width = max((len(row.keys) for row in rows), default=0)
    current = None
    for row in rows:
        if row.where != current:
            if current is not None:
                text.append("\n")
            text.append(row.where + "\n", "bold underline")
            current = row.where
        text.append(f"  {row.keys:<{width}}  ", "bold")
        text.append(row.description + "\n")
    return text


def marks_text() -> Text:
    """What the status marks of the outline, the pane and the scorecard mean."""
    text = Text("\n")
    text.append(_("Status marks (outline, text pane, scorecard)") + "\n", "bold underline")
    for status in STATUSES:
        text.append(f"  {MARKS[status]}  ", "bold")
        text.append(_(STATUS_NAMES[status]) + "\n")
    text.append("  ≠  ", "bold")
    text.append(_("the report's own figure differs from the counted one") + "\n")
    return text


class HelpScreen(ModalScreen[None]):
    """Lists the keys; any of Esc, q or ? closes it."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close help", show=True, id="help.close"),
        Binding("j,down", "scroll(1)", "Scroll down", show=False, id="help.down"),
        Binding("k,up", "scroll(-1)", "Scroll up", show=False, id="help.up"),
        Binding("space,pagedown,ctrl+d", "page(1)", "Page down", key_display="Space", id="help.page-down"),
        Binding("b,pageup,ctrl+u", "page(-1)", "Page up", show=False, id="help.page-up"),
        Binding("g,home", "end(0)", "Top", show=False, id="help.top"),
        Binding("G,end", "end(1)", "Bottom", show=False, id="help.bottom"),
    ]

    def __init__(self, rows: list[KeyRow]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self):
        with VerticalScroll(id="help-body"):
            yield Static(rows_text(self.rows), id="help-text", markup=False)
            yield Static(marks_text(), id="help-marks", markup=False)
        yield KeyBar()

    @property
    def body(self) -> VerticalScroll:
        return self.query_one("#help-body", VerticalScroll)

    def action_scroll(self, step: int) -> None:
        self.body.scroll_relative(y=step, animate=False)

    def action_page(self, step: int) -> None:
        if step > 0:
            self.body.scroll_page_down(animate=False)
        else:
            self.body.scroll_page_up(animate=False)

    def action_end(self, bottom: int) -> None:
        if bottom:
            self.body.scroll_end(animate=False)
        else:
            self.body.scroll_home(animate=False)
