"""The figures ``python -m benchmarks`` collects, and the table of them in ``docs/performance.md``.

A benchmark module takes part by defining ``figures(quick: bool) -> list[Figure]``: it measures on the
corpus (``benchmarks/corpus.py``; ``quick`` means a size small enough for a smoke run) and returns one
``Figure`` per line of the table. A figure is a median, quoted with the floor measured in the same run
(the bare cost the figure cannot go under: a bare Qt window, a raw SQLite query, bare HTTP) and their
ratio, so a loaded machine moves both and the ratio stays comparable; the load average is beside it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

BEGIN, END = "<!-- figures:begin -->", "<!-- figures:end -->"
HEADER = "| benchmark | figure | target | measured (median) | floor | ratio | load avg | note |"
RULE = "|---|---|---|---|---|---|---|---|"


@dataclass(frozen=True)
class Figure:
    """One measured figure: the median of its runs, its floor from the same run and their ratio."""

    name: str
    target: str  # as the issue states it: "< 1.0 s", "≤ 3× floor", "≤ 50 ms"
    median: float
    unit: str  # "s", "ms", "MB", "B", "ev/s"
    floor: float | None = None  # same unit, measured in the same run; None where nothing sits under it
    ratio: float | None = None  # median / floor (or floor / median for rates), None without a floor
    load: float | None = None  # 1-minute load average at the time of measuring
    note: str = ""  # runs, sizes, what the floor is

    @classmethod
    def over(cls, name: str, target: str, median: float, unit: str, floor: float, **kw) -> Figure:
        """A figure with its ratio to ``floor`` (how many floors the figure costs)."""
        return cls(name, target, median, unit, floor, median / floor if floor else None, **kw)


def load_average() -> float | None:
    """The 1-minute load average (None where the OS has none)."""
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else None


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    digits = 0 if abs(value) >= 100 else 1 if abs(value) >= 10 else 2
    return f"{value:,.{digits}f} {unit}".strip()


def row(module: str, f: Figure) -> str:
    ratio = f"{f.ratio:.2f}×" if f.ratio is not None else "—"
    load = f"{f.load:.2f}" if f.load is not None else "—"
    cells = [module, f.name, f.target, _number(f.median, f.unit), _number(f.floor, f.unit), ratio, load, f.note]
    return "| " + " | ".join(c.replace("|", "/") for c in cells) + " |"


def merge_table(text: str, fresh: dict[str, list[Figure]], stamp: str) -> str:
    """``text`` (the report) with the rows of the benchmarks in ``fresh`` replaced; rows of benchmarks not
    run this time stay as they were. Adds the table between its markers at the end if it has none."""
    if BEGIN not in text or END not in text:
        text = text.rstrip("\n") + f"\n\n{BEGIN}\n{END}\n"
    head, rest = text.split(BEGIN, 1)
    body, tail = rest.split(END, 1)
    kept = [
        line
        for line in body.splitlines()
        if line.startswith("| ") and line != HEADER and (m := re.match(r"\| ([\w.]+) \|", line)) and m[1] not in fresh
    ]
    rows = kept + [row(module, f) for module, figs in fresh.items() for f in figs]
    order = {name: n for n, name in enumerate(sorted({r.split(" | ")[0] for r in rows}))}
    rows.sort(key=lambda r: order[r.split(" | ")[0]])  # by benchmark; each one's rows in its own order
    stamp_line = f"_Last run: {stamp}._"
    table = "\n".join([stamp_line, "", HEADER, RULE, *rows])
    return f"{head}{BEGIN}\n{table}\n{END}{tail}"


def write_report(path: Path, fresh: dict[str, list[Figure]], stamp: str) -> None:
    """Merge ``fresh`` into the table of the report at ``path`` (created if missing)."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    path.write_text(merge_table(text, fresh, stamp), encoding="utf-8")
