"""#13 in the window: an ID number on file under another name is told in the saved dialog, with one sentence
(masked number and name); the case names the person typed (the import refuses such a row instead)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from tests.gui.conftest import settle
from tests.gui.test_intake import ID_A, _choose, _open_intake, _saved_dialog, check_all
from villagedesk.services import queries


def _fill(qtbot, window, page, name: str) -> None:
    _choose(qtbot, window, page, "生育", "JY001")
    page.applicant.name.setText(name)
    page.applicant.id_number.setText(ID_A)
    page.applicant.phone.setText("13800138000")
    check_all(page)
    page.mandate.setChecked(True)
    page.save_button.click()
    settle(qtbot, window)


def test_an_id_number_on_file_under_another_name_is_told_when_saved(qtbot, window) -> None:
    page = _open_intake(qtbot, window)
    before = queries.count_cases(window.desk)
    _fill(qtbot, window, page, "欧阳娜娜")
    assert queries.count_cases(window.desk) == before + 1
    _saved_dialog(window).accept()
    _fill(qtbot, window, page, "卫十二")
    dialog = _saved_dialog(window)
    told = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "已登记为「欧***」" in told and "与姓名「卫十二」不符" in told and ID_A not in told, told
    assert queries.count_cases(window.desk) == before + 2
    newest = queries.detail(window.desk, dialog.result_.case_no)
    assert newest.applicant["name"] == "卫十二"
    dialog.accept()
