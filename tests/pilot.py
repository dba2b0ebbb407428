"""Helpers shared by the pilot tests (App.run_test)."""

from __future__ import annotations

import asyncio
import functools

from tui.app.screenshots import wait_for_results


def async_test(test):
    """Run an async test on a fresh event loop (no asyncio plugin in the dev group)."""

    @functools.wraps(test)
    def run(*args, **kwargs):
        return asyncio.run(test(*args, **kwargs))

    return run


async def wait_until(pilot, ready, timeout: float = 30.0, what: str = "the condition") -> None:
    """Pause until `ready()` is true; fail the test (never pass quietly) after `timeout` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not ready():
        if loop.time() > deadline:
            raise AssertionError(f"{what} did not come within {timeout:g} s")
        await pilot.pause(0.05)


async def search(app, pilot, query: str) -> None:
    """Open the search box, type `query` a key at a time, and wait until its results are listed."""
    await pilot.press("slash")
    for char in query:
        await pilot.press(char)
    await wait_for_results(app, pilot, query)
    assert app.explorer.search.shown_query == query, "results never arrived"
