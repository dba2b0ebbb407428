"""`xunshi scorecard [FILE ...] [--json | --csv | --table] [--sort KEY] [--reverse]`.

Text output, per report: problems and measures by status, concrete against vague measures, the
report's own totals against the counted ones (differences marked ≠), problems it calls done
while its text leaves part open, and the accountability figures with where each was read
(node id and label, or `intro ¶1`). `--table`: one line per report, sortable. `--csv`: the
same columns as the table and more (UTF-8 with a byte-order mark); `--json`: everything, with
every place's offsets (into the node's plain text, or into the intro / closing paragraph).
"""

from __future__ import annotations

import argparse
import csv
import io

from tui.analysis.scorecard import (
    COLUMNS,
    KIND_NAMES,
    KIND_SHORT,
    KINDS,
    MARKS,
    SORT_KEYS,
    STATUS_NAMES,
    Place,
    Scorecard,
    row,
    scorecards,
    sort_cards,
)
from tui.analysis.status import STATUSES
from tui.cli.common import add_files, add_output, emit, fail, load
from tui.i18n import N_, _
from tui.model import Report
from tui.parse import ReportError
from tui.text.linebreak import cell_width
from tui.text.safe import for_terminal, json_text

#: The names of the checks of a claim, as printed.
CHECK_NAMES = {"problems": N_("problems"), "done": N_("done"), "open": N_("open"), "rate": N_("done %")}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "What each report says was done, counted: problems and measures by status (✓ done, … in "
        "progress, → planned, ↻ ongoing, ? unclear), concrete and vague measures, the report's own "
        "totals against the counted ones, and the accountability figures it reports (held "
        "accountable, disciplined, warned, cases, money recovered, rules made), each with its place."
    )
    add_files(parser)
    form = parser.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="a JSON list of scorecards, with every place's offsets")
    form.add_argument("--csv", action="store_true", help="one row per report (UTF-8 with a byte-order mark)")
    form.add_argument("--table", action="store_true", help="one line per report, side by side")
    parser.add_argument(
        "--sort", choices=SORT_KEYS, default="document", help="order of the reports (default: as given)"
    )
    parser.add_argument("--reverse", action="store_true", help="reverse the order")
    add_output(parser)


def run(args: argparse.Namespace) -> int:
    try:
        reports = load(args.files)
    except ReportError as error:
        return fail("scorecard", error)
    by_key = {report.key: report for report in reports}
    cards = sort_cards(scorecards(reports), args.sort, args.reverse)
    if args.json:
        text = json_text([card.as_dict() for card in cards], indent=2) + "\n"
    elif args.csv:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(COLUMNS)
        for card in cards:
            values = row(card)
            writer.writerow(["" if values[c] is None else for_terminal(str(values[c])) for c in COLUMNS])
        text = "\ufeff" + buffer.getvalue()
    elif args.table:
        text = table(cards)
    else:
        text = "\n".join(card_text(card, by_key[card.report]) for card in cards)
    try:
        emit(text, args.output)
    except OSError as error:
        return fail("scorecard", f"cannot write {args.output}: {error.strerror or error}")
    return 0


def pad(text: str, width: int) -> str:
    """`text` padded with spaces to `width` terminal cells (a Chinese character takes two)."""
    return text + " " * max(0, width - sum(cell_width(char) for char in text))


def where(report: Report, place: Place) -> str:
    """A place as a reader names it: `2.1.2.8 (8)`, `intro ¶1`."""
    if place.node_id is None:
        return f"{_(PARTS.get(place.part, place.part))} ¶{place.paragraph + 1}"
    node = report.find(place.node_id)
    return f"{place.node_id} {node.label}" if node is not None else place.node_id


PARTS = {"intro": N_("intro"), "closing": N_("closing")}


def counts(values: dict[str, int]) -> str:
    return "  ".join(f"{MARKS[status]} {values[status]}" for status in STATUSES)


def amount(kind: str, value: float) -> str:
    """A total in its unit: money in 万元 or 亿元, the rest as whole numbers with their unit."""
    if kind == "money":
        if value >= 1e8:
            return f"{value / 1e8:.2f}亿元"
        return f"{value / 1e4:.2f}万元"
    unit = {"rules": "项", "cases": "件"}.get(kind, "人")
    return f"{value:g}{unit}"


