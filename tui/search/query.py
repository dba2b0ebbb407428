"""User input → a small query tree, parsed by hand so that no input can raise or mean "everything".

The language: words mean all of them; `"…"` is a phrase; `OR` (or `|`) between two parts means
either; `NOT word` and `-word` exclude; `title:word` / `title:"…"` look in titles only;
parentheses group. Anything else is tolerated: unbalanced quotes and parentheses are closed at
the end, a lone `AND`, `OR`, `NOT`, `-` or `title:` is dropped, `*` and other punctuation only
separate words, control characters become spaces and very long input is cut. What could not be
used comes back as a short hint; the tree may then be empty.

Whoosh's `QueryParser` is never used on user input: it reads `*` as every document, searches
`-word` as text and glues punctuation to terms (FACTS.md).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from dataclasses import field as dc_field

from whoosh.query import And, Or, Term

from tui.text.safe import without_sequences

from .analyzer import han_query_terms, is_han, latin_terms, query_tokens

MAX_QUERY_CHARS = 200
MAX_HINTS = 2
MAX_DEPTH = 16  # parentheses nested deeper than this only separate words
FIELDS = ("title",)
HELP = 'Type words to find; "…" for a phrase, OR, -word to exclude, title:word.'


@dataclass(frozen=True)
class Alternative:
    """One way a leaf can occur in the text: these folded tokens in order (Han runs, Latin words)."""

    tokens: tuple[str, ...]
    boost: float = 1.0


@dataclass
class Leaf:
    """A word, or a phrase (several tokens in order). `field` is None (everywhere) or "title".

    `alternatives` starts as the tokens themselves; pinyin expansion replaces it with the Han
    strings a pinyin word can stand for (`tui.search.pinyin`). The leaf matches where any does.
    """

    tokens: list[str]  # folded Han runs / Latin words, in order
    phrase: bool = False
    field: str | None = None
    raw: str = ""  # the text as typed (after clean-up), for pinyin and messages
    alternatives: list[Alternative] = dc_field(default_factory=list)
    #: (alternatives, their compiled patterns): kept by `tui.search.spans`, which matches one
    #: leaf against many nodes. Not part of what the leaf means.
    patterns: tuple[object, object] | None = dc_field(default=None, repr=False, compare=False)

    def __post_init__(self):
        if not self.alternatives:
            self.alternatives = [Alternative(tuple(self.tokens))]


@dataclass
class Not:
    child: Expr


@dataclass
class All:
    children: list[Expr] = dc_field(default_factory=list)


@dataclass
class Any:
    children: list[Expr] = dc_field(default_factory=list)


Expr = Leaf | Not | All | Any


@dataclass
class ParsedQuery:
    tree: Expr | None  # None: nothing to search for
    hints: list[str]


def clean(text: str) -> tuple[str, list[str]]:
    """Control and format characters become spaces; the text is cut to MAX_QUERY_CHARS."""
    hints = []
    text = without_sequences(text)  # removed whole, so their parameters are not searched
    text = "".join(" " if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") else char for char in text)
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        hints.append(f"Query cut to its first {MAX_QUERY_CHARS} characters.")
    return text, hints


# One lexical token of the query language. Order matters: quotes first, then the operators.
_LEX = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<open>[(（])
  | (?P<close>[)）])
  | (?P<field>[A-Za-z]+)[:：]
  | (?P<quote>["“”「」『』])
  | (?P<minus>[-－](?=[^\s\-－]))
  | (?P<bar>\|)
  | (?P<word>[^\s()（）"“”「」『』|]+)
    """,
    re.VERBOSE,
)
_CLOSING_QUOTE = re.compile(r'["“”「」『』]')


