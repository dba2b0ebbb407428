"""Tokens for Chinese report text: Han runs as overlapping 1- and 2-grams, Latin words and numbers whole.

Whoosh's default tokenizer makes one token of a whole run of Han characters, so a two-character
query finds almost nothing. Indexing every character and every adjacent pair lets any substring of
two or more characters be looked up as the AND of its pairs (confirmed exactly on the text later,
see `tui.search.spans`), and one-character queries still work. Latin words and numbers stay whole
(`rcep`, `tod`, `2021`, `7033.89`, `8.1%`) because splitting them would make `2021` match `20`.

Everything here works on *folded* text: `fold()` maps each character to its compatibility form
(full-width `Ｒ` → `R`), without accents, in lower case and in Simplified script (`巡視` → `巡视`), one
character to one character, so offsets in the folded text are offsets in the original: a report
printed in Traditional is indexed as Simplified and its hits are marked on the characters as printed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from whoosh.analysis import Token, Tokenizer

from tui.text.script import to_simplified

#: Han ideographs: CJK unified (with extension A, B… and compatibility), plus 〇.
HAN_CLASS = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN_RUN = re.compile(f"[{HAN_CLASS}]+")
#: A Latin word or number after folding: `rcep`, `5g`, `2021`, `7033.89`, `8.1%`.
LATIN_WORD = re.compile(r"[0-9a-z]+(?:\.[0-9]+)*%?")
#: One token of either kind, in text order.
TOKEN = re.compile(f"[{HAN_CLASS}]+|[0-9a-z]+(?:\\.[0-9]+)*%?")
#: The characters a Latin token of `TOKEN` can start with (any other token is a Han run).
_LATIN_START = frozenset("0123456789abcdefghijklmnopqrstuvwxyz")
_concat = str.__add__


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """`char` folded, and folded again until it stays put (OpenCC maps 薴 to 苧, a Traditional
    form of 苎): so the index's terms, made from folded text, are exactly the folded text's."""
    folded = _fold_once(char)
    for _ in range(4):
        again = _fold_once(folded)
        if again == folded:
            break
        folded = again
    return folded


def _fold_once(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char)
    if len(folded) != 1:
        folded = char
    if not folded.isascii():  # accents off Latin letters: é → e, ī → i (pinyin typed with tones)
        decomposed = unicodedata.normalize("NFD", folded)
        if decomposed[0].isascii() and all(unicodedata.combining(mark) for mark in decomposed[1:]):
            folded = decomposed[0]
    lowered = folded.lower()
    folded = lowered if len(lowered) == 1 else folded
    if HAN_RUN.fullmatch(folded):  # Traditional → Simplified, one character for one (OpenCC, cached)
        simplified = to_simplified(folded)
        if len(simplified) == 1:
            folded = simplified
    return folded


class _FoldTable(dict):
    """code point → folded character, filled as characters are met (for `str.translate`)."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """`text` with full-width forms made plain and letters lower-cased; same length as `text`.

    `str.translate` over a table filled lazily: 8 M characters (1,000 reports) in about 0.1 s,
    where a generator over `_fold_char` took 1.6 s."""
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD_TABLE)


def is_han(text: str) -> bool:
    return bool(text) and HAN_RUN.fullmatch(text) is not None


def han_grams(run: str) -> list[str]:
    """The index terms of one Han run: every character and every adjacent pair."""
    grams = list(run)
    grams.extend(run[i : i + 2] for i in range(len(run) - 1))
    return grams


def han_query_terms(run: str) -> list[str]:
    """The terms that must all be present for `run` to occur: its pairs, or the lone character."""
    if len(run) == 1:
        return [run]
    return list(dict.fromkeys(run[i : i + 2] for i in range(len(run) - 1)))


def latin_terms(word: str) -> list[str]:
    """Index terms of a Latin word or number: `8.1%` is also found as `8.1`."""
    if word.endswith("%") and len(word) > 1:
        return [word, word[:-1]]
    return [word]


def index_terms(text: str) -> list[str]:
    """Every index term of `text` (folded here): per token, as `han_grams` / `latin_terms`.

    Built with list and map calls rather than a generator: this is the inner loop of an index
    build (10 M terms at 1,000 reports), and the pairs come from `map(str.__add__, …)` in C."""
    terms: list[str] = []
    extend = terms.extend
    for token in TOKEN.findall(fold(text)):
        if token[0] in _LATIN_START:
            extend(latin_terms(token))
        else:
            extend(token)
            extend(map(_concat, token, token[1:]))
    return terms


def query_tokens(text: str) -> list[str]:
    """The folded Han runs and Latin words of a piece of query text, in order."""
    return TOKEN.findall(fold(text))


class HanTokenizer(Tokenizer):
    """Whoosh tokenizer over `index_terms` (no positions: phrases are checked on the text)."""

    def __eq__(self, other):
        return other.__class__ is self.__class__

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = value
            token.boost = 1.0
            yield token
            return
        for position, term in enumerate(index_terms(value)):
            token.text = term
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = term
            if positions:
                token.pos = start_pos + position
            yield token


def analyzer() -> HanTokenizer:
    return HanTokenizer()
