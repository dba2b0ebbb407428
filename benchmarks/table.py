"""Rows of results, their statistics, targets, and the table / JSON they are printed as.

A row is one figure: its samples (median and p95 are computed from them), the ratios against
baselines measured in the same run, the project's target for it, or the reason it is missing.
Absolute times drift on a shared machine; ratios measured alternately are what we compare.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field


def percentile(samples: list[float], q: float) -> float:
    """The q-th percentile (0..100) with linear interpolation between closest ranks."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    if len(ordered) == 1:
        return ordered[0]
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass
class Target:
    """A project target: `stat` must stay at or below `limit`. `stat` is "median", "p95",
    "ratio" (median / a baseline's median) or "p95 ratio" (p95 / a baseline's p95); a ratio is
    taken against `baseline` (a name given to `Row.ratio_to`), or the first one recorded."""

    stat: str
    limit: float
    text: str  # as written in the issues, e.g. "p95 <= 16 ms"
    baseline: str | None = None


@dataclass
class Row:
    section: str
    figure: str
    unit: str  # "ms", "B", "MB"
    samples: list[float] = field(default_factory=list)
    ratios: dict[str, float] = field(default_factory=dict)  # baseline name -> median / baseline median
    p95_ratios: dict[str, float] = field(default_factory=dict)  # baseline name -> p95 / baseline p95
    target: Target | None = None
    note: str = ""
    missing: str = ""  # reason the figure could not be measured
    details: dict = field(default_factory=dict)  # extra facts for the JSON (per-query times, hits)

    @property
    def median(self) -> float | None:
        return percentile(self.samples, 50) if self.samples else None

    @property
    def p95(self) -> float | None:
        return percentile(self.samples, 95) if self.samples else None

    def ratio_to(self, name: str, baseline: Row) -> None:
        """Record median(self) / median(baseline) under `name` when both were measured."""
        if self.samples and baseline.samples and baseline.median:
            self.ratios[name] = self.median / baseline.median
        if self.samples and baseline.samples and baseline.p95:
            self.p95_ratios[name] = self.p95 / baseline.p95

    def status(self) -> str:
        """ "ok", "MISS +x%" against the target, or "" when there is no target or no figure."""
        if self.target is None or self.missing or not self.samples:
            return ""
        if self.target.stat in ("ratio", "p95 ratio"):
            ratios = self.ratios if self.target.stat == "ratio" else self.p95_ratios
            name = self.target.baseline
            value = ratios.get(name) if name else next(iter(ratios.values()), None)
            if value is None:
                return ""
        else:
            value = self.median if self.target.stat == "median" else self.p95
        if value <= self.target.limit:
            return "ok"
        if self.target.limit == 0:
            return f"MISS ({format_value(value, self.unit)})"
        over = (value / self.target.limit - 1) * 100
        return f"MISS +{over:.1f}%" if over < 10 else f"MISS +{over:.0f}%"


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "ms":
        if value >= 10_000:
            return f"{value / 1000:.1f} s"
        if value >= 100:
            return f"{value:.0f} ms"
        if value >= 1:
            return f"{value:.1f} ms"
        return f"{value:.3f} ms"
    if unit == "B":
        if value >= 10_240:
            return f"{value / 1024:.1f} KB"
        return f"{value:.0f} B"
    if unit == "MB":
        return f"{value:.1f} MB"
    return f"{value:g} {unit}"


def format_ratios(ratios: dict[str, float]) -> str:
    return ", ".join(f"{value:.2f}x {name}" for name, value in ratios.items())


def _ratio_cell(row: Row) -> str:
    """The ratios of medians, and the p95 ratio a target is set on (e.g. "p95 0.45x scan")."""
    text = format_ratios(row.ratios)
    target = row.target
    if target is not None and target.stat == "p95 ratio":
        name = target.baseline or next(iter(row.p95_ratios), None)
        if name in row.p95_ratios:
            text += ("; " if text else "") + f"p95 {row.p95_ratios[name]:.2f}x {name}"
    return text


HEADERS = ("section", "figure", "n", "median", "p95", "ratio (medians)", "target", "status")


def format_table(rows: list[Row]) -> str:
    """A plain-text table (monospace) with one line per row; CJK counted as two cells."""
    measured, lines, notes = [], [], []
    for row in rows:
        figure = row.figure
        if row.note and not row.missing:
            notes.append(row.note)
            figure += f" [{len(notes)}]"
        if row.missing:
            lines.append(
                (
                    row.section,
                    row.figure,
                    f"n/a (not available: {row.missing})" + (f"  [target {row.target.text}]" if row.target else ""),
                )
            )
            continue
        cells = (
            row.section,
            figure,
            str(len(row.samples)),
            format_value(row.median, row.unit),
            format_value(row.p95, row.unit),
            _ratio_cell(row),
            row.target.text if row.target else "",
            row.status(),
        )
        measured.append(cells)
        lines.append(cells)
    widths = [max(_width(str(cell)) for cell in column) for column in zip(HEADERS, *measured)]
    widths[1] = max([widths[1]] + [_width(line[1]) for line in lines])
    out = [_line(HEADERS, widths), "  ".join("-" * width for width in widths)]
    for line in lines:
        if len(line) == 3:  # not measured: the reason runs on from the figure
            out.append(_line((*line[:2], line[2]), [*widths[:2], 0]))
        else:
            out.append(_line(line, widths))
    out.extend(f"[{number}] {note}" for number, note in enumerate(notes, 1))
    return "\n".join(out)


def _width(text: str) -> int:
    """Terminal cells: CJK characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _line(cells: tuple, widths: list[int]) -> str:
    parts = [str(cell) + " " * (width - _width(str(cell))) for cell, width in zip(cells, widths)]
    return "  ".join(parts).rstrip()


def to_json(rows: list[Row], machine: dict, options: dict) -> dict:
    """Everything the table shows, plus the raw samples, for later comparison."""
    return {
        "machine": machine,
        "options": options,
        "rows": [
            {
                "section": row.section,
                "figure": row.figure,
                "unit": row.unit,
                "n": len(row.samples),
                "median": row.median,
                "p95": row.p95,
                "min": min(row.samples) if row.samples else None,
                "max": max(row.samples) if row.samples else None,
                "ratios": row.ratios,
                "p95_ratios": row.p95_ratios,
                "target": None
                if row.target is None
                else {
                    "stat": row.target.stat,
                    "limit": row.target.limit,
                    "text": row.target.text,
                    "baseline": row.target.baseline,
                },
                "status": row.status(),
                "note": row.note,
                "missing": row.missing or None,
                "samples": row.samples,
                "details": row.details,
            }
            for row in rows
        ],
    }
