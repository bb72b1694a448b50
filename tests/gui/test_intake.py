"""代办登记 through the real page: good input, bad input, keyboard only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import settle
from villagedesk.services import queries
from villagedesk.ui.pages.intake_page import SavedDialog

ID_A = "419001198503120010"


def type_text(qtbot, widget, text: str) -> None:
    """ASCII as key presses; Chinese as an input method delivers it (a committed string)."""
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _open_intake(qtbot, window):
    window.go(window.intake)
    page = window.intake
    settle(qtbot, window)
    return page


def _choose(qtbot, window, page, text: str, code: str) -> None:
    page.item_search.setText(text)
    assert page.select_item(code)
    settle(qtbot, window)
    assert page.plan is not None and (page.plan.items[0].code == code or page.plan.bundle.code == code)


def check_all(page, status: str = "have") -> None:
    """Set every material's 收取情况 (they start 未核对 and must each be set)."""
    for row in page.material_rows():
        row.status.setCurrentIndex(row.status.findData(status))


def _saved_dialog(window) -> SavedDialog:
    dialogs = [w for w in window.intake.findChildren(SavedDialog) if w.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def test_good_intake_saves_case_and_shows_number_and_missing(qtbot, window) -> None:
    page = _open_intake(qtbot, window)
    before = queries.count_cases(window.desk)
    _choose(qtbot, window, page, "生育", "JY001")
    page.applicant.name.setText("张三")
    page.applicant.id_number.setText(ID_A)
    assert "1985-03-12" in page.applicant.id_info.text() and "男" in page.applicant.id_info.text()
    page.applicant.phone.setText("13800138000")
    rows = page.material_rows()
    assert [r.name for r in rows] == ["夫妻身份证", "户口簿", "结婚证"]
    for row in rows[:2]:
        row.status.setCurrentIndex(row.status.findData("have"))
    rows[2].status.setCurrentIndex(rows[2].status.findData("missing"))
    rows[1].custody.setCurrentIndex(rows[1].custody.findData("village"))
    page.mandate.setChecked(True)
    page.save_button.click()
    settle(qtbot, window)
    assert queries.count_cases(window.desk) == before + 1
    dialog = _saved_dialog(window)
    assert "结婚证" in dialog.missing_label.text()
    (row,) = queries.list_cases(window.desk, queries.CaseFilter(search=ID_A[-4:]))
    assert row.applicant_name == "张三" and row.status == "awaiting_materials"
    assert dialog.print_button.isEnabled() and "受理回执" in dialog.print_button.toolTip()
    assert page.applicant.name.text() == ""  # the form is cleared for the next villager
    dialog.accept()


def test_bad_intake_shows_errors_beside_fields_and_saves_nothing(qtbot, window) -> None:
    page = _open_intake(qtbot, window)
    before = queries.count_cases(window.desk)
    page.save_button.click()  # nothing chosen, nothing filled
    settle(qtbot, window)
    assert page.item_error.isVisibleTo(page) and page.item_error.text() == "请选择办理事项"
    assert page.applicant.errors["name"].text() == "请填写姓名"
    assert page.applicant.errors["phone"].text() == "请填写联系电话"
    _choose(qtbot, window, page, "生育", "JY001")
    page.applicant.name.setText("张三")
    page.applicant.id_number.setText(ID_A[:-1] + "9")  # wrong check digit: caught live
    assert "校验位" in page.applicant.errors["id_number"].text()
    page.applicant.phone.setText("12345")
    page.save_button.click()
    settle(qtbot, window)
    assert page.applicant.errors["name"].text() == ""
    assert "校验位" in page.applicant.errors["id_number"].text()
    assert page.applicant.errors["phone"].text()
    assert page.mandate_error.text() == "代办事项须由办事人签署委托书"
    assert queries.count_cases(window.desk) == before
    assert page.applicant.name.text() == "张三"  # nothing typed is lost


def test_keyboard_only_intake(qtbot, window) -> None:
    page = _open_intake(qtbot, window)
    before = queries.count_cases(window.desk)
    assert QApplication.focusWidget() is page.item_search  # ready to type on arrival
    type_text(qtbot, page.item_search, "生育")
    settle(qtbot, window)
    qtbot.keyClick(page.item_search, Qt.Key.Key_Down)  # arrows move in the list without leaving the search
    qtbot.keyClick(page.item_search, Qt.Key.Key_Up)
    settle(qtbot, window)
    assert page.selected_code() == "JY001"
    qtbot.keyClick(page.item_search, Qt.Key.Key_Return)  # Enter takes the item and goes to the name
    settle(qtbot, window)
    assert QApplication.focusWidget() is page.applicant.name
    for text, edit in (
        ("李四", page.applicant.name),
        (ID_A, page.applicant.id_number),
        ("13800138000", page.applicant.phone),
        ("三组", page.applicant.group),
        ("东街8号", page.applicant.address),
    ):
        assert QApplication.focusWidget() is edit
        type_text(qtbot, edit, text)
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    # Tab on through each material (Down sets 已收), reaching them before 保存登记, then the mandate.
    statuses = [r.status for r in page.material_rows()]
    for _ in range(40):
        w = QApplication.focusWidget()
        assert w is not page.save_button, "保存登记 came before the materials in Tab order"
        if w is page.mandate:
            break
        if w in statuses:
            qtbot.keyClick(w, Qt.Key.Key_Down)
        qtbot.keyClick(w, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.mandate
    assert page.unchecked_materials() == []
    qtbot.keyClick(page.mandate, Qt.Key.Key_Space)
    assert page.mandate.isChecked()
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # Ctrl+S saves
    settle(qtbot, window)
    assert queries.count_cases(window.desk) == before + 1
    assert "材料齐全" in _saved_dialog(window).missing_label.text()


def test_bundle_intake_merges_materials(qtbot, window) -> None:
    page = _open_intake(qtbot, window)
    _choose(qtbot, window, page, "多证", "BZ-QYSL")
    names = [r.name for r in page.material_rows()]
    assert len(names) == len(set(names)) > 1
    assert "多证联办" in page.items.currentItem().text()
