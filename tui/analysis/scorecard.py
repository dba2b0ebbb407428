"""A report's scorecard: what it says was done, counted, set against what it claims, with the
accountability figures the genre reports — each read from a place a reader can jump to.

    card = scorecard(report)
    card.problems, card.problem_status      # 19, {"done": 13, "in_progress": 5, …}
    card.measures, card.measure_status      # 56, {"done": 45, …}; card.concrete, card.vague
    card.claim, card.checks                 # the report's own totals, and claimed vs counted
    card.accounts                           # 追回…万元, 党纪处分…人, 立案…件, 制度…项 …

The statuses come from `tui.analysis.status` (its rules), the numbers from the one figures
rule (`tui.text.figures.find_figures`, on the Simplified shadow so Traditional text is read
the same): an accountability figure is a figure whose unit fits a kind (people, cases, money,
rules) and whose clause names that kind's act — in the words before it (给予党纪处分2人,
追回违规资金27.6万元, 制定完善制度11项) or, failing that, after it (对5名干部进行了问责).

Figures in the report's summary — its intro, the texts of its parts and sections, its closing —
are the ones it states for the whole (`Account.summary`); those in the problems' rectifications
are listed too, as found in the problems (the two are not added: a summary usually counts the
problems' figures again). Every place is a `Place`: the node (None for the report's own page),
the part ("node", "intro" or "closing"), the paragraph, and offsets into the node's
`plain_text()` or into that paragraph — what the explorer's pins take.

No Textual; CSV and JSON rows for the command line are made here too (`rows`, `as_dict`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from tui.analysis.marks import MARKS, STATUS_NAMES  # noqa: F401  (re-exported: the scorecard's users look here)
from tui.analysis.status import (
    STATUSES,
    Claim,
    ReportStatus,
    Rules,
    load_rules,
    main_claim,
    report_claims,
    report_status,
)
from tui.i18n import N_
from tui.model import Report
from tui.parse.shadow import shadow
from tui.text.figures import FigureSpan, find_figures

#: The kinds of accountability figure, in the order a scorecard lists them, and their names.
KINDS = ("accountable", "disciplined", "talks", "cases", "money", "rules")
KIND_NAMES = {
    "accountable": N_("held accountable"),
    "disciplined": N_("disciplined"),
    "talks": N_("warned or talked to"),
    "cases": N_("cases filed"),
    "money": N_("money recovered or returned"),
    "rules": N_("rules made or revised"),
}
#: The same, short, for table columns.
KIND_SHORT = {
    "accountable": N_("accountable"),
    "disciplined": N_("disciplined"),
    "talks": N_("warned"),
    "cases": N_("cases"),
    "money": N_("money"),
    "rules": N_("rules"),
}
PEOPLE = frozenset({"人", "名", "人次"})
CASES = frozenset({"件", "起", "宗"})
ITEMS = frozenset({"项", "条", "件", "个", "部"})

# (kind, units it counts in, words that name its act). Tried in this order on the words
# before a figure in its clause, then on the words after it; the first kind whose unit fits and
# whose words are there wins. 处分 before 问责 (给予党纪处分 is discipline, 问责处理 is not),
# money and rules first (their units say most).
_ACTS: tuple[tuple[str, frozenset[str], re.Pattern], ...] = (
    (
        "money",
        frozenset({"元"}),
        re.compile(
            r"追回|挽回|清退|收回|退还|归还|上缴|追缴|收缴|退缴|补缴|清缴|核减|缴入|缴回|退赔|没收|整改(?:问题)?金额|"
            r"挽回(?:经济)?损失|盘活"
        ),
    ),
    ("rules", ITEMS, re.compile(r"制度|建章立制|规章|规定|办法|细则")),
    ("disciplined", PEOPLE, re.compile(r"处分|开除|撤职|留党察看|降级|记过|记大过|警告")),
    ("accountable", PEOPLE, re.compile(r"问责|追责|责任追究|处理|组织处理")),
    ("talks", PEOPLE, re.compile(r"诫勉|谈话|约谈|批评教育|提醒|函询|通报批评")),
    ("cases", CASES | PEOPLE, re.compile(r"立案|审查调查|查处|移送|移交|留置")),
)
_NOT_RULES = re.compile(r"措施|任务|清单|问题")  # 制定整改措施52条, 问题清单: not rules
_ANY_ACT = re.compile("|".join(f"(?:{act.pattern})" for _, _, act in _ACTS))
_CLAUSE_ENDS = re.compile(r"[，,；;。！？!?\n]")


@dataclass(frozen=True)
class Place:
    """Where something was read: a node's text (`node_id`, offsets into `node.plain_text()`) or
    the report's own page (`node_id` None, `part` "intro"/"closing", offsets into paragraph
    `paragraph`)."""

    node_id: str | None
    part: str  # "node", "intro" or "closing"
    paragraph: int
    start: int
    end: int

    @property
    def name(self) -> str:
        """Where, for a line of text: the node id, or `intro ¶1`."""
        return self.node_id if self.node_id is not None else f"{self.part} ¶{self.paragraph + 1}"


@dataclass
class Account:
    """One accountability figure as printed, its kind, and where it was read."""

    kind: str  # one of KINDS
    value: str  # as printed: "10.3万元", "2人"
    amount: float | None  # in the base unit: yuan, people, cases, items
    unit: str  # the base unit: 元, 人, 件, 项 …
    phrase: str  # the words that name the act ("给予党纪处分"), as printed
    context: str  # the clause it stands in, as printed
    place: Place
    summary: bool  # stated in the report's summary (intro, parts, closing), not in a problem


@dataclass
class Check:
    """One of the report's own totals beside what xunshi counted."""

    name: str  # "problems", "done", "open", "rate"
    claimed: float
    counted: float
    differs: bool
    derived: bool = False  # a rate worked out from the claimed counts (the report states none)


