"""#13 in the window: an ID number on file under another name is refused beside the ID field, with one
sentence (masked number and name), and nothing typed is lost."""

from __future__ import annotations

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


def test_an_id_number_on_file_under_another_name_is_refused_beside_the_field(qtbot, window) -> None:
    page = _open_intake(qtbot, window)
    before = queries.count_cases(window.desk)
    _fill(qtbot, window, page, "欧阳娜娜")
    assert queries.count_cases(window.desk) == before + 1
    _saved_dialog(window).accept()
    _fill(qtbot, window, page, "卫十二")
    message = page.applicant.errors["id_number"].text()
    assert "已登记为「欧***」" in message and "与姓名「卫十二」不符" in message and ID_A not in message
    assert queries.count_cases(window.desk) == before + 1
    assert page.applicant.name.text() == "卫十二" and page.applicant.id_number.text() == ID_A
