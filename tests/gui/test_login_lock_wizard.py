"""First-run wizard, login, idle lock and unlock, and the --smoke start of the real command."""

from __future__ import annotations

import re
import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialogButtonBox

from tests.conftest import TODAY, run_cli
from tests.gui.conftest import PASSWORD, USERNAME, settle
from villagedesk.services import accounts, audit, catalog
from villagedesk.services.desk import Desk
from villagedesk.ui.login import LoginDialog
from villagedesk.ui.wizard import NEW_VILLAGE, FirstRunWizard


def test_wizard_creates_village_and_account(qtbot, profile) -> None:
    with Desk.open(profile, today=TODAY) as desk:
        wizard = FirstRunWizard(desk)
        qtbot.addWidget(wizard)
        wizard.show()
        wizard.town.setCurrentIndex(wizard.town.findData("419001100000"))
        wizard.village.setCurrentIndex(wizard.village.findData(NEW_VILLAGE))
        assert wizard.village_code.isEnabled() and wizard.village_code.text() == "419001100"
        wizard.village_code.setText("419001100212")
        wizard.display_name.setText("李娜")
        wizard.username.setText("lina")
        wizard.password.setText("secret-123")
        wizard.password_again.setText("secret-124")
        wizard.accept()
        assert wizard.isVisible() and wizard.errors["password_again"].text() == "两次输入的密码不一致"
        assert "村名" in wizard.errors["village_name"].text() or wizard.errors["village_name"].text() == "此项不能为空"
        assert not accounts.has_accounts(desk) and not desk.is_set_up()
        wizard.password_again.setText("secret-123")
        wizard.village_name.setText("新庄村")
        wizard.accept()
        shown = wizard.code_dialog
        assert shown is not None and shown.isVisible() and wizard.isVisible()  # the code first
        assert shown.code.text() == wizard.account.recovery_code and len(shown.code.text()) == 14
        qtbot.mouseClick(shown.findChild(QDialogButtonBox).buttons()[0], Qt.MouseButton.LeftButton)
        assert not wizard.isVisible() and wizard.account is not None
        assert desk.identity.region_code == "419001100212"
        assert catalog.region_name(desk, "419001100212") == "新庄村"
        assert accounts.authenticate(desk, "lina", "secret-123").display_name == "李娜"


def test_the_first_agent_gets_a_recovery_code_shown_once_and_printable(qtbot, profile, tmp_path) -> None:
    """Fails on the old code: the wizard made the first account and threw its recovery code away, so the
    only person of a new PC who forgot the password had no way back in."""
    with Desk.open(profile, today=TODAY) as desk:
        wizard = FirstRunWizard(desk)
        qtbot.addWidget(wizard)
        wizard.show()
        wizard.town.setCurrentIndex(wizard.town.findData("419001100000"))
        wizard.village.setCurrentIndex(wizard.village.findData(NEW_VILLAGE))
        wizard.village_code.setText("419001100212")
        wizard.village_name.setText("新庄村")
        wizard.display_name.setText("李娜")
        wizard.username.setText("lina")
        wizard.password.setText("secret-123")
        wizard.password_again.setText("secret-123")
        wizard.accept()
        shown = wizard.code_dialog
        assert shown is not None and shown.isVisible()
        code = shown.code.text()
        assert re.fullmatch(r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}", code)
        assert code in shown.page_text() and "secret-123" not in shown.page_text()
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "code.pdf"))
        shown.print_to(printer)
        assert (tmp_path / "code.pdf").read_bytes().startswith(b"%PDF") and "已保存到" in shown.status.text()
        shown.accept()
        assert not wizard.isVisible()
        # the code is the real one: it resets the password once, and the print was audited without it
        accounts.reset_password(desk, "lina", code, "another-1")
        assert accounts.authenticate(desk, "lina", "another-1").username == "lina"
        details = [row[3] for row in audit.log_rows(desk) if row[2] == audit.PRINT]
        assert details == ["恢复码: lina → code.pdf"] and code not in details[0]