@dataclass
class Scorecard:
    report: str  # the report's key
    title: str
    origin: str
    published: str
    plan: bool  # an implementation plan: everything in it is planned
    problems: int
    problem_status: dict[str, int]  # status → how many problems, every status present
    measures: int
    measure_status: dict[str, int]
    concrete: int
    vague: int
    claim: Claim | None  # the report's main claim of totals
    claims: list[Claim]
    claim_place: Place | None
    checks: list[Check]
    accounts: list[Account]
    by_status: dict[str, list[str]] = field(default_factory=dict)  # status → problem node ids
    # Problems the report calls done (已完成整改) while its own text leaves part open.
    contradicted: list[str] = field(default_factory=list)

    @property
    def open(self) -> int:
        """Problems not done: in progress or planned."""
        return self.problem_status["in_progress"] + self.problem_status["planned"]

    @property
    def done_rate(self) -> float | None:
        """Percent of the problems counted done, None with no problems."""
        return 100.0 * self.problem_status["done"] / self.problems if self.problems else None

    @property
    def flagged(self) -> int:
        return sum(check.differs for check in self.checks)

    def total(self, kind: str, summary: bool = True) -> float:
        """The sum of the figures of `kind` stated in the summary (or found in the problems)."""
        return sum(a.amount or 0.0 for a in self.accounts if a.kind == kind and a.summary == summary)

    def as_dict(self) -> dict:
        return {
            "report": self.report,
            "title": self.title,
            "origin": self.origin,
            "published": self.published,
            "plan": self.plan,
            "problems": self.problems,
            "problem_status": dict(self.problem_status),
            "measures": self.measures,
            "measure_status": dict(self.measure_status),
            "concrete": self.concrete,
            "vague": self.vague,
            "claim": None if self.claim is None else _claim_dict(self.claim),
            "claim_place": None if self.claim_place is None else _place_dict(self.claim_place),
            "checks": [vars(check).copy() for check in self.checks],
            "accounts": [
                {**{k: v for k, v in vars(a).items() if k != "place"}, "place": _place_dict(a.place)}
                for a in self.accounts
            ],
            "totals": {kind: self.total(kind) for kind in KINDS},
            "totals_in_problems": {kind: self.total(kind, summary=False) for kind in KINDS},
            "by_status": {status: list(ids) for status, ids in self.by_status.items()},
            "contradicted": list(self.contradicted),
        }


def _claim_dict(claim: Claim) -> dict:
    return {
        "problems": claim.problems,
        "done": claim.done,
        "in_progress": claim.in_progress,
        "rate": claim.rate,
        "all_done": claim.all_done,
        "where": claim.where,
        "text": claim.text,
    }


def _place_dict(place: Place) -> dict:
    return {
        "node_id": place.node_id,
        "part": place.part,
        "paragraph": place.paragraph,
        "start": place.start,
        "end": place.end,
    }


def scorecard(
    report: Report, key: str | None = None, rules: Rules | None = None, status: ReportStatus | None = None
) -> Scorecard:
    """The scorecard of `report` (`key`: the report's key to name, default `report.key`;
    `status`: its statuses when they are known already)."""
    rules = rules or load_rules()
    status = status or report_status(report, rules)
    problem_counts = dict.fromkeys(STATUSES, 0)
    measure_counts = dict.fromkeys(STATUSES, 0)
    by_status: dict[str, list[str]] = {name: [] for name in STATUSES}
    concrete = vague = 0
    contradicted = []
    for node_id, result in status.problems.items():
        problem_counts[result.status] += 1
        by_status[result.status].append(node_id)
        for measure in result.measures:
            measure_counts[measure.status] += 1
            concrete += measure.concrete
            vague += not measure.concrete
        whole = result.whole
        if whole is not None and whole.phrase and result.status != "done" and _says_done(whole.phrase, rules):
            contradicted.append(node_id)
    claims = report_claims(report)
    claim = main_claim(claims)
    card = Scorecard(
        report=key or report.key,
        title=report.title,
        origin=report.origin,
        published=report.published,
        plan=status.plan is not None,
        problems=len(status.problems),
        problem_status=problem_counts,
        measures=sum(measure_counts.values()),
        measure_status=measure_counts,
        concrete=concrete,
        vague=vague,
        claim=claim,
        claims=claims,
        claim_place=None if claim is None else claim_place(report, claim),
        checks=[],
        accounts=accounts(report),
        by_status=by_status,
        contradicted=contradicted,
    )
    card.checks = checks(card, status)
    return card


