"""Fonts for printed forms, and finding the characters no installed font can draw.

A printed name with an empty box where a rare character (生僻字, often outside the BMP) should be is
worse than useless: nobody notices until the town rejects the papers. So every text the canvas prints
goes through :func:`printable`, which asks Qt's own font fallback which characters end up as glyph 0
(``.notdef``); those are replaced by ``□`` and reported, so the document can ask for them by hand.
Windows ships SimSun-ExtB, so there such names usually print as they are.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QFont, QFontDatabase, QTextLayout

# Preferred first: what office PCs (Windows) have, then the Linux CJK fonts; Qt falls back in order.
CJK_FAMILIES = (
    "Microsoft YaHei",
    "SimSun",
    "SimSun-ExtB",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "AR PL UMing CN",
    "HanaMinA",  # Linux: CJK Ext A and the BMP rarities
    "HanaMinB",  # Linux: CJK Ext B–F (the 生僻字 outside the BMP)
)
PLACEHOLDER = "□"


@lru_cache(maxsize=1)
def installed_families() -> tuple[str, ...]:
    """The preferred CJK families that are installed here (needs a QGuiApplication)."""
    have = set(QFontDatabase.families())
    return tuple(f for f in CJK_FAMILIES if f in have)


def document_font(point_size: float, bold: bool = False) -> QFont:
    font = QFont()
    families = list(installed_families())
    if families:
        font.setFamilies(families)
    font.setPointSizeF(point_size)
    font.setBold(bold)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    return font


def missing_glyphs(text: str, font: QFont) -> list[str]:
    """Characters of ``text`` that would print as ``.notdef`` with ``font`` and all of Qt's fallbacks."""
    if not text or text.isascii():
        return []
    layout = QTextLayout(text, font)
    layout.beginLayout()
    while layout.createLine().isValid():
        pass
    layout.endLayout()
    if not any(0 in run.glyphIndexes() for run in layout.glyphRuns()):
        return []
    # Something is missing: find which characters, one at a time (rare, so the cost does not matter).
    missing: list[str] = []
    for ch in dict.fromkeys(text):
        if ch.isspace() or ch.isascii():
            continue
        one = QTextLayout(ch, font)
        one.beginLayout()
        one.createLine()
        one.endLayout()
        if any(0 in run.glyphIndexes() for run in one.glyphRuns()) and ch not in missing:
            missing.append(ch)
    return missing


def printable(text: str, font: QFont) -> tuple[str, list[str]]:
    """``text`` with undrawable characters replaced by ``□``, and the list of those characters."""
    missing = missing_glyphs(text, font)
    for ch in missing:
        text = text.replace(ch, PLACEHOLDER)
    return text, missing


def code_points(chars: list[str]) -> str:
    return "、".join(f"U+{ord(ch):04X}" for ch in chars)
