"""A small bar chart drawn with QPainter.

Why not QtCharts: it ships in PySide6-Addons, a download several times the size of PySide6-Essentials
that the village PCs would carry for two charts. The dashboards need only labelled horizontal bars
(category counts, one metric across a town's villages), which a paintEvent draws in a few lines and which
renders the same offscreen, in screenshots and on a projector.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

BAR_COLOR = QColor("#1565c0")
EMPTY_COLOR = QColor("#9e9e9e")


class BarChart(QWidget):
    """Horizontal bars: one row per (label, value); the text beside each bar is ``value_text``."""

    ROW = 26

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = ""
        self.items: list[tuple[str, float | None, str]] = []
        self.maximum: float | None = None
        self.empty_text = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_data(
        self,
        title: str,
        items: Sequence[tuple[str, float | None, str]],
        maximum: float | None = None,
        empty_text: str = "",
    ) -> None:
        """``items``: (label, value or None for "no data", text shown at the bar's end)."""
        self.title, self.items, self.maximum, self.empty_text = title, list(items), maximum, empty_text
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(420, 40 + self.ROW * max(1, len(self.items)))

    def minimumSizeHint(self) -> QSize:
        return QSize(240, 40 + self.ROW * max(1, len(self.items)))

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), self.palette().base())
        fm = QFontMetrics(self.font())
        title_font = self.font()
        title_font.setBold(True)
        p.setFont(title_font)
        p.drawText(QRectF(8, 4, self.width() - 16, 22), Qt.AlignmentFlag.AlignLeft, self.title)
        p.setFont(self.font())
        top = 30.0
        if not self.items:
            p.setPen(EMPTY_COLOR)
            p.drawText(QRectF(8, top, self.width() - 16, self.ROW), Qt.AlignmentFlag.AlignLeft, self.empty_text)
            p.end()
            return
        label_w = min(self.width() * 0.35, max(fm.horizontalAdvance(lbl) for lbl, _, _ in self.items) + 12)
        text_w = max(fm.horizontalAdvance(t) for _, _, t in self.items) + 12
        bar_x = 8 + label_w
        bar_room = max(10.0, self.width() - bar_x - text_w - 8)
        values = [v for _, v, _ in self.items if v is not None]
        top_value = self.maximum or (max(values) if values else 0) or 1
        for n, (label, value, text) in enumerate(self.items):
            y = top + n * self.ROW
            p.setPen(self.palette().text().color())
            elided = fm.elidedText(label, Qt.TextElideMode.ElideRight, int(label_w - 8))
            p.drawText(QRectF(8, y, label_w - 8, self.ROW), Qt.AlignmentFlag.AlignVCenter, elided)
            width = 0.0 if value is None else bar_room * max(0.0, min(1.0, value / top_value))
            if width > 0:
                p.fillRect(QRectF(bar_x, y + 5, width, self.ROW - 10), BAR_COLOR)
            p.setPen(EMPTY_COLOR if value is None else self.palette().text().color())
            p.drawText(QRectF(bar_x + width + 6, y, text_w, self.ROW), Qt.AlignmentFlag.AlignVCenter, text)
        p.end()
