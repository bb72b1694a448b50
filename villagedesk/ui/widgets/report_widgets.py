"""Pieces the statistics, progress-report and star-rating pages share: the period picker, the busy label,
the save-file question and the "?" button that shows a metric's definition."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QToolButton,
    QToolTip,
    QWidget,
)

from villagedesk.domain.metrics import Metrics, Period
from villagedesk.ui.dialogs import file_dialogs


class PeriodPicker(QWidget):
    """Year + month (or the whole year); emits ``changed`` with the chosen Period."""

    changed = Signal()

    def __init__(self, today: date, whole_year: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year)
        self.month = QComboBox()
        if whole_year:
            self.month.addItem(self.tr("全年"), 0)
        for n in range(1, 13):
            self.month.addItem(self.tr("%1 月").replace("%1", str(n)), n)
        self.month.setCurrentIndex(self.month.findData(today.month))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.year)
        layout.addWidget(self.month)
        self.year.valueChanged.connect(lambda _v: self.changed.emit())
        self.month.currentIndexChanged.connect(lambda _i: self.changed.emit())

    def set(self, year: int, month: int) -> None:
        self.blockSignals(True)
        self.year.setValue(year)
        self.month.setCurrentIndex(self.month.findData(month))
        self.blockSignals(False)
        self.changed.emit()

    def period(self) -> Period:
        month = int(self.month.currentData())
        return Period.month(self.year.value(), month) if month else Period.year(self.year.value())


class BusyLabel(QLabel):
    """ "正在计算…" while a background computation runs (a town-year can take seconds)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet("color: #1565c0;")
        self.setWordWrap(True)  # beside a page's buttons: wraps rather than widening the window
        self.set_busy(False)

    def set_busy(self, busy: bool) -> None:
        self.setText(self.tr("正在计算, 请稍候…") if busy else "")
        self.setVisible(busy)


class HelpButton(QToolButton):
    """A "?" that shows a text (a metric's definition) on hover and on click."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setText("?")
        self.setToolTip(text)
        self.setAutoRaise(True)
        self.clicked.connect(lambda: QToolTip.showText(self.mapToGlobal(self.rect().bottomLeft()), text, self))


def definition(key: str) -> str:
    """A metric's written definition (what users read on hover), in the UI's language."""
    from villagedesk.ui import metric_words

    return metric_words.definition(key)


def metric_number(figures: Metrics, key: str) -> float | None:
    """A metric as one number for a chart: ratios as percent, counts and averages as they are."""
    value = getattr(figures, key, None)
    if value is None:
        return None
    if hasattr(value, "den"):
        return None if not value.den else 100.0 * value.num / value.den
    if isinstance(value, int | float):
        return float(value)
    return None


def ask_save_path(parent: QWidget, title: str, suggested: str, pattern: str) -> Path | None:
    """The save dialog; None when the user cancels."""
    name = file_dialogs.save_file(parent, title, Path.home() / suggested, pattern)
    return Path(name) if name else None
