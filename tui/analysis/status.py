"""Was it really fixed? The status of each rectification measure, read from its own words.

A measure (一是… in `Rectification.measures`) gets one of five statuses, with the phrase that
decided it kept as `Evidence`:

    done         已完成, 整改到位, 出台, 印发《…》, 召开, 制定了, 已将…落实 …
    in_progress  正在, 推进中, 已开工, 阶段性成果, 按序时进度, 完成60% … and, weaker, 加快, 启动, 逐步
    planned      将于…, 计划年底前完成, 拟, 力争, 下一步 …
    ongoing      坚持, 持续, 常态化, 长效机制, 每季度召开 …
    unclear      none of them

and is `concrete` when it names a number (digits with a unit, or a Chinese numeral with
十/百/千/万/亿 and a unit), a date, a document 《…》 or a named body (…委, …局, …中心 …), `vague`
otherwise; `named` lists which of those kinds it named.

THE RULES ARE DATA: `status_rules.yaml` next to this module holds every phrase and regex, in
Simplified and Traditional script, with the reasons for their order. `load_rules(path)` reads
another file of the same shape; `rules_text()` lists a rule set for `xunshi status --rules`.
Before matching, texts and rules are folded with a character table learned from the file's
[Simplified, Traditional] pairs (plus its `variants`); folding keeps lengths, so a Traditional
text gets the same statuses, and evidence at the same offsets, as its Simplified original.

MEASURE RULE (precedence, not first-in-text). Every phrase of every group is found; where two
matches overlap the longest keeps its characters (so 已将 beats 将, 计划年底前完成 swallows its
完成, and the mask 年度投资计划 hides its 计划); the status is that of the surviving group
listed first in the file, and the evidence is that group's first match (one outside the
measure's title before one inside it). The bundled order is

    unfinished (in_progress) > completed (done) > underway (in_progress) > intended (planned)
    > standing (ongoing)

so "已制定…，下一步将…" is done — a reader of the genre calls it done with a follow-up; the plan
does not undo the delivered document — while "5处已完成，2处正在推进" is in progress: an explicit
unfinished item outranks the results next to it. Push verbs (加快推进…) lose to results because
in this genre they are boilerplate beside them, but beat plans (加快推进X，力争年底前完成 is
under way). First-in-text was rejected: these measures open with their results or their aims
in no fixed order, so position says nothing about state. A measure's short opening title
(一是加快区域金融中心建设。) is an aim, not a report: its underway/intended/standing phrases
count only when the rest of the measure matches nothing.

PROBLEM RULE (`problem_status`). A statement about the problem as a whole (已基本完成整改,
整改到位, 正在整改, 持续整改 …) in the rectification's lead, in its text outside the measures, or
— when it has no measures — anywhere in it, wins: it is the report's own verdict (`whole`).
Otherwise the measures decide, ignoring the ongoing and unclear ones (a standing practice never
"finishes", a measure that says nothing tells nothing):

    any in_progress                 → in_progress
    all the rest planned            → planned
    some planned, the rest done     → in_progress (begun, not finished)
    all the rest done               → done
    only ongoing (and unclear)      → ongoing
    nothing decisive                → unclear

A rectification without measures and without a whole statement is read as one measure. A
problem without a rectification is unclear. `ProblemStatus.evidence` holds offsets into the
node's `rectification.text`; `MeasureStatus.evidence` offsets into the measure's own text.

CLAIMS (`report_claims`). The report's own totals — 反馈问题28个，已完成整改25个，完成率89.3%;
已整改到位20个、正在整改5个 — are read sentence by sentence from the intro, the nodes' own texts
and the closing (not from rectifications, whose counts are about one problem). A count is a
number with 个/项/条/件; each clause (split at ，；、) is a total of problems when it says
反馈/指出/交办/涉及/共, done when it says 完成整改/整改到位/已整改/办结/销号/基本完成/立行立改,
in progress when it says 正在/整改中/未完成/持续/长期. Clauses opening with 其中 are subsets
and are skipped; done and in-progress counts of several clauses are added up; the first
problem total is kept; 已全部完成整改 with no count of its own means all the problems. Counts
said to need long-term work (需长期坚持的3个) go to in_progress: a claim has no ongoing field.
A sentence counts only when it mentions 问题.

Imports only `tui.model` and the standard library; PyYAML is imported when rules are loaded.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from tui.model import Node, Report

STATUSES = ("done", "in_progress", "planned", "ongoing", "unclear")
KINDS = ("number", "date", "document", "body")
RULES_PATH = Path(__file__).with_name("status_rules.yaml")
_HEADING_MODES = ("full", "fallback")
_DECISIVE = ("done", "in_progress", "planned")


# --- results ---------------------------------------------------------------------------------


@dataclass
class Evidence:
    """The phrase that decided a status, as printed, and where it is."""

    phrase: str
    start: int  # offset into the measure text (or the node's rectification text)
    end: int


@dataclass
class MeasureStatus:
    status: str  # one of STATUSES
    evidence: Evidence | None
    concrete: bool
    named: list[str] = field(default_factory=list)  # kinds found, in KINDS order


@dataclass
class ProblemStatus:
    status: str
    evidence: Evidence | None  # offsets into node.rectification.text
    measures: list[MeasureStatus] = field(default_factory=list)
    whole: Evidence | None = None  # a statement about the problem as a whole, when there is one


@dataclass
class Claim:
    """A report's own totals, as it states them."""

    problems: int | None
    done: int | None
    in_progress: int | None
    rate: float | None  # percent: 89.3 for 89.3%
    where: str  # "intro", "closing" or a node id
    text: str  # the sentence as printed