def _says_done(phrase: str, rules: Rules) -> bool:
    folded = phrase.translate(rules.fold)
    return any(group.status == "done" and any(p.fullmatch(folded) for p in group.patterns) for group in rules.whole)


def claim_place(report: Report, claim: Claim) -> Place:
    """Where a claim's sentence is, as a place to show."""
    if claim.where in ("intro", "closing"):
        return Place(None, claim.where, claim.paragraph, claim.start, claim.end)
    node = report.find(claim.where)
    base = node.field_offsets().get("text", 0) if node is not None else 0
    return Place(claim.where, "node", 0, base + claim.start, base + claim.end)


def checks(card: Scorecard, status: ReportStatus) -> list[Check]:
    """The claim's totals beside the counted ones; rates differ when more than half a point apart
    (reports round them)."""
    claim = card.claim
    if claim is None:
        return []
    found: list[Check] = []

    def add(name: str, claimed: float | None, counted: float, tolerance: float = 0.0, derived: bool = False) -> None:
        if claimed is not None:
            found.append(Check(name, claimed, counted, abs(claimed - counted) > tolerance, derived))

    counted_done = card.problem_status["done"]
    add("problems", claim.problems, card.problems)
    done = claim.done if claim.done is not None else (claim.problems if claim.all_done else None)
    if done is None and claim.all_done:
        done = card.problems  # 已全部完成整改 with no count: all of those listed
    add("done", done, counted_done)
    add("open", claim.in_progress if claim.in_progress is not None else (0 if claim.all_done else None), card.open)
    rate, derived = claim.rate, False
    if rate is None and claim.problems and done is not None:
        rate, derived = round(100.0 * done / claim.problems, 1), True
    if rate is not None and card.problems:
        add("rate", rate, round(100.0 * counted_done / card.problems, 1), tolerance=0.5, derived=derived)
    return found


# --- accountability figures ------------------------------------------------------------------


def accounts(report: Report) -> list[Account]:
    """Every accountability figure of the report, in reading order: the summary's (intro, the
    texts of parts and sections, closing) and the problems' rectifications'."""
    found: list[Account] = []
    for index, paragraph in enumerate(report.intro):
        found += _read(paragraph, lambda s, e, i=index: Place(None, "intro", i, s, e), summary=True)
    for node in report.walk():
        offsets = node.field_offsets()
        if node.text and node.kind != "problem":
            base = offsets["text"]
            found += _read(node.text, lambda s, e, n=node, b=base: Place(n.id, "node", 0, b + s, b + e), summary=True)
        rect = node.rectification
        if rect is not None and node.kind == "problem":
            base = offsets["rectification"] + len(rect.label) + len(rect.sep)
            found += _read(rect.text, lambda s, e, n=node, b=base: Place(n.id, "node", 0, b + s, b + e), summary=False)
    for index, paragraph in enumerate(report.closing):
        found += _read(paragraph, lambda s, e, i=index: Place(None, "closing", i, s, e), summary=True)
    return found


def _read(text: str, place, summary: bool) -> list[Account]:
    """The accountability figures of one text. Only its clauses that name an act are read for
    figures (most of a report names none: this keeps 1,000 scorecards fast)."""
    folded = shadow(text)
    if not _ANY_ACT.search(folded):
        return []
    ends = [m.start() for m in _CLAUSE_ENDS.finditer(folded)]
    clauses = sorted({_clause(ends, m.start(), len(folded)) for m in _ANY_ACT.finditer(folded)})
    found = []
    for clause_start, clause_end in clauses:
        clause = folded[clause_start:clause_end]
        for figure in find_figures(clause):
            kind = _kind(clause, figure)
            if kind is None:
                continue
            name, start, end = kind
            start, end = start + clause_start, end + clause_start
            figure_start, figure_end = figure.start + clause_start, figure.end + clause_start
            found.append(
                Account(
                    kind=name,
                    value=text[figure_start:figure_end],
                    amount=None if figure.number is None else round(figure.number * figure.scale, 2),
                    unit=figure.base_unit or figure.unit,
                    phrase=text[start:end],
                    context=text[clause_start:clause_end].strip(),
                    place=place(figure_start, figure_end),
                    summary=summary,
                )
            )
    return found


