"""Search-as-you-type and filters on the case list; service log, appointments and settings pages."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import settle
from tests.gui.test_intake import check_all
from villagedesk.domain.search_terms import pinyin_initials
from villagedesk.services import appointments, preferences, queries


def _search(qtbot, window, text: str) -> list[str]:
    page = window.cases
    with qtbot.waitSignal(page.ids_loaded, timeout=5000):
        page.search.setText(text)  # debounced: one query after typing stops
    settle(qtbot, window)
    return shown_ids(qtbot, window)


def shown_ids(qtbot, window) -> list[str]:
    """Every case id the list shows, top to bottom (each window fetched as scrolling would)."""
    model = window.cases.model
    for row in range(0, model.rowCount(), model.CHUNK):
        model.row_at(row)
    settle(qtbot, window)
    return [model.case_id(row) for row in range(model.rowCount())]


def test_search_as_you_type_by_name_number_id_tail_and_initials(qtbot, window) -> None:
    window.go(window.cases)
    target = next(r for r in queries.list_cases(window.desk, limit=300) if len(r.applicant_name) == 2)
    by_name = _search(qtbot, window, target.applicant_name)
    assert target.id in by_name
    rows = queries.rows_by_ids(window.desk, by_name)
    assert all(target.applicant_name in r.applicant_name for r in rows)
    assert _search(qtbot, window, target.case_no) == [target.id]
    assert target.id in _search(qtbot, window, target.id_masked[-4:])
    assert target.id in _search(qtbot, window, pinyin_initials(target.applicant_name))
    # The table shows masked ID numbers only.
    row = shown_ids(qtbot, window).index(target.id)
    window.cases.model.row_at(row)
    settle(qtbot, window)
    shown = window.cases.model.index(row, 4).data()
    assert "*" in shown and shown == target.id_masked
    window.cases.search.setText("123")
    qtbot.waitUntil(lambda: "至少输入末4位" in window.cases.search_error.text(), timeout=5000)
    assert _search(qtbot, window, "") and window.cases.search_error.text() == ""


def test_filters_and_enter_opens_detail(qtbot, window) -> None:
    page = window.cases
    window.go(page)
    total = page.model.rowCount()
    with qtbot.waitSignal(page.ids_loaded):
        page.overdue.setChecked(True)
    overdue = shown_ids(qtbot, window)
    assert 0 < len(overdue) < total
    assert overdue == queries.case_ids(window.desk, page.current_filter())
    assert len(overdue) == queries.count_cases(window.desk, queries.CaseFilter(overdue=True))
    settle(qtbot, window)
    assert page.model.index(0, 0).data() == "逾期"
    with qtbot.waitSignal(page.ids_loaded):
        page.status.setCurrentIndex(page.status.findData("closed"))
    assert page.model.rowCount() == 0  # closed cases are never overdue
    with qtbot.waitSignal(page.ids_loaded):
        page.overdue.setChecked(False)
    assert page.model.rowCount() == queries.count_cases(window.desk, queries.CaseFilter(statuses=["closed"]))
    with qtbot.waitSignal(page.ids_loaded):
        page.use_dates.setChecked(True)
    with qtbot.waitSignal(page.ids_loaded):
        page.date_from.setDate(QDate(2026, 11, 20))
    f = page.current_filter()
    assert f.registered_from.isoformat() == "2026-11-20"
    assert page.model.rowCount() == queries.count_cases(window.desk, f)
    page.use_dates.setChecked(False)
    with qtbot.waitSignal(page.ids_loaded):
        page.status.setCurrentIndex(0)
    page.table.setFocus()
    page.table.selectRow(2)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert window.stack.currentWidget() is window.detail
    assert window.detail.case_id == queries.case_ids(window.desk)[2]


def test_service_log_mediation_and_consultation(qtbot, window) -> None:
    page = window.servicelog
    window.go(page)
    before = queries.count_cases(window.desk)
    page.save_mediation()  # empty: every problem beside its field
    settle(qtbot, window)
    assert page.med_person.errors["name"].text() == "请填写姓名"
    assert page.med_errors["dispute_type"].text() == "请选择纠纷类型"
    page.med_person.name.setText("王伟")
    page.med_person.id_number.setText("419001199001010027")
    page.med_person.phone.setText("13900139000")
    page.med_parties.setText("赵六、钱七")
    page.med_type.setCurrentIndex(page.med_type.findData("邻里纠纷"))
    page.med_outcome.setCurrentIndex(page.med_outcome.findData("agreed"))
    page.save_mediation()
    settle(qtbot, window)
    assert "办件编号" in page.result.text()
    page.con_person.name.setText("王伟")
    page.con_person.id_number.setText("419001199001010027")
    page.con_person.phone.setText("13900139000")
    page.con_topic.setText("低保申请条件")
    page.con_answer.setPlainText("讲解了家庭收入标准和所需材料")
    page.con_notice.setChecked(True)
    page.save_consultation()
    settle(qtbot, window)
    assert queries.count_cases(window.desk) == before + 2
    rows = queries.list_cases(window.desk, queries.CaseFilter(statuses=["completed_in_village"], search="王伟"))
    assert {r.title[:4] for r in rows} >= {"人民调解", "政策咨询"}


def test_appointment_booking_and_arrival(qtbot, window) -> None:
    page = window.appointments
    window.go(page)
    settle(qtbot, window)  # built on first visit: its item list loads in the background
    page.name.setText("孙丽")
    page.phone.setText("13700137000")
    page.item.setCurrentIndex(page.item.findData("JY001"))
    page.day.setDate(QDate(2026, 11, 26))  # a Thursday: refused
    page.book()
    settle(qtbot, window)
    assert "公休日" in page.errors["day"].text()
    page.day.setDate(QDate(2026, 11, 28))
    page.slot.setText("09:30")
    page.book()
    settle(qtbot, window)
    assert page.model.rowCount() == 1 and page.errors["day"].text() == ""
    page.table.selectRow(0)
    page.arrive_button.click()
    assert window.stack.currentWidget() is window.intake
    intake = window.intake
    settle(qtbot, window)
    assert intake.applicant.name.text() == "孙丽" and intake.selected_code() == "JY001"
    intake.applicant.id_number.setText("419001198503120010")
    intake.mandate.setChecked(True)
    check_all(intake)
    intake.save()
    settle(qtbot, window)
    (appt,) = appointments.upcoming(window.desk)
    assert appt.status == "arrived" and appt.case_id
    assert queries.detail(window.desk, appt.case_id).registered["channel"] == "appointment"
    for w in QApplication.topLevelWidgets():
        if w.isVisible() and w.windowTitle() == "登记成功":
            w.close()


def test_settings_saved_and_validated(qtbot, window) -> None:
    page = window.settings
    window.go(page)
    settle(qtbot, window)
    assert page.idle.value() == 10
    page.hotline.setText("call us")
    page.save()
    settle(qtbot, window)
    assert "热线" in page.errors["hotline"].text()
    page.hotline.setText("0391-6633123")
    page.language.setCurrentIndex(page.language.findData("en"))
    page.idle.setValue(15)
    page.printer.setCurrentText("HP LaserJet")
    page.save()
    settle(qtbot, window)
    assert page.message.text() == "设置已保存"
    saved = preferences.load(window.desk)
    assert saved == preferences.Preferences("en", 15, "HP LaserJet", "0391-6633123")
    assert window.idle.timer.interval() == 15 * 60_000
