"""到访登记 replaced a half-filled 代办登记 form (张伟, JY014) by the booking's visitor without a word; now it
asks the same question as 清空 / 注销 / closing, keeps the form on 取消, and the form says 受理渠道 预约."""

from __future__ import annotations

from datetime import date

from tests.gui.conftest import settle
from villagedesk.services import appointments


def _half_filled_then_arrive(qtbot, win):
    booked = appointments.book(win.desk, "李四", "13800138000", "JY001", date(2026, 11, 28))
    win.go(win.intake)
    settle(qtbot, win)
    assert win.intake.select_item("JY014")
    settle(qtbot, win)
    win.intake.applicant.name.setText("张伟")
    page = win.appointments
    win.go(page)
    settle(qtbot, win)
    row = next(n for n in range(page.model.rowCount()) if page.model.item(n).id == booked.id)
    page.table.selectRow(row)
    page.arrive_button.click()
    settle(qtbot, win)
    return page


def test_arrival_asks_before_replacing_a_half_filled_intake_and_keeps_it_on_cancel(qtbot, window) -> None:
    win = window
    _half_filled_then_arrive(qtbot, win)
    box = getattr(win, "confirmation", None)
    assert box is not None and box.isVisible(), "no question before the form was replaced"
    assert "张伟" in box.text()
    box.cancel_button.click()
    settle(qtbot, win)
    assert win.intake.applicant.name.text() == "张伟"
    assert win.intake.selected_code() == "JY014"
    assert win.intake.appointment_id is None


def test_arrival_replaces_the_form_once_confirmed_and_the_channel_is_appointment(qtbot, window) -> None:
    win = window
    _half_filled_then_arrive(qtbot, win)
    win.confirmation.confirm_button.click()
    settle(qtbot, win)
    assert win.stack.currentWidget() is win.intake
    assert win.intake.applicant.name.text() == "李四"
    assert win.intake.channel.currentData() == "appointment"
    win.intake.reset()  # the next walk-in comes to the window again
    assert win.intake.channel.currentData() == "window"


def test_arrival_on_an_empty_form_asks_nothing(qtbot, window) -> None:
    win = window
    booked = appointments.book(win.desk, "李四", "13800138000", "JY001", date(2026, 11, 28))
    page = win.appointments
    win.go(page)
    settle(qtbot, win)
    page.table.selectRow(next(n for n in range(page.model.rowCount()) if page.model.item(n).id == booked.id))
    page.arrive_button.click()
    settle(qtbot, win)
    assert win.stack.currentWidget() is win.intake and win.intake.applicant.name.text() == "李四"
    assert win.intake.channel.currentData() == "appointment"