# --- rules -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One line of the rules file: a phrase or a regex, in each script it was written in."""

    forms: tuple[str, ...]  # Simplified first; the Traditional form when it differs
    regex: bool


@dataclass(frozen=True)
class Group:
    name: str
    status: str  # "" for the masks
    why: str
    heading: str  # "full" or "fallback": how matches in a measure's title count
    entries: tuple[Entry, ...]
    patterns: tuple[re.Pattern, ...]


@dataclass(frozen=True)
class Rules:
    path: str
    labels: dict  # status → (Simplified, Traditional) label
    heading_max: int
    variants: tuple[str, ...]
    fold: dict  # str.translate table built from variants
    groups: tuple[Group, ...]  # precedence order, highest first
    masks: Group
    whole: tuple[Group, ...]
    kinds: dict  # kind → Group (status "")


class _Bad(Exception):
    """A problem with one place of the rules file (turned into a one-line ValueError)."""


def load_rules(path: str | Path | None = None) -> Rules:
    """The rules of `path`, or of the bundled `status_rules.yaml`. A file that cannot be read,
    is not YAML or does not have the expected shape raises ValueError with one line."""
    if path is None:
        return _bundled()
    return _load(str(path))


@lru_cache(maxsize=1)
def _bundled() -> Rules:
    return _load(str(RULES_PATH))


def _load(path: str) -> Rules:
    import yaml  # slow to import: only when rules are read

    def fail(message: str) -> ValueError:
        return ValueError(" ".join(f"status rules {path}: {message}".split()))

    try:
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except OSError as error:
        raise fail(f"cannot read the file ({error.strerror or error})") from None
    except UnicodeDecodeError:
        raise fail("the file is not UTF-8 text") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error)
        raise fail(f"not valid YAML{where}: {problem}") from None
    try:
        return _build(path, data)
    except _Bad as error:
        raise fail(str(error)) from None


