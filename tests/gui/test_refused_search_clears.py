"""Searching 224 (fewer than the 4 ID digits a search by ID number needs) said so, but the previous
answer's rows (𠮷祥) stayed under the refusal and looked like a match: a refused search lists nothing."""

from __future__ import annotations

from tests.gui.conftest import settle
from tests.gui.test_printing import register


def test_a_refused_search_clears_the_previous_result(qtbot, window) -> None:
    win = window
    register(win.desk, "𠮷祥", 81)
    page = win.cases
    win.go(page)
    page.search.setText("𠮷祥")
    page.reload()
    settle(qtbot, win)
    assert page.model.rowCount() >= 1 and page.search_error.text() == ""
    page.search.setText("224")
    page.reload()
    settle(qtbot, win)
    assert "至少输入末4位" in page.search_error.text()
    assert page.model.rowCount() == 0
    assert "件" not in page.count.text()  # no 「共 1 件」 left from the search before
    page.search.setText("𠮷祥")
    page.reload()
    settle(qtbot, win)
    assert page.model.rowCount() >= 1 and page.search_error.text() == ""
