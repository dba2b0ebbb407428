"""`xunshi screenshots [FILE ...] [--out DIR]`: real SVG screenshots of the explorer, for the README."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from tui.cli.common import load
from tui.library.paths import project_root
from tui.parse import ReportError


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", help="report files (default: the bundled reports)")
    parser.add_argument(
        "--out", type=Path, default=None, help="folder for the SVG files (default: screenshots/ of the checkout)"
    )


def run(args: argparse.Namespace) -> int:
    from tui.app.screenshots import take_screenshots  # Textual: imported only to draw

    try:
        reports = load(list(args.files))
    except ReportError as error:
        print(f"xunshi screenshots: {error}", file=sys.stderr)
        return 2
    out = Path(args.out) if args.out is not None else project_root() / "screenshots"
    try:
        written = asyncio.run(take_screenshots(reports, out))
    except OSError as error:
        print(f"xunshi screenshots: cannot write into {out}: {error.strerror or error}", file=sys.stderr)
        return 1
    for path in written:
        print(path)
    return 0
