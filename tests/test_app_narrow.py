"""One pane at a time (narrow screens): a jump to a match shows the text, with the match in view.

On a screen under 70 columns the tree and the text take turns. A search hit, n / N, or Ctrl+D
with the tree showing are asked for to read the text: each must show it, and the match must be
on screen even when it lies below the first screenful (the pane was hidden, so its lines were not
known when the jump was made)."""

from __future__ import annotations

import pytest
from pilot import async_test, search, wait_until

from tui.app import XunshiApp
from tui.app.render import CURRENT_HIT, HIT

pytestmark = pytest.mark.usefixtures("home")

#: In the bundled report, 华西医院 is found in problem (6) only, below the first screenful of a
#: 60×20 pane.
DEEP_QUERY = "华西医院"


def shows_text(app) -> bool:
    explorer = app.explorer
    return explorer.has_class("show-detail") and explorer.detail.region.width > 0 and explorer.detail.text_width > 0


def match_rows(app) -> list[int]:
    """The pane's rows (from its top line of text) that hold the current match, else any match."""
    detail = app.explorer.detail
    spans = [span for span in detail.rendered.spans if span.style == CURRENT_HIT] or [
        span for span in detail.rendered.spans if span.style == HIT
    ]
    first = 1 if detail.crumb.plain else 0
    starts = [start for start, _end in detail.lines]
    return [first + max(i for i, start in enumerate(starts) if start <= span.start) for span in spans]


def match_in_view(app) -> bool:
    detail = app.explorer.detail
    top, height = detail.scroll_offset.y, detail.scrollable_content_region.height
    rows = match_rows(app)
    return bool(rows) and top <= rows[0] < top + height


@async_test
async def test_a_hit_opened_on_a_narrow_screen_shows_the_text_with_its_match_in_view(seed_report):
    app = XunshiApp([seed_report], remember=False)
    async with app.run_test(size=(60, 20)) as pilot:
        await search(app, pilot, DEEP_QUERY)
        await pilot.press("enter")
        await wait_until(pilot, lambda: shows_text(app) and match_in_view(app), what="the hit's text with its match")
        assert app.focused is app.explorer.detail
        assert match_rows(app)[0] >= app.explorer.detail.scrollable_content_region.height, (
            "the match should lie below the first screenful, or this test proves nothing"
        )


@async_test
async def test_n_from_the_tree_on_a_narrow_screen_shows_the_next_match(seed_report):
    app = XunshiApp([seed_report], remember=False)
    async with app.run_test(size=(60, 20)) as pilot:
        await search(app, pilot, DEEP_QUERY)
        await pilot.press("enter")
        await wait_until(pilot, lambda: shows_text(app), what="the hit's text")
        await pilot.press("escape")  # back to the tree
        await pilot.pause()
        assert not shows_text(app)
        await pilot.press("n")
        await wait_until(pilot, lambda: shows_text(app) and match_in_view(app), what="the next match's text")


@async_test
async def test_ctrl_d_with_the_tree_showing_shows_the_text_then_pages_it(seed_report):
    app = XunshiApp([seed_report], remember=False)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("right_square_bracket")  # problem (1), in the tree: longer than a screenful
        await wait_until(pilot, lambda: app.explorer.detail.entry.node is not None, what="problem (1)")
        assert not shows_text(app)
        await pilot.press("ctrl+d")
        await wait_until(pilot, lambda: shows_text(app), what="the text")
        assert app.explorer.detail.scroll_offset.y == 0  # shown where it stands, not paged yet
        await pilot.press("ctrl+d")
        await wait_until(pilot, lambda: app.explorer.detail.scroll_offset.y > 0, what="a page down")
