"""`xunshi build [--check] [--force] [--no-index]`: parse `seeds/` into `data/*.yaml`, then
bring the search index up to date."""

from __future__ import annotations

import argparse
import sys
import time

from tui.cli.common import out
from tui.i18n import N_, _, n_
from tui.library import paths
from tui.library.build import build
from tui.library.bundled import bundled_library
from tui.library.library import Library

#: The steps and places `build` names, translated where they are printed.
WORDS = (N_("built"), N_("unchanged"), N_("removed"), N_("stale"), N_("disk"), N_("memory"))

#: What `xunshi build` says in an installed copy, which has no seeds/ of its own to build.
INSTALLED = N_(
    "xunshi build: this is an installed copy; its bundled report is built already, and nothing is\n"
    "written beside it ({data}).\n"
    "Your own reports (.txt, .html, .docx) stay wherever you keep them: open them with\n"
    "`xunshi FILE ...` or `xunshi FOLDER`; every subcommand takes them too. Their search index is\n"
    "kept in {cache}. To build data/ from seeds/, work in a clone of the repository."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 naming the stale files")
    parser.add_argument("--force", action="store_true", help="parse every seed again, changed or not")
    parser.add_argument("--no-index", action="store_true", help="do not update the search index")


def run(args: argparse.Namespace) -> int:
    """One line per seed (built / unchanged), per removed data file, then the search index.

    An installed copy's bundled report is package data, built when the wheel was: nothing is
    written there. The installed user is told where their own reports go, and the index of the
    bundled report (in the user's cache) is brought up to date; `--check` works as anywhere."""
    if paths.installed() and not args.check:
        print(_(INSTALLED).format(data=paths.data_dir(), cache=paths.cache_dir()))
        return _index(bundled_library(), args)
    steps, library = build(check=args.check, force=args.force)
    root = paths.project_root()

    def name(path) -> str:
        return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)

    if args.check:
        stale = [step for step in steps if step.action == "stale"]
        if stale:
            files = [step for step in stale if step.path.suffix == ".yaml"] or stale  # the catalog follows them
            command = "xunshi build --force" if any(step.needs_force for step in stale) else "xunshi build"
            stale_files = ", ".join(name(step.path) for step in files)
            print(_("xunshi build: stale: {files} (run `{command}`)").format(files=stale_files, command=command),
                  file=sys.stderr)  # fmt: skip
            return 1
        print(_("data/ is up to date"))
        return 0
    for step in steps:
        out(
            f"{_(step.action):<9} {name(step.path)}"
            + (
                _("  (from seeds/{name})").format(name=step.name)
                if step.action == "built" and step.name.endswith(".txt")
                else ""
            )
        )
    counts = {
        action: sum(step.action == action for step in steps if step.name.endswith(".txt") or action == "removed")
        for action in ("built", "unchanged", "removed")
    }
    if len(steps) > 10:  # a long list: say it in one line too
        print(_("data      {built} built, {unchanged} unchanged, {removed} removed").format(**counts))
    return _index(library, args)


def _index(library: Library, args: argparse.Namespace) -> int:
    """Bring the search index of `library` up to date, in one line."""
    if args.no_index or not len(library):
        return 0
    from tui.search import SearchEngine  # Whoosh: imported only when there is an index to update

    started = time.perf_counter()
    engine = SearchEngine(library, cache_dir=paths.cache_dir())
    engine.open()
    change = engine.change
    seconds = time.perf_counter() - started
    if change is None:
        print(
            _("index     up to date ({reports}, {seconds:.1f} s)").format(reports=_count(len(library)), seconds=seconds)
        )
    else:
        origins = [ref.origin for ref in map(library.find, change.added) if ref is not None]
        shown = ", ".join(origins[:5]) + (
            _(" and {count} more").format(count=len(origins) - 5) if len(origins) > 5 else ""
        )
        how = _("updated") if change.base else _("built")
        removed = _(", {count} removed").format(count=change.removed) if change.removed else ""
        print(_("index     {how}: {done} of {reports} indexed{names}{removed}, {seconds:.1f} s, {where}").format(
            how=how, done=len(origins), reports=_count(len(library)), names=f" ({shown})" if shown else "",
            removed=removed, seconds=seconds, where=_(engine.where or "")))  # fmt: skip
    return 0


def _count(number: int) -> str:
    return n_("{count} report", "{count} reports", number).format(count=number)
