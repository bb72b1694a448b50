"""Tab walks the page on show, then the navigation, then back to the page: it never leaves for another page.

A cadre on the case page pressed Tab past the last table: the focus went to the navigation, which took
the focus as a reason to show its first entry (工作台), and there the dashboard's tables kept Tab among
their cells for good (issue 14)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from tests.gui.conftest import settle
from tests.gui.test_printing import register
from tests.gui.test_town_pages import clerk_template, clerk_window  # noqa: F401 (fixtures)
from villagedesk.services import queries


def first_focus(page: QWidget) -> QWidget:
    w = page.nextInFocusChain()
    while not (page.isAncestorOf(w) and w.isVisible() and w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus):
        w = w.nextInFocusChain()
    return w


def walk(qtbot, window, page: QWidget) -> list[QWidget]:
    """Tab from the page's first widget round the whole chain; the widgets of the page met on the way."""
    start = first_focus(page)
    window.activateWindow()  # building a page can leave no window active (offscreen)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: page.isAncestorOf(QApplication.focusWidget()))
    start = QApplication.focusWidget()  # a tab widget gives the focus to its tab bar
    seen = [start]
    left = False  # the chain has gone on to the navigation (and the status bar's 注销)
    for _ in range(80):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focus = QApplication.focusWidget()
        assert window.stack.currentWidget() is page, f"Tab on {focus!r} showed another page"
        on_page = page.isAncestorOf(focus)
        if not on_page:
            assert focus is window.nav or focus is window.logout_button, f"Tab went to {focus!r}, off the page"
            left = True
            continue
        if focus is start:
            assert left, "the chain went round the page without reaching the navigation"
            return seen
        assert not left, f"after the navigation Tab came back to {focus!r}, not to the page's first widget"
        seen.append(focus)
    raise AssertionError(f"Tab never came back to the page's first widget; last focus {QApplication.focusWidget()!r}")


def test_tab_on_the_case_page_stays_on_it(qtbot, window) -> None:
    case_no = register(window.desk, "孙小梅", 61)
    window.open_case(queries.detail(window.desk, case_no).row.id)
    settle(qtbot, window)
    page = window.detail
    seen = walk(qtbot, window, page)
    assert page.back_button in seen and page.timeline in seen
    assert any(b in seen for b in page.action_buttons.values())
    # reading order: 返回 and 打印 on top, the materials, then the actions, the timeline last
    order = [seen.index(w) for w in (page.back_button, page.materials, page.timeline)]
    assert order == sorted(order)


def test_tab_on_every_page_reaches_the_navigation(qtbot, window) -> None:
    """The dashboard's and 办件's tables let Tab go on (they kept it among their cells), so does
    进展报送's 情况说明 box (it took Tab as a character)."""
    for _label, entry in list(window.pages):
        window.go(entry)
        settle(qtbot, window)
        walk(qtbot, window, window.stack.currentWidget())


def test_tab_on_every_page_of_the_town_clerk(qtbot, clerk_window) -> None:  # noqa: F811
    for _label, entry in list(clerk_window.pages):
        clerk_window.go(entry)
        settle(qtbot, clerk_window)
        walk(qtbot, clerk_window, clerk_window.stack.currentWidget())