def _lex(text: str, hints: list[str]) -> list[tuple[str, str]]:
    """(kind, text) pairs; a quoted stretch becomes one ("phrase", …) pair."""
    items: list[tuple[str, str]] = []
    position = 0
    while position < len(text):
        match = _LEX.match(text, position)
        if match is None:  # cannot happen with the catch-all above; be safe anyway
            position += 1
            continue
        kind = match.lastgroup or "word"
        position = match.end()
        if kind == "ws":
            continue
        if kind == "quote":
            closing = _CLOSING_QUOTE.search(text, position)
            if closing is None:
                hints.append("A quote was not closed; the phrase runs to the end.")
                items.append(("phrase", text[position:]))
                break
            items.append(("phrase", text[position : closing.start()]))
            position = closing.end()
            continue
        if kind == "field":
            items.append(("field", (match.group("field") or "").lower()))
            continue
        items.append((kind, match.group(0)))
    return items


class _Parser:
    """Recursive descent over the lexed items; never raises on any sequence of items."""

    def __init__(self, items: list[tuple[str, str]], hints: list[str]):
        self.items = items
        self.position = 0
        self.hints = hints
        self.depth = 0

    def peek(self) -> tuple[str, str] | None:
        return self.items[self.position] if self.position < len(self.items) else None

    def is_or(self, item) -> bool:
        return item is not None and (item[0] == "bar" or item == ("word", "OR"))

    def parse(self) -> Expr | None:
        tree = self.parse_or()
        while self.position < len(self.items):  # a stray ")" ended the top level early
            self.position += 1
            more = self.parse_or()
            tree = _and([tree, more])
        return tree

    def parse_or(self) -> Expr | None:
        found = [self.parse_and()]
        while self.is_or(self.peek()):
            self.position += 1
            found.append(self.parse_and())
        parts = _distinct(found)
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else Any(parts)

    def parse_and(self) -> Expr | None:
        parts: list[Expr | None] = []
        while True:
            item = self.peek()
            if item is None or self.is_or(item) or item[0] == "close":
                break
            part = self.parse_unary()
            if part is not None:
                parts.append(part)
        return _and(parts)

    def parse_unary(self) -> Expr | None:
        item = self.peek()
        if item is not None and (item == ("word", "NOT") or item[0] == "minus"):
            self.position += 1
            nxt = self.peek()
            if nxt is None or self.is_or(nxt) or nxt[0] == "close":
                return None
            child = self.parse_unary()
            return Not(child) if child is not None else None
        return self.parse_atom()

    def parse_atom(self) -> Expr | None:
        kind, text = self.items[self.position]
        self.position += 1
        if kind == "open":
            if self.depth >= MAX_DEPTH:
                return None
            self.depth += 1
            inner = self.parse_or()
            after = self.peek()
            if after is not None and after[0] == "close":
                self.position += 1
            self.depth -= 1
            return inner
        if kind == "close" or kind == "bar":
            return None
        if kind == "field":
            if text not in FIELDS:  # "foo:bar" is just the words foo and bar
                self.hints.append(f"Only title: narrows a search; {text}: was read as a word.")
                return _leaf(text, phrase=False)
            nxt = self.peek()
            if nxt is None or nxt[0] not in ("word", "phrase"):
                self.hints.append(f"{text}: needs a word after it.")
                return None
            self.position += 1
            return _leaf(nxt[1], phrase=nxt[0] == "phrase", field=text)
        if kind == "word" and text == "AND":
            return None
        return _leaf(text, phrase=kind == "phrase")


def _leaf(text: str, phrase: bool, field: str | None = None) -> Leaf | None:
    tokens = query_tokens(text)
    if not tokens:
        return None
    # A word with punctuation inside (2020-2035, 厦门2021) is matched as written: a phrase.
    return Leaf(tokens, phrase=phrase or len(tokens) > 1, field=field, raw=text.strip())


def _distinct(parts: list[Expr | None]) -> list[Expr]:
    """The parts without Nones and repeats (`金 金 金` is one word to find, not three)."""
    return list({repr(part): part for part in parts if part is not None}.values())


def _and(found: list[Expr | None]) -> Expr | None:
    parts = _distinct(found)
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else All(parts)


