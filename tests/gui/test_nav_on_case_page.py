"""Issue 14, finding 11: after opening a case from the dashboard the navigation still highlighted 工作台.
The case page is no navigation entry: none is highlighted while it shows; a click on 工作台 goes back to
it, and 返回 returns to the page the case was opened from, highlighted again."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.conftest import settle
from villagedesk.services import queries


def test_no_entry_is_lit_on_the_case_page(qtbot, window) -> None:
    case_id = queries.list_cases(window.desk)[0].id
    assert window.stack.currentWidget() is window.dashboard and window.nav.currentRow() == 0
    window.dashboard.open_case.emit(case_id)
    settle(qtbot, window)
    assert window.stack.currentWidget() is window.detail
    assert window.nav.currentRow() == -1 and not window.nav.selectedItems()
    first = window.nav.item(0)
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=window.nav.visualItemRect(first).center())
    settle(qtbot, window)
    assert window.stack.currentWidget() is window.dashboard and window.nav.currentRow() == 0
    window.go(window.cases)
    window.cases.open_case.emit(case_id)
    settle(qtbot, window)
    assert window.nav.currentRow() == -1
    window.detail.back_button.click()
    settle(qtbot, window)
    cases_row = next(n for n, (_l, p) in enumerate(window.pages) if window.lazy.resolve(p) is window.cases)
    assert window.stack.currentWidget() is window.cases and window.nav.currentRow() == cases_row
