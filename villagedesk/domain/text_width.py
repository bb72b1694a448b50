"""How wide text is on a terminal (display width), for every command-line table.

A CJK character takes two columns, Latin letters, digits and the name separator ``·`` (U+00B7, East Asian
width "ambiguous", drawn narrow by the Chinese Windows console and common terminals) one, a combining mark
none. Padding by ``len()`` (``f"{name:<6}"``) mis-aligned every row whose name mixed them, and a name longer
than its column (𠮷祥·阿依古丽) pushed the rest of its row out.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence


def display_width(text: str) -> int:
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def pad(text: str, width: int) -> str:
    """``text`` left-aligned in ``width`` columns (never cut: a longer text keeps all of itself)."""
    return text + " " * max(0, width - display_width(text))


def clip(text: str, width: int, mark: str = "…") -> str:
    """``text`` whole when it fits ``width`` columns, else its longest head that fits with ``mark`` after
    it: a list entry a person reads at a glance, the whole text kept in a tooltip beside it."""
    if display_width(text) <= width:
        return text
    room = width - display_width(mark)
    head = ""
    for ch in text:
        if display_width(head + ch) > room:
            break
        head += ch
    return head.rstrip(" ·") + mark


def table(rows: Iterable[Sequence[str]], sep: str = "  ", minimum: Sequence[int] = ()) -> list[str]:
    """The rows as lines, each column as wide as its widest cell (or ``minimum``); the last column is not
    padded, so no line ends in spaces."""
    rows = [tuple(str(c) for c in r) for r in rows]
    if not rows:
        return []
    columns = max(len(r) for r in rows)
    widths = [max([display_width(r[i]) for r in rows if i < len(r)] + [0]) for i in range(columns)]
    widths = [max(w, minimum[i] if i < len(minimum) else 0) for i, w in enumerate(widths)]
    lines = []
    for r in rows:
        cells = [pad(c, widths[i]) if i < len(r) - 1 else c for i, c in enumerate(r)]
        lines.append(sep.join(cells))
    return lines