def test_a_stopped_account_is_told_so_only_with_its_right_password(qtbot, gui_desk) -> None:
    """Fails on the old code: a stopped account's right password read 登录名或密码错误, so the person
    tried again and again instead of asking the PC's administrator."""
    accounts.add_person(gui_desk, "wangqiang", "王强", "secret-2")
    accounts.deactivate(gui_desk, "wangqiang")
    dialog = LoginDialog(gui_desk)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.username.setText("wangqiang")
    dialog.password.setText("not-it")
    dialog.try_login()
    assert dialog.error.text() == "登录名或密码错误"  # a guess learns nothing about the account
    dialog.password.setText("secret-2")
    dialog.try_login()
    assert dialog.isVisible() and dialog.account is None
    assert dialog.error.text() == "该账号已停用，请找本机管理员" and dialog.password.text() == ""
    with pytest.raises(accounts.AccountStopped):
        accounts.authenticate(gui_desk, "wangqiang", "secret-2")
    dialog.username.setText("nobody")
    dialog.try_login()
    assert dialog.error.text() == "登录名或密码错误"


def test_login_dialog(qtbot, gui_desk) -> None:
    dialog = LoginDialog(gui_desk)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.username.setText(USERNAME)
    dialog.password.setText("not-it")
    dialog.try_login()
    assert dialog.isVisible() and dialog.error.text() == "登录名或密码错误" and dialog.password.text() == ""
    dialog.password.setText(PASSWORD)
    dialog.try_login()
    assert not dialog.isVisible() and dialog.account is not None
    assert gui_desk.identity.user_id == dialog.account.id


def test_idle_lock_hides_data_and_unlocks_with_password(qtbot, window) -> None:
    window.go(window.cases)
    window.idle.set_minutes(0.002)  # ~120 ms
    qtbot.waitUntil(window.is_locked, timeout=3000)
    assert not window.nav.isEnabled() and window.stack.currentWidget() is window.lock_screen
    window.nav.setCurrentRow(0)
    assert window.is_locked()  # navigation does not get around the lock
    window.lock_screen.password.setText("wrong-one")
    window.lock_screen.try_unlock()
    assert window.is_locked() and window.lock_screen.error.text() == "密码错误"
    window.idle.set_minutes(10)
    window.lock_screen.password.setText(PASSWORD)
    window.lock_screen.try_unlock()
    assert not window.is_locked() and window.stack.currentWidget() is window.cases
    settle(qtbot, window)


def test_smoke_start_of_the_command(tmp_path, demo_template) -> None:
    shutil.copytree(demo_template, tmp_path / "demo")  # already filled: --demo opens it as it is
    result = run_cli("--demo", "--smoke", profile=tmp_path / "demo")
    assert result.returncode == 0, result.stderr
    assert "demo / demo1234" in result.stderr
    log = (tmp_path / "demo" / "logs" / "villagedesk.log").read_text("utf-8")
    assert "window closed" in log
    assert not re.search(r"\d{17}[\dX]", log)  # no ID numbers in the log


def test_input_in_the_window_or_a_dialog_keeps_the_lock_away(qtbot, window) -> None:
    """The idle watcher counts input delivered to the main window and to a dialog's own window."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QDialog

    window.idle.set_minutes(0.02)  # 1.2 s; the loops below last 2 s each
    for _ in range(4):
        qtbot.wait(500)
        QTest.mouseMove(window.windowHandle(), QPoint(40, 40))
        QTest.keyClick(window.windowHandle(), Qt.Key.Key_Shift)
    assert not window.is_locked()
    dialog = QDialog(window)
    dialog.show()
    qtbot.waitExposed(dialog)
    window.idle.watch(dialog.windowHandle())  # as focusWindowChanged does when it takes the focus
    for _ in range(4):
        qtbot.wait(500)
        QTest.keyClick(dialog.windowHandle(), Qt.Key.Key_Shift)
    assert not window.is_locked()
    dialog.close()
    qtbot.waitUntil(window.is_locked, timeout=3000)  # no input: the lock comes
    window.idle.set_minutes(10)
    window.lock_screen.password.setText(PASSWORD)
    window.lock_screen.try_unlock()
    settle(qtbot, window)
