"""`xunshi screenshots [FILE ...] [--out DIR]`: real SVG screenshots of the explorer, for the README."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from tui.cli.common import fail, load
from tui.i18n import _
from tui.library import paths
from tui.parse import ReportError


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", help="report files (default: the bundled reports)")
    parser.add_argument(
        "-o",
        "--out",
        type=Path,
        default=None,
        help="folder for the SVG files (default: screenshots/ of the checkout; an installed copy needs it)",
    )


def run(args: argparse.Namespace) -> int:
    if args.out is None and paths.installed():
        message = _("an installed copy has no screenshots/ folder of its own: name one with -o DIR")
        return fail("screenshots", message, 2)
    from tui.app.screenshots import take_screenshots  # Textual: imported only to draw

    try:
        reports = load(list(args.files))
    except ReportError as error:
        print(f"xunshi screenshots: {error}", file=sys.stderr)
        return 2
    out = Path(args.out) if args.out is not None else paths.project_root() / "screenshots"
    try:
        written = asyncio.run(take_screenshots(reports, out))
    except OSError as error:
        print(f"xunshi screenshots: cannot write into {out}: {error.strerror or error}", file=sys.stderr)
        return 1
    for path in written:
        print(path)
    return 0
