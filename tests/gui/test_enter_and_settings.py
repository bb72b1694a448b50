"""Enter on a focused button, 设置's restore words and its enrollment state after a restart (issue 14).

Enter went to the dialog's default button whatever had the focus (a cadre who had tabbed to 确认 got 取消)
and did nothing on a focused button of the main window (the case page's actions); 设置 said only
「恢复: 关闭本程序后运行 villagedesk restore 备份文件」, not that the data on this PC is replaced; and after a
restart 设置 said nothing of the enrollment (the line 已注册到镇中心服务器 … came only right after it)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.conftest import TODAY
from tests.gui.conftest import settle, show_active
from tests.gui.test_printing import register
from tests.integration.server_harness import running_server
from villagedesk.domain.lifecycle import EventType, Role
from villagedesk.services import preferences, queries
from villagedesk.services.desk import Desk
from villagedesk.ui.dialogs import confirm

VILLAGE = "419001100201"


def press_enter_on(qtbot, button) -> None:
    button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is button)
    qtbot.keyClick(button, Qt.Key.Key_Return)


def test_enter_on_a_focused_action_button_of_the_case_page_presses_it(qtbot, window) -> None:
    case_no = register(window.desk, "孙小梅", 95)
    window.open_case(queries.detail(window.desk, case_no).row.id)
    settle(qtbot, window)
    note = window.detail.action_buttons[EventType.NOTE_ADDED]
    assert note.isEnabled()
    press_enter_on(qtbot, note)
    dialog = window.detail.dialog
    assert dialog is not None and dialog.isVisible() and dialog.action is EventType.NOTE_ADDED
    dialog.reject()


def test_enter_on_a_focused_button_of_a_dialog_presses_it_not_the_default(qtbot, window) -> None:
    said = []
    box = confirm.ask(
        window, "撤回", "确定撤回?", "确认撤回", lambda: said.append("yes"), on_no=lambda: said.append("no")
    )
    qtbot.waitUntil(box.isVisible)
    assert box.defaultButton() is box.cancel_button  # Enter typed elsewhere still means 取消
    press_enter_on(qtbot, box.confirm_button)
    qtbot.waitUntil(lambda: said != [])
    assert said == ["yes"]


def test_restore_words_say_the_data_is_replaced_and_a_safety_copy_kept(qtbot, window) -> None:
    window.go(window.settings)
    settle(qtbot, window)
    words = window.settings.backup_box.restore_hint.text()
    assert "替换" in words and "安全副本" in words and "villagedesk restore" in words, words


def open_window(qtbot, target: Path, set_up: bool = False):
    """A village agent's window on the profile ``target`` (set up as 李娜's first), no automatic sync."""
    from villagedesk.ui.main_window import MainWindow

    desk = Desk.open(target, today=TODAY)
    if set_up:
        desk.setup(Role.AGENT, VILLAGE, "李娜")
    win = MainWindow(desk, None, preferences.load(desk))
    win.sync.auto = False
    qtbot.addWidget(win)
    return desk, win


def enroll(qtbot, win, server, wait: bool = True) -> None:
    """Enroll the window's PC through its 注册 dialog with a fresh code, as a cadre does."""
    dialog = win.show_enroll()
    dialog.url.setText(server.url)
    dialog.code.setText(server.code(VILLAGE, "agent", "李娜"))
    dialog.buttons.accepted.emit()
    if wait:
        qtbot.waitUntil(lambda: win.sync.enrolled, timeout=10_000)


@pytest.fixture
def server(tmp_path: Path):
    with running_server("sqlite", tmp_path) as srv:
        yield srv


def test_settings_show_the_enrollment_after_a_restart(qtbot, template_profile: Path, tmp_path: Path, server) -> None:
    target = tmp_path / "profile"
    shutil.copytree(template_profile, target)
    desk, win = open_window(qtbot, target, set_up=True)
    show_active(qtbot, win)
    win.go(win.settings)
    assert win.settings.enroll_button.isVisibleTo(win.settings) and not win.settings.enroll_notice.isVisibleTo(
        win.settings
    )
    enroll(qtbot, win, server)
    settle(qtbot, win)
    assert server.url in win.settings.enroll_notice.text()
    win.close()
    desk.close()

    desk, win = open_window(qtbot, target)  # the next start
    try:
        show_active(qtbot, win)
        qtbot.waitUntil(lambda: win.sync.enrolled, timeout=10_000)
        win.go(win.settings)
        settle(qtbot, win)
        page = win.settings
        assert not page.enroll_button.isVisibleTo(page)
        notice = page.enroll_notice
        assert notice.isVisibleTo(page) and server.url in notice.text(), notice.text()
    finally:
        win.close()
        desk.close()


def test_settings_say_a_revoked_pc_no_longer_syncs_and_offer_a_new_enrollment(
    qtbot, template_profile: Path, tmp_path: Path, server
) -> None:
    """设置 said 已注册到镇中心服务器 … 将自动与镇中心同步 long after the town had revoked the PC."""
    from villagedesk.server import auth

    target = tmp_path / "profile"
    shutil.copytree(template_profile, target)
    desk, win = open_window(qtbot, target, set_up=True)
    try:
        show_active(qtbot, win)
        win.go(win.settings)
        enroll(qtbot, win, server)
        page = win.settings
        assert auth.revoke(server.db, desk.identity.device_id)
        with qtbot.waitSignal(win.sync.finished, timeout=20_000):
            assert win.sync.sync_now()
        settle(qtbot, win)
        notice = page.enroll_notice.text()
        assert "吊销" in notice and "不再同步" in notice and "自动与镇中心同步" not in notice, notice
        assert page.enroll_button.isVisibleTo(page) and "重新注册" in page.enroll_button.text()

        enroll(qtbot, win, server, wait=False)  # a new code from the town: enrolled again, 设置 says so at once
        qtbot.waitUntil(lambda: "自动与镇中心同步" in page.enroll_notice.text(), timeout=10_000)
        assert not page.enroll_button.isVisibleTo(page)
        with qtbot.waitSignal(win.sync.finished, timeout=20_000) as done:
            assert win.sync.sync_now()
        assert done.args[0].ok, done.args[0]  # the PC syncs again under its new enrollment
        assert "自动与镇中心同步" in page.enroll_notice.text()
    finally:
        win.close()
        desk.close()
