"""Synthetic corpora: N reports of the seed's size, made from the seed's own paragraphs.

Each report keeps the seed's skeleton (the same numbering labels in the same order, so it parses
into the same outline shape) and fills it with the seed's paragraphs shuffled among paragraphs of
the same kind (part, section, group and problem headings, rectifications). About 5% of the Han
characters in those paragraphs are then swapped for other characters of the seed, so reports are
not mere permutations of one another (an index of 1,000 permutations would be unrealistically
repetitive). Numbering words (一…十), 是 and the rectification labels are never touched, so
measures (一是…) and rectifications survive. Same arguments, same bytes: everything is seeded.

Corpora are written to a temporary directory and never committed.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
import tempfile
from pathlib import Path
from typing import Self

SEED_NAME = "xiamen-2022-02-22.txt"

# Labels of the seed's numbering levels; the rest of the line is the paragraph that moves.
_KINDS = [
    ("part", re.compile(r"^[一二三四五六七八九十]+、")),
    ("section", re.compile(r"^[（(][一二三四五六七八九十]+[)）]")),
    ("group", re.compile(r"^\d+[.．]")),
    ("problem", re.compile(r"^[（(]\d+[)）]")),
    ("rectification", re.compile(r"^整改(?:情况|进展|措施|成效)[:：]?")),
]
_PROTECTED = set("一二三四五六七八九十是整改情况进展措施成效")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def seed_path() -> Path:
    return Path(__file__).resolve().parent.parent / "seeds" / SEED_NAME


def seed_text() -> str:
    return seed_path().read_text(encoding="utf-8")


def _classify(line: str) -> tuple[str, str, str]:
    """(kind, label, rest) for a line; kind "fixed" for header and intro lines."""
    for kind, pattern in _KINDS:
        match = pattern.match(line)
        if match:
            return kind, match.group(0), line[match.end() :]
    return "fixed", line, ""


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _mutate(text: str, rate: float, pool: list[str], rng: random.Random) -> str:
    if rate <= 0:
        return text
    chars = list(text)
    for i, ch in enumerate(chars):
        if _is_han(ch) and ch not in _PROTECTED and rng.random() < rate:
            chars[i] = rng.choice(pool)
    return "".join(chars)


def generate_text(index: int, seed: int = 0, mutate: float = 0.05, source: str | None = None) -> str:
    """Report number `index` of the corpus named by `seed`, as text (one paragraph a line)."""
    source = seed_text() if source is None else source
    rng = random.Random(f"xunshi-corpus:{seed}:{index}")
    lines = source.split("\n")
    classified = [_classify(line) for line in lines]
    pool = [ch for ch in source if _is_han(ch) and ch not in _PROTECTED]
    bodies: dict[str, list[str]] = {}
    for kind, _, rest in classified:
        if kind != "fixed":
            bodies.setdefault(kind, []).append(rest)
    for rests in bodies.values():
        rng.shuffle(rests)
    out = []
    for number, (kind, label, rest) in enumerate(classified):
        if kind == "fixed":
            if number == 0:  # the 来源 line: give each report its own date
                label = _DATE.sub(lambda m: _shift(m.group(0), index), label, count=1)
            out.append(label)
        else:
            out.append(label + _mutate(bodies[kind].pop(), mutate, pool, rng))
    return "\n".join(out)


def _shift(iso: str, days: int) -> str:
    return (dt.date.fromisoformat(iso) + dt.timedelta(days=days)).isoformat()


def write_corpus(n: int, directory: Path, seed: int = 0, mutate: float = 0.05) -> list[Path]:
    """Write reports 0..n-1 as report-NNNN.txt into `directory`; return their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    source = seed_text()
    paths = []
    for index in range(n):
        path = directory / f"report-{index:04d}.txt"
        path.write_text(generate_text(index, seed, mutate, source), encoding="utf-8")
        paths.append(path)
    return paths


class TempCorpus:
    """A corpus in a fresh temporary directory, removed on exit: `with TempCorpus(100) as c:`."""

    def __init__(self, n: int, seed: int = 0, mutate: float = 0.05, parent: Path | None = None):
        self.n, self.seed, self.mutate, self.parent = n, seed, mutate, parent
        self.directory: Path | None = None
        self.paths: list[Path] = []

    def __enter__(self) -> Self:
        self.directory = Path(tempfile.mkdtemp(prefix=f"xunshi-corpus-{self.n}-", dir=self.parent))
        self.paths = write_corpus(self.n, self.directory, self.seed, self.mutate)
        return self

    def __exit__(self, *exc) -> None:
        if self.directory is not None:
            shutil.rmtree(self.directory, ignore_errors=True)
