"""XunshiApp: what is app-wide — the reports' places, the display script, the keymap, the screens.

The explorer (`screens/explorer.py`) is the default screen; the figures and cited-documents
views and the help are pushed over it. Slow things (the search index, OpenCC dictionaries) start
in worker threads after the first paint; workers only post messages, and handlers alone change
the screen.
"""

from __future__ import annotations

from pathlib import Path

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.widgets import Input

from tui.analysis.findings import Findings
from tui.i18n import _
from tui.library import Library, state
from tui.library.places import Places
from tui.model import Report
from tui.text import script as scripts

from .commands import GoToNode
from .keygate import STARTING, KeyGate
from .keymap import Keymap
from .render import node_heading, shown
from .screens.explorer import ExplorerScreen
from .screens.help import HelpScreen, KeyRow, binding_ids, help_sections
from .screens.table import TableScreen, ViewState


class XunshiApp(App[int]):
    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses elsewhere find it too
    TITLE = "xunshi"
    COMMANDS = App.COMMANDS | {GoToNode}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("t", "cycle_script", "简/繁", tooltip="Script: 简体 → 繁體 → 臺灣 → 香港", id="app.script"),
        Binding("question_mark", "help", "Help", key_display="?", id="app.help"),
    ]
    # Keys a text box takes for itself: while one has focus they cannot reach these actions,
    # so the footer does not offer them.
    TYPED = frozenset({"quit", "cycle_script", "help"})

    #: The display script (tui.text.script.MODE_KEYS); screens watch it.
    mode: reactive[str] = reactive("s", init=False)

    def __init__(
        self,
        reports: list[Report] | Library,
        script: str = "s",
        remember: bool = True,
        keymap: Keymap | None = None,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.places = Places(reports)
        self.set_reactive(XunshiApp.mode, scripts.check_mode(script))
        self.remember = remember
        self.keymap = keymap or Keymap()
        self.view_states: dict[str, ViewState] = {}  # how the figures / citations views were left
        self.findings = Findings(self.places)  # figures and cited titles, extracted on first use
        self.keys = KeyGate(self, self._deliver_key)
        self.keys.hold(STARTING)  # released by the explorer once its first place is on screen

    def get_default_screen(self) -> ExplorerScreen:
        return ExplorerScreen(remember=self.remember)

    async def on_event(self, event: events.Event) -> None:
        """Every key passes the gate (see keygate.py): held while the screen it is meant for
        is not ready, then replayed in order."""
        if isinstance(event, events.Key) and not event.is_forwarded and not self.keys.admit(event):
            return
        await super().on_event(event)

    async def _deliver_key(self, event: events.Key) -> None:
        await super().on_event(event)

    def on_mount(self) -> None:
        self.screen_change_signal.subscribe(self, self._screen_changed)
        self.keymap = self.keymap.check(binding_ids(self.BINDINGS))
        if self.keymap.bindings:
            self.set_keymap(self.keymap.bindings)
        if self.keymap.error:
            self.notify(self.keymap.error, severity="warning", timeout=8, markup=False)

    def _screen_changed(self, screen) -> None:
        """A screen opened or closed: keys wait until it is on screen, so none go astray."""
        self.keys.settle(screen)

    @property
    def explorer(self) -> ExplorerScreen:
        """The explorer (the bottom of the screen stack, also while a view is on top)."""
        screen = self.screen_stack[0]
        assert isinstance(screen, ExplorerScreen)
        return screen

    @property
    def several(self) -> bool:
        return len(self.places) > 1

    # ---- the script -------------------------------------------------------------------------
    def action_cycle_script(self) -> None:
        self.set_script(scripts.next_mode(self.mode))

    def set_script(self, mode: str) -> None:
        self.mode = scripts.check_mode(mode)
        if isinstance(self.screen, TableScreen):
            self.screen.redraw()
        self.warm_script(scripts.next_mode(mode))
        if self.remember:
            self._save_script(mode)

    @work(thread=True, group="warm")
    def warm_script(self, mode: str) -> None:
        """Convert every label and text for `mode` now, so pressing `t` only draws."""
        scripts.warm(mode)
        for place in list(self.places.entries):
            if place.node is None:
                shown(place.report.title, mode)
            else:
                node_heading(place.node, mode)
                shown(place.node.plain_text(), mode)

    @work(thread=True, group="state")
    def _save_script(self, mode: str) -> None:
        state.save_script(mode)

    # ---- help, palette, quitting ------------------------------------------------------------
    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.key_rows()))

    def key_rows(self) -> list[KeyRow]:
        """The help screen's rows: every described binding, with the keys in force."""
        return help_sections(self.BINDINGS, self.keymap, self.COMMAND_PALETTE_BINDING)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action in self.TYPED and isinstance(self.focused, Input))

    def get_system_commands(self, screen):
        yield from super().get_system_commands(screen)
        if isinstance(screen, ExplorerScreen):
            yield SystemCommand(
                "Figures", "Every number with its unit, sortable and filterable (f)", screen.action_figures
            )
            yield SystemCommand("Cited documents", "Every 《…》 title: how often, where (c)", screen.action_citations)
            yield SystemCommand(
                _("Scorecard"),
                _("What was done, counted, against what the report claims; every place cited (s)"),
                screen.action_scorecard,
            )
            yield SystemCommand(
                _("Similar problems"),
                _("The problems of the other open reports most alike this one (m)"),
                screen.action_similar,
            )
            if self.several:
                yield SystemCommand("Search scope", "Search this report only / all reports (r)", screen.action_scope)

    async def action_quit(self) -> None:
        self.explorer.save_position()
        self.exit(0)
