"""After a save the form is blank for the next villager: 已出具一次性告知 stayed ticked after 保存咨询记录,
and the intake's fresh checklist was outlined red straight away (red means 保存登记 found it unset)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from tests.gui.conftest import settle
from tests.gui.test_materials_checked import _fill
from tests.gui.test_quick_consultation import _consult
from villagedesk.ui.pages.intake_page import UNSET_STYLE


def test_the_consultation_form_is_blank_after_a_save(qtbot, window) -> None:
    page = window.servicelog
    window.go(page)
    page.tabs.setCurrentIndex(1)
    settle(qtbot, window)
    page.con_notice.setChecked(True)
    _consult(qtbot, window, "王芳", "低保申请条件", "讲解了收入标准")
    assert not page.con_notice.isChecked()
    assert page.con_topic.text() == "" and page.con_answer.toPlainText() == ""


def test_red_outlines_only_after_a_refused_save_and_not_on_the_next_form(qtbot, window) -> None:
    page = _fill(qtbot, window)
    rows = page.material_rows()
    assert all(r.status.styleSheet() == "" for r in rows)  # nothing tried yet: no red
    page.save_button.click()
    settle(qtbot, window)
    assert all(r.status.styleSheet() == UNSET_STYLE for r in rows)  # 保存登记 found them unset
    rows[0].status.setCurrentIndex(rows[0].status.findData("have"))
    assert rows[0].status.styleSheet() == "" and rows[1].status.styleSheet() == UNSET_STYLE
    for r in rows[1:]:
        r.status.setCurrentIndex(r.status.findData("have"))
    page.save_button.click()
    settle(qtbot, window)
    for dialog in [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window]:
        dialog.close()  # 登记成功
    fresh = page.material_rows()
    assert fresh and all(r.status.currentData() is None for r in fresh)
    assert all(r.status.styleSheet() == "" for r in fresh), [r.status.styleSheet() for r in fresh]
