"""Cadre test, finding 5: 备注 and the action dialogs' boxes took 10,000 typed characters and said
「内容过长(最多2000字)」 only at 保存. Every text box of every action dialog and of 代办登记 takes no more
than the domain keeps: after 10,000 characters typed or pasted, the dialog's own check (the domain's
rules) finds nothing too long."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit

from tests.gui.conftest import settle
from tests.gui.test_intake import _choose, _open_intake
from villagedesk.domain.errors import ValidationError
from villagedesk.domain.lifecycle import EventType, State
from villagedesk.domain.payloads import clean_payload
from villagedesk.ui.dialogs.action_dialog import ActionDialog

FLOOD = "长" * 10_000


def _too_long(event: EventType, payload: dict) -> str:
    try:
        clean_payload(event, payload)
    except ValidationError as err:
        return err.message if "过长" in err.message else ""
    return ""


@pytest.mark.parametrize("event", list(EventType), ids=lambda e: e.value)
def test_no_action_dialog_box_takes_more_than_the_rules_keep(qtbot, event: EventType) -> None:
    dialog = ActionDialog(event, ["户口簿", "身份证"], None, [State.ACCEPTED, State.SUBMITTED])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    for combo in dialog.fields.values():  # the last choice (a 不予: its reason is bounded then)
        if isinstance(combo, QComboBox) and combo.count():
            combo.setCurrentIndex(combo.count() - 1)
    boxes = {k: w for k, w in dialog.fields.items() if isinstance(w, (QLineEdit, QPlainTextEdit))}
    for key, box in boxes.items():
        box.setFocus()
        if isinstance(box, QLineEdit):
            box.insert(FLOOD)  # as a paste (a key typed into a full line box beeps: offscreen, it aborts)
        else:
            box.insertPlainText(FLOOD)
        message = _too_long(event, {**dialog.payload(), **{k: "" for k in boxes if k != key}})
        assert not message, (key, message)
    dialog.reject()


def test_intake_boxes_take_no_more_than_the_form_keeps(qtbot, window) -> None:
    page = _open_intake(qtbot, window)
    _choose(qtbot, window, page, "JY010", "JY010")
    a = page.applicant
    for box in (a.name, a.group, a.address, a.id_number):
        box.setFocus()
        box.insert(FLOOD)
    page.note.setFocus()
    page.note.insertPlainText(FLOOD)
    assert len(page.note.toPlainText()) == 2000
    assert "2000" in page.note.toolTip()
    page.save_button.click()
    settle(qtbot, window)
    shown = [label.text() for label in a.errors.values()] + [page.note_error.text()]
    assert not [t for t in shown if "过长" in t], shown