def _build(path: str, data) -> Rules:
    if not isinstance(data, dict):
        raise _Bad("the file must be a mapping with version, groups, masks, whole and concrete")
    if data.get("version") != 1:
        raise _Bad(f"version must be 1, not {data.get('version')!r}")
    variants = data.get("variants") or []
    if not isinstance(variants, list) or not all(isinstance(v, str) and len(v) >= 2 for v in variants):
        raise _Bad("variants must be a list of strings of two or more characters")
    labels = {}
    for status, label in (data.get("statuses") or {}).items():
        if status not in STATUSES:
            raise _Bad(f"statuses: unknown status {status!r} (known: {', '.join(STATUSES)})")
        forms = _forms(label, f"statuses.{status}")
        labels[status] = (forms[0], forms[-1])
    for status in STATUSES:
        labels.setdefault(status, (status, status))
    heading = data.get("heading") or {}
    heading_max = heading.get("max_chars", 32) if isinstance(heading, dict) else None
    if not isinstance(heading_max, int) or heading_max < 0:
        raise _Bad("heading.max_chars must be a whole number")

    raw_groups = data.get("groups")
    if not isinstance(raw_groups, list) or not raw_groups:
        raise _Bad("groups must be a non-empty list")
    groups = [_parse_group(item, f"groups[{index}]", needs_status=True) for index, item in enumerate(raw_groups)]
    names = [group.name for group in groups]
    if len(set(names)) != len(names):
        raise _Bad(f"groups: two groups share a name ({', '.join(names)})")
    raw_masks = data.get("masks") or {}
    if not isinstance(raw_masks, dict):
        raise _Bad("masks must be a mapping with phrases and/or regex")
    masks = Group("masks", "", "", "full", (), ())
    if raw_masks:
        masks = _parse_group({"name": "masks", **raw_masks}, "masks", needs_status=False)
    raw_whole = data.get("whole") or []
    if not isinstance(raw_whole, list):
        raise _Bad("whole must be a list of groups")
    whole = [_parse_group(item, f"whole[{index}]", needs_status=True) for index, item in enumerate(raw_whole)]
    raw_kinds = data.get("concrete")
    if not isinstance(raw_kinds, dict) or set(raw_kinds) != set(KINDS):
        raise _Bad(f"concrete must have exactly the kinds {', '.join(KINDS)}")
    kinds = {
        kind: _parse_group({"name": kind, "regex": raw_kinds[kind]}, f"concrete.{kind}", needs_status=False)
        for kind in KINDS
    }
    everything = [*groups, masks, *whole, *kinds.values()]
    fold = _fold_table(variants, [entry for group in everything for entry in group.entries])
    compiled = {id(group): _compile(group, fold) for group in everything}
    return Rules(
        path, labels, heading_max, tuple(variants), fold,
        tuple(compiled[id(group)] for group in groups), compiled[id(masks)],
        tuple(compiled[id(group)] for group in whole), {kind: compiled[id(group)] for kind, group in kinds.items()},
    )  # fmt: skip


def _fold_table(variants: list[str], entries: list[Entry]) -> dict:
    """Characters folded together before matching, applied to texts and rules alike.

    The `variants` lines fold to their first character; every [Simplified, Traditional] pair
    of the same length also folds its Traditional characters onto the Simplified ones, so a
    Traditional text meets the Simplified patterns (and a Traditional regex's own exclusions,
    written in Traditional, still hold for a Simplified text). Folding keeps lengths."""
    table: dict[str, str] = {}
    for chars in variants:
        for char in chars[1:]:
            table.setdefault(char, chars[0])

    def resolve(char: str) -> str:
        seen = {char}
        while char in table and table[char] not in seen:
            char = table[char]
            seen.add(char)
        return char

    for entry in entries:
        if len(entry.forms) == 2 and len(entry.forms[0]) == len(entry.forms[1]):
            for simplified, traditional in zip(*entry.forms):
                simplified, traditional = resolve(simplified), resolve(traditional)
                if simplified != traditional and traditional not in table:
                    table[traditional] = simplified
    return {ord(char): resolve(char) for char in table if resolve(char) != char}


