"""`xunshi screenshots`: real SVG screenshots of the explorer, for the README.

Runs the app headless on the bundled reports (nothing remembered, so every run draws the same
views) and saves: the main view, a search with hits, the Traditional view (120×40), the main
view at 80×24, and the figures (sorted by value) and cited documents views at 80×24.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

SEARCH_QUERY = "金砖"
SHOTS = ("main.svg", "search.svg", "traditional.svg", "80x24.svg", "figures.svg", "citations.svg")


def configure(parser: argparse.ArgumentParser) -> None:
    from tui.paths import project_root

    parser.add_argument("files", nargs="*", help="report files (default: the bundled reports)")
    parser.add_argument("--out", type=Path, default=project_root() / "screenshots",
                        help="folder for the SVG files (default: screenshots/ of the checkout)")


def run(args: argparse.Namespace) -> int:
    from tui.parse import ReportError
    from tui.store import load_reports

    try:
        reports = load_reports(list(args.files))
    except ReportError as error:
        print(f"xunshi screenshots: {error}", file=sys.stderr)
        return 2
    try:
        written = asyncio.run(take_screenshots(reports, Path(args.out)))
    except OSError as error:
        print(f"xunshi screenshots: cannot write into {args.out}: {error.strerror or error}", file=sys.stderr)
        return 1
    for path in written:
        print(path)
    return 0


async def take_screenshots(reports, out: Path) -> list[Path]:
    """Write the SVGs named in SHOTS into `out`; returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    written = [
        await _shot(reports, out / "main.svg", (120, 40), _open_problem),
        await _shot(reports, out / "search.svg", (120, 40), _search),
        await _shot(reports, out / "traditional.svg", (120, 40), _traditional),
        await _shot(reports, out / "80x24.svg", (80, 24), _open_problem),
        await _shot(reports, out / "figures.svg", (80, 24), _figures),
        await _shot(reports, out / "citations.svg", (80, 24), _citations),
    ]
    return written


async def _shot(reports, path: Path, size: tuple[int, int], steps) -> Path:
    from .app import XunshiApp

    app = XunshiApp(reports, remember=False)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await steps(app, pilot)
        await pilot.pause()
        svg = app.export_screenshot(title=f"xunshi — {path.stem}")
    from tui.paths import atomic_write

    atomic_write(path, svg.encode("utf-8"))
    path.chmod(0o644)  # a picture for the README, not a private file
    return path


async def _open_problem(app, pilot) -> None:
    """The cursor on the first problem with figures and cited documents in its text."""
    await pilot.press("right_square_bracket")
    for _ in range(4):
        await pilot.press("right_square_bracket")


async def _traditional(app, pilot) -> None:
    await _open_problem(app, pilot)
    await pilot.press("t")


async def _search(app, pilot) -> None:
    await pilot.press("slash")
    app.query_one("#search-input").value = SEARCH_QUERY
    await wait_for_results(app, pilot, SEARCH_QUERY)


async def _figures(app, pilot) -> None:
    await pilot.press("f")
    await wait_for_view(app, pilot)
    await pilot.press("s", "S")  # by value, the largest first


async def _citations(app, pilot) -> None:
    await pilot.press("c")
    await wait_for_view(app, pilot)


async def wait_for_view(app, pilot, timeout: float = 30.0) -> None:
    """Wait until the figures or citations view on top has its rows (extracted in a worker)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while getattr(app.screen, "items", None) is None and loop.time() < deadline:
        await pilot.pause(0.05)


async def wait_for_results(app, pilot, query: str, timeout: float = 30.0) -> None:
    """Wait until the results for `query` are listed (the index opens in a worker)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while app.shown_query != query and loop.time() < deadline:
        await pilot.pause(0.05)
