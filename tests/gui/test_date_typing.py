"""Dates are typed as a cadre writes them: 20260103, 2026/1/3, 2026.01.03, 2026年1月3日 — after a click
in the field, Tab, or Ctrl+A. A bare QDateEdit refused every digit unless a section was selected."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from tests.gui.conftest import settle
from tests.gui.test_printing import register
from villagedesk.domain.lifecycle import EventType
from villagedesk.services import queries
from villagedesk.ui import i18n

WANTED = QDate(2026, 1, 3)
TYPINGS = [("20260103", "click"), ("2026/1/3", "click"), ("2026.01.03", "select_all"), ("2026年1月3日", "click")]


def _type(qtbot, field: QWidget, text: str, how: str) -> None:
    top = field.window()
    top.activateWindow()
    qtbot.waitUntil(top.isActiveWindow, timeout=2000)
    if how == "click":
        QTest.mouseClick(field.lineEdit(), Qt.MouseButton.LeftButton, pos=QPoint(3, 5))
    else:
        field.setFocus(Qt.FocusReason.OtherFocusReason)
        QTest.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    for ch in text:
        key = Qt.Key(ord(ch.upper())) if ch.isascii() else Qt.Key.Key_unknown
        QTest.sendKeyEvent(QTest.KeyAction.Click, QApplication.focusWidget(), key, ch, Qt.KeyboardModifier.NoModifier)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)


def _cases_from(qtbot, window):
    window.go(window.cases)
    window.cases.use_dates.setChecked(True)
    return window.cases.date_from, None


def _roster_date(qtbot, window):
    dialog = window.cases.open_import()
    dialog.use_date.setChecked(True)
    return dialog.date, dialog


def _mandate_signed(qtbot, window):
    case_no = register(window.desk, "冯秀英", 81)
    window.open_case(queries.detail(window.desk, case_no).row.id)
    settle(qtbot, window)
    dialog = window.detail.start_action(EventType.MANDATE_RECORDED)
    return dialog.fields["signed_on"], dialog


@pytest.mark.parametrize("field_of", [_cases_from, _roster_date, _mandate_signed])
def test_a_date_is_typed_by_keyboard(qtbot, window, field_of) -> None:
    field, dialog = field_of(qtbot, window)
    for text, how in TYPINGS:
        field.setDate(QDate(2025, 12, 1))
        _type(qtbot, field, text, how)
        assert field.date() == WANTED, (text, how, field.text())
    if dialog is not None:
        dialog.close()


def test_every_date_input_is_the_typable_one() -> None:
    ui = Path(i18n.__file__).parent
    bare = [p.name for p in ui.rglob("*.py") if "QDateEdit(" in p.read_text("utf-8") and p.name != "date_field.py"]
    assert bare == []
