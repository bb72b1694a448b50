"""A date that does not exist is refused, never turned into another: 2027-02-30 became 2027-02-03 and
2027-02-60 (a Saturday then) 2027-02-06, which 登记预约 booked; the 办件 filter listed by such a date and
took a 从 after 至 without a word. Typed by keyboard into the real fields, as a cadre does."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate

from tests.gui.conftest import settle
from tests.gui.test_date_typing import _cases_from, _mandate_signed, _roster_date, _type
from villagedesk.services import appointments

WRONG = [("2027-02-30", "click"), ("2027-02-60", "click"), ("20270230", "select_all"), ("2027/2/30", "click"),
         ("2027-13-01", "click"), ("2027-04-31", "select_all")]  # fmt: skip


def _appointment_day(qtbot, window):
    window.go(window.appointments)
    settle(qtbot, window)
    return window.appointments.day, None


@pytest.mark.parametrize("field_of", [_appointment_day, _cases_from, _roster_date, _mandate_signed])
def test_a_date_that_does_not_exist_is_said_and_kept_red(qtbot, window, field_of) -> None:
    field, dialog = field_of(qtbot, window)
    for text, how in WRONG:
        field.setDate(QDate(2025, 12, 1))
        _type(qtbot, field, text, how)
        assert "日期不存在" in field.problem(), (text, field.text())
        assert "#c62828" in field.styleSheet()  # red
    _type(qtbot, field, "2027-02-27", "click")  # a real date typed over it: the mark goes
    assert field.problem() == "" and field.styleSheet() == ""
    assert field.date() == QDate(2027, 2, 27)
    if dialog is not None:
        dialog.close()


def test_booking_on_a_date_that_does_not_exist_is_refused(qtbot, window) -> None:
    win = window
    page = win.appointments
    win.go(page)
    settle(qtbot, win)
    page.name.setText("李四")
    page.phone.setText("13800138000")
    before = len(appointments.upcoming(win.desk))
    _type(qtbot, page.day, "2027-02-60", "click")
    page.book_button.click()
    settle(qtbot, win)
    assert "日期不存在" in page.errors["day"].text()
    assert len(appointments.upcoming(win.desk)) == before


def test_the_case_filter_refuses_a_wrong_date_and_a_from_after_to(qtbot, window) -> None:
    win = window
    page = win.cases
    win.go(page)
    page.use_dates.setChecked(True)
    page.date_from.setDate(QDate(2020, 1, 1))
    settle(qtbot, win)
    assert page.model.rowCount() > 0
    _type(qtbot, page.date_to, "2027-02-30", "click")
    settle(qtbot, win)
    assert "日期不存在" in page.search_error.text()
    assert page.model.rowCount() == 0 and page.count.text() == ""
    page.date_to.setDate(QDate(2019, 1, 1))  # 从 2020-01-01 至 2019-01-01
    settle(qtbot, win)
    assert "晚于" in page.search_error.text() and page.model.rowCount() == 0
    page.date_to.setDate(QDate(2030, 1, 1))
    settle(qtbot, win)
    assert page.search_error.text() == "" and page.model.rowCount() > 0


def test_an_action_dialog_refuses_a_wrong_signing_date(qtbot, window) -> None:
    field, dialog = _mandate_signed(qtbot, window)
    _type(qtbot, field, "2026-02-30", "click")
    assert "日期不存在" in dialog.check().get("signed_on", "")
    dialog.close()
