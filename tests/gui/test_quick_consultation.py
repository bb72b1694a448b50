"""A quick 政策咨询 by keyboard alone: a name (or none) and the question; no ID number, no phone."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import settle
from villagedesk.services import queries


def _type(qtbot, text: str) -> None:
    """Chinese arrives as an input method's commit, as from 搜狗/微软拼音 (and 𠮷 is two UTF-16 units,
    which QTest's key clicks cannot send)."""
    widget = QApplication.focusWidget()
    assert widget is not None
    if text:
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(widget, event)


def _key(qtbot, key: Qt.Key) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key)


def _consult(qtbot, window, name: str, topic: str, answer: str) -> str:
    """Type the form as a cadre does: name, Enter past ID and phone, the question, the answer, save."""
    page = window.servicelog
    page.con_person.name.setFocus()
    qtbot.waitUntil(page.con_person.name.hasFocus)
    _type(qtbot, name)
    for _ in range(3):  # name → ID number → phone → question
        _key(qtbot, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is page.con_topic
    _type(qtbot, topic)
    _key(qtbot, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is page.con_answer
    _type(qtbot, answer)
    _key(qtbot, Qt.Key.Key_Tab)  # the answer → 已出具一次性告知 → 保存咨询记录
    _key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.con_save
    _key(qtbot, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert "办件编号" in page.result.text(), (page.con_person.errors["id_number"].text(), page.result.text())
    return page.result.text().split()[-1]


def test_consultation_needs_no_id_number_or_phone(qtbot, window) -> None:
    page = window.servicelog
    window.go(page)
    page.tabs.setCurrentIndex(1)
    settle(qtbot, window)
    before = queries.count_cases(window.desk)
    named = _consult(qtbot, window, "王𠮷", "低保申请条件", "讲解了收入标准")
    anonymous = _consult(qtbot, window, "", "医保缴费时间", "每年九月至十二月")
    assert queries.count_cases(window.desk) == before + 2
    done = queries.CaseFilter(statuses=["completed_in_village"])
    rows = {r.case_no: r for r in queries.list_cases(window.desk, done)}
    assert rows[named].applicant_name == "王𠮷" and rows[anonymous].applicant_name == "匿名群众"
    # an ID number or phone that is given is still checked
    page.con_person.phone.setText("12345")
    page.con_topic.setText("养老保险")
    page.con_answer.setPlainText("讲解了缴费档次")
    page.con_save.setFocus()
    _key(qtbot, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert page.con_person.errors["phone"].text()
    assert queries.count_cases(window.desk) == before + 2
