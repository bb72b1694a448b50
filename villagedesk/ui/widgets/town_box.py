"""The 乡镇 chooser of the city's pages: one combo box filled from the towns, "all" first.

Shared by the city's inbox and overview (``pages/city_pages.py``) and its 星级考评 page
(``pages/city_rating_page.py``); living here keeps those two pages from importing each other.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget


def town_box(page: QWidget, everything: str) -> QComboBox:
    """An empty chooser holding only the "all towns" entry (data "") until the towns are loaded."""
    box = QComboBox()
    box.addItem(everything, "")
    return box


def fill_towns(box: QComboBox, entries: list[tuple[str, str]], everything: str) -> None:
    """Refill with (code, name) entries, keeping the current choice and emitting no change signal."""
    box.blockSignals(True)
    chosen = box.currentData()
    box.clear()
    box.addItem(everything, "")
    for code, name in entries:
        box.addItem(name, code)
    box.setCurrentIndex(max(0, box.findData(chosen)))
    box.blockSignals(False)
