"""The one date input of the app: a QDateEdit a cadre can type into.

A bare QDateEdit takes digits only into a selected section: with the cursor merely placed in the field
(by a click, or Tab then Ctrl+A) every digit was refused, and "2026/11/03" or "20261103" typed as on a
form came to nothing. Here the first digit selects the section it is typed into (the year when the whole
text is selected), the section then fills and moves on by itself, and / . 年 月 and a space move on
like "-" does.

A date that does not exist is never turned into another one: Qt kept what fitted of 2027-02-30 (the
3, so 2027-02-03) and of 2027-02-60 (the 6). The digits typed into each section are kept beside Qt's
value; when they make no date (month 13, day 30 of February, day 60) the field is marked red, says
「日期不存在」 (``problem``, ``problemChanged``) and every form refuses to go on with it (``refused``), until
the cadre types a real date, steps it with the arrow keys or picks one in the calendar.
"""

from __future__ import annotations

import datetime

from PySide6.QtCore import QCoreApplication, QDate, QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QWidget

SEPARATORS = frozenset("-/.年月日 ")
FORMAT = "yyyy-MM-dd"
WRONG_STYLE = "QDateEdit { border: 2px solid #c62828; }"
_SECTIONS = (QDateTimeEdit.Section.YearSection, QDateTimeEdit.Section.MonthSection, QDateTimeEdit.Section.DaySection)


def no_such_date_text() -> str:
    return QCoreApplication.translate("DateField", "日期不存在, 请重新输入")


class DateField(QDateEdit):
    """yyyy-MM-dd with a calendar button; typed as 20261103, 2026-11-03, 2026/11/3 or 2026年11月3日."""

    problemChanged = Signal(str)  # "" once the date typed exists again

    def __init__(self, date: QDate | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._typed: dict[QDateTimeEdit.Section, str] = {}  # the digits typed into each section, as typed
        self._problem = ""
        if date is not None:
            self.setDate(date)
        self.setDisplayFormat(FORMAT)
        self.setCalendarPopup(True)
        self._typing = False  # inside a section being typed: digits go on into it
        self._moved_on = False  # the last digit filled its section and the next one is selected
        self._hint = QCoreApplication.translate(
            "DateField", "可直接输入, 如 20261103 或 2026-11-03; 或点右侧箭头在日历中选择"
        )
        self.setToolTip(self._hint)
        self.calendarWidget().clicked.connect(lambda _d: self._forget_typed())

    def problem(self) -> str:
        """「日期不存在…」 while what was typed makes no date (the value shown is then not what was meant)."""
        return self._problem

    def setDate(self, date) -> None:  # Qt's name: every caller's setDate forgets what was typed
        self._typed = {}
        super().setDate(date)
        self._set_problem("")

    def _forget_typed(self) -> None:
        self._typed = {}
        self._set_problem("")

    def _set_problem(self, text: str) -> None:
        if text == self._problem:
            return
        self._problem = text
        self.setStyleSheet(WRONG_STYLE if text else "")
        self.setToolTip(f"{text}\n{self._hint}" if text else self._hint)
        self.problemChanged.emit(text)

    def _check_typed(self) -> None:
        """The date the typed digits mean, the sections not typed taken as shown: none, a problem."""
        shown = self.date()
        parts = []
        for section, value in zip(_SECTIONS, (shown.year(), shown.month(), shown.day()), strict=True):
            typed = self._typed.get(section, "")
            parts.append(int(typed) if typed else value)
        try:
            datetime.date(*parts)
        except ValueError:
            self._set_problem(no_such_date_text())
        else:
            self._set_problem("")

    def focusInEvent(self, event) -> None:
        self._typing = self._moved_on = False
        self._typed = {}  # typing anew starts from what is shown; a problem stays until then
        super().focusInEvent(event)

    def mousePressEvent(self, event) -> None:
        self._typing = self._moved_on = False
        self._typed = {}
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
            if selected or not self._typing:
                self._typed[before] = ""  # a section typed anew
                if selected and selected == line.text():
                    self._typed = {}
            self._typed[before] = self._typed.get(before, "") + text
            super().keyPressEvent(event)
            self._moved_on = self.currentSection() is not before
            self._typing = not self._moved_on
            self._check_typed()
            return
        else:
            self._typing = self._moved_on = False
            if event.key() not in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Left, Qt.Key.Key_Right):
                self._typed.pop(self.currentSection(), None)  # stepped with the arrows or erased: Qt's value
                if not self._typed:
                    self._set_problem("")
        super().keyPressEvent(event)
        if self._typed:
            self._check_typed()


def refused(*fields: DateField) -> str:
    """The first 「日期不存在」 among ``fields`` in use (enabled), the cursor put there; "" if all exist."""
    for field in fields:
        if field.isEnabled() and field.problem():
            field.setFocus(Qt.FocusReason.OtherFocusReason)
            return field.problem()
    return ""
