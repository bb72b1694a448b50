"""Start the Qt application on an open Desk: translations, first-run wizard or login, main window."""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QDialog

from villagedesk import APP_ID, APP_NAME
from villagedesk.services import accounts, preferences
from villagedesk.services.desk import Desk
from villagedesk.ui import i18n

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
    return app  # type: ignore[return-value]


def launch(desk: Desk, smoke: bool = False, account: accounts.AccountInfo | None = None) -> int:
    from villagedesk.ui.login import LoginDialog
    from villagedesk.ui.main_window import MainWindow
    from villagedesk.ui.wizard import FirstRunWizard

    qInstallMessageHandler(_qt_messages)
    app = application()
    prefs = preferences.load(desk)
    i18n.install(prefs.language, app)
    if smoke and (not desk.is_set_up() or not accounts.has_accounts(desk)):
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
    if smoke:
        QTimer.singleShot(SMOKE_SETTLE_MS, window.close)
    code = app.exec()
    window.runner.shutdown()
    log.info("window closed")
    return 0 if smoke else code
