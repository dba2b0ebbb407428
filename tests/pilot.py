"""Helpers shared by the pilot tests (App.run_test)."""

from __future__ import annotations

import asyncio
import functools


def async_test(test):
    """Run an async test on a fresh event loop (no asyncio plugin in the dev group)."""

    @functools.wraps(test)
    def run(*args, **kwargs):
        return asyncio.run(test(*args, **kwargs))

    return run
