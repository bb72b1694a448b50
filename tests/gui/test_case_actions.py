"""Every action a village agent can take, through the case detail page and its dialogs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLineEdit, QListWidget, QPlainTextEdit

from tests.gui.conftest import settle
from villagedesk.domain.lifecycle import EventType
from villagedesk.services import actions, attachments, catalog, queries
from villagedesk.services.intake import IntakeForm, MaterialState, register
from villagedesk.ui.dialogs.action_dialog import CONFIRMED

ID_A = "419001198503120010"


def _open(qtbot, window, case_id: str):
    window.open_case(case_id)
    settle(qtbot, window)
    page = window.detail
    assert window.stack.currentWidget() is page and page.detail.row.id == case_id
    allowed = set(actions.available(window.desk, case_id))
    for event, button in page.action_buttons.items():
        assert button.isEnabled() == (event in allowed), event
    return page


def _act(qtbot, window, case_id: str, event: EventType, fill: dict | None = None) -> str:
    page = _open(qtbot, window, case_id)
    assert page.action_buttons[event].isEnabled(), f"{event} not enabled"
    page.action_buttons[event].click()
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible() and dialog.action is event
    for key, value in (fill or {}).items():
        w = dialog.fields[key]
        if isinstance(w, QListWidget):
            for i in range(w.count()):
                if w.item(i).text() in value:
                    w.item(i).setCheckState(Qt.CheckState.Checked)
        elif isinstance(w, QComboBox):
            idx = w.findData(value)
            w.setCurrentIndex(idx if idx >= 0 else w.findText(value))
            if w.isEditable() and idx < 0:
                w.setCurrentText(value)
        elif isinstance(w, QPlainTextEdit):
            w.setPlainText(value)
        elif isinstance(w, QLineEdit):
            w.setText(value)
        else:
            w.setChecked(bool(value))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    if event in CONFIRMED:  # the page asks once more, naming the villager and the case
        box = dialog.confirmation
        assert box.isVisible() and box.defaultButton() is box.cancel_button
        assert page.detail.row.case_no in box.text() and page.detail.applicant["name"] in box.text()
        box.confirm_button.click()
    settle(qtbot, window)
    assert not dialog.isVisible(), [e.text() for e in dialog.errors.values()] + [dialog.general_error.text()]
    return queries.detail(window.desk, case_id).row.status


def _new_case(window, item="JY001", missing=("结婚证",)) -> str:
    plan = catalog.plan(window.desk, item)
    mats = {m.name: MaterialState("missing" if m.name in missing else "have") for m in plan.materials}
    form = IntakeForm(item, "张三", ID_A, "13800138000", mandate_signed=True, materials=mats)
    return register(window.desk, form).case_id


def test_materials_notes_custody_submit(qtbot, window) -> None:
    case_id = _new_case(window)
    assert queries.detail(window.desk, case_id).row.status == "awaiting_materials"
    assert _act(qtbot, window, case_id, EventType.MATERIALS_SUPPLIED, {"received": ["结婚证"]}) == "registered"
    assert _act(qtbot, window, case_id, EventType.MATERIALS_CHECKED, {"ok": True}) == "registered"
    assert _act(qtbot, window, case_id, EventType.NOTE_ADDED, {"text": "群众下午再来"}) == "registered"
    assert _act(qtbot, window, case_id, EventType.CUSTODY_CHANGED, {"material": "户口簿", "holder": "village"})
    assert window.detail.materials.item(1, 2).text() == "村代办员"
    assert _act(qtbot, window, case_id, EventType.SUBMITTED, {"note": "今日报送"}) == "submitted"
    labels = [window.detail.timeline.item(r, 1).text() for r in range(window.detail.timeline.rowCount())]
    assert labels[0].startswith("代办登记") and any(x.startswith("报送镇中心") for x in labels)
    assert "(待同步)" in labels[-1]
    # The full ID number is shown here (and only here).
    assert ID_A in window.detail.applicant_label.text()


def test_missing_notice_refused_without_list_then_withdraw(qtbot, window) -> None:
    case_id = _new_case(window, missing=())
    page = _open(qtbot, window, case_id)
    page.action_buttons[EventType.MATERIALS_MISSING].click()
    dialog = page.dialog
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()  # nothing ticked
    settle(qtbot, window)
    assert dialog.isVisible() and "一次性告知" in dialog.errors["missing"].text()
    dialog.reject()
    assert _act(qtbot, window, case_id, EventType.MATERIALS_MISSING, {"missing": ["结婚证", "户口簿"]}) == (
        "awaiting_materials"
    )
    assert "户口簿、结婚证" in window.detail.missing_label.text()
    assert _act(qtbot, window, case_id, EventType.WITHDRAWN, {"reason": "群众决定暂不办理"}) == "withdrawn"
    assert _act(qtbot, window, case_id, EventType.CLOSED) == "closed"


def test_village_direct_complete_evaluate_close(qtbot, window) -> None:
    case_id = _new_case(window, item="JY026", missing=())
    page = _open(qtbot, window, case_id)
    assert not page.action_buttons[EventType.SUBMITTED].isEnabled()
    assert _act(qtbot, window, case_id, EventType.VILLAGE_COMPLETED, {"result": "已当场答复"}) == (
        "completed_in_village"
    )
    assert _act(qtbot, window, case_id, EventType.EVALUATED, {"level": "满意"}) == "completed_in_village"
    assert _act(qtbot, window, case_id, EventType.CLOSED) == "closed"


def test_delivery_of_a_town_result(qtbot, window) -> None:
    ready = queries.list_cases(window.desk, queries.CaseFilter(statuses=["result_ready"]), limit=1)
    assert ready, "the demo profile has results waiting for delivery"
    case_id = ready[0].id
    page = _open(qtbot, window, case_id)
    page.action_buttons[EventType.DELIVERED].click()
    page.dialog.fields["signer"].setText("")
    page.dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    settle(qtbot, window)
    assert page.dialog.isVisible() and page.dialog.errors["signer"].text() == "请填写姓名"
    page.dialog.reject()
    assert _act(qtbot, window, case_id, EventType.DELIVERED, {"method": "home_delivery", "signer": "王芳"}) == (
        "delivered"
    )
    assert _act(qtbot, window, case_id, EventType.EVALUATED, {"level": "非常满意"}) == "delivered"
    assert _act(qtbot, window, case_id, EventType.CLOSED) == "closed"
    page = _open(qtbot, window, case_id)
    assert not any(
        b.isEnabled()
        for e, b in page.action_buttons.items()
        if e not in (EventType.NOTE_ADDED, EventType.CUSTODY_CHANGED)
    )


def test_attachment_from_detail_page(qtbot, window, tmp_path) -> None:
    case_id = _new_case(window, missing=())
    page = _open(qtbot, window, case_id)
    scan = tmp_path / "结婚证.png"
    scan.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 4096)
    page.add_attachment(scan, "结婚证")
    settle(qtbot, window)
    assert page.attachment_list.count() == 1 and "结婚证.png" in page.attachment_list.item(0).text()
    (info,) = attachments.list_for_case(window.desk, case_id)
    assert info.path.read_bytes() == scan.read_bytes()
    print_button = page.print_placeholder.itemAt(0).widget()
    assert print_button.isEnabled() and "受理回执" in print_button.toolTip()


def test_withdraw_is_never_done_by_enter_and_names_the_villager(qtbot, window) -> None:
    case_id = _new_case(window, missing=())
    page = _open(qtbot, window, case_id)
    page.action_buttons[EventType.WITHDRAWN].click()
    dialog = page.dialog
    assert "张三" in dialog.subject.text() and page.detail.row.case_no in dialog.subject.text()
    dialog.fields["reason"].setText("群众决定暂不办理")
    qtbot.keyClick(dialog.fields["reason"], Qt.Key.Key_Return)  # Enter: nothing happens, nothing is lost
    settle(qtbot, window)
    assert dialog.isVisible() and dialog.fields["reason"].text() == "群众决定暂不办理"
    assert queries.detail(window.desk, case_id).row.status == "registered"
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    box = dialog.confirmation
    assert "张三" in box.text() and page.detail.row.case_no in box.text()
    qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter on the question is 取消
    settle(qtbot, window)
    assert dialog.isVisible() and queries.detail(window.desk, case_id).row.status == "registered"
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    dialog.confirmation.confirm_button.click()
    settle(qtbot, window)
    assert not dialog.isVisible() and queries.detail(window.desk, case_id).row.status == "withdrawn"


def test_every_action_button_says_what_it_does_and_why_it_is_greyed(qtbot, window) -> None:
    case_id = _new_case(window, missing=())
    page = _open(qtbot, window, case_id)
    for event, button in page.action_buttons.items():
        tip = button.toolTip()
        assert tip.strip(), f"no tooltip on {event}"
        if button.isEnabled():
            assert "现在不能用" not in tip, event
        else:
            assert "现在不能用" in tip, event
    delivered = page.action_buttons[EventType.DELIVERED].toolTip()
    assert "已登记" in delivered and "待送达" in delivered  # the state now and where it is allowed
    assert "没有同步冲突" in page.action_buttons[EventType.CONFLICT_RESOLVED].toolTip()
    assert "不是撤销上一步" in page.action_buttons[EventType.WITHDRAWN].toolTip()


def test_a_renewed_mandate_is_recorded_from_the_case_page_and_bad_dates_are_said(qtbot, window) -> None:
    from PySide6.QtCore import QDate

    case_id = _new_case(window, missing=())
    page = _open(qtbot, window, case_id)
    page.action_buttons[EventType.MANDATE_RECORDED].click()
    dialog = page.dialog
    dialog.fields["signed_on"].setDate(QDate(2026, 11, 24))
    dialog.fields["valid_until"].setText("2026-13-40")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    settle(qtbot, window)
    assert dialog.isVisible() and "委托书日期无效" in dialog.general_error.text()
    dialog.fields["valid_until"].setText("2027-06-30")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    settle(qtbot, window)
    assert not dialog.isVisible()
    record = queries.detail(window.desk, case_id).mandate
    assert (record.signed_on.isoformat(), record.valid_until.isoformat()) == ("2026-11-24", "2027-06-30")


def test_a_long_refusal_is_shown_whole(qtbot, window) -> None:
    """An expired 委托书's refusal was cut off at "请办事人重新签署委托…" in a dialog that did not grow."""
    case_id = _new_case(window, missing=())
    page = _open(qtbot, window, case_id)
    page.action_buttons[EventType.NOTE_ADDED].click()
    dialog = page.dialog
    message = "委托书已于 2026-11-30 到期, 不能报送; 请办事人重新签署委托书, 在办件页「委托书」中记录后再报送"
    dialog.show_error("mandate", message)
    settle(qtbot, window)
    label = dialog.general_error
    assert label.isVisible() and label.text() == message
    assert label.height() >= label.heightForWidth(label.width())  # every wrapped line has its room
    assert dialog.height() >= dialog.sizeHint().height()
    dialog.reject()


def test_a_step_edited_in_the_database_is_marked_on_the_case_page(qtbot, window) -> None:
    """Issue 18: a note edited behind the app's back (sqlite3) read on the case page as if the agent had
    written it; the page now marks that step, and only it."""
    import sqlite3

    case_id = _new_case(window, missing=())
    actions.perform(window.desk, case_id, EventType.NOTE_ADDED, {"text": "群众下午再来"})
    con = sqlite3.connect(window.desk.paths.db)
    con.execute("UPDATE events SET payload = replace(payload, '下午', '明天') WHERE type = 'note_added'")
    con.commit()
    con.close()
    page = _open(qtbot, window, case_id)
    labels = [page.timeline.item(r, 1).text() for r in range(page.timeline.rowCount())]
    marked = [label for label in labels if "(记录被改动, 不可信)" in label]
    assert len(marked) == 1 and marked[0].startswith("备注"), labels
