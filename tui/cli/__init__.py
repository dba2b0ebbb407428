"""The `xunshi` command line: the explorer by default, one module a subcommand (`tui.cli.NAME`).

The subcommands are a table of module names, and only the chosen one is imported, so
`xunshi --help` and the explorer pay for none of them and one broken part cannot take the others
down. Each module has `configure(parser)` and `run(args) -> int`. Every error is one line on stderr: exit 2 for usage, 1 for
input that cannot be read; never a traceback (set XUNSHI_DEBUG=1 to see one).
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import os
import sys

from tui import __version__, i18n
from tui.app import run_app
from tui.cli.outline import print_outlines
from tui.i18n import _
from tui.library import load_reports, state
from tui.parse import ReportError
from tui.text.safe import escape_unsafe
from tui.text.script import MODE_KEYS

# name → (module providing configure/run, one-line help)
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "outline": ("tui.cli.outline", "print the indented outline of a report (--json: the whole model)"),
    "show": ("tui.cli.show", "print one node by dotted id or unique label such as (9)"),
    "check": ("tui.cli.check", "check report files: counts per level, problems, measures, warnings"),
    "search": ("tui.cli.search", "search the reports from the command line"),
    "figures": ("tui.cli.figures", "list the figures (numbers with units) in a report"),
    "citations": ("tui.cli.citations", "list the documents a report cites"),
    "status": ("tui.cli.status", "the status of each problem and measure, with the phrase that decided it"),
    "scorecard": (
        "tui.cli.scorecard",
        "a report's scorecard: statuses counted, its claims checked, accountability figures",
    ),
    "similar": ("tui.cli.similar", "the problems of other reports most alike one problem (FILE#NODE)"),
    "compare": ("tui.cli.compare", "match the problems of two reports: new, gone, changed status"),
    "export": ("tui.cli.export", "export a report or one node as Markdown, JSON, YAML or CSV"),
    "screenshots": ("tui.cli.screenshots", "write SVG screenshots of the explorer into screenshots/"),
    "build": ("tui.cli.build", "parse seeds/ into data/*.yaml (--check: fail when data/ is stale)"),
    "paths": ("tui.cli.paths", "print where config, state, cache and data live"),
}


class UsageError(Exception):
    """A command line that cannot be understood (exit 2)."""


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors instead of usage + message."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message} (see {self.prog} --help)")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    i18n.set_language(*state.interface_language())  # XUNSHI_LANG, else the remembered setting
    for stream in (sys.stdout, sys.stderr):  # a terminal that cannot show Chinese gets "?", not a crash
        reconfigure = getattr(stream, "reconfigure", None)
        try:
            if reconfigure is not None:
                reconfigure(errors="replace")
        except ValueError:
            pass
    try:
        return _dispatch(argv)
    except KeyboardInterrupt:
        return 130
    except UsageError as error:
        return _fail(str(error), 2)
    except BrokenPipeError:
        _silence_stdout()
        return 1
    except Exception as error:  # the last line of defence: one line, never a traceback
        if os.environ.get("XUNSHI_DEBUG"):
            raise
        return _fail(f"xunshi: {_describe(error)}", 1)


def _dispatch(argv: list[str]) -> int:
    if argv and argv[0] in SUBCOMMANDS:
        return _run_subcommand(argv[0], argv[1:])
    return _run_explorer(argv)


def _run_subcommand(name: str, argv: list[str]) -> int:
    target, help_text = SUBCOMMANDS[name]
    command = _load(name, target)
    if isinstance(command, int):
        return command
    parser = _Parser(prog=f"xunshi {name}", description=help_text)
    command.configure(parser)
    # Intermixed: `xunshi show (9) --format json FILE` works; plain parse_args would leave FILE
    # "unrecognized" because the optional positional was consumed (empty) before --format.
    args = parser.parse_intermixed_args(argv)
    try:
        return int(command.run(args) or 0)
    except BrokenPipeError:  # the reader stopped (`| head`): main() ends quietly
        raise
    except (OSError, ValueError) as error:  # ReportError is a ValueError
        if os.environ.get("XUNSHI_DEBUG"):
            raise
        return _fail(f"xunshi {name}: {_describe(error)}", 1)


def _load(name: str, target: str):
    """The object with configure/run for a subcommand, or an exit code after one clear line."""
    module_name = target
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name and module_name.startswith(error.name):
            return _fail(f"xunshi {name}: this command is not available in this build ({module_name} is missing)", 1)
        return _fail(f"xunshi {name}: cannot load {module_name}: {_describe(error)}", 1)
    except Exception as error:
        return _fail(f"xunshi {name}: cannot load {module_name}: {_describe(error)}", 1)
    command = module
    if not (callable(getattr(command, "configure", None)) and callable(getattr(command, "run", None))):
        return _fail(f"xunshi {name}: {module_name} does not provide configure() and run() yet", 1)
    return command


def _explorer_parser() -> _Parser:
    commands = "\n".join(f"  {name:<12} {help_text}" for name, (_, help_text) in SUBCOMMANDS.items())
    parser = _Parser(
        prog="xunshi",
        description="Explore Chinese inspection-rectification reports (巡视整改进展情况通报) in the terminal.",
        epilog=f"commands (xunshi COMMAND --help for each):\n{commands}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="report files (.txt parsed on the fly, .yaml from `xunshi build`, or a directory); "
        "none: the bundled reports",
    )
    parser.add_argument(
        "--script",
        choices=MODE_KEYS,
        default=None,
        help="display script: s (Simplified), s2t (Traditional), s2tw (Taiwan), s2hk (Hong Kong)",
    )
    parser.add_argument(
        "--lang",
        choices=i18n.LANGUAGES,
        default=None,
        help="the interface's language: zh (Chinese, the default) or en (English); remembered",
    )
    parser.add_argument("--no-mouse", action="store_true", help="do not capture the mouse")
    parser.add_argument("--version", action="version", version=f"xunshi {__version__}")
    return parser


def _run_explorer(argv: list[str]) -> int:
    args = _explorer_parser().parse_intermixed_args(argv)
    for name in args.files:
        if not os.path.exists(name) and name.isidentifier():
            close = difflib.get_close_matches(name, SUBCOMMANDS, n=1)
            hint = (
                _("; did you mean `xunshi {command}`?").format(command=close[0])
                if close
                else _(" (commands: {commands})").format(commands=", ".join(SUBCOMMANDS))
            )
            raise UsageError(_("xunshi: no such command or file: {name}{hint}").format(name=name, hint=hint))
    # No keyboard or no screen (cron, CI, `xunshi < /dev/null`): the explorer would wait forever
    # for keys that never come. Print the outline instead, and say so in one line.
    terminal = _is_tty(sys.stdin) and _is_tty(sys.stderr)  # Textual reads stdin, draws on stderr
    if not terminal:
        try:
            reports = load_reports(args.files)
        except ReportError as error:
            return _fail(f"xunshi: {error}", 2)
        print_outlines(reports)
        _fail(
            _("xunshi: no terminal to draw the explorer on: printed the outline "
              "(see xunshi --help for show, search and the other commands)"),
            0,
        )  # fmt: skip
        return 0
    if args.lang:
        i18n.set_language(args.lang)
        state.save_language(args.lang)  # asked for once, kept (`L` in the explorer switches)
    return int(run_app(args.files, script=args.script, mouse=not args.no_mouse, lang=i18n.language()) or 0)


def _is_tty(stream) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (ValueError, OSError):  # closed
        return False


def _describe(error: BaseException) -> str:
    if isinstance(error, ReportError):
        return str(error)
    if isinstance(error, OSError):
        where = f"{error.filename}: " if error.filename else ""
        return f"{where}{error.strerror or error}"
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _fail(message: str, code: int) -> int:
    print(" ".join(escape_unsafe(message).split()), file=sys.stderr)  # file names are data too
    return code


def _silence_stdout() -> None:
    """After a closed pipe (`xunshi outline | head`), stop Python from complaining at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
