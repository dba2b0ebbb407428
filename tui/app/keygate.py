"""Keys typed ahead of the screen are kept and acted on in order, as if typed slowly.

Readers who know the keys type ahead, as in `less` or vim, and over SSH keys arrive in bursts.
Textual hands each key to whatever has focus at the moment it arrives: before the explorer has
mounted, `/` finds no binding and is lost; while a view opens, `j` still moves the tree under
it; Enter in the search box before the results are in does nothing and the next key is typed
into the query. So every key goes through this gate (`XunshiApp.on_event`):

- While anything holds the gate — the explorer starting, a screen opening, a search answering
  the Enter pressed on it — keys wait in a queue, and are replayed one at a time once the last
  hold is released.
- A key that goes through holds the gate until it has been handled all the way up to the app
  (where bindings run) and the screen has been drawn again: the focus has moved, a new screen
  is there. So `/` has moved the focus into the
  search box before the `j` after it is handed over.
- A widget can ask for a longer hold for a key it will answer later: the search box holds the
  gate on an Enter whose results are not listed yet, until the hit is open (`holds_key`).
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Awaitable, Callable
from typing import Any

from textual import events

#: Frames a screen may take to mount before the held keys are let through anyway: a screen
#: that never mounts must not eat the reader's keys.
SETTLE_FRAMES = 60
#: The hold a key keeps until it has been handled.
HANDLING = "handling"
#: The hold from the app's start until the explorer is on screen.
STARTING = "start"


class KeyGate:
    """The one place that decides when the explorer accepts keys."""

    def __init__(self, app: Any, deliver: Callable[[events.Key], Awaitable[None]]) -> None:
        self.app = app
        self._deliver = deliver  # hands a key to Textual as if it had just arrived
        self.holds: set[str] = set()
        self.queue: list[events.Key] = []
        self.last_key = 0.0  # time.monotonic() of the last key that arrived (work waits for pauses)

    @property
    def is_open(self) -> bool:
        return not self.holds and not self.queue

    def hold(self, reason: str) -> None:
        self.holds.add(reason)

    def release(self, reason: str) -> None:
        self.holds.discard(reason)
        if not self.holds and self.queue:
            self.app.call_after_refresh(self._replay_next)

    def admit(self, event: events.Key) -> bool:
        """True when `event` may go on now (the gate then holds until it is handled); else it is
        queued, in arrival order."""
        self.last_key = time.monotonic()
        if not self.is_open:
            if STARTING in self.holds and event.key == "ctrl+j":
                # Typed before the program put the terminal in raw mode: the terminal turned
                # the Enter (CR) into a newline (ICRNL), which reads as Ctrl+J.
                event = contextvars.Context().run(events.Key, "enter", "\r")
            self.queue.append(event)
            return False
        self._handling(event.key)
        return True

    async def _replay_next(self) -> None:
        if self.holds or not self.queue:
            return
        event = self.queue.pop(0)
        self._handling(event.key)
        await self._deliver(_fresh_key(event))

    def _handling(self, key: str) -> None:
        """Hold until `key` has been handled and its effects drawn.

        A key travels from the focused widget up through each of its ancestors to the app,
        where bindings run; each node handles its messages in order. So a callback is passed up
        the same way behind the key (`call_later`), and at the app waits for the next refresh
        of whatever screen is then on top: by then the key's action ran, the focus it moved
        has moved and a screen it opened has been drawn."""
        self.hold(HANDLING)
        focused = self.app.focused
        asks = getattr(focused, "holds_key", None)
        reason = asks(key) if callable(asks) else None
        if reason:
            self.hold(reason)  # released by whoever answers the key
        path = list(focused.ancestors_with_self) if focused is not None else [self.app.screen, self.app]

        def behind(index: int) -> None:
            if index < len(path):
                path[index].call_later(behind, index + 1)
            else:
                self.app.call_after_refresh(self.release, HANDLING)

        self.app.call_later(behind, 0)  # after the key has been handed to the focused widget

    def settle(self, screen: Any, reason: str = "screen", frames: int = SETTLE_FRAMES) -> None:
        """Hold keys until `screen` has mounted and drawn once, then release `reason`."""
        self.hold(reason)

        def check(left: int) -> None:
            if screen.is_mounted or left <= 0:
                self.app.call_after_refresh(self.release, reason)
            else:
                self.app.call_after_refresh(check, left - 1)

        self.app.call_after_refresh(check, frames)


def _fresh_key(event: events.Key) -> events.Key:
    """A copy of `event` as the terminal driver makes it: with no sending message pump (made in
    an empty context), so it travels up to the app like a key just typed. A key made inside the
    app's own handler would count the app as its sender and stop one step short of it."""
    return contextvars.Context().run(events.Key, event.key, event.character)
