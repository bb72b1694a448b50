"""Materials start as 未核对 and must each be set; the case page never shows 已收 beside 尚缺."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from tests.gui.conftest import settle
from tests.gui.test_case_actions import ID_A, _new_case
from villagedesk.domain.lifecycle import EventType
from villagedesk.services import actions, queries


def _fill(qtbot, window):
    window.go(window.intake)
    page = window.intake
    settle(qtbot, window)
    page.item_search.setText("生育")
    assert page.select_item("JY001")
    settle(qtbot, window)
    page.applicant.name.setText("张三")
    page.applicant.id_number.setText(ID_A)
    page.applicant.phone.setText("13800138000")
    page.mandate.setChecked(True)
    return page


def test_untouched_checklist_is_not_registered_as_complete(qtbot, window) -> None:
    page = _fill(qtbot, window)
    before = queries.count_cases(window.desk)
    rows = page.material_rows()
    assert [r.status.currentText() for r in rows] == ["未核对"] * 3
    page.save_button.click()
    settle(qtbot, window)
    assert queries.count_cases(window.desk) == before
    error = page.materials_error.text()
    assert "尚未选择" in error and all(r.name in error for r in rows)
    assert QApplication.focusWidget() is rows[0].status
    assert page.applicant.name.text() == "张三" and page.mandate.isChecked()  # nothing typed is lost
    rows[0].status.setCurrentIndex(rows[0].status.findData("have"))
    rows[1].status.setCurrentIndex(rows[1].status.findData("have"))
    page.save_button.click()
    settle(qtbot, window)
    assert queries.count_cases(window.desk) == before and "结婚证" in page.materials_error.text()
    assert "夫妻身份证" not in page.materials_error.text()
    rows[2].status.setCurrentIndex(rows[2].status.findData("missing"))
    page.save_button.click()
    settle(qtbot, window)
    assert queries.count_cases(window.desk) == before + 1
    (row,) = queries.list_cases(window.desk, queries.CaseFilter(search=ID_A[-4:]))
    assert row.status == "awaiting_materials"


def _shown(page) -> dict[str, str]:
    return {
        page.materials.item(r, 0).text().split("(")[0]: page.materials.item(r, 1).text()
        for r in range(page.materials.rowCount())
    }


def test_case_page_shows_a_material_asked_for_later_as_missing(qtbot, window) -> None:
    case_id = _new_case(window, missing=())  # registered with every material 已收
    actions.perform(window.desk, case_id, EventType.MATERIALS_MISSING, {"missing": ["户口簿"], "reason": "页面不清"})
    window.open_case(case_id)
    settle(qtbot, window)
    page = window.detail
    assert "户口簿" in page.missing_label.text()
    assert _shown(page)["户口簿"] == "缺少" and _shown(page)["结婚证"] == "已收"
    actions.perform(window.desk, case_id, EventType.MATERIALS_SUPPLIED, {"received": ["户口簿"]})
    window.open_case(case_id)
    settle(qtbot, window)
    assert page.missing_label.text() == "" and _shown(page)["户口簿"] == "已收"


def test_clear_asks_first_naming_the_villager(qtbot, window) -> None:
    page = _fill(qtbot, window)
    page.clear_button.click()
    box = page.clear_confirmation
    assert box is not None and box.isVisible() and "张三" in box.text()
    assert box.defaultButton() is box.cancel_button  # Enter keeps the form
    box.cancel_button.click()
    assert page.applicant.name.text() == "张三"
    page.clear_button.click()
    page.clear_confirmation.confirm_button.click()
    assert page.applicant.name.text() == "" and not page.has_input()
