"""Cadre test, finding 4 on 事项清单 in English at 1024×768: the 「Promised time」 column ran off the right
edge (「5 worki」) behind a sideways scrollbar, and the detail read 「Category: Certificates Department: 市场
监管」 and 「Decided at: City Village role: …」 as one run each (rich text collapses the spaces between
two facts). Every column is in view with its words whole (a cell wraps between words), and the detail has
one fact a line. The department is the catalog's data (docs/desk-window.md: the town's Chinese names)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument

from tests.gui.conftest import settle
from tests.gui.test_english_pages import english  # noqa: F401 (the fixture)


def test_catalog_fits_1024_in_english(qtbot, english, window) -> None:  # noqa: F811
    window.resize(1024, 738)
    window.go(window.catalog)
    settle(qtbot, window)
    qtbot.wait(30)
    page = window.catalog
    table, header = page.table, page.table.horizontalHeader()
    assert sum(header.sectionSize(c) for c in range(header.count())) <= table.viewport().width()
    assert not table.horizontalScrollBar().isVisible()
    metrics = table.fontMetrics()
    model = table.model()
    for col in range(model.columnCount()):
        if col == 1:  # the name wraps (Chinese, data)
            continue
        for row in range(model.rowCount()):
            for word in str(model.index(row, col).data() or "").split():
                assert metrics.horizontalAdvance(word) < header.sectionSize(col), (word, header.sectionSize(col))
    doc = QTextDocument()
    doc.setHtml(page.detail.text())
    lines = doc.toPlainText().splitlines()
    assert len(lines) >= 5, lines
    assert all(line.count(": ") <= 1 for line in lines), lines
    assert page.detail.textFormat() != Qt.TextFormat.PlainText