def parse(text: str) -> ParsedQuery:
    """Parse user input. The text should already be folded to Simplified by the caller."""
    text, hints = clean(text or "")
    tree = _Parser(_lex(text, hints), hints).parse()
    if tree is None:
        hints.append(HELP)
    elif not has_positive(tree):
        tree = None
        hints.append("Add a word to find: -word and NOT only exclude.")
    return ParsedQuery(tree, list(dict.fromkeys(hints))[:MAX_HINTS])


def has_positive(expr: Expr) -> bool:
    """True when `expr` can match without matching everything (it names something to find)."""
    if isinstance(expr, Leaf):
        return True
    if isinstance(expr, Not):
        return False
    if isinstance(expr, All):
        return any(has_positive(child) for child in expr.children)
    return all(has_positive(child) for child in expr.children)


def leaves(expr: Expr | None, positive: bool = True):
    """Every leaf of `expr` that is not under a Not (or only those under one, positive=False)."""
    if expr is None:
        return
    if isinstance(expr, Leaf):
        if positive:
            yield expr
    elif isinstance(expr, Not):
        if not positive:
            yield from leaves(expr.child, True)
    else:
        for child in expr.children:
            yield from leaves(child, positive)


#: Han words are looked up by their rarest bigrams only: two narrow the candidates as well as
#: all of them do in practice, at a fraction of the postings read; the text check does the rest.
MAX_TERMS_PER_ALTERNATIVE = 2


def _alternative_query(alternative: Alternative, field_name: str, rarity=None):
    terms: list[str] = []
    for token in alternative.tokens:
        if is_han(token):
            terms.extend(han_query_terms(token))
        else:
            terms.append(latin_terms(token)[-1])  # "8.1%" is indexed as "8.1%" and "8.1"
    terms = list(dict.fromkeys(terms))
    if rarity is not None and len(terms) > MAX_TERMS_PER_ALTERNATIVE:
        terms = sorted(terms, key=rarity)[:MAX_TERMS_PER_ALTERNATIVE]
    if len(terms) == 1:
        return Term(field_name, terms[0], boost=alternative.boost)
    return And([Term(field_name, term) for term in terms], boost=alternative.boost)


def _leaf_query(leaf: Leaf, field_name: str, rarity=None):
    queries = [_alternative_query(alt, field_name, rarity) for alt in leaf.alternatives]
    return queries[0] if len(queries) == 1 else Or(queries)


def candidates(expr: Expr, rarity=None):
    """A Whoosh query whose hits include every node `expr` matches (a superset: exactness is
    checked on the text afterwards). Exclusions are left to that check, since the bigrams of an
    excluded word can occur apart from it. None when `expr` alone would match everything.

    `rarity(term)` (a document frequency) lets long words be looked up by their rarest terms."""
    if isinstance(expr, Leaf):
        return _leaf_query(expr, "title" if expr.field == "title" else "content", rarity)
    if isinstance(expr, Not):
        return None
    parts = [candidates(child, rarity) for child in expr.children]
    if isinstance(expr, All):
        parts = [part for part in parts if part is not None]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else And(parts)
    if any(part is None for part in parts):
        return None
    return Or(parts)


def candidates_are_exact(expr: Expr) -> bool:
    """True when `candidates(expr)` matches exactly the nodes `expr` matches, so no text check is
    needed: every searched word is one or two Han characters (an index term as it is: the index
    holds the 1- and 2-grams of the folded text) and nothing is excluded."""
    if isinstance(expr, Leaf):
        return all(
            len(alt.tokens) == 1 and is_han(alt.tokens[0]) and len(alt.tokens[0]) <= 2 for alt in expr.alternatives
        )
    if isinstance(expr, (All, Any)):
        return all(candidates_are_exact(child) for child in expr.children)
    return False


def title_candidates(expr: Expr, rarity=None):
    """A Whoosh query for the nodes whose title may hold some searched word (for ranking:
    title matches come first). Titles are short, so this reads few postings."""
    queries = [_leaf_query(leaf, "title", rarity) for leaf in leaves(expr)]
    if not queries:
        return None
    return queries[0] if len(queries) == 1 else Or(queries)
