"""Start the Qt application on an open Desk: translations, first-run wizard or login, main window."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from PySide6.QtCore import QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog

from villagedesk import APP_ID, APP_NAME
from villagedesk.paths import resources_dir
from villagedesk.services import accounts, preferences
from villagedesk.services.desk import Desk
from villagedesk.ui import enter_key, i18n

log = logging.getLogger(__name__)
SMOKE_SETTLE_MS = 500


def _qt_messages(mode: QtMsgType, _context, message: str) -> None:
    level = logging.WARNING if mode in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg) else logging.DEBUG
    log.log(level, "Qt: %s", message)


def application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    icon = resources_dir() / "icons" / "villagedesk.png"  # tools/make_icon.py; the .exe's icon is the .ico
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    enter_key.install(app)  # Enter on a focused button presses it (the login and the wizard too)
    return app  # type: ignore[return-value]


def open_every_page(window) -> list[str]:
    """Show each navigation entry once, building the lazy ones: the bundle check's proof that every page's
    code (同步 imports the USB bundle crypto) is inside the frozen program. Raises what a page raises."""
    opened = []
    for row in range(window.nav.count()):
        window.show_page(row)
        QApplication.processEvents()
        if window.stack.currentWidget().objectName().startswith("placeholder-"):
            raise RuntimeError(f"page {row} was not built")
        opened.append(window.pages[row][0])
    return opened


def _sessions(app: QApplication, desk: Desk, window) -> int:
    """Run the window; after 注销 the login again, and a new window for whoever logs in."""
    from villagedesk.ui.login import LoginDialog
    from villagedesk.ui.main_window import MainWindow

    while True:
        code = app.exec()
        window.runner.shutdown()
        if not window.logged_out:
            log.info("window closed")
            return code
        log.info("logged out")
        login = LoginDialog(desk)
        if login.exec() != QDialog.DialogCode.Accepted:
            return 0
        window = MainWindow(desk, login.account, preferences.load(desk))
        window.show()


def launch(
    desk: Desk,
    smoke: bool = False,
    account: accounts.AccountInfo | None = None,
    all_pages: bool = False,
    on_window: Callable[[Callable[[str], None]], None] | None = None,
) -> int:
    """``on_window``: called once the window shows, with a callable that tells the agent a sentence from
    any thread (the daily backup's failure)."""
    from villagedesk.ui.login import LoginDialog
    from villagedesk.ui.main_window import MainWindow
    from villagedesk.ui.wizard import FirstRunWizard

    qInstallMessageHandler(_qt_messages)
    app = application()
    prefs = preferences.load(desk)
    i18n.install(prefs.language, app)
    if all_pages and not desk.is_set_up():
        print("错误: --smoke-pages 需要已设置的档案 (先运行 setup 或 demo)", file=sys.stderr)
        return 1
    if smoke and not all_pages and (not desk.is_set_up() or not accounts.has_accounts(desk)):
        wizard = FirstRunWizard(desk)
        wizard.show()
        QTimer.singleShot(SMOKE_SETTLE_MS, app.quit)
        app.exec()
        log.info("smoke run: first-run wizard shown")
        return 0
    if account is None and not smoke:
        if not accounts.has_accounts(desk):
            wizard = FirstRunWizard(desk)
            if wizard.exec() != QDialog.DialogCode.Accepted:
                return 1
            account = wizard.account
        else:
            login = LoginDialog(desk)
            if login.exec() != QDialog.DialogCode.Accepted:
                return 1
            account = login.account
    window = MainWindow(desk, account, prefs)
    window.show()
    if not smoke and not all_pages:
        from villagedesk.services import restore_note

        pending = restore_note.take(desk.paths.root)  # a restore killed before it reported
        if pending is not None:
            window.tell_restore_note(pending)
    if on_window is not None:
        on_window(window.backup_failed.emit)  # a queued signal: safe from the backup's thread
    if not smoke and not all_pages:
        return _sessions(app, desk, window)
    if all_pages:
        try:
            opened = open_every_page(window)
        except Exception:
            log.exception("smoke run: a page failed to open")
            print("错误: 有页面无法打开, 详见日志", file=sys.stderr)
            window.close()
            window.runner.shutdown()
            return 1
        print(f"smoke: {len(opened)} pages opened: {' '.join(opened)}")
        log.info("smoke run: %d pages opened", len(opened))
    if smoke:
        QTimer.singleShot(SMOKE_SETTLE_MS, window.close)
    code = app.exec()
    window.runner.shutdown()
    log.info("window closed")
    return 0 if smoke else code
