"""An error in a case-action dialog never squashes its fields, and goes away when the field is changed.

The tester's 作出决定: Enter with no outcome chosen showed the error, then choosing 不予 left the 决定
combo a few pixels high ("不予" cut off) under the stale error, and the next refusal made the 理由 box a
sliver: the dialog's wrapped labels left it with no minimum height, and ``adjustSize`` shrank it.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QWidget,
)

from tests.gui.conftest import settle
from tests.gui.test_town_pages import clerk_template, clerk_window  # noqa: F401 (fixtures)
from villagedesk.domain.lifecycle import EventType, State
from villagedesk.services import town
from villagedesk.ui.dialogs.action_dialog import ActionDialog

LONG = "镇中心服务器拒绝了这一步: 该办件已由另一台电脑处理, 请先同步再试; 如仍不行, 请联系镇便民服务中心。"
INPUTS = (QLineEdit, QComboBox, QPlainTextEdit, QListWidget, QAbstractSpinBox, QCheckBox)


def _squashed(dialog: QWidget) -> list[str]:
    """Every visible input lower than it asks to be (its size hint, or its maximum when that is less)."""
    out = []
    for w in dialog.findChildren(QWidget):
        if not isinstance(w, INPUTS) or isinstance(w.parent(), INPUTS) or not w.isVisibleTo(dialog):
            continue
        want = min(w.sizeHint().height(), w.maximumHeight())
        if w.height() < want:
            out.append(f"{type(w).__name__} {w.height()} < {want}")
    return out


def test_a_refused_decision_keeps_every_field_whole_and_a_change_clears_its_error(qtbot, clerk_window) -> None:  # noqa: F811
    win = clerk_window
    case = town.inbox(win.desk, town.InboxFilter(state="accepted"))[0].row
    win.open_case(case.id)
    settle(qtbot, win)
    dialog = win.detail.start_action(EventType.DECIDED)
    qtbot.waitExposed(dialog)
    outcome: QComboBox = dialog.fields["outcome"]
    reason: QLineEdit = dialog.fields["reason"]
    dialog.buttons.accepted.emit()  # nothing chosen: refused beside 决定
    qtbot.wait(20)
    assert "请选择决定结果" in dialog.errors["outcome"].text()
    assert not _squashed(dialog), _squashed(dialog)
    outcome.setFocus()
    qtbot.keyClick(outcome, Qt.Key.Key_Down)  # the keyboard's way to a choice
    outcome.setCurrentIndex(outcome.findData("denied"))
    qtbot.wait(20)
    assert dialog.errors["outcome"].isHidden() and not dialog.errors["outcome"].text()  # no stale error
    assert dialog.remedy_label.isVisibleTo(dialog)
    assert not _squashed(dialog), _squashed(dialog)
    dialog.buttons.accepted.emit()  # 不予 without its reason: refused beside 理由
    qtbot.wait(20)
    assert dialog.errors["reason"].text()
    assert not _squashed(dialog), _squashed(dialog)
    assert reason.height() >= reason.sizeHint().height()
    qtbot.keyClicks(reason, "income")
    assert dialog.errors["reason"].isHidden()
    dialog.show_error("", LONG)  # a refusal from the service, in the general line
    qtbot.wait(20)
    assert not _squashed(dialog), _squashed(dialog)
    qtbot.keyClicks(reason, ".")
    assert dialog.general_error.isHidden()
    dialog.reject()


@pytest.mark.parametrize("event", list(EventType), ids=lambda e: e.value)
def test_every_action_dialog_keeps_its_fields_whole_under_errors(qtbot, event: EventType) -> None:
    dialog = ActionDialog(event, ["户口簿", "身份证", "低保申请书"], None, [State.ACCEPTED, State.SUBMITTED])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert not _squashed(dialog), _squashed(dialog)
    for key in [*dialog.errors, ""]:  # an error under each field in turn, then a general one
        dialog.show_error(key, LONG)
        qtbot.wait(5)
        assert not _squashed(dialog), (key, _squashed(dialog))
    for key in dialog.errors:  # all at once: the tallest the dialog gets
        dialog.errors[key].show_error(LONG)
    qtbot.wait(5)
    assert not _squashed(dialog), _squashed(dialog)
    dialog.resize(dialog.minimumWidth(), 10)  # asked to shrink: it keeps what its fields need
    qtbot.wait(5)
    assert not _squashed(dialog), _squashed(dialog)
    dialog.reject()