def _forms(value, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or len(value) > 2:
        raise _Bad(f"{where}: write a string, or [Simplified, Traditional]")
    for form in value:
        if not isinstance(form, str) or not form:
            raise _Bad(f"{where}: {form!r} is not a non-empty string")
    return tuple(dict.fromkeys(value))  # the Traditional form only when it differs


def _parse_group(item, where: str, needs_status: bool) -> Group:
    if not isinstance(item, dict):
        raise _Bad(f"{where}: must be a mapping with name, status, phrases and/or regex")
    name = item.get("name")
    if not isinstance(name, str) or not name:
        raise _Bad(f"{where}: needs a name")
    where = f"{where} ({name})"
    status = item.get("status", "")
    if needs_status and status not in STATUSES[:-1]:
        raise _Bad(f"{where}: status must be one of {', '.join(STATUSES[:-1])}, not {status!r}")
    heading = item.get("heading", "full")
    if heading not in _HEADING_MODES:
        raise _Bad(f"{where}: heading must be full or fallback, not {heading!r}")
    phrases, regexes = item.get("phrases") or [], item.get("regex") or []
    if not isinstance(phrases, list) or not isinstance(regexes, list):
        raise _Bad(f"{where}: phrases and regex must be lists")
    if not phrases and not regexes:
        raise _Bad(f"{where}: has neither phrases nor regex")
    entries = [Entry(_forms(value, f"{where}.phrases[{index}]"), regex=False) for index, value in enumerate(phrases)]
    for index, value in enumerate(regexes):
        forms = _forms(value, f"{where}.regex[{index}]")
        for form in forms:
            try:
                pattern = re.compile(form)
            except re.error as error:
                raise _Bad(f"{where}.regex[{index}]: bad regex {form!r}: {error}") from None
            if pattern.search("") is not None:
                raise _Bad(f"{where}.regex[{index}]: {form!r} matches the empty string")
        entries.append(Entry(forms, regex=True))
    why = re.sub(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])", "", " ".join(str(item.get("why", "")).split()))
    return Group(name, status, why, heading, tuple(entries), ())


def _compile(group: Group, fold: dict) -> Group:
    plain = {form.translate(fold) for entry in group.entries if not entry.regex for form in entry.forms}
    patterns = []
    if plain:
        patterns.append(re.compile("|".join(re.escape(p) for p in sorted(plain, key=len, reverse=True))))
    regexes = dict.fromkeys(form.translate(fold) for entry in group.entries if entry.regex for form in entry.forms)
    patterns.extend(re.compile(form) for form in regexes)
    return dataclasses.replace(group, patterns=tuple(patterns))


# --- matching --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    rank: int  # 0 for a mask, 1 + index for a group


def _hits(folded: str, masks: Group | None, groups: tuple[Group, ...]) -> list[_Hit]:
    """The matches that survive: longest first, then masks, then the earlier group."""
    found = []
    ranked = [(0, masks)] if masks is not None else []
    ranked += [(index + 1, group) for index, group in enumerate(groups)]
    for rank, group in ranked:
        for pattern in group.patterns:
            for match in pattern.finditer(folded):
                if match.end() > match.start():
                    found.append(_Hit(match.start(), match.end(), rank))
    found.sort(key=lambda hit: (hit.start - hit.end, hit.rank, hit.start))
    taken = bytearray(len(folded))
    kept = []
    for hit in found:
        if not any(taken[hit.start : hit.end]):
            taken[hit.start : hit.end] = b"\1" * (hit.end - hit.start)
            kept.append(hit)
    return [hit for hit in kept if hit.rank > 0]


def _decide(text: str, hits: list[_Hit], groups: tuple[Group, ...], offset: int = 0, title: int = 0):
    """(status, Evidence) of the best hit: the first group in precedence, then a hit outside the
    title before one inside it, then the first in text."""
    if not hits:
        return "unclear", None
    best = min(hits, key=lambda hit: (hit.rank, hit.start < title, hit.start))
    evidence = Evidence(text[best.start : best.end], best.start + offset, best.end + offset)
    return groups[best.rank - 1].status, evidence


def _heading_end(text: str, limit: int) -> int:
    """Length of the measure's title sentence (一是加强顶层设计。), or 0 when it has none."""
    stop = text.find("。")
    if stop < 0 or stop + 1 > limit or not text[stop + 1 :].strip():
        return 0
    if any(mark in text[:stop] for mark in "，,；;"):
        return 0
    return stop + 1


_TITLE = re.compile(r"《[^》]*》")


def _named(text: str, rules: Rules) -> list[str]:
    blanked = _TITLE.sub(lambda match: " " * len(match.group()), text).translate(rules.fold)
    folded = text.translate(rules.fold)
    named = []
    for kind in KINDS:
        subject = folded if kind == "document" else blanked
        if any(pattern.search(subject) for pattern in rules.kinds[kind].patterns):
            named.append(kind)
    return named