def _clause(ends: list[int], offset: int, length: int) -> tuple[int, int]:
    """The clause around `offset`: between the clause ends (positions, sorted) either side."""
    index = bisect_left(ends, offset)
    return (ends[index - 1] + 1 if index else 0), (ends[index] if index < len(ends) else length)


def _kind(clause: str, figure: FigureSpan) -> tuple[str, int, int] | None:
    """(kind, start, end of the words naming the act, offsets into the clause) for a figure
    of a clause, or None."""
    unit = figure.base_unit or figure.unit
    before = clause[: figure.start]
    after = clause[figure.end :]
    for words, base in ((before, 0), (after, figure.end)):
        for name, units, act in _ACTS:
            if unit not in units:
                continue
            matches = list(act.finditer(words))
            if not matches:
                continue
            if name == "rules" and _NOT_RULES.search(words):
                continue
            nearest = matches[-1] if words is before else matches[0]
            return name, base + nearest.start(), base + nearest.end()
    return None


# --- many reports ----------------------------------------------------------------------------

#: Columns of `xunshi scorecard --csv` and of the side-by-side view, in order.
COLUMNS = (
    "origin", "title", "published", "plan", "problems", "done", "in_progress", "planned", "ongoing", "unclear",
    "done_rate", "measures", "measures_done", "measures_in_progress", "measures_planned", "measures_ongoing",
    "measures_unclear", "concrete", "vague", "claimed_problems", "claimed_done", "claimed_open", "claimed_rate",
    "flagged", "contradicted", "accountable", "disciplined", "talks", "cases", "money_yuan", "rules", "report",
)  # fmt: skip


def row(card: Scorecard) -> dict:
    """One flat row of a scorecard (for CSV and the side-by-side table)."""
    claim = card.claim
    return {
        "origin": card.origin,
        "title": card.title,
        "published": card.published,
        "plan": card.plan,
        "problems": card.problems,
        **{status: card.problem_status[status] for status in STATUSES},
        "done_rate": None if card.done_rate is None else round(card.done_rate, 1),
        "measures": card.measures,
        **{f"measures_{status}": card.measure_status[status] for status in STATUSES},
        "concrete": card.concrete,
        "vague": card.vague,
        "claimed_problems": claim.problems if claim else None,
        "claimed_done": claim.done if claim else None,
        "claimed_open": claim.in_progress if claim else None,
        "claimed_rate": claim.rate if claim else None,
        "flagged": card.flagged,
        "contradicted": len(card.contradicted),
        "accountable": card.total("accountable"),
        "disciplined": card.total("disciplined"),
        "talks": card.total("talks"),
        "cases": card.total("cases"),
        "money_yuan": card.total("money"),
        "rules": card.total("rules"),
        "report": card.report,
    }


def scorecards(reports: list[Report], progress=None) -> list[Scorecard]:
    """The scorecard of every report, in order; `progress(done, total)` after each."""
    rules = load_rules()
    cards = []
    for done, report in enumerate(reports, 1):
        cards.append(scorecard(report, rules=rules))
        if progress is not None:
            progress(done, len(reports))
    return cards


#: What the side-by-side table sorts by: (name, key on a Scorecard; larger first unless noted).
SORT_KEYS = (
    N_("document"),
    N_("done"),
    N_("open"),
    N_("unclear"),
    N_("concrete"),
    N_("flagged"),
    N_("money"),
    N_("people"),
)


def sort_cards(cards: list[Scorecard], key: str = "document", reverse: bool = False) -> list[Scorecard]:
    """A new list sorted by `key` (one of SORT_KEYS); ties keep document order. "done" is the
    share of problems done, "concrete" the share of concrete measures, "people" everyone held
    to account (accountable, disciplined, talked to)."""
    if key not in SORT_KEYS:
        raise ValueError(f"unknown sort key {key!r}: choose one of {', '.join(SORT_KEYS)}")
    if key == "document":
        return cards[::-1] if reverse else list(cards)
    keys = {
        "done": lambda c: c.done_rate if c.done_rate is not None else -1.0,
        "open": lambda c: c.open,
        "unclear": lambda c: c.problem_status["unclear"],
        "concrete": lambda c: c.concrete / c.measures if c.measures else -1.0,
        "flagged": lambda c: c.flagged + len(c.contradicted),
        "money": lambda c: c.total("money"),
        "people": lambda c: c.total("accountable") + c.total("disciplined") + c.total("talks"),
    }
    ordered = sorted(cards, key=keys[key], reverse=True)  # most first, stable
    return ordered[::-1] if reverse else ordered
