"""Searching by the middle of an ID number says what to type (issue 14).

The list is searched by an ID number's last digits (at least 4, as 按身份证号查找请至少输入末4位 says);
a cadre who typed 8 digits from the middle (the birth date the masked list shows as ********) got an
empty list and no word why. Now the list says that the end of the number is what to type, and the end
finds the case."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.conftest import settle
from tests.gui.test_printing import register, rid


def search(qtbot, window, text: str) -> None:
    page = window.cases
    page.search.clear()
    if text.isascii():
        qtbot.keyClicks(page.search, text)
    else:  # QTest types Latin-1 only
        page.search.setText(text)
    qtbot.keyClick(page.search, Qt.Key.Key_Return)  # Enter reloads at once
    settle(qtbot, window)


def test_middle_digits_of_an_id_number_say_to_type_its_end(qtbot, window) -> None:
    register(window.desk, "孙小梅", 93)
    number = rid(93)
    window.go(window.cases)
    settle(qtbot, window)
    page = window.cases

    search(qtbot, window, number[6:14])  # the birth date: 8 digits from the middle
    assert page.model.rowCount() == 0
    assert page.search_error.isVisible()
    hint = page.search_error.text()
    assert number[6:14] in hint and "末4位" in hint and "中间" in hint, hint

    search(qtbot, window, number[-4:])  # its end finds it, and the hint goes
    assert page.model.rowCount() >= 1
    assert not page.search_error.isVisible() or not page.search_error.text()

    search(qtbot, window, number[-3:])  # too short: the service's own sentence, no exception
    assert "末4位" in page.search_error.text()

    search(qtbot, window, "没有这个人")  # a name that is nowhere: says what may be typed
    assert page.model.rowCount() == 0 and "姓名" in page.search_error.text()
