"""English everywhere, the dialogs too (issue 14): every action dialog the case page opens, as a village
agent and as a town clerk in the states a demo profile holds, is read in English with its fields empty,
after 确定 with them empty (the refusals) and, for a step that ends or decides a case, at its
confirmation; so are 移除附件's question and the dialogs 设置 and 同步 open (人员账号, 加密, 注册).

In English the delivery methods (村站领取…), the title and the question of a dialog without fields
(「确认执行「办结归档」?」) and every refusal of the input (「此项不能为空」, 「请列出全部缺少的材料」,
「请选择评价等级: 非常满意 / …」) were Chinese. Data is taken out as the page walk does, with the villager's
name, the case number and the city's departments a case is forwarded to."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit

from tests.conftest import TODAY
from tests.gui.conftest import PASSWORD, USERNAME, settle, shown_window
from tests.gui.test_english_every_page import chinese_on, data_words
from tests.gui.test_english_pages import english  # noqa: F401  (fixture)
from tests.gui.test_town_pages import CLERK, clerk_template  # noqa: F401  (fixture)
from tests.gui.test_town_pages import PASSWORD as CLERK_PASSWORD
from villagedesk.domain.lifecycle import EventType
from villagedesk.services import accounts, queries
from villagedesk.services.desk import Desk
from villagedesk.ui.dialogs.action_dialog import CONFIRMED
from villagedesk.ui.dialogs.town_actions import DEPARTMENTS

STATES = ("registered", "awaiting_materials", "submitted", "accepted", "returned", "approved", "result_ready")
STATES += ("delivered", "closed")
TYPED = "群众不再办理"  # what the test types into a reason: data


def _fill_to_confirm(dialog) -> None:
    """Fill a dialog that ends or decides a case so its check passes and the confirmation comes."""
    for key, w in dialog.fields.items():
        if isinstance(w, QLineEdit | QPlainTextEdit) and key in ("reason", "text"):
            w.setPlainText(TYPED) if isinstance(w, QPlainTextEdit) else w.setText(TYPED)
        if isinstance(w, QComboBox) and w.currentData() is None and w.count() > 1:
            w.setCurrentIndex(1)


def dialogs_chinese(qtbot, win) -> tuple[dict[str, list[str]], int]:
    """Chinese on every action dialog of the case page (and on its confirmation), and how many opened."""
    data = [*data_words(win.desk), *DEPARTMENTS, TYPED]
    found: dict[str, list[str]] = {}
    opened = 0
    for status in STATES:
        rows = queries.list_cases(win.desk, queries.CaseFilter(statuses=[status]), limit=1)
        if not rows:
            continue
        win.open_case(rows[0].id)
        settle(qtbot, win)
        page = win.detail
        case = page.detail
        words = sorted({*data, case.applicant.get("name", ""), case.row.case_no} - {""}, key=len, reverse=True)
        for event, button in page.action_buttons.items():
            if not button.isEnabled():
                continue
            dialog = page.start_action(event)
            qtbot.waitUntil(dialog.isVisible)
            opened += 1
            where = f"{status}/{event.value}"
            seen = chinese_on(dialog, words)
            dialog.buttons.accepted.emit()  # empty: the refusals, or the confirmation
            seen += chinese_on(dialog, words)
            if event in CONFIRMED:
                _fill_to_confirm(dialog)
                dialog.buttons.accepted.emit()
                box = getattr(dialog, "confirmation", None)
                assert box is not None and box.isVisible(), where
                seen += chinese_on(box, words) + chinese_on(dialog, words)
                box.reject()
            dialog.reject()
            if seen:
                found[where] = sorted(set(seen))
    return found, opened


def report(found: dict[str, list[str]]) -> None:
    assert not found, "\n" + "\n".join(f"{where}: {line}" for where, lines in found.items() for line in lines)


def test_every_agent_dialog_in_english(qtbot, english, demo_template: Path, tmp_path: Path) -> None:  # noqa: F811
    shutil.copytree(demo_template, tmp_path / "agent")
    desk = Desk.open(tmp_path / "agent", today=TODAY)
    with shown_window(qtbot, desk, accounts.authenticate(desk, USERNAME, PASSWORD)) as win:
        win.ask_before_close = False
        found, opened = dialogs_chinese(qtbot, win)
        assert opened >= 15, opened
        data = data_words(desk)
        win.go(win.settings)
        settle(qtbot, win)
        for name, dialog in (
            ("accounts", win.settings.open_accounts()),
            ("encrypt", win.settings.open_encrypt()),
            ("enroll", win.show_enroll()),
        ):
            settle(qtbot, win)
            if chinese_on(dialog, data):
                found[name] = chinese_on(dialog, data)
            dialog.reject()
        report(found)


def test_every_clerk_dialog_in_english(qtbot, english, clerk_template: Path, tmp_path: Path) -> None:  # noqa: F811
    shutil.copytree(clerk_template, tmp_path / "clerk")
    desk = Desk.open(tmp_path / "clerk", today=TODAY)
    with shown_window(qtbot, desk, accounts.authenticate(desk, CLERK, CLERK_PASSWORD)) as win:
        win.ask_before_close = False
        found, opened = dialogs_chinese(qtbot, win)
        assert opened >= 15, opened
        assert EventType.DECIDED in CONFIRMED  # the 准予/不予 question was read above
        report(found)


def test_removing_an_attachment_asks_in_english(qtbot, english, demo_template: Path, tmp_path: Path) -> None:  # noqa: F811
    from villagedesk.services import attachments

    shutil.copytree(demo_template, tmp_path / "agent")
    desk = Desk.open(tmp_path / "agent", today=TODAY)
    case = queries.list_cases(desk, queries.CaseFilter(statuses=["registered"]), limit=1)[0]
    scan = tmp_path / "户口本.png"
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(0x3366AA)
    assert image.save(str(scan))
    attachments.add_file(desk, case.id, scan, "户口本")
    with shown_window(qtbot, desk, accounts.authenticate(desk, USERNAME, PASSWORD)) as win:
        win.ask_before_close = False
        win.open_case(case.id)
        settle(qtbot, win)
        page = win.detail
        page.attachment_list.setCurrentRow(0)
        page.remove_attachment()
        box = page.confirmation
        assert box.isVisible()
        data = [*data_words(desk), "户口本.png", "户口本", case.case_no]
        assert chinese_on(box, sorted(data, key=len, reverse=True)) == []
        box.reject()
