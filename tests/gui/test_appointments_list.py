"""预约: the list masks phones as the CLI does (138****5678; the full number only in the intake form a
booking's 到访登记 opens), an error of the form goes once its field is changed, and an empty list's columns
are wide enough for what they will hold (they were squeezed to their labels)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import settle
from villagedesk.services import appointments
from villagedesk.ui.widgets.models import ListTableModel


def test_the_list_masks_the_phone_the_intake_has_it_whole(qtbot, window) -> None:
    win = window
    booked = appointments.book(win.desk, "李四", "13812345678", "JY001", date(2026, 11, 28))
    page = win.appointments
    win.go(page)
    settle(qtbot, win)
    row = next(n for n in range(page.model.rowCount()) if page.model.item(n).id == booked.id)
    shown = [page.model.index(row, c).data() for c in range(page.model.columnCount())]
    assert "138****5678" in shown and not any("13812345678" in str(t) for t in shown)
    page.table.selectRow(row)
    page.arrive_button.click()
    settle(qtbot, win)
    assert win.intake.applicant.phone.text() == "13812345678"


def test_an_error_of_the_booking_form_goes_when_its_field_is_changed(qtbot, window) -> None:
    win = window
    page = win.appointments
    win.go(page)
    settle(qtbot, win)
    page.day.setDate(QDate(2026, 11, 30))  # a Monday: not a rest day
    page.book_button.click()
    settle(qtbot, win)
    wanted = ("name", "phone", "day")
    qtbot.waitUntil(lambda: all(page.errors[k].text() for k in wanted), timeout=10_000)
    page.name.setFocus()
    qtbot.keyClicks(page.name, "Li")
    qtbot.waitUntil(lambda: page.errors["name"].text() == "", timeout=5_000)
    qtbot.keyClicks(page.phone, "13812345678")
    qtbot.waitUntil(lambda: page.errors["phone"].text() == "", timeout=5_000)
    page.day.setDate(QDate(2026, 11, 28))
    qtbot.waitUntil(lambda: page.errors["day"].text() == "", timeout=5_000)


def test_an_empty_lists_columns_are_as_wide_as_their_content(qtbot, window) -> None:
    win = window
    page = win.appointments
    win.go(page)
    settle(qtbot, win)
    page.model.set_rows([])
    QApplication.processEvents()
    metrics = page.table.fontMetrics()
    header = page.table.horizontalHeader()
    for col, sample in enumerate(("2026-12-05", "09:30", "欧阳娜娜", "138****5678")):
        assert header.sectionSize(col) >= metrics.horizontalAdvance(sample), (col, header.sectionSize(col))


def test_every_list_model_has_a_width_for_its_empty_columns(qapp) -> None:
    model = ListTableModel([("号", str)])
    from PySide6.QtCore import Qt

    hint = model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.SizeHintRole)
    # the font the model measures with (an earlier test's app may be a QGuiApplication: no fontMetrics())
    assert hint is not None and hint.width() > QFontMetrics(QApplication.font()).horizontalAdvance("号") * 3
