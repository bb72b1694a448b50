"""The one date input of the app: a QDateEdit a cadre can type into.

A bare QDateEdit takes digits only into a selected section: with the cursor merely placed in the field
(by a click, or Tab then Ctrl+A) every digit was refused, and "2026/11/03" or "20261103" typed as on a
form came to nothing. Here the first digit selects the section it is typed into (the year when the whole
text is selected), the section then fills and moves on by itself, and / . 年 月 and a space move on
like "-" does.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QDate, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QWidget

SEPARATORS = frozenset("-/.年月日 ")
FORMAT = "yyyy-MM-dd"


class DateField(QDateEdit):
    """yyyy-MM-dd with a calendar button; typed as 20261103, 2026-11-03, 2026/11/3 or 2026年11月3日."""

    def __init__(self, date: QDate | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if date is not None:
            self.setDate(date)
        self.setDisplayFormat(FORMAT)
        self.setCalendarPopup(True)
        self._typing = False  # inside a section being typed: digits go on into it
        self._moved_on = False  # the last digit filled its section and the next one is selected
        self.setToolTip(
            QCoreApplication.translate("DateField", "可直接输入, 如 20261103 或 2026-11-03; 或点右侧箭头在日历中选择")
        )

    def focusInEvent(self, event) -> None:
        self._typing = self._moved_on = False
        super().focusInEvent(event)

    def mousePressEvent(self, event) -> None:
        self._typing = self._moved_on = False
        super().mousePressEvent(event)

    def keyPressEvent(self, event) -> None:
        text = event.text()
        if text and text in SEPARATORS:
            moved_on, self._typing, self._moved_on = self._moved_on, False, False
            if moved_on or self.currentSection() is QDateTimeEdit.Section.DaySection:
                return  # the section just filled has moved on already; nothing follows the day
            event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Minus, event.modifiers(), "-")
        elif len(text) == 1 and text.isdigit():
            line = self.lineEdit()
            selected = line.selectedText()
            if selected and selected == line.text():
                self.setSelectedSection(QDateTimeEdit.Section.YearSection)
            elif not selected and not self._typing:
                self.setSelectedSection(self.currentSection())
            before = self.currentSection()
            super().keyPressEvent(event)
            self._moved_on = self.currentSection() is not before
            self._typing = not self._moved_on
            return
        else:
            self._typing = self._moved_on = False
        super().keyPressEvent(event)
