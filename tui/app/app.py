"""XunshiApp: what is app-wide — the reports' places, the display script, the keymap, the screens.

The explorer (`screens/explorer.py`) is the default screen; the figures and cited-documents
views and the help are pushed over it. Slow things (the search index, OpenCC dictionaries) start
in worker threads after the first paint; workers only post messages, and handlers alone change
the screen.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.reactive import reactive
from textual.widgets import Input

from tui import i18n
from tui.analysis.findings import Findings
from tui.i18n import N_, _
from tui.library import Library, state
from tui.library.places import Places
from tui.model import Report
from tui.text import script as scripts

from .commands import GoToNode
from .keygate import STARTING, KeyGate
from .keymap import Keymap
from .output import compacting
from .render import node_heading, shown
from .screens.explorer import ExplorerScreen
from .screens.table import TableScreen, ViewState

if TYPE_CHECKING:
    from .screens.help import KeyRow


def help_screen() -> ModuleType:
    """The help, which lists the keys of every view and so imports them all: on first use."""
    from .screens import help  # every view's keys (~30 ms with the views): on first use, never before the first paint

    return help


class XunshiApp(App[int]):
    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses elsewhere find it too
    TITLE = "xunshi"
    COMMANDS = App.COMMANDS | {GoToNode}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("t", "cycle_script", "简/繁", tooltip="Script: 简体 → 繁體 → 臺灣 → 香港", id="app.script"),
        Binding("L", "toggle_language", "中/En", show=False, tooltip="Interface: 中文 / English", id="app.language"),
        Binding("question_mark", "help", "Help", key_display="?", id="app.help"),
    ]
    #: Textual's own palette commands, whose words are translated where they are shown.
    TEXTUAL_COMMANDS = (
        N_("Theme"), N_("Change the current theme"), N_("Quit the application as soon as possible"),
        N_("Keys"), N_("Show help for the focused widget and a summary of available keys"),
        N_("Hide the keys and widget help panel"), N_("Maximize"), N_("Maximize the focused widget"),
        N_("Minimize"), N_("Minimize the widget and restore to normal size"), N_("Screenshot"),
        N_("Save an SVG 'screenshot' of the current screen"), N_("palette"),
    )  # fmt: skip
    # Keys a text box takes for itself: while one has focus they cannot reach these actions,
    # so the footer does not offer them.
    TYPED = frozenset({"quit", "cycle_script", "toggle_language", "help"})

    #: The display script (tui.text.script.MODE_KEYS); screens watch it.
    mode: reactive[str] = reactive("s", init=False)
    #: The interface's language (tui.i18n.LANGUAGES); screens watch it too.
    lang: reactive[str] = reactive("zh", init=False)

    def __init__(
        self,
        reports: list[Report] | Library,
        script: str = "s",
        remember: bool = True,
        keymap: Keymap | None = None,
        lang: str | None = None,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.places = Places(reports)
        self.set_reactive(XunshiApp.mode, scripts.check_mode(script))
        self.set_reactive(XunshiApp.lang, i18n.check_language(lang or i18n.default_language() or "zh"))
        i18n.set_language(self.lang, self.mode)
        self.remember = remember
        self.keymap = keymap or Keymap()
        self.view_states: dict[str, ViewState] = {}  # how the figures / citations views were left
        self.findings = Findings(self.places)  # figures and cited titles, extracted on first use
        self.keys = KeyGate(self, self._deliver_key)
        self.keys.hold(STARTING)  # released by the explorer once its first place is on screen

    def get_driver_class(self):
        """Textual's driver, its frames sent with styles as changes (tui.app.output); on Windows,
        which writes a frame in pieces, as it is."""
        driver_class = super().get_driver_class()
        return driver_class if driver_class.__name__.startswith("Windows") else compacting(driver_class)

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
        if self.keymap.bindings:  # the reader's own keys: checked against every binding id there is
            self.keymap = self.keymap.check(help_screen().binding_ids(self.BINDINGS))
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
        i18n.set_language(script=scripts.check_mode(mode))  # the interface follows the script on screen
        self.mode = mode
        if isinstance(self.screen, TableScreen):
            self.screen.redraw()
        self.warm_script(scripts.next_mode(mode))
        if self.remember:
            self._save_script(mode)

    def action_toggle_language(self) -> None:
        self.set_language("en" if self.lang == "zh" else "zh")

    def set_language(self, lang: str) -> None:
        i18n.set_language(lang)
        self.lang = lang
        if isinstance(self.screen, TableScreen):
            self.screen.redraw()
        if self.remember:
            self._save_language(lang)

    @work(thread=True, group="state")
    def _save_language(self, lang: str) -> None:
        state.save_language(lang)

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
        self.push_screen(help_screen().HelpScreen(self.key_rows()))

    def key_rows(self) -> list[KeyRow]:
        """The help screen's rows: every described binding, with the keys in force."""
        return help_screen().help_sections(self.BINDINGS, self.keymap, self.COMMAND_PALETTE_BINDING)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action in self.TYPED and isinstance(self.focused, Input))

    def get_system_commands(self, screen):
        for command in super().get_system_commands(screen):  # Textual's own, in the interface's language
            yield SystemCommand(_(command.title), _(command.help), command.callback, command.discover)
        if isinstance(screen, ExplorerScreen):
            yield SystemCommand(
                _("Figures"), _("Every number with its unit, sortable and filterable (f)"), screen.action_figures
            )
            yield SystemCommand(
                _("Cited documents"), _("Every 《…》 title: how often, where (c)"), screen.action_citations
            )
            yield SystemCommand(_("Interface language"), _("中文 / English (L)"), self.action_toggle_language)
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
                yield SystemCommand(
                    _("Search scope"), _("Search this report only / all reports (r)"), screen.action_scope
                )

    def action_command_palette(self) -> None:
        """The palette, its prompt in the interface's language."""
        if self.use_command_palette and not any(isinstance(screen, CommandPalette) for screen in self.screen_stack):
            self.push_screen(CommandPalette(placeholder=_("Go to a node, or run a command…"), id="--command-palette"))

    async def action_quit(self) -> None:
        self.explorer.save_position()
        self.exit(0)
