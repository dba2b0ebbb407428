"""Exact matching on the node's text: which nodes really match, where, and the snippet to show.

The index only proposes candidates (the AND of a word's bigrams); this module decides, on the
folded `node.plain_text()`, whether the query really occurs and at which offsets. Whoosh's
highlighter is not used: with n-grams it drops the last character of a match (FACTS.md).
Because `fold()` keeps the length, offsets in the folded text are offsets in `plain_text()`.
"""

from __future__ import annotations

import re
from functools import lru_cache

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
    return rf"(?<![0-9a-z.]){re.escape(token)}(?![0-9a-z]|\.[0-9])"


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
    cached = leaf.patterns
    if cached is None or cached[0] is not leaf.alternatives:
        cached = leaf.patterns = (leaf.alternatives, [alternative_pattern(alt) for alt in leaf.alternatives])
    return cached[1]


def leaf_matches(leaf: Leaf, doc: Doc) -> bool:
    end = doc.title_end if leaf.field == "title" else len(doc.folded)
    for pattern in leaf_patterns(leaf):
        if pattern.search(doc.folded, 0, end):
            return True
    return False


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


def title_tier(expr: Expr, doc: Doc) -> int:
    """How many of the searched words (not the excluded ones) occur in the node's title."""
    return sum(
        1
        for leaf in _positive_leaves(expr)
        if any(pattern.search(doc.folded, 0, doc.title_end) for pattern in leaf_patterns(leaf))
    )


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
