"""Every top-level window and dialog fits the screen, its default button visible; geometry is kept.

The checks need a real screen size. Under Xvfb (``QT_QPA_PLATFORM=xcb``) they run on whatever screen
there is; under the offscreen platform (800×800) ``test_on_1024_and_1366_screens`` reruns this module in a
child process on offscreen screens of 1024×768 and 1366×768 (Qt's offscreen ``configfile``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton, QWidget

from tests.gui.conftest import PASSWORD, USERNAME, settle
from villagedesk.services import accounts, preferences, queries
from villagedesk.ui import window_state

ROOT = Path(__file__).resolve().parents[2]
SIZES = ((1024, 768), (1366, 768))


def _screen_ok() -> bool:
    screen = QGuiApplication.primaryScreen()
    return screen is not None and screen.geometry().width() >= 1024


@pytest.fixture
def screen(qapp) -> None:
    if not _screen_ok():
        pytest.skip("rerun on 1024/1366 screens by the launcher below")


def _inside(inner: QRect, outer: QRect) -> bool:
    return outer.contains(inner.topLeft()) and outer.contains(inner.bottomRight())


def _default_buttons(widget: QWidget) -> list[QPushButton]:
    return [b for b in widget.findChildren(QPushButton) if b.isDefault() and b.isVisibleTo(widget)]


def check_fits(qtbot, widget: QWidget, what: str) -> None:
    """Shown on this screen, all of the window is on it, nothing is squeezed, default buttons are seen."""
    avail = window_state.available_rect(widget)
    if not widget.isVisible():
        widget.show()
    window_state.clamp(widget)
    qtbot.wait(5)
    assert _inside(widget.frameGeometry(), avail), (what, widget.frameGeometry(), avail)
    hint = widget.minimumSizeHint()
    assert hint.width() <= widget.width() and hint.height() <= widget.height(), (what, hint, widget.size())
    for button in _default_buttons(widget):
        top_left = button.mapTo(widget, QPoint(0, 0))
        assert _inside(QRect(top_left, button.size()), widget.rect()), (what, button.text())


def test_main_window_opens_on_screen_and_every_page_fits(screen, qtbot, window) -> None:
    assert _inside(window.frameGeometry(), window_state.available_rect(window))
    for _label, entry in list(window.pages):
        window.go(entry)
        settle(qtbot, window)
        check_fits(qtbot, window, window.stack.currentWidget().__class__.__name__)
    window.go(window.intake)
    settle(qtbot, window)
    window.intake.select_item("JY001")
    settle(qtbot, window)
    check_fits(qtbot, window, "intake with a plan")
    save = window.intake.save_button
    assert save.isVisible() and _inside(QRect(save.mapTo(window, QPoint(0, 0)), save.size()), window.rect())
    case = queries.list_cases(window.desk, queries.CaseFilter(statuses=["registered"]), limit=1)[0]
    window.open_case(case.id)
    settle(qtbot, window)
    check_fits(qtbot, window, "detail")
    page = window.detail
    for event, button in page.action_buttons.items():
        dialog = page.start_action(event)
        check_fits(qtbot, dialog, f"action {event}")
        dialog.reject()
        assert button.isVisible()
    print_dialog = page.print_current()
    check_fits(qtbot, print_dialog, "print")
    print_dialog.close()
    check_fits(qtbot, window.show_enroll(), "enroll")
    window.enroll_dialog.close()


def test_login_and_confirmation_fit(screen, qtbot, gui_desk) -> None:
    from villagedesk.ui.dialogs import confirm
    from villagedesk.ui.login import LoginDialog

    login = LoginDialog(gui_desk)
    qtbot.addWidget(login)
    check_fits(qtbot, login, "login")
    box = confirm.ask(login, "撤回", "对「张三」的办件 X 执行「撤回」?", "撤回", lambda: None, "说明")
    check_fits(qtbot, box, "confirmation")
    box.reject()


def test_wizard_fits(screen, qtbot, profile) -> None:
    from villagedesk.services.desk import Desk
    from villagedesk.ui.wizard import FirstRunWizard

    with Desk.open(profile) as fresh:
        wizard = FirstRunWizard(fresh)
        qtbot.addWidget(wizard)
        check_fits(qtbot, wizard, "wizard")
        while wizard.currentId() != wizard.pageIds()[-1]:
            wizard.next()
            check_fits(qtbot, wizard, f"wizard page {wizard.currentId()}")
        wizard.reject()


def test_geometry_is_kept_in_the_profile_and_clamped(screen, qtbot, gui_desk) -> None:
    from villagedesk.ui.main_window import MainWindow

    account = accounts.authenticate(gui_desk, USERNAME, PASSWORD)
    first = MainWindow(gui_desk, account, preferences.load(gui_desk))
    qtbot.addWidget(first)
    first.show()
    settle(qtbot, first)
    avail = window_state.available_rect(first)
    first.resize(avail.width() - 100, avail.height() - 100)
    first.move(avail.left() + 40, avail.top() + 30)
    header = first.cases.table.horizontalHeader()
    header.resizeSection(1, 333)
    wanted = first.geometry()
    first.close()
    assert (gui_desk.paths.root / window_state.FILE_NAME).is_file()  # in the profile, not the registry

    second = MainWindow(gui_desk, account, preferences.load(gui_desk))
    qtbot.addWidget(second)
    second.show()
    settle(qtbot, second)
    assert second.size() == wanted.size()
    assert second.cases.table.horizontalHeader().sectionSize(1) == 333
    second.move(avail.right() + 500, avail.bottom() + 500)  # as if saved on a second, larger monitor
    second.resize(avail.width() + 800, avail.height() + 600)
    second.close()

    third = MainWindow(gui_desk, account, preferences.load(gui_desk))
    qtbot.addWidget(third)
    third.show()
    settle(qtbot, third)
    assert _inside(third.frameGeometry(), avail), (third.frameGeometry(), avail)
    third.close()


@pytest.mark.skipif("os.environ.get('VILLAGEDESK_SCREEN_RUN')")
@pytest.mark.parametrize(("width", "height"), SIZES)
def test_on_1024_and_1366_screens(qapp, tmp_path, width: int, height: int) -> None:
    if _screen_ok() and QGuiApplication.platformName() != "offscreen":
        pytest.skip("a real screen: the checks above ran on it")
    config = tmp_path / "screen.json"
    config.write_text(
        json.dumps({"screens": [{"name": "S", "x": 0, "y": 0, "width": width, "height": height, "logicalDpi": 96}]})
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        "VILLAGEDESK_SCREEN_RUN": "1",
    }
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", __file__, "-k", "not test_on_"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "4 passed" in run.stdout, run.stdout[-2000:]


__all__ = ["check_fits"]
