"""`Y`: copy one piece of the node — its heading, or a single measure — with where it is from.

A small list over the explorer; Enter (or the piece's number) copies it, Esc closes. What is
copied always ends with a source line (report, publisher, date, label) so a quote can be cited.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.i18n import _

from ..widgets.keybar import KeyBar


class CopyChoice(ModalScreen[str | None]):
    """Pieces (title, text to copy); dismissed with the text chosen, or None."""

    BINDINGS = [
        Binding("escape,q", "dismiss", "Close", id="copy.close"),
        *(
            Binding(str(n), f"choose({n - 1})", f"Copy piece {n}", show=False, id=f"copy.piece-{n}")
            for n in range(1, 10)
        ),
    ]

    def __init__(self, pieces: list[tuple[str, str]]) -> None:
        super().__init__()
        self.pieces = pieces

    def compose(self):
        with Vertical(id="copy-body"):
            yield Static(Text(_("Copy which piece? (Enter, or its number)"), style="bold"), id="copy-title")
            yield OptionList(
                *(Option(Text(f"{n}  {title}", no_wrap=True, overflow="ellipsis")) for n, (title, _text) in
                  enumerate(self.pieces, 1)),
                id="copy-pieces",
            )  # fmt: skip
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_choose(event.option_index)

    def action_choose(self, index: int) -> None:
        if 0 <= index < len(self.pieces):
            self.dismiss(self.pieces[index][1])
