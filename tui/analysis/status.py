"""Was it really fixed? The status of each rectification measure, read from its own words.

A measure (一是… in `Rectification.measures`) gets one of five statuses, with the phrase that
decided it kept as `Evidence`:

    done         已完成, 整改到位, 出台, 印发《…》, 召开, 制定了, 已将…落实, a counted result
                 (新增…21个, 追回…10.3万元) … and, weaker, bare acts (修订…办法, 推行…, 建立…制度)
    in_progress  正在, 推进中, 已开工, 阶段性成果, 按序时进度, 完成60%, 其余2个…, 14个中已有11个 …
                 and, weaker, 加快, 启动, 逐步, 探索
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

    unfinished (in_progress) > completed (done) > delivered (done) > underway (in_progress)
    > intended (planned) > standing (ongoing)

so "已制定…，下一步将…" is done — a reader of the genre calls it done with a follow-up; the plan
does not undo the delivered document — while "5处已完成，2处正在推进" is in progress: an explicit
unfinished item outranks the results next to it. Push verbs (加快推进…) lose to results because
in this genre they are boilerplate beside them, but beat plans (加快推进X，力争年底前完成 is
under way). Bare acts (delivered: 修订…办法, 推行…, 选派…, 建立…制度) are what the genre says
instead of 已…: done, but below reported results, so that an unfinished item or a counted
result decides first. A counted result (a number with a count unit or 元/%) is done: in a
progress report a count is what was achieved; a plan's count is swallowed by the plan's
clause, a per-head quota (每名党员联系10户) is masked. A regex naming the groups `total` and
`part` holds only when the part is smaller (6个停工项目中已有5个复工 is in progress).
First-in-text was rejected: these measures open with their results or their aims
in no fixed order, so position says nothing about state. A measure's short opening title
(一是加快区域金融中心建设。) is an aim, not a report: its underway/intended/standing phrases
count only when the rest of the measure matches nothing.

PROBLEM RULE (`problem_status`). A statement about the problem as a whole (已基本完成整改,
整改到位, 正在整改, 持续整改 …) in the rectification's lead, in its text outside the measures, or
— when it has no measures — anywhere in it, wins: it is the report's own verdict (`whole`) —
except that a verdict of done marked `yields` (已完成整改, not 基本完成整改) gives way to an
explicitly unfinished item anywhere in the same rectification: "已完成整改。…其余6处纳入年度
计划" is in progress (`whole` keeps the report's word, `evidence` the unfinished item).
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

PLANS (`report_status`). A report whose title names it a plan (…整改实施方案: the rules'
`plan_titles`) lists what will be done: every measure and problem of it is planned.

CLAIMS (`report_claims`, `main_claim`). The report's own totals — 反馈问题28个，已完成整改25个，
完成率89.3%; 3个方面14个问题，14个问题已完成整改12个，其余2个正在推进 — are read sentence by
sentence from the intro, the nodes' own texts and the closing (not from rectifications, whose
counts are about one problem). A count is a number with 个/项/条/件, read by what follows it
and the words around it in its clause (split at ，；、：): N个问题 is the total of problems —
or open ones when the clause says so (尚未整改到位的113个问题, 5个问题部分整改); N项整改措施 /
N项任务 counts measures, and the bare counts after it (已完成66条, 其余8条…) are theirs, not the
problems'; N个方面 counts areas and is skipped. A bare count is done when its words say
完成整改/整改到位/已整改/办结/销号/基本完成/立行立改, in progress when they say
正在/整改中/未完成/尚未/部分整改/持续/阶段性, the total when they say 反馈/指出/反映/涉及/共 and
问题. Clauses opening with 其中 are subsets and are skipped; counts of several clauses are added
up; the first total is kept; 已全部完成整改 (not 确保全部整改到位, an aim) sets `all_done`, and
with a total, done. A sentence counts only when it mentions 问题 and does not start 下一步.
Each claim keeps its sentence's place (`where`, `paragraph`, `start`, `end`).

Imports only `tui.model` and the standard library; PyYAML is imported when rules are loaded.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left
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
    """A report's own totals, as it states them, and the sentence that states them."""

    problems: int | None
    done: int | None
    in_progress: int | None
    rate: float | None  # percent: 89.3 for 89.3%
    where: str  # "intro", "closing" or a node id
    text: str  # the sentence as printed
    all_done: bool = False  # 已全部完成整改 (with or without a count)
    paragraph: int = 0  # which intro or closing paragraph ("intro", "closing")
    start: int = 0  # the sentence's offsets in that paragraph, or in the node's text
    end: int = 0


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
    # Per pattern: the characters every match of it starts with, when they can be read off the
    # pattern (see `first_characters`), else None. A text holding none of them is not searched.
    firsts: tuple[frozenset[str] | None, ...] = ()
    # A whole-problem verdict that yields to an explicitly unfinished item in the same text
    # (已完成整改 … 其余6处纳入年度计划 is in progress); 基本完成整改 does not yield: it says so.
    yields: bool = False


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
    plans: Group | None = None  # titles of reports that are plans (…整改实施方案)


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
    raw_plans = data.get("plan_titles") or []
    if not isinstance(raw_plans, list):
        raise _Bad("plan_titles must be a list of regexes")
    plans = (
        _parse_group({"name": "plan_titles", "regex": raw_plans}, "plan_titles", needs_status=False)
        if raw_plans
        else None
    )
    everything = [*groups, masks, *whole, *kinds.values(), *([plans] if plans else [])]
    fold = _fold_table(variants, [entry for group in everything for entry in group.entries])
    compiled = {id(group): _compile(group, fold) for group in everything}
    return Rules(
        path, labels, heading_max, tuple(variants), fold,
        tuple(compiled[id(group)] for group in groups), compiled[id(masks)],
        tuple(compiled[id(group)] for group in whole), {kind: compiled[id(group)] for kind, group in kinds.items()},
        compiled[id(plans)] if plans else None,
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
    yields = item.get("yields", False)
    if not isinstance(yields, bool):
        raise _Bad(f"{where}: yields must be true or false")
    return Group(name, status, why, heading, tuple(entries), (), yields=yields)


def _compile(group: Group, fold: dict) -> Group:
    plain = {form.translate(fold) for entry in group.entries if not entry.regex for form in entry.forms}
    patterns = []
    if plain:
        patterns.append(re.compile(trie_pattern(plain)))
    regexes = dict.fromkeys(form.translate(fold) for entry in group.entries if entry.regex for form in entry.forms)
    patterns.extend(re.compile(form) for form in regexes)
    firsts = tuple(first_characters(pattern.pattern) for pattern in patterns)
    return dataclasses.replace(group, patterns=tuple(patterns), firsts=firsts)


def trie_pattern(phrases: set[str]) -> str:
    """One regex for a set of phrases, shaped as their trie (整改(?:到位|中|完毕)): it matches
    what `a|b|c` with the longest first matches, but Python's regex engine tries only the
    branches that share the text's next character instead of every phrase in turn, which makes
    a group of 80 phrases about five times faster to search."""
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}  # a phrase ends here

    def pattern(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:  # greedy: the longer phrase wins, as longest-first would
            return body + "?" if len(branches) == 1 and len(body) == 1 else "(?:" + body + ")?"
        return body

    branches = [re.escape(char) + pattern(child) for char, child in sorted(trie.items())]
    return "|".join(branches)


def first_characters(pattern: str) -> frozenset[str] | None:
    """The characters every match of `pattern` must start with, or None when that cannot be
    read off simply. Only this much of the syntax is read: leading lookbehinds (skipped), a
    group `(?:a|b|…)`, a literal Han character (or 《), a class `[…]` of plain characters — each
    not made optional by ?, * or {0,…}. Anything else gives None (the pattern is always
    searched), so the answer is never wrong, only sometimes missing. With it most of the 44
    bundled patterns are skipped for a given measure, which makes 1,000 scorecards fast."""
    branches = _top_level_alternatives(pattern)
    if len(branches) > 1:  # a|b|c: a match starts as one of them does
        found: set[str] = set()
        for branch in branches:
            chars = first_characters(branch)
            if chars is None:
                return None
            found |= chars
        return frozenset(found)
    rest = _skip_lookbehinds(pattern)
    if rest is None or not rest:
        return None
    if rest.startswith("(?:"):
        inner, after = _group_body(rest, 3)
        if inner is None or _optional(rest[after:]):
            return None
        return first_characters(inner)
    char = rest[0]
    if "\u4e00" <= char <= "\u9fff" or char == "《":
        return None if _optional(rest[1:]) else frozenset(char)
    if char == "[" and not rest.startswith("[^"):
        end = rest.find("]", 1)
        body = rest[1:end]
        if end < 0 or not body or any(c in body for c in "\\-[^") or _optional(rest[end + 1 :]):
            return None
        return frozenset(body)
    return None


def _optional(after: str) -> bool:
    return after[:1] in ("?", "*") or after.startswith("{0")


def _group_body(text: str, start: int) -> tuple[str | None, int]:
    """The body of the group opened just before `start` and the index after its ")"."""
    depth, index = 0, start
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            close = text.find("]", index + 1)
            if close < 0:
                return None, index
            index = close + 1
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                return text[start:index], index + 1
            depth -= 1
        index += 1
    return None, index


def _skip_lookbehinds(pattern: str) -> str | None:
    while pattern.startswith(("(?<!", "(?<=")):
        body, after = _group_body(pattern, 4)
        if body is None:
            return None
        pattern = pattern[after:]
    return pattern


def _top_level_alternatives(body: str) -> list[str]:
    parts, depth, start, index = [], 0, 0, 0
    while index < len(body):
        char = body[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            index = body.find("]", index + 1) + 1 or len(body)
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(body[start:index])
            start = index + 1
        index += 1
    parts.append(body[start:])
    return parts


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
    chars = set(folded)
    for rank, group in ranked:
        for pattern, firsts in zip(group.patterns, group.firsts or [None] * len(group.patterns)):
            if firsts is not None and firsts.isdisjoint(chars):
                continue  # no match can start in this text
            partial = "total" in pattern.groupindex and "part" in pattern.groupindex
            for match in pattern.finditer(folded):
                if match.end() > match.start() and (not partial or _smaller(match)):
                    found.append(_Hit(match.start(), match.end(), rank))
    found.sort(key=lambda hit: (hit.start - hit.end, hit.rank, hit.start))
    taken = bytearray(len(folded))
    kept = []
    for hit in found:
        if not any(taken[hit.start : hit.end]):
            taken[hit.start : hit.end] = b"\1" * (hit.end - hit.start)
            kept.append(hit)
    return [hit for hit in kept if hit.rank > 0]


def _smaller(match: re.Match) -> bool:
    """A rule naming groups `total` and `part` holds only when the part is the smaller count
    (滞后的14个项目中已有11个…: 3 are not there yet)."""
    total, part = _cn_int(match.group("total")), _cn_int(match.group("part"))
    return total is not None and part is not None and part < total


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


def _named(folded: str, rules: Rules) -> list[str]:
    """The kinds a (folded) text names. A kind's regexes only need to be found, not counted, so
    each kind is one alternation (`_any_of`): four searches a measure instead of fourteen."""
    blanked = _TITLE.sub(lambda match: " " * len(match.group()), folded) if "《" in folded else folded
    named = []
    for kind in KINDS:
        if _any_of(rules.kinds[kind]).search(folded if kind == "document" else blanked):
            named.append(kind)
    return named


_ALTERNATIONS: dict[int, re.Pattern] = {}


def _any_of(group: Group) -> re.Pattern:
    """One pattern that matches where any of the group's patterns does (for existence only)."""
    found = _ALTERNATIONS.get(id(group))
    if found is None:
        found = re.compile("|".join(f"(?:{pattern.pattern})" for pattern in group.patterns))
        _ALTERNATIONS[id(group)] = found
    return found


def _named_spans(folded: str, rules: Rules) -> dict[str, list[tuple[int, int]]]:
    """Where each kind is named in a whole (folded) rectification, sorted: the measures take
    their kinds from these, instead of fourteen searches each."""
    blanked = _TITLE.sub(lambda match: " " * len(match.group()), folded) if "《" in folded else folded
    spans = {}
    for kind in KINDS:
        subject = folded if kind == "document" else blanked
        spans[kind] = sorted((m.start(), m.end()) for p in rules.kinds[kind].patterns for m in p.finditer(subject))
    return spans


def _named_within(spans: dict[str, list[tuple[int, int]]], start: int, end: int) -> list[str]:
    named = []
    for kind in KINDS:
        found = spans[kind]
        index = bisect_left(found, (start, -1))
        while index < len(found) and found[index][0] < end:
            if found[index][1] <= end:
                named.append(kind)
                break
            index += 1
    return named


def measure_status(
    text: str, rules: Rules | None = None, folded: str | None = None, named: list[str] | None = None
) -> MeasureStatus:
    """The status of one measure's text, the phrase that decided it, and what it names
    (`folded`: the text already folded with the rules' table, `named` the kinds it names, when
    the caller has them)."""
    rules = rules or load_rules()
    folded = text.translate(rules.fold) if folded is None else folded
    hits = _hits(folded, rules.masks, rules.groups)
    title = _heading_end(text, rules.heading_max)
    body = [hit for hit in hits if hit.start >= title or rules.groups[hit.rank - 1].heading == "full"]
    status, evidence = _decide(text, body or hits, rules.groups, title=title)
    named = _named(folded, rules) if named is None else named
    return MeasureStatus(status, evidence, bool(named), named)


def _whole(text: str, spans: list[tuple[int, int]], rules: Rules) -> tuple[Group, Evidence] | None:
    """The first whole-problem statement in the given spans of the rectification text, and the
    group that found it."""
    for start, end in spans:
        piece = text[start:end]
        hits = _hits(piece.translate(rules.fold), rules.masks, rules.whole)
        if hits:
            best = min(hits, key=lambda hit: (hit.rank, hit.start))
            evidence = Evidence(piece[best.start : best.end], best.start + start, best.end + start)
            return rules.whole[best.rank - 1], evidence
    return None


def _left_open(text: str, rules: Rules) -> Evidence | None:
    """The first explicitly unfinished item anywhere in a rectification's text: a match of the
    in-progress groups that outrank every done group (the bundled `unfinished`), or None."""
    first_done = next((index for index, group in enumerate(rules.groups) if group.status == "done"), 0)
    outranking = tuple(group for group in rules.groups[:first_done] if group.status == "in_progress")
    if not outranking:
        return None
    hits = _hits(text.translate(rules.fold), rules.masks, outranking)
    if not hits:
        return None
    return _decide(text, hits, outranking)[1]


def problem_status(node: Node, rules: Rules | None = None) -> ProblemStatus:
    """The status of a problem from its measures and any statement about it as a whole."""
    rules = rules or load_rules()
    rect = node.rectification
    if rect is None or not rect.text.strip():
        return ProblemStatus("unclear", None, [], None)
    text = rect.text
    folded = text.translate(rules.fold)
    measures = []
    kinds = _named_spans(folded, rules) if rect.measures else {}
    for measure in rect.measures:
        start = measure.start + len(measure.label)
        end = start + len(measure.text)
        if text[start:end] == measure.text:  # the measure is a slice of the text, as the parser makes it
            measures.append(measure_status(measure.text, rules, folded[start:end], _named_within(kinds, start, end)))
        else:
            measures.append(measure_status(measure.text, rules))
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
        group, evidence = whole
        status = group.status
        if group.yields:
            left = _left_open(text, rules)
            if left is not None:  # "已完成整改。…其余6处纳入年度计划": the text says otherwise
                return ProblemStatus("in_progress", left, measures, evidence)
        return ProblemStatus(status, evidence, measures, evidence)
    if not rect.measures:
        single = measure_status(text, rules, folded)
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


@dataclass
class ReportStatus:
    """Every problem's status in one report, and whether the report is a plan."""

    plan: Evidence | None  # the words of the title that make it a plan (offsets into the title)
    problems: dict[str, ProblemStatus]  # node id → status, in document order


def plan_evidence(report: Report, rules: Rules | None = None) -> Evidence | None:
    """The words of the report's title that make it a plan (…整改实施方案), or None."""
    rules = rules or load_rules()
    if rules.plans is None:
        return None
    folded = report.title.strip().translate(rules.fold)
    for pattern in rules.plans.patterns:
        match = pattern.search(folded)
        if match:
            return Evidence(report.title.strip()[match.start() : match.end()], match.start(), match.end())
    return None


def report_status(report: Report, rules: Rules | None = None) -> ReportStatus:
    """The status of every problem of `report`. In a plan every measure and problem is planned
    (the evidence is then the title's, in `ReportStatus.plan`)."""
    rules = rules or load_rules()
    plan = plan_evidence(report, rules)
    problems = {}
    for node in report.problems():
        result = problem_status(node, rules)
        if plan is not None:
            measures = [dataclasses.replace(m, status="planned", evidence=None) for m in result.measures]
            result = ProblemStatus("planned", None, measures, None)
        problems[node.id] = result
    return ReportStatus(plan, problems)


# --- claims ----------------------------------------------------------------------------------

_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
_CLAUSE = re.compile(r"[^，,；;、：:]+")
_CN = "零〇一二两兩三四五六七八九十百千万萬"
_COUNT = re.compile(rf"(\d+|[{_CN}]+)\s*(?:个|個|项|項|条|條|件)")
#: What a count counts, read right after it: problems (28个问题, 24个具体问题) or measures and
#: tasks (87项整改措施, 176项整改任务), whose totals are not the problems'.
_OF_PROBLEMS = re.compile(r"\s*(?:具体|具體)?(?:问题|問題)")
_OF_MEASURES = re.compile(r"\s*(?:整改)?(?:措施|任务|任務|事项|事項)")
_OF_AREAS = re.compile(r"\s*(?:方面|大?[类類]|[领領]域)")  # 3个方面14个问题: 3 areas, not 3 problems
_RATE = re.compile(r"(?:完成率|整改率|[办辦][结結]率|[销銷][号號]率)[^，,；;。\d]{0,4}?(\d+(?:\.\d+)?)\s*[%％]")
_MENTIONS_PROBLEM = re.compile(r"问题|問題")
_SUBSET = re.compile(r"^\s*其中")
_IN_PROGRESS = re.compile(
    r"正在|推[进進]中|整改中|未完成|尚未|尚有|仍有|未整改|持[续續]|[长長]期|[阶階]段性|序[时時]|部分整改|部分完成|正按|按[计計][划劃]推[进進]"
)
_DONE = re.compile(r"完成整改|整改完成|已整改|整改到位|[办辦][结結]|[销銷][号號]|基本完成|已完成|立行立改|整改完[毕畢]")
_ALL = re.compile(r"全部|均已|全面完成")
_AIM = re.compile(r"确保|確保|力争|力爭|争取|爭取|下一步|下步|[计計][划劃]|[预預][计計]")  # 确保全部整改到位: an aim
_TOTAL = re.compile(r"反[馈饋]|指出|交[办辦]|移交|涉及|共|巡[视視]|巡察|反映|查出|[发發]现")


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


@dataclass
class _Tally:
    problems: int | None = None
    done: int | None = None
    in_progress: int | None = None
    all_done: bool = False

    def add(self, field: str, value: int) -> None:
        setattr(self, field, (getattr(self, field) or 0) + value)


def _claim(sentence: str, where: str) -> Claim | None:
    """The totals one sentence states (see the module docstring), or None."""
    if not _MENTIONS_PROBLEM.search(sentence) or sentence.lstrip().startswith(("下一步", "下步")):
        return None
    tally = _Tally()
    subject = "problems"  # what a bare count (已完成12个) counts: the last thing counted
    for clause_match in _CLAUSE.finditer(sentence):
        clause = clause_match.group()
        if _SUBSET.match(clause):
            continue  # 其中…: a subset of what was counted before
        counts = [
            m
            for m in _COUNT.finditer(clause)
            if _cn_int(m.group(1)) is not None and not _OF_AREAS.match(clause, m.end())
        ]
        if not counts and _all_done(clause):
            tally.all_done = True  # 已全部完成整改: as many as the problems
        for index, count in enumerate(counts):
            value = _cn_int(count.group(1)) or 0
            before = clause[counts[index - 1].end() if index else 0 : count.start()]
            after = clause[count.end() : counts[index + 1].start() if index + 1 < len(counts) else len(clause)]
            if _OF_MEASURES.match(clause, count.end()):
                subject = "measures"
            elif _OF_PROBLEMS.match(clause, count.end()):
                subject = "problems"
                _count_of_problems(tally, value, before, after)
            elif subject == "problems":
                _bare_count(tally, value, before + after)
    if tally.done is None and tally.all_done and tally.problems is not None:
        tally.done = tally.problems
    rate_match = _RATE.search(sentence)
    rate = float(rate_match.group(1)) if rate_match else None
    stated = (tally.problems, tally.done, tally.in_progress, rate)
    if all(value is None for value in stated) and not tally.all_done:
        return None
    return Claim(tally.problems, tally.done, tally.in_progress, rate, where, sentence.strip(), all_done=tally.all_done)


def _all_done(words: str) -> bool:
    return bool(
        _ALL.search(words) and _DONE.search(words) and not _IN_PROGRESS.search(words) and not _AIM.search(words)
    )


def _count_of_problems(tally: _Tally, value: int, before: str, after: str) -> None:
    """N个问题: still open (尚未整改到位的113个问题, 5个问题部分整改), or the total."""
    if _IN_PROGRESS.search(before) or (_IN_PROGRESS.search(after) and not _DONE.search(after)):
        tally.add("in_progress", value)
    elif tally.problems is None:
        tally.problems = value
        if _all_done(after):
            tally.all_done = True  # 8个问题已全部完成整改


def _bare_count(tally: _Tally, value: int, words: str) -> None:
    """已完成整改12个, 其余2个正在推进, 反馈问题28个: counted by the words around it."""
    if _IN_PROGRESS.search(words):
        tally.add("in_progress", value)
    elif _DONE.search(words):
        tally.add("done", value)
    elif _TOTAL.search(words) and _MENTIONS_PROBLEM.search(words) and tally.problems is None:
        tally.problems = value


def report_claims(report: Report) -> list[Claim]:
    """The report's own totals, from its intro, its nodes' own texts and its closing."""
    places = [("intro", index, paragraph) for index, paragraph in enumerate(report.intro)]
    places += [(node.id, 0, node.text) for node in report.walk() if node.text]
    places += [("closing", index, paragraph) for index, paragraph in enumerate(report.closing)]
    claims = []
    for where, number, paragraph in places:
        for match in _SENTENCE.finditer(paragraph):
            claim = _claim(match.group(), where)
            if claim is not None:
                lead = len(match.group()) - len(match.group().lstrip())
                claim.paragraph, claim.start = number, match.start() + lead
                claim.end = claim.start + len(claim.text)
                claims.append(claim)
    return claims


def main_claim(claims: list[Claim]) -> Claim | None:
    """The claim a scorecard shows: the first that states a total of problems with how many
    were done or are open, else the first with the most figures."""

    def weight(claim: Claim) -> tuple[int, int]:
        figures = sum(value is not None for value in (claim.problems, claim.done, claim.in_progress, claim.rate))
        full = claim.problems is not None and (claim.done is not None or claim.in_progress is not None)
        return (full, figures + claim.all_done)

    return max(claims, key=weight, default=None)


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
        yields = " (yields to an unfinished item in the same text)" if group.yields else ""
        lines.append(f"   {group.name} → {group.status}{yields}")
        lines.extend(_entry_lines(group, "     "))
    lines.append("")
    lines.append("Concrete when a measure names one of:")
    for kind in KINDS:
        lines.append(f"   {kind}")
        lines.extend(_entry_lines(rules.kinds[kind], "     "))
    lines.append("")
    if rules.plans is not None:
        lines.append("A report whose title matches one of these is a plan: everything in it is planned.")
        lines.extend(_entry_lines(rules.plans, "   "))
        lines.append("")
    lines.append(f"Title sentence: at most {rules.heading_max} characters, ending in 。 with no ，/； inside.")
    if rules.variants:
        lines.append("Characters folded together before matching: " + " ".join(rules.variants))
    return "\n".join(lines) + "\n"
