"""One report's scorecard (`s`): its problems and measures by status, its own totals against the
counted ones, the problems it calls done while its text leaves part open, the accountability
figures, and every problem with its status and the phrase that decided it.

Each line that was read from a place jumps there with Enter (the figure, the claim's sentence or
the deciding phrase marked). `s` cycles the order: as a scorecard reads, or problems by status.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from tui.analysis.scorecard import KIND_SHORT, KINDS, MARKS, STATUS_NAMES, Place, Scorecard, scorecard
from tui.analysis.status import STATUSES, ReportStatus
from tui.i18n import N_, _
from tui.library.places import Pin
from tui.model import Report
from tui.text.script import finder

from ..host import host
from ..render import BREADCRUMB, HEADING, MUTED, evidence_spans, shown
from ..widgets.rows import cell, join_cells
from .table import TableScreen

MARK, LABEL, VALUE = 2, 12, 12  # column widths in cells; the text takes the rest
NARROW = 60  # below this width the label and value columns shrink to 8 cells


def widths(width: int) -> tuple[int, int, int]:
    """(label, value, text) widths for a table `width` cells wide."""
    label, value = (LABEL, VALUE) if width >= NARROW else (8, 8)
    return label, value, max(4, width - MARK - label - value - 3)


@dataclass(frozen=True)
class Line:
    """One line of a scorecard, and the place it was read from (None: worked out)."""

    order: int
    mark: str  # ✓ … → ↻ ? for a problem, ≠ / = for a check, "" otherwise
    label: str
    value: str
    text: str
    status: str = ""  # a problem's status ("" for other lines)
    pin: Pin | None = None
    muted: bool = False


def place_pin(key: str, place: Place) -> Pin:
    if place.node_id is None:
        return Pin(key, None, ((place.start, place.end),), place.part, place.paragraph)
    return Pin(key, place.node_id, ((place.start, place.end),))


def money(value: float) -> str:
    return f"{value / 1e8:.2f}亿元" if value >= 1e8 else f"{value / 1e4:.2f}万元"


def lines_of(card: Scorecard, report: Report, key: str, statuses: ReportStatus) -> list[Line]:
    """Every line of a report's scorecard, in the order it reads."""
    lines: list[Line] = []

    def add(*args, **kwargs) -> None:
        lines.append(Line(len(lines), *args, **kwargs))

    counts = "  ".join(f"{MARKS[s]} {card.problem_status[s]}" for s in STATUSES)
    add("", _("Problems"), str(card.problems), counts)
    counts = "  ".join(f"{MARKS[s]} {card.measure_status[s]}" for s in STATUSES)
    add("", _("Measures"), str(card.measures), counts)
    if card.measures:
        share = round(100 * card.concrete / card.measures)
        add(
            "",
            _("Concrete"),
            f"{share}%",
            _("{concrete} concrete, {vague} vague").format(concrete=card.concrete, vague=card.vague),
        )
    if card.plan:
        add("→", _("A plan"), "", _("the report is an implementation plan: everything in it is planned"))
    if card.claim is None:
        add("", _("Claimed"), "-", _("the report states no totals of its problems"), muted=True)
    else:
        pin = place_pin(key, card.claim_place) if card.claim_place else None
        add("", _("Claimed"), "", card.claim.text, pin=pin)
        for check in card.checks:
            name = {"problems": _("problems"), "done": _("done"), "open": _("open"), "rate": _("done %")}[check.name]
            note = " " + _("(worked out from its counts)") if check.derived else ""
            text = _("claimed {claimed:g}, counted {counted:g}").format(claimed=check.claimed, counted=check.counted)
            add("≠" if check.differs else "=", "  " + name, f"{check.claimed:g}", text + note, pin=pin)
    for node_id in card.contradicted:
        node = report.find(node_id)
        if node is None:
            continue
        add("≠", _("Said done"), node.label, _("but its text leaves part open: ") + node.display_title,
            pin=Pin(key, node_id, _spans(node, statuses.problems.get(node_id))))  # fmt: skip
    for kind in KINDS:
        for account in (a for a in card.accounts if a.kind == kind):
            where = _("summary") if account.summary else _("in a problem")
            add(
                "",
                _(KIND_SHORT[kind]),
                account.value,
                f"{account.context} ({where})",
                pin=place_pin(key, account.place),
            )
    for node in report.problems():
        result = statuses.problems.get(node.id)
        status = result.status if result is not None else "unclear"
        evidence = f" «{result.evidence.phrase}»" if result is not None and result.evidence is not None else ""
        add(MARKS[status], node.label, _(STATUS_NAMES[status]), node.display_title + evidence, status=status,
            pin=Pin(key, node.id, _spans(node, result)))  # fmt: skip
    return lines


def _spans(node, result) -> tuple[tuple[int, int], ...]:
    """The deciding phrases of a problem, the one that decided the problem first (the pane
    scrolls to it), else its title: what the pane marks after a jump."""
    spans = evidence_spans(node, result) if result is not None else []
    if result is not None and result.evidence is not None and node.rectification is not None:
        rect = node.rectification
        base = node.field_offsets()["rectification"] + len(rect.label) + len(rect.sep)
        first = (base + result.evidence.start, base + result.evidence.end)
        spans = [first] + [span for span in spans if span != first]
    return tuple(spans) or ((0, len(node.title)),)


class ScorecardScreen(TableScreen):
    SORT_KEYS = (N_("scorecard"), N_("status"))
    NAME = N_("Scorecard")
    PLACEHOLDER = N_("/ filter the lines")

    def __init__(self, key: str, report: Report, state=None) -> None:
        super().__init__(state)
        self.key, self.report = key, report
        self.VIEW = f"scorecard:{key}"

    def extract(self, progress) -> list:
        statuses = host(self).findings.statuses(self.key, self.report)
        card = scorecard(self.report, self.key, status=statuses)
        return lines_of(card, self.report, self.key, statuses)

    def select(self, items: list, state) -> list:
        text = state.text.strip()
        chosen = items
        if text:
            found = finder(text)
            chosen = [line for line in items if found(f"{line.label}\n{line.value}\n{line.text}")]
        if self.SORT_KEYS[state.sort] == "status":
            rank = {status: index for index, status in enumerate(STATUSES)}
            chosen = sorted(chosen, key=lambda line: (not line.status, rank.get(line.status, 0), line.order))
        return chosen[::-1] if state.reverse else list(chosen)

    def status(self) -> str:
        return shown(self.report.title, host(self).mode)

    def columns(self, width: int) -> Text:
        label, value, rest = widths(width)
        return join_cells(
            [
                cell("", MARK),
                cell(_("What"), label, HEADING),
                cell(_("Value"), value, HEADING),
                cell(_("Read from the report"), rest, HEADING),
            ]
        )

    def format_row(self, index: int, width: int) -> Text:
        line = self.rows[index]
        mode = host(self).mode
        label, value, rest = widths(width)
        style = MUTED if line.muted else None
        return join_cells(
            [
                cell(line.mark, MARK, HEADING),
                cell(shown(line.label, mode), label, BREADCRUMB if line.status else HEADING),
                cell(shown(line.value, mode), value),
                cell(shown(line.text, mode).replace("\n", " "), rest, style),
            ]
        )

    def pin_for(self, index: int) -> Pin | None:
        line = self.rows[index]
        if line.pin is None:
            self.notify(_("This line is worked out, not read from one place."), markup=False)
        return line.pin
