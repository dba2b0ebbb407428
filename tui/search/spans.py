"""Exact matching on the node's text: which nodes really match, where, and the snippet to show.

The index only proposes candidates (the AND of a word's bigrams); this module decides, on the
folded `node.plain_text()`, whether the query really occurs and at which offsets. Whoosh's
highlighter is not used: with n-grams it drops the last character of a match (FACTS.md).
Because `fold()` keeps the length, offsets in the folded text are offsets in `plain_text()`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import cast

from tui.text.safe import blanked

from .analyzer import is_han
from .index import Doc
from .query import All, Alternative, Any, Expr, Leaf, Not

SNIPPET_CHARS = 80  # the snippet's length, ellipses aside
SNIPPET_LEAD = 16  # characters shown before the first match
ELLIPSIS = "…"


def _token_pattern(token: str) -> str:
    if is_han(token[0]):
        return re.escape(token)
    # Latin words and numbers are whole: "2021" is not found in "20215" or "a2021", "2" not in "2.86".
    # The word comes first and the look-behind after it (over the word and the character before
    # it): a pattern that starts with a literal is searched for fast, one that starts with a
    # look-behind is tried at every position.
    word = re.escape(token)
    return rf"{word}(?<![0-9a-z.]{word})(?![0-9a-z]|\.[0-9])"


@lru_cache(maxsize=4096)
def alternative_pattern(alternative: Alternative) -> re.Pattern:
    """The tokens in order; between two tokens only spaces or punctuation (none needed after Han)."""
    pieces = []
    for index, token in enumerate(alternative.tokens):
        if index:
            previous = alternative.tokens[index - 1]
            latin_pair = not is_han(previous[-1]) and not is_han(token[0])
            pieces.append(r"[\W_]+" if latin_pair else r"[\W_]*")
        pieces.append(_token_pattern(token))
    return re.compile("".join(pieces))


def _region_end(leaf: Leaf, doc: Doc) -> int:
    return doc.title_end if leaf.field == "title" else len(doc.folded)


def leaf_patterns(leaf: Leaf) -> list[re.Pattern]:
    """The leaf's alternatives compiled, kept on the leaf (it is matched against many nodes)."""
    return _compiled(leaf)[0]


def _compiled(leaf: Leaf) -> tuple[list[re.Pattern], re.Pattern, list[str]]:
    """(each alternative's pattern, one pattern for any of them, and for each alternative a
    plain string it cannot match without: its longest token, which its pattern holds as is)."""
    cached = leaf.patterns
    if cached is None or cached[0] is not leaf.alternatives:
        patterns = [alternative_pattern(alt) for alt in leaf.alternatives]
        either = re.compile("|".join(f"(?:{pattern.pattern})" for pattern in patterns))
        needles = [max(alt.tokens, key=len) for alt in leaf.alternatives]
        cached = leaf.patterns = (leaf.alternatives, (patterns, either, needles))
    return cast(tuple[list[re.Pattern], re.Pattern, list[str]], cached[1])


def _found(leaf: Leaf, text: str, end: int) -> bool:
    """Whether any alternative of `leaf` occurs in text[:end]. A plain `find` first (in C, far
    faster than a pattern that starts with a look-behind), the pattern only where it may match."""
    _, either, needles = _compiled(leaf)
    if not any(text.find(needle, 0, end) >= 0 for needle in needles):
        return False
    return either.search(text, 0, end) is not None


def leaf_matches(leaf: Leaf, doc: Doc) -> bool:
    return _found(leaf, doc.folded, doc.title_end if leaf.field == "title" else len(doc.folded))


def matches(expr: Expr, doc: Doc) -> bool:
    """Whether the node really satisfies the query (NOT included)."""
    if isinstance(expr, Leaf):
        return leaf_matches(expr, doc)
    if isinstance(expr, Not):
        return not matches(expr.child, doc)
    if isinstance(expr, All):
        return all(matches(child, doc) for child in expr.children)
    if isinstance(expr, Any):
        return any(matches(child, doc) for child in expr.children)
    return False


def matcher(expr: Expr) -> Callable[[Doc], bool]:
    """`matches(expr, doc)` as one function of the doc, built once for a query that is checked
    against thousands of candidates: fewer calls per candidate, and a word that is one Han run
    is looked for with `str.find` alone (its pattern is the run itself)."""
    if isinstance(expr, Leaf):
        return _leaf_matcher(expr)
    if isinstance(expr, Not):
        inner = matcher(expr.child)
        return lambda doc: not inner(doc)
    parts = [matcher(child) for child in expr.children]
    if isinstance(expr, All):
        if len(parts) == 2:
            first, second = parts
            return lambda doc: first(doc) and second(doc)
        return lambda doc: all(part(doc) for part in parts)
    if isinstance(expr, Any):
        return lambda doc: any(part(doc) for part in parts)
    return lambda doc: False