def measure_status(text: str, rules: Rules | None = None) -> MeasureStatus:
    """The status of one measure's text, the phrase that decided it, and what it names."""
    rules = rules or load_rules()
    hits = _hits(text.translate(rules.fold), rules.masks, rules.groups)
    title = _heading_end(text, rules.heading_max)
    body = [hit for hit in hits if hit.start >= title or rules.groups[hit.rank - 1].heading == "full"]
    status, evidence = _decide(text, body or hits, rules.groups, title=title)
    named = _named(text, rules)
    return MeasureStatus(status, evidence, bool(named), named)


def _whole(text: str, spans: list[tuple[int, int]], rules: Rules) -> tuple[str, Evidence] | None:
    """The first whole-problem statement in the given spans of the rectification text."""
    for start, end in spans:
        piece = text[start:end]
        hits = _hits(piece.translate(rules.fold), rules.masks, rules.whole)
        if hits:
            return _decide(piece, hits, rules.whole, offset=start)
    return None


def problem_status(node: Node, rules: Rules | None = None) -> ProblemStatus:
    """The status of a problem from its measures and any statement about it as a whole."""
    rules = rules or load_rules()
    rect = node.rectification
    if rect is None or not rect.text.strip():
        return ProblemStatus("unclear", None, [], None)
    text = rect.text
    measures = [measure_status(measure.text, rules) for measure in rect.measures]
    if rect.measures:
        spans, position = [], 0
        for measure in rect.measures:
            if measure.start > position:
                spans.append((position, measure.start))
            position = max(position, measure.end)
        if position < len(text):
            spans.append((position, len(text)))
    else:
        spans = [(0, len(text))]
    whole = _whole(text, spans, rules)
    if whole is not None:
        status, evidence = whole
        return ProblemStatus(status, evidence, measures, evidence)
    if not rect.measures:
        single = measure_status(text, rules)
        return ProblemStatus(single.status, single.evidence, [], None)

    def first(status: str) -> Evidence | None:
        for measure, result in zip(rect.measures, measures):
            if result.status == status and result.evidence is not None:
                base = measure.start + len(measure.label)
                found = result.evidence
                return Evidence(found.phrase, found.start + base, found.end + base)
        return None

    decisive = {result.status for result in measures if result.status in _DECISIVE}
    if not decisive:
        status = "ongoing" if any(result.status == "ongoing" for result in measures) else "unclear"
        return ProblemStatus(status, first(status), measures, None)
    if "in_progress" in decisive:
        return ProblemStatus("in_progress", first("in_progress"), measures, None)
    if decisive == {"planned"}:
        return ProblemStatus("planned", first("planned"), measures, None)
    if "planned" in decisive:
        return ProblemStatus("in_progress", first("planned"), measures, None)
    return ProblemStatus("done", first("done"), measures, None)


# --- claims ----------------------------------------------------------------------------------

_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
_CLAUSE = re.compile(r"[，,；;、：:]")
_CN = "零〇一二两兩三四五六七八九十百千万萬"
_COUNT = re.compile(rf"(\d+|[{_CN}]+)\s*(?:个|個|项|項|条|條|件)")
_RATE = re.compile(r"(?:完成率|整改率|[办辦][结結]率|[销銷][号號]率)[^，,；;。\d]{0,4}?(\d+(?:\.\d+)?)\s*[%％]")
_MENTIONS_PROBLEM = re.compile(r"问题|問題")
_SUBSET = re.compile(r"^\s*其中")
_IN_PROGRESS = re.compile(r"正在|推[进進]中|整改中|未完成|持[续續]|[长長]期|[阶階]段性|序[时時]")
_DONE = re.compile(r"完成整改|整改完成|已整改|整改到位|[办辦][结結]|[销銷][号號]|基本完成|已完成|立行立改|整改完[毕畢]")
_ALL = re.compile(r"全部|均已|全面完成")
_TOTAL = re.compile(r"反[馈饋]|指出|交[办辦]|移交|涉及|共|巡[视視]|巡察")


