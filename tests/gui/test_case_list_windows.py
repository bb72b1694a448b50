"""The case list opens and scrolls without ever reading every case id: it counts in SQL and fetches
windows of rows as the view scrolls; sorting is done by SQL, in one total order."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from sqlalchemy import event

from tests.gui.conftest import PASSWORD, USERNAME, settle
from villagedesk.services import accounts, preferences, queries

UNBOUNDED_CASES = re.compile(r"\bFROM cases\b", re.IGNORECASE)


def _case_reads(statements: list[str]) -> list[str]:
    """Statements that read rows of ``cases`` with neither a LIMIT nor an aggregate: a whole-list read."""
    found = []
    for sql in statements:
        flat = " ".join(sql.split())
        if not flat.upper().startswith(("SELECT", "WITH")) or not UNBOUNDED_CASES.search(flat):
            continue
        if " LIMIT " in flat.upper() or re.match(r"SELECT (count|sum|min|max)\(", flat, re.IGNORECASE):
            continue
        if " IN (" in flat.upper() or "= ?" in flat:  # rows named by id or key: bounded by the caller
            continue
        found.append(flat)
    return found


def test_start_up_and_scroll_to_the_end_never_read_all_ids(qtbot, gui_desk) -> None:
    """Fails on the old model, which read every matching id (``SELECT cases.id FROM cases ORDER BY``)
    before the count showed."""
    from villagedesk.ui.main_window import MainWindow

    statements: list[str] = []
    event.listen(gui_desk.store.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    account = accounts.authenticate(gui_desk, USERNAME, PASSWORD)
    win = MainWindow(gui_desk, account, preferences.load(gui_desk))
    qtbot.addWidget(win)
    win.show()
    win.go(win.cases)
    settle(qtbot, win)
    model, table = win.cases.model, win.cases.table
    total = queries.count_cases(gui_desk)
    assert model.rowCount() == total > model.CHUNK
    assert _case_reads(statements) == []  # counted, first window read: no whole-list read
    assert model.requested_rows == 0  # the first window came with the count
    table.scrollToBottom()
    qtbot.wait(50)  # the view asks for the rows it paints
    settle(qtbot, win)
    last = model.index(total - 1, 1)
    assert table.rowAt(table.viewport().height() - 2) == total - 1  # the last row is on screen
    assert last.data() == _last_case_no(gui_desk)  # and shows the last case, not a placeholder
    assert model.requested_rows <= total - model.CHUNK  # only the windows scrolled past or onto
    assert model.loaded_rows() < total or total <= 2 * model.CHUNK
    assert _case_reads(statements) == []
    win.ask_before_close = False
    win.close()


def _last_case_no(desk) -> str:
    (row,) = queries.list_cases(desk, limit=1, offset=queries.count_cases(desk) - 1)
    return row.case_no


def test_a_header_click_sorts_the_whole_list_in_sql(qtbot, window) -> None:
    page = window.cases
    window.go(page)
    settle(qtbot, window)
    model = page.model
    keys = [key for key, _label in model.COLUMNS]
    everything = queries.rows_by_ids(window.desk, queries.case_ids(window.desk))

    with qtbot.waitSignal(page.ids_loaded):
        page.table.sortByColumn(keys.index("applicant_name"), Qt.SortOrder.AscendingOrder)
    expected = sorted(everything, key=lambda r: (r.applicant_name, r.case_no))
    assert _all_rows(qtbot, window) == [r.case_no for r in expected]

    with qtbot.waitSignal(page.ids_loaded):
        page.table.sortByColumn(keys.index("due_on"), Qt.SortOrder.DescendingOrder)
    dated = sorted((r for r in everything if r.due_on), key=lambda r: (r.due_on, r.case_no), reverse=True)
    undated = sorted((r for r in everything if not r.due_on), key=lambda r: r.case_no, reverse=True)
    assert _all_rows(qtbot, window) == [r.case_no for r in dated + undated]  # "—" last either way

    page.table.sortByColumn(keys.index("sync"), Qt.SortOrder.AscendingOrder)  # not sortable in SQL
    settle(qtbot, window)
    assert page.table.horizontalHeader().sortIndicatorSection() == keys.index("due_on")


def _all_rows(qtbot, window) -> list[str]:
    model = window.cases.model
    for row in range(0, model.rowCount(), model.CHUNK):
        model.row_at(row)
    settle(qtbot, window)
    return [model.index(row, 1).data() for row in range(model.rowCount())]


def test_a_window_that_fails_to_read_is_read_again_later(qtbot, window) -> None:
    """A failed window read says why and is not left marked as loading (its rows would stay "…")."""
    page = window.cases
    window.go(page)
    settle(qtbot, window)
    model = page.model
    good = page._shown
    page._shown = (queries.CaseFilter(search="张" * 80), good[1])  # a read the service refuses
    row = model.rowCount() - 1
    assert model.row_at(row) is None
    settle(qtbot, window)
    assert "搜索内容过长" in page.search_error.text()
    page._shown = good
    assert model.index(row, 1).data() == "…"  # not loaded, and asked for again: this time it is read
    settle(qtbot, window)
    assert model.index(row, 1).data() == _last_case_no(window.desk)
