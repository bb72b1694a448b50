"""GUI fixtures: a demo profile with an agent account, the real main window, and Qt warnings as failures."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from tests.conftest import TODAY
from villagedesk.domain.lifecycle import Role
from villagedesk.services import accounts, demo
from villagedesk.services.desk import Desk

USERNAME, PASSWORD = "lina", "secret-123"
DEMO_CASES = 300
# Messages of the offscreen platform plugin itself, not of our code.
IGNORED = ("propagateSizeHints", "This plugin does not support")


@pytest.fixture(autouse=True)
def qt_warnings_fail():
    """Any Qt warning or critical message during a GUI test fails it."""
    seen: list[str] = []

    def handler(mode: QtMsgType, _context, message: str) -> None:
        if mode in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg) and not any(
            part in message for part in IGNORED
        ):
            seen.append(message)

    previous = qInstallMessageHandler(handler)
    yield seen
    qInstallMessageHandler(previous)
    assert not seen, f"Qt warnings: {seen}"


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("gui-demo")
    with Desk.open(root, today=TODAY) as desk:
        demo.generate(desk, cases=DEMO_CASES, seed=7)
        ident = desk.identity
        accounts.create_account(desk, USERNAME, "李娜", PASSWORD, Role.AGENT, ident.region_code)
    return root


@pytest.fixture
def gui_desk(demo_template: Path, tmp_path: Path):
    target = tmp_path / "profile"
    shutil.copytree(demo_template, target)
    d = Desk.open(target, today=TODAY)
    yield d
    d.close()


@pytest.fixture
def window(qtbot, gui_desk: Desk):
    from villagedesk.services import preferences
    from villagedesk.ui.main_window import MainWindow

    account = accounts.authenticate(gui_desk, USERNAME, PASSWORD)
    win = MainWindow(gui_desk, account, preferences.load(gui_desk))
    qtbot.addWidget(win)
    show_active(qtbot, win)
    yield win
    win.ask_before_close = False  # a test may leave a half-filled form: do not ask at teardown
    win.close()


@contextmanager
def shown_window(qtbot, desk: Desk, account=None) -> Iterator:
    """The real main window on `desk` for `account` (None: no login), shown and settled; both closed after."""
    from villagedesk.services import preferences
    from villagedesk.ui.main_window import MainWindow

    win = MainWindow(desk, account, preferences.load(desk))
    qtbot.addWidget(win)
    show_active(qtbot, win)
    try:
        yield win
    finally:
        win.close()
        desk.close()


def show_active(qtbot, win) -> None:
    """Show ``win`` as the active window, as a desktop's window manager makes a newly opened window.
    Offscreen every shown window is active; under Xvfb with no window manager it is only once asked, and
    shortcuts and keyboard focus work in the active window only (the second CI pass runs on Xvfb)."""
    win.show()
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=5_000)
    settle(qtbot, win)


def settle(qtbot, win, timeout: int = 10_000) -> None:
    """Wait until every background task of the window has reported back."""
    qtbot.waitUntil(win.runner.idle, timeout=timeout)
    qtbot.wait(10)
    qtbot.waitUntil(win.runner.idle, timeout=timeout)