def card_text(card: Scorecard, report: Report) -> str:
    lines = [f"{card.title}  ({card.origin}{', ' + card.published[:10] if card.published else ''})"]
    if card.plan:
        lines.append("  " + _("an implementation plan: everything in it is planned"))
    lines.append(f"  {pad(_('problems'), 14)}{card.problems:>5}   {counts(card.problem_status)}")
    lines.append(f"  {pad(_('measures'), 14)}{card.measures:>5}   {counts(card.measure_status)}")
    if card.measures:
        share = round(100 * card.concrete / card.measures)
        lines.append(
            f"  {pad(_('concrete'), 14)}{card.concrete:>5}   "
            + _("{share}% of the measures; vague: {vague}").format(share=share, vague=card.vague)
        )
    lines.append(
        "  " + _("legend: {marks}").format(marks=", ".join(f"{MARKS[s]} {_(STATUS_NAMES[s])}" for s in STATUSES))
    )
    if card.claim is None:
        lines.append("  " + _("claimed: the report states no totals of its problems"))
    else:
        place = where(report, card.claim_place) if card.claim_place else card.claim.where
        lines.append("  " + _("claimed ({place}): {sentence}").format(place=place, sentence=card.claim.text))
        for check in card.checks:
            mark = "≠" if check.differs else "="
            note = "  " + _("(worked out from its counts)") if check.derived else ""
            lines.append(
                f"    {pad(_(CHECK_NAMES[check.name]), 12)}"
                + _("claimed {claimed:g}, counted {counted:g}").format(claimed=check.claimed, counted=check.counted)
                + f"  {mark}{note}"
            )
        problems = next((c for c in card.checks if c.name == "problems"), None)
        if problems is not None and problems.claimed > problems.counted:
            lines.append(
                "    "
                + _("(the report details {counted:g} of the {claimed:g} problems it counts)").format(
                    counted=problems.counted, claimed=problems.claimed
                )
            )
    for node_id in card.contradicted:
        node = report.find(node_id)
        label = f"{node_id} {node.label}" if node is not None else node_id
        lines.append("  " + _("said to be done, but its text leaves part open: {node}").format(node=label))
    stated = [a for a in card.accounts if a.summary]
    found = [a for a in card.accounts if not a.summary]
    if not card.accounts:
        lines.append("  " + _("accountability figures: none stated"))
    for title, group in ((_("accountability figures stated for the whole"), stated), (_("in the problems"), found)):
        if not group:
            continue
        lines.append(f"  {title}:")
        for kind in KINDS:
            items = [a for a in group if a.kind == kind]
            if not items:
                continue
            total = sum(a.amount or 0.0 for a in items)
            lines.append(f"    {_(KIND_NAMES[kind])}: {amount(kind, total)}")
            for item in items:
                lines.append(f"      {item.value}  {item.context}  ({where(report, item.place)})")
    return "".join(for_terminal(line).replace("\n", " ") + "\n" for line in lines)


def table(cards: list[Scorecard]) -> str:
    """One line per report: the figures a reader compares, tab-separated."""
    heads = [_("report"), _("problems"), *(MARKS[s] for s in STATUSES), _("done %"), _("measures"), _("concrete %")]
    heads += [_("claimed"), "≠", *(_(KIND_SHORT[kind]) for kind in KINDS)]
    lines = ["\t".join(heads)]
    for card in cards:
        claim = card.claim
        claimed = (
            "-" if claim is None else "/".join("-" if v is None else f"{v:g}" for v in (claim.problems, claim.done))
        )
        cells = [
            card.origin or card.title,
            str(card.problems),
            *(str(card.problem_status[s]) for s in STATUSES),
            "-" if card.done_rate is None else f"{card.done_rate:.0f}",
            str(card.measures),
            f"{100 * card.concrete / card.measures:.0f}" if card.measures else "-",
            claimed,
            str(card.flagged + len(card.contradicted)),
            *(amount(kind, card.total(kind)) if card.total(kind) else "-" for kind in KINDS),
        ]
        lines.append("\t".join(for_terminal(cell).replace("\t", " ").replace("\n", " ") for cell in cells))
    return "\n".join(lines) + "\n"
