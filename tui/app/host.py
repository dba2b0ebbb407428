"""The explorer's app as its screens and widgets see it, typed: `host(self).places`.

Textual types `self.app` as a plain `App`; the screens and widgets here need what XunshiApp
adds (the places, the script, the findings, the views' state). Imported for typing only, so no
module here imports the app at run time (the app imports them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from .app import XunshiApp


def host(owner: Any) -> XunshiApp:
    """The app of a widget, a screen or a command provider."""
    return cast("XunshiApp", owner.app)
