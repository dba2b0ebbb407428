"""Simplified ↔ Traditional display through OpenCC (opencc-python-reimplemented).

The modes keep a text's length (s2t, s2tw and s2hk convert character by character), so offsets
computed on the Simplified text — search matches, highlights — hold in every script. s2twp is
left out on purpose: it rewrites phrases (大数据 → 大資料) and would break those offsets.

OpenCC is imported on first use, never at start-up; converters and results are cached.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cache, lru_cache

#: Display modes in the order `t` cycles through them: (key, label shown in the header).
MODES: tuple[tuple[str, str], ...] = (
    ("s", "简体"),
    ("s2t", "繁體"),
    ("s2tw", "臺灣"),
    ("s2hk", "香港"),
)
MODE_KEYS = tuple(key for key, _ in MODES)
_LABELS = dict(MODES)
_lock = threading.Lock()


def label(mode: str) -> str:
    """The name of a mode in its own script: 简体, 繁體, 臺灣, 香港."""
    return _LABELS[mode]


def next_mode(mode: str) -> str:
    index = MODE_KEYS.index(mode) if mode in MODE_KEYS else 0
    return MODE_KEYS[(index + 1) % len(MODE_KEYS)]


def check_mode(mode: str) -> str:
    """Return `mode` when it is known, else raise ValueError naming the choices."""
    if mode not in _LABELS:
        raise ValueError(f"unknown script {mode!r}: choose one of {', '.join(MODE_KEYS)}")
    return mode


@cache
def _converter(config: str):
    with _lock:  # OpenCC builds its dictionaries on first use; do it once per config
        from opencc import OpenCC  # builds its dictionaries: in a worker after the first paint

        return OpenCC(config)


@lru_cache(maxsize=65536)
def convert(text: str, mode: str) -> str:
    """`text` in display mode `mode` ("s" returns it unchanged). Same length as `text`."""
    if mode == "s" or not text:
        return text
    converted = _converter(check_mode(mode)).convert(text)
    # The character-level configs keep the length; guard the promise the offsets rely on.
    return converted if len(converted) == len(text) else text


@lru_cache(maxsize=65536)
def to_simplified(text: str) -> str:
    """Traditional (or mixed) text folded to Simplified, for script-blind search."""
    if not text:
        return text
    return _converter("t2s").convert(text)


def finder(query: str) -> Callable[[str], bool]:
    """A test for "does this text contain `query`?", blind to case and script: 金砖 and 金磚
    find each other (the texts are Simplified as printed; a Traditional query is folded)."""
    needles = {query.casefold()}
    if not query.isascii():
        needles.add(to_simplified(query).casefold())
    return lambda text: any(needle in text.casefold() for needle in needles)


def warm(mode: str) -> None:
    """Build the converter for `mode` ahead of time (call from a worker, not the UI thread)."""
    if mode != "s":
        _converter(check_mode(mode))
