"""注销: the program goes back to its login without quitting, and whoever logs in next gets a window of
their own. Driven through application.launch, the program's own loop, with real dialogs."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import PASSWORD, USERNAME
from villagedesk.services import accounts
from villagedesk.ui import application, i18n


def _top(kind: str):
    return next((w for w in QApplication.topLevelWidgets() if type(w).__name__ == kind and w.isVisible()), None)


def launch_driven(desk, account, walk, seen: list[str]) -> None:
    """Run the program's own loop, calling ``walk`` every 50 ms until it returns False. A failure
    inside ``walk`` is recorded in ``seen`` and closes every window: it ends the loop, not hangs it."""

    def step() -> None:
        try:
            again = walk()
        except Exception as err:
            seen.append(repr(err))
            for top in QApplication.topLevelWidgets():
                top.ask_before_close = False
                top.close()
            return
        if again:
            QTimer.singleShot(50, step)

    QTimer.singleShot(50, step)
    try:
        assert application.launch(desk, account=account) == 0
    finally:
        i18n.uninstall()


def test_logout_returns_to_the_login_and_a_new_window_follows(qtbot, gui_desk) -> None:
    account = accounts.authenticate(gui_desk, USERNAME, PASSWORD)
    seen: list[str] = []
    first: list = []

    def walk() -> bool:
        window, login = _top("MainWindow"), _top("LoginDialog")
        if login is not None:
            seen.append("login")
            login.username.setText(USERNAME)
            login.password.setText(PASSWORD)
            login.button.click()
        elif window is not None and not first:
            first.append(window)
            seen.append("window")
            assert window.logout_button.isVisible()
            window.logout_button.click()
        elif window is not None and window is not first[0]:
            seen.append("second window")
            window.ask_before_close = False
            window.close()
            return False
        return True

    launch_driven(gui_desk, account, walk, seen)
    assert seen[:1] == ["window"] and "login" in seen and seen[-1] == "second window"
    assert first[0].logged_out


def test_after_logout_the_login_takes_name_tab_password_enter_and_shows_its_title(qtbot, gui_desk) -> None:
    """On a shared PC (the 人员 combo shown) focus started in the combo, so typing the login name, Tab,
    the password and Enter failed; and the window was too narrow for its title ("登录 - …民代办台")."""
    from PySide6.QtCore import Qt

    from villagedesk.domain.lifecycle import Role
    from villagedesk.ui.login import TITLE_BAR_RESERVE

    accounts.create_account(gui_desk, "wangfang", "王芳", "secret-234", Role.AGENT, gui_desk.identity.region_code)
    account = accounts.authenticate(gui_desk, USERNAME, PASSWORD)
    seen: list[str] = []
    first: list = []

    def walk() -> bool:
        window, login = _top("MainWindow"), _top("LoginDialog")
        if login is not None and seen[-1:] != ["typed"]:
            assert login.person.isVisible()  # two people: the combo is there, first in the form
            login.activateWindow()  # as the window manager does (offscreen has none)
            qtbot.waitUntil(lambda: QApplication.activeWindow() is login)
            assert QApplication.focusWidget() is login.username, QApplication.focusWidget()
            title = login.windowTitle()
            need = login.fontMetrics().horizontalAdvance(title) + TITLE_BAR_RESERVE
            assert login.width() >= need, (login.width(), need)
            qtbot.keyClicks(QApplication.focusWidget(), "wangfang")  # by keyboard only, where the focus is
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
            assert QApplication.focusWidget() is login.password
            qtbot.keyClicks(QApplication.focusWidget(), "secret-234")
            seen.append("typed")
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        elif window is not None and not first:
            first.append(window)
            seen.append("window")
            window.logout_button.click()
        elif window is not None and window is not first[0]:
            seen.append(f"second window {window.account.username}")
            window.ask_before_close = False
            window.close()
            return False
        return True

    launch_driven(gui_desk, account, walk, seen)
    assert seen == ["window", "typed", "second window wangfang"], seen
