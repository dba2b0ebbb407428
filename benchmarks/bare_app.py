"""The start-up baseline: a bare Textual app with the explorer's widgets and no data.

Header, Tree, Static, Input and Footer in the explorer's arrangement (tree left, pane right,
search box below), focus on the tree as in the explorer, nothing loaded. What xunshi costs
above this is what the project adds; what this costs is Textual's floor.
Run it with `python -m benchmarks.bare_app`.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.widgets import Footer, Header, Input, Static, Tree

TITLE = "bare textual"


class BareApp(App):
    TITLE = TITLE
    CSS = """
    #tree { width: 40%; }
    #pane { width: 1fr; padding: 0 1; }
    """
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield Tree("", id="tree")
            yield Static("", id="pane", markup=False)
        yield Input(placeholder="search", id="search")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Tree).focus()


def main() -> int:
    BareApp().run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
