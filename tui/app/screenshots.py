"""The SVG screenshots of the README, drawn by the real app (`xunshi screenshots`).

Runs the app headless on the bundled reports (nothing remembered, so every run draws the same
views), in Chinese as readers get it, and saves: the main view, a search with hits, the
Traditional view (120×40), the main view at 80×24, the figures (sorted by value), cited documents
and scorecard views at 80×24, and the main view in English (80×24). Each waits for the problems'
status marks, which are worked out after the first paint.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from tui.library.paths import atomic_write

from .app import XunshiApp

SEARCH_QUERY = "金砖"
SHOTS = (
    "main.svg", "search.svg", "traditional.svg", "80x24.svg", "figures.svg", "citations.svg", "scorecard.svg",
    "english.svg",
)  # fmt: skip


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
        await _shot(reports, out / "scorecard.svg", (80, 24), _scorecard),
        await _shot(reports, out / "english.svg", (80, 24), _open_problem, lang="en"),
    ]
    return written


async def _shot(reports, path: Path, size: tuple[int, int], steps, lang: str = "zh") -> Path:
    """One screenshot, the interface in Chinese (as readers get it) unless `lang` says."""
    app = XunshiApp(reports, remember=False, lang=lang)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await wait_for_statuses(app, pilot)
        await steps(app, pilot)
        await pilot.pause()
        svg = app.export_screenshot(title=f"xunshi — {path.stem}")
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


async def _scorecard(app, pilot) -> None:
    await pilot.press("s")
    await wait_for_view(app, pilot)
    await pilot.press("j", "j", "j", "j")  # on the first accountability figure


async def wait_for_statuses(app, pilot, timeout: float = 30.0) -> None:
    """Wait until the outline marks the problems of every loaded report with their statuses
    (worked out in a worker after the first paint); raise TimeoutError when it does not."""
    places = app.places

    def marked() -> bool:
        if not app.screen_stack:
            return False
        outlines = app.screen_stack[0].query("#outline")
        if not outlines:
            return False  # the explorer is not on screen yet
        statuses = outlines.first().statuses
        return all(root.key in statuses for root in places.roots if places.is_loaded(root.key))

    await _wait(pilot, marked, timeout, "the status marks")


async def wait_for_view(app, pilot, timeout: float = 30.0) -> None:
    """Wait until the figures or citations view on top has its rows (extracted in a worker);
    raise TimeoutError when they do not come, rather than draw an empty view."""
    await _wait(pilot, lambda: getattr(app.screen, "items", None) is not None, timeout, "the view's rows")


async def wait_for_results(app, pilot, query: str, timeout: float = 30.0) -> None:
    """Wait until the results for `query` are listed (the index opens in a worker); raise
    TimeoutError when they are not."""
    await _wait(pilot, lambda: app.explorer.search.shown_query == query, timeout, f"the results for {query!r}")


async def _wait(pilot, ready, timeout: float, what: str) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not ready():
        if loop.time() > deadline:
            raise TimeoutError(f"{what} did not come within {timeout:g} s")
        await pilot.pause(0.05)
