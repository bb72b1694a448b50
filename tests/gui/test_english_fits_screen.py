"""English UI on a 1024×768 screen (issue 14, item 13): no page may widen the main window past the screen.

English words are longer than the Chinese ones: the 统计 page's top row (title, period, five buttons) was
wider than the screen, so opening it grew the window from 1022 to 1159 pixels and the window stayed so —
注销, the export buttons and the case page's last column of actions were off screen. Every page of an
agent's and of a town clerk's window is visited (the case page with a case open) and, while loading
and once loaded, the window's minimum width and its width stay inside the screen, each page's minimum
width fits the room the window gives it, and every navigation entry is whole (a fixed 120-pixel list cut
"Ratings and inspections").

Under the offscreen platform (800×800) ``test_english_on_a_1024_screen`` reruns this module in a child
process on an offscreen screen of 1024×768 (as tests/gui/test_fits_screen.py does).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QStyle, QWidget

from tests.conftest import TODAY
from tests.gui.conftest import PASSWORD, USERNAME, settle, shown_window
from tests.gui.test_narrow_screen import add_long_names
from villagedesk.domain.lifecycle import Role
from villagedesk.services import accounts, demo, queries
from villagedesk.services.desk import Desk
from villagedesk.ui import i18n, window_state

ROOT = Path(__file__).resolve().parents[2]
CLERK, CLERK_PASSWORD = "zhaomin", "secret-456"


def _screen_ok() -> bool:
    screen = QGuiApplication.primaryScreen()
    return screen is not None and screen.geometry().width() >= 1024


@pytest.fixture
def english(qapp):
    if not _screen_ok():
        pytest.skip("rerun on a 1024×768 screen by the launcher below")
    i18n.install("en")
    yield
    i18n.uninstall()
    i18n.install(i18n.DEFAULT)
    i18n.uninstall()


class WidestSeen(QObject):
    """The largest minimum width the window asked for at any layout change (a page loading can ask
    for more than it does once loaded, and the window does not shrink back)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window, self.widest, self.page = window, 0, ""
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Resize):
            width = max(self.window.minimumSizeHint().width(), self.window.width())
            if width > self.widest:
                self.widest, self.page = width, type(self.window.stack.currentWidget()).__name__
        return False


def _check_page(qtbot, win, what: str, seen: WidestSeen, problems: list[str]) -> None:
    settle(qtbot, win)
    qtbot.wait(20)  # let queued layout requests run
    avail = window_state.available_rect(win).width()
    page = win.stack.currentWidget()
    if win.minimumSizeHint().width() > avail or win.width() > avail:
        problems.append(f"{what}: window min {win.minimumSizeHint().width()}, width {win.width()} > {avail}")
    if page.minimumSizeHint().width() > win.stack.width():
        problems.append(f"{what}: page needs {page.minimumSizeHint().width()} > {win.stack.width()}")
    if seen.widest > avail:
        problems.append(f"{what}: the window grew to {seen.widest} on {seen.page}")
        seen.widest = 0


def _nav_cut(win) -> list[str]:
    """Navigation entries Qt cuts short ("Ratings and inspect…"): a word wider than the list, or a wrapped
    entry taller than its row."""
    nav = win.nav
    margin = 2 * (nav.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, nav) + 1)
    room = nav.viewport().width() - margin
    metrics = nav.fontMetrics()
    cut = []
    for r in range(nav.count()):
        text = nav.item(r).text()
        wide = max(metrics.horizontalAdvance(w) for w in text.split())
        tall = metrics.boundingRect(QRect(0, 0, room, 10_000), Qt.TextFlag.TextWordWrap, text).height()
        if wide > room or tall > nav.visualItemRect(nav.item(r)).height():
            cut.append(
                f"nav: {text!r} ({wide} px, {tall} px high) in {room} × {nav.visualItemRect(nav.item(r)).height()}"
            )
    return cut


def _walk(qtbot, win) -> list[str]:
    seen = WidestSeen(win)
    problems: list[str] = _nav_cut(win)
    _check_page(qtbot, win, "start", seen, problems)
    for label, entry in list(win.pages):
        win.go(entry)
        _check_page(qtbot, win, label, seen, problems)
    for status in ("registered", "submitted", "delivered"):
        found = queries.list_cases(win.desk, queries.CaseFilter(statuses=[status]), limit=1)
        if found:
            win.open_case(found[0].id)
            _check_page(qtbot, win, f"case {status}", seen, problems)
    return problems


def test_every_page_of_an_agents_window_fits_1024_in_english(qtbot, english, gui_desk) -> None:
    account = accounts.authenticate(gui_desk, USERNAME, PASSWORD)
    with shown_window(qtbot, gui_desk, account) as win:
        win.ask_before_close = False
        problems = _walk(qtbot, win)
        assert problems == [], "\n".join(problems)


def test_every_page_of_a_clerks_window_fits_1024_in_english(qtbot, english, tmp_path) -> None:
    root = tmp_path / "clerk"
    with Desk.open(root, today=TODAY) as made:
        demo.generate(made, cases=120, seed=11, role="clerk")
        accounts.create_account(made, CLERK, "赵敏", CLERK_PASSWORD, Role.CLERK, made.identity.region_code)
        add_long_names(made)  # 阿卜杜热合曼·买买提艾力 and the longest item in the inbox: it still fits
    desk = Desk.open(root, today=TODAY)
    with shown_window(qtbot, desk, accounts.authenticate(desk, CLERK, CLERK_PASSWORD)) as win:
        win.ask_before_close = False
        problems = _walk(qtbot, win)
        assert problems == [], "\n".join(problems)
    shutil.rmtree(root, ignore_errors=True)


@pytest.mark.skipif("os.environ.get('VILLAGEDESK_SCREEN_RUN')")
def test_english_on_a_1024_screen(qapp, tmp_path) -> None:
    if _screen_ok() and QGuiApplication.platformName() != "offscreen":
        pytest.skip("a real screen: the checks above ran on it")
    config = tmp_path / "screen.json"
    config.write_text(
        json.dumps({"screens": [{"name": "S", "x": 0, "y": 0, "width": 1024, "height": 768, "logicalDpi": 96}]})
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        "VILLAGEDESK_SCREEN_RUN": "1",
    }
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", __file__, "-k", "not test_english_on_"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "2 passed" in run.stdout, run.stdout[-2000:]
