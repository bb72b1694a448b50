"""What a cadre met at a real window (issue 14's walk): the title, the first Enter in a list, the pages a
role is offered, and a step checked before it is confirmed. Real windows, offscreen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget

from tests.gui.conftest import settle
from tests.gui.test_case_actions import _new_case, _open
from tests.gui.test_printing import register
from tests.gui.test_town_pages import clerk_template, clerk_window  # noqa: F401  (fixtures)
from villagedesk import APP_NAME
from villagedesk.domain.lifecycle import EventType
from villagedesk.services import queries
from villagedesk.ui.application import application


def shown_title(widget: QWidget) -> str:
    """The title bar's text: Qt appends the application's display name unless the title ends with it
    (QPlatformWindow::formatWindowTitle)."""
    title, name = widget.windowTitle(), QApplication.applicationDisplayName()
    if name and not title.endswith(name):
        return f"{title} — {name}" if title else name
    return title


def test_no_title_bar_names_the_app_twice(qtbot, window) -> None:
    application()  # the display name the program sets at start
    assert QApplication.applicationDisplayName() == APP_NAME
    case_no = register(window.desk, "钱学平", 61)
    window.open_case(queries.detail(window.desk, case_no).row.id)
    settle(qtbot, window)
    dialog = window.detail.start_action(EventType.NOTE_ADDED)
    printed = window.detail.print_current()
    for top in (window, dialog, printed):
        assert shown_title(top).count(APP_NAME) == 1, shown_title(top)
    assert window.desk.identity.user in window.windowTitle()
    dialog.reject()
    printed.close()


def test_first_enter_after_a_search_opens_the_case_found(qtbot, window) -> None:
    case_no = register(window.desk, "欧阳春晓", 62)
    window.go(window.cases)
    settle(qtbot, window)
    page = window.cases
    page.search.setFocus()
    page.search.insert("欧阳春晓")  # as the input method commits it
    qtbot.keyClick(page.search, Qt.Key.Key_Return)  # before the search's pause ran out: the list follows
    settle(qtbot, window)
    assert page.model.rowCount() == 1 and QApplication.focusWidget() is page.table
    with qtbot.waitSignal(page.open_case, timeout=2000) as opened:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened.args == [queries.detail(window.desk, case_no).row.id]


def test_enter_after_a_reload_opens_the_first_row(qtbot, window) -> None:
    window.go(window.cases)
    settle(qtbot, window)
    page = window.cases
    page.table.setFocus(Qt.FocusReason.TabFocusReason)
    page.overdue.setChecked(True)  # the list is read again: its current row went with the old list
    settle(qtbot, window)
    assert page.model.rowCount()
    first = page.model.index(0, 0).data(Qt.ItemDataRole.UserRole)
    with qtbot.waitSignal(page.open_case, timeout=2000) as opened:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened.args == [first]
    board = window.dashboard  # the dashboard's lists are the same table
    table = board.boxes["overdue"].findChild(type(page.table))
    assert table.model().rowCount() and table.currentIndex().isValid()


def test_a_town_clerk_is_not_offered_the_village_intake(qtbot, clerk_window) -> None:  # noqa: F811
    win = clerk_window
    labels = [label for label, _page in win.pages]
    assert "代办登记" not in labels
    assert [win.nav.item(n).text() for n in range(win.nav.count())] == labels
    win.shortcuts["new"].activated.emit()  # Ctrl+N: no intake form for a clerk either
    settle(qtbot, win)
    assert not win.lazy.is_built("intake")


def test_a_step_is_checked_before_it_is_confirmed(qtbot, window) -> None:
    case_id = _new_case(window, missing=())
    page = _open(qtbot, window, case_id)
    page.action_buttons[EventType.WITHDRAWN].click()
    dialog = page.dialog
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()  # no reason: said first, nothing asked
    assert dialog.errors["reason"].text() and getattr(dialog, "confirmation", None) is None
    dialog.fields["reason"].setText("群众决定暂不办理")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.confirmation is not None and "张三" in dialog.confirmation.text()
    dialog.confirmation.cancel_button.click()
    settle(qtbot, window)
    assert queries.detail(window.desk, case_id).row.status == "registered"
    dialog.reject()