#: Up to this many plain strings are looked for one by one; more with one regex.
FEW_NEEDLES = 3


def _leaf_matcher(leaf: Leaf) -> Callable[[Doc], bool]:
    _, either, needles = _compiled(leaf)
    plain = all(len(alt.tokens) == 1 and is_han(alt.tokens[0]) for alt in leaf.alternatives)
    search = either.search
    if leaf.field == "title":
        if plain and len(needles) == 1:
            [needle] = needles
            return lambda doc: doc.folded.find(needle, 0, doc.title_end) >= 0
        return lambda doc: _found(leaf, doc.folded, doc.title_end)
    if plain:
        if len(needles) == 1:
            [needle] = needles
            return lambda doc: needle in doc.folded
        if len(needles) <= FEW_NEEDLES:
            return lambda doc: any(needle in doc.folded for needle in needles)
        # Many (a pinyin word's readings): one pass of the alternation, which skips the
        # characters no alternative starts with, is faster than a `find` for each.
        return lambda doc: search(doc.folded) is not None
    if len(needles) == 1:
        [needle] = needles
        return lambda doc: needle in doc.folded and search(doc.folded) is not None
    return lambda doc: any(needle in doc.folded for needle in needles) and search(doc.folded) is not None


def title_tier(expr: Expr, doc: Doc) -> int:
    """How many of the searched words (not the excluded ones) occur in the node's title."""
    if not doc.title_end:
        return 0
    return sum(1 for leaf in _positive_leaves(expr) if _found(leaf, doc.folded, doc.title_end))


def title_counter(expr: Expr) -> Callable[[Doc], int]:
    """`title_tier(expr, doc)` as one function of the doc, built once for a query."""
    checks = []
    for leaf in _positive_leaves(expr):
        needles = _compiled(leaf)[2]
        plain = all(len(alt.tokens) == 1 and is_han(alt.tokens[0]) for alt in leaf.alternatives)
        if plain and len(needles) == 1:
            checks.append(lambda doc, needle=needles[0]: doc.folded.find(needle, 0, doc.title_end) >= 0)
        else:
            checks.append(lambda doc, leaf=leaf: _found(leaf, doc.folded, doc.title_end))
    if len(checks) == 1:
        [check] = checks
        return lambda doc: 1 if doc.title_end and check(doc) else 0
    return lambda doc: sum(1 for check in checks if check(doc)) if doc.title_end else 0


def _positive_leaves(expr: Expr):
    if isinstance(expr, Leaf):
        yield expr
    elif isinstance(expr, (All, Any)):
        for child in expr.children:
            yield from _positive_leaves(child)


def find_spans(expr: Expr, doc: Doc) -> list[tuple[int, int]]:
    """Offsets into `doc.plain` of every occurrence of every searched word (not the excluded
    ones), sorted; overlapping occurrences are merged into one span."""
    found: list[tuple[int, int]] = []
    for leaf in _positive_leaves(expr):
        end = _region_end(leaf, doc)
        for pattern in leaf_patterns(leaf):
            found.extend(match.span() for match in pattern.finditer(doc.folded, 0, end) if match.end() > match.start())
    found.sort()
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def snippet(doc: Doc, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """A one-line window of the node's text around its first match below the title, with the
    spans that fall in it (offsets into the snippet). Newlines and control characters become
    spaces, so the snippet is safe to print."""
    text = doc.plain
    body_start = doc.body_start
    body = [span for span in spans if span[0] >= body_start]
    if body:
        floor, focus = body_start, body[0][0]
    elif spans or body_start >= len(text):
        floor, focus = 0, (spans[0][0] if spans else 0)
    else:
        floor, focus = body_start, body_start
    start = max(floor, focus - SNIPPET_LEAD)
    end = min(len(text), start + SNIPPET_CHARS)
    start = max(floor, min(start, end - SNIPPET_CHARS))
    prefix = ELLIPSIS if start > 0 else ""
    suffix = ELLIPSIS if end < len(text) else ""
    window = blanked(text[start:end])
    shift = len(prefix) - start
    inside = []
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        inside.append((max(span_start, start) + shift, min(span_end, end) + shift))
    return prefix + window + suffix, inside