def _cn_int(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    digits.update({"〇": 0, "两": 2, "兩": 2})
    total, section, current = 0, 0, 0
    for char in text:
        if char in digits:
            current = digits[char]
        elif char in "十百千":
            section += (current or 1) * {"十": 10, "百": 100, "千": 1000}[char]
            current = 0
        elif char in "万萬":
            total += (section + current) * 10_000
            section, current = 0, 0
        else:
            return None
    return total + section + current


def _claim(sentence: str, where: str) -> Claim | None:
    if not _MENTIONS_PROBLEM.search(sentence):
        return None
    problems = done = in_progress = None
    all_done = False
    for clause in _CLAUSE.split(sentence):
        count = _COUNT.search(clause)
        if count is None and _ALL.search(clause) and _DONE.search(clause) and not _IN_PROGRESS.search(clause):
            all_done = True  # 已全部完成整改: as many as the problems
        if count is None or _SUBSET.match(clause):
            continue
        value = _cn_int(count.group(1))
        if value is None:
            continue
        if _IN_PROGRESS.search(clause):
            in_progress = (in_progress or 0) + value
        elif _DONE.search(clause):
            done = (done or 0) + value
        elif _TOTAL.search(clause) and _MENTIONS_PROBLEM.search(clause) and problems is None:
            problems = value
    if done is None and all_done and problems is not None:
        done = problems
    rate_match = _RATE.search(sentence)
    rate = float(rate_match.group(1)) if rate_match else None
    if problems is None and done is None and in_progress is None and rate is None:
        return None
    return Claim(problems, done, in_progress, rate, where, sentence.strip())


def report_claims(report: Report) -> list[Claim]:
    """The report's own totals, from its intro, its nodes' own texts and its closing."""
    places = [("intro", paragraph) for paragraph in report.intro]
    places += [(node.id, node.text) for node in report.walk() if node.text]
    places += [("closing", paragraph) for paragraph in report.closing]
    claims = []
    for where, paragraph in places:
        for sentence in _SENTENCE.findall(paragraph):
            claim = _claim(sentence, where)
            if claim is not None:
                claims.append(claim)
    return claims


# --- listing ---------------------------------------------------------------------------------


def _entry_lines(group: Group, indent: str) -> list[str]:
    lines = []
    phrases = [" / ".join(entry.forms) for entry in group.entries if not entry.regex]
    if phrases:
        lines.append(f"{indent}phrases:")
        lines.extend(f"{indent}  {phrase}" for phrase in phrases)
    regexes = [entry for entry in group.entries if entry.regex]
    if regexes:
        lines.append(f"{indent}regex:")
        for entry in regexes:
            lines.append(f"{indent}  re {entry.forms[0]}")
            lines.extend(f"{indent}     {form}" for form in entry.forms[1:])
    return lines


def rules_text(rules: Rules | None = None) -> str:
    """The rules as a reader-friendly listing (for `xunshi status --rules`)."""
    rules = rules or load_rules()
    lines = [
        f"Status rules: {rules.path}",
        "A measure takes the status of the first group below that matches it; where matches",
        "overlap the longest wins (a mask hides what it covers). Phrases are listed",
        "Simplified / Traditional; lines starting with 're' are regular expressions.",
        "",
    ]
    for index, group in enumerate(rules.groups, 1):
        label = " / ".join(dict.fromkeys(rules.labels[group.status]))
        title = "title counts" if group.heading == "full" else "in a title only as a fallback"
        lines.append(f"{index}. {group.name} → {group.status} ({label}); {title}")
        if group.why:
            lines.append(f"   why: {group.why}")
        lines.extend(_entry_lines(group, "   "))
        lines.append("")
    lines.append("masks: no status; they hide the words inside them")
    lines.extend(_entry_lines(rules.masks, "   "))
    lines.append("")
    lines.append("Statements about a problem as a whole (lead and text outside the measures):")
    for group in rules.whole:
        lines.append(f"   {group.name} → {group.status}")
        lines.extend(_entry_lines(group, "     "))
    lines.append("")
    lines.append("Concrete when a measure names one of:")
    for kind in KINDS:
        lines.append(f"   {kind}")
        lines.extend(_entry_lines(rules.kinds[kind], "     "))
    lines.append("")
    lines.append(f"Title sentence: at most {rules.heading_max} characters, ending in 。 with no ，/； inside.")
    if rules.variants:
        lines.append("Characters folded together before matching: " + " ".join(rules.variants))
    return "\n".join(lines) + "\n"
