"""Pinyin queries for readers without a Chinese input method: `jinzhuan`, `gu lang yu`, `jīn zhuān`.

Nothing about pinyin is stored in the index (a pinyin field costs +70% build time). Instead a
pinyin word is expanded at query time into the Han strings it can stand for, taken from the
index's own lexicon: each Han character and bigram of the index is filed under its readings
(up to two per character, since a character alone often reads wrong: 厦 is shà alone, xià in
厦门), and a run of syllables is matched by chaining bigrams that share a character. The
candidates are then confirmed on the text like any other word, so wrong readings cost nothing.

Unspaced input is split with a DP over the syllables pypinyin knows; only the splits with the
fewest syllables are kept (jinzhuan → jin zhuan, not jin zhu an). An apostrophe, a tone digit
or a space is a hard boundary. pypinyin is imported only when a query looks like pinyin.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import product

from tui.text.pinyin import char_readings, looks_like_pinyin, normalize, syllables

from .analyzer import HAN_RUN
from .query import All, Alternative, Any, Expr, Leaf, Not

MAX_SPLITS = 8
MAX_CANDIDATES = 48
MAX_SYLLABLE = 6  # zhuang, chuang, shuang
_lock = threading.Lock()


def _split_chunk(chunk: str, known: frozenset[str]) -> list[list[str]]:
    """All splits of `chunk` into the fewest syllables (at most MAX_SPLITS), [] when none."""
    size = len(chunk)
    best: list[list[list[str]] | None] = [None] * (size + 1)
    best[0] = [[]]
    for end in range(1, size + 1):
        options: list[list[str]] = []
        for start in range(max(0, end - MAX_SYLLABLE), end):
            piece, before = chunk[start:end], best[start]
            if before is None or piece not in known:
                continue
            options.extend([*prefix, piece] for prefix in before)
        if options:
            fewest = min(len(option) for option in options)
            best[end] = [option for option in options if len(option) == fewest][:MAX_SPLITS]
    return best[size] or []


def split(text: str) -> list[list[str]]:
    """The likely syllable sequences of pinyin input (spaces, ' and tone digits are boundaries)."""
    if not looks_like_pinyin(text):
        return []
    chunks = [chunk for chunk in re.split(r"[\s'’1-5]+", normalize(text)) if chunk]
    if not chunks:
        return []
    known = syllables()
    per_chunk = []
    for chunk in chunks:
        found = _split_chunk(chunk, known)
        if not found:
            return []
        per_chunk.append(found)
    splits = []
    for combination in product(*per_chunk):
        splits.append([syllable for part in combination for syllable in part])
        if len(splits) >= MAX_SPLITS:
            break
    return splits


@dataclass
class PinyinLexicon:
    """The index's Han characters and bigrams filed under their readings."""

    chars: dict[str, set[str]]  # "jin" → {"金", "进", …}
    bigrams: dict[tuple[str, str], set[str]]  # ("jin", "zhuan") → {"金砖"}

    @classmethod
    def from_terms(cls, terms: Iterable[str]) -> PinyinLexicon:
        readings = char_readings()
        chars: dict[str, set[str]] = {}
        bigrams: dict[tuple[str, str], set[str]] = {}
        for term in terms:
            if not HAN_RUN.fullmatch(term):
                continue
            if len(term) == 1:
                for reading in readings.get(term, ()):
                    chars.setdefault(reading, set()).add(term)
            elif len(term) == 2:
                first, second = readings.get(term[0], ()), readings.get(term[1], ())
                for key in product(first, second):
                    bigrams.setdefault(key, set()).add(term)
        return cls(chars, bigrams)

    def candidates(self, sequence: list[str]) -> list[str]:
        """Han strings of the index's characters that read `sequence`, adjacent pairs all indexed."""
        if len(sequence) == 1:
            return sorted(self.chars.get(sequence[0], ()))[:MAX_CANDIDATES]
        found = sorted(self.bigrams.get((sequence[0], sequence[1]), ()))
        for index in range(1, len(sequence) - 1):
            following = self.bigrams.get((sequence[index], sequence[index + 1]), set())
            by_first: dict[str, list[str]] = {}
            for bigram in following:
                by_first.setdefault(bigram[0], []).append(bigram[1])
            found = [text + last for text in found for last in sorted(by_first.get(text[-1], ()))]
            found = found[: MAX_CANDIDATES * 4]
            if not found:
                break
        return found[:MAX_CANDIDATES]


def warm(lexicon: Callable[[], PinyinLexicon]) -> None:
    """Read ahead what the first pinyin query needs: pypinyin's tables and the index's lexicon
    (`lexicon()`), under the lock queries take, so a query that comes meanwhile waits for this
    work instead of doing it a second time beside it. For a worker: it takes a moment."""
    with _lock:
        syllables()
        char_readings()
        lexicon()


def _leaf_pinyin_text(leaf: Leaf) -> str | None:
    """The pinyin a leaf may be written in, or None when it is not pinyin-like at all."""
    if leaf.alternatives and len(leaf.alternatives) > 1:
        return None  # already expanded
    if any(HAN_RUN.search(token) for token in leaf.tokens):
        return None
    return leaf.raw if looks_like_pinyin(leaf.raw) else None


def expand(expr: Expr | None, occurs: Callable[[str], bool], lexicon: Callable[[], PinyinLexicon]) -> None:
    """Give the pinyin leaves of `expr` their Han alternatives, in place.

    `occurs(word)` tells whether a Latin word is really in the text: such words keep their
    literal meaning (`RCEP`, `TOD`). `lexicon()` is called only when some leaf is pinyin, so
    pypinyin is imported only then. Runs of one-syllable words (`gu lang yu`) are read as one.
    """
    if expr is None or isinstance(expr, Leaf) and not _wants_pinyin(expr, occurs):
        return
    if isinstance(expr, Leaf):
        _expand_leaf(expr, lexicon)
    elif isinstance(expr, Not):
        expand(expr.child, occurs, lexicon)
    elif isinstance(expr, All):
        expr.children = _join_syllable_runs(expr.children, occurs)
        for child in expr.children:
            expand(child, occurs, lexicon)
    elif isinstance(expr, Any):
        for child in expr.children:
            expand(child, occurs, lexicon)


def _wants_pinyin(leaf: Leaf, occurs: Callable[[str], bool]) -> bool:
    text = _leaf_pinyin_text(leaf)
    if text is None:
        return False
    return not all(occurs(token) for token in leaf.tokens)


def _expand_leaf(leaf: Leaf, lexicon: Callable[[], PinyinLexicon]) -> None:
    with _lock:
        splits = split(leaf.raw)
        if not splits:
            return
        table = lexicon()
    seen: dict[str, None] = {}
    for sequence in splits:
        for text in table.candidates(sequence):
            seen.setdefault(text)
    if seen:
        leaf.alternatives = [Alternative((text,)) for text in list(seen)[:MAX_CANDIDATES]]


def _is_single_syllable(leaf: Leaf, occurs: Callable[[str], bool]) -> bool:
    if leaf.phrase or not _wants_pinyin(leaf, occurs):
        return False
    with _lock:
        splits = split(leaf.raw)
    return bool(splits) and all(len(sequence) == 1 for sequence in splits)


def _join_syllable_runs(children: list[Expr], occurs: Callable[[str], bool]) -> list[Expr]:
    """`gu lang yu` typed as three words means 鼓浪屿, not 古 and 浪 and 鱼 anywhere."""
    if sum(isinstance(child, Leaf) for child in children) < 2:
        return children
    joined: list[Expr] = []
    run: list[Leaf] = []

    def flush():
        if len(run) > 1 and len({leaf.field for leaf in run}) == 1:
            raw = " ".join(leaf.raw for leaf in run)
            tokens = [token for leaf in run for token in leaf.tokens]
            joined.append(Leaf(tokens, phrase=True, field=run[0].field, raw=raw))
        else:
            joined.extend(run)
        run.clear()

    for child in children:
        if isinstance(child, Leaf) and _is_single_syllable(child, occurs):
            run.append(child)
        else:
            flush()
            joined.append(child)
    flush()
    return joined
