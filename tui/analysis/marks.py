"""How a status is shown: its one-cell mark (readable without colour) and its name. Apart from the
rules that decide statuses (`tui.analysis.status`), so the screen can draw marks without them."""

from __future__ import annotations

from tui.i18n import N_

#: The mark of each status: one cell, readable without colour (the outline, the pane, the CLI).
MARKS = {"done": "✓", "in_progress": "…", "planned": "→", "ongoing": "↻", "unclear": "?"}
STATUS_NAMES = {
    "done": N_("done"),
    "in_progress": N_("in progress"),
    "planned": N_("planned"),
    "ongoing": N_("ongoing"),
    "unclear": N_("unclear"),
}
