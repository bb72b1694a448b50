"""Cadre test, findings 2 and 3 on the case page, at 1366×768 and 1024×768, in Chinese and English.

2: the header broke words across lines (「正/常」, 「逾/期」, 「材料补齐之日起/计算」: a word-wrapped QLabel breaks
Chinese anywhere), and in English took three lines. Each piece of it (状态, 到期日, 同步) is now one line,
whole, and the row wraps between pieces (``widgets/flow_row``).
3: the materials checklist showed 4 of 5 rows behind a scrollbar and cut the names (「户口簿/身份…」) in
English at 1024 while the empty 附件 list took half the column: the checklist gets the room, the 附件
list shrinks while it is empty."""

from __future__ import annotations

import pytest

from tests.gui.conftest import PASSWORD, USERNAME, settle, shown_window
from tests.gui.test_printing import register
from tests.gui.test_status_column import language  # noqa: F401 (the fixture: Chinese, then English)
from villagedesk.services import accounts, queries

SCREENS = {"1366": (1366, 738), "1024": (1024, 738)}  # less a Windows taskbar


def _open(qtbot, window, have: bool, serial: int) -> None:
    case_no = register(window.desk, "王芳", serial, item="JY010", have=have)
    window.open_case(queries.detail(window.desk, case_no).row.id)
    settle(qtbot, window)
    qtbot.wait(30)


def header_faults(page) -> list[str]:
    faults, rows = [], set()
    for label in (page.status_label, page.due_label, page.sync_label):
        if not label.isVisibleTo(page) or not label.text():
            continue
        line = label.fontMetrics().lineSpacing()
        rows.add(label.mapTo(page, label.rect().topLeft()).y())
        if label.wordWrap() and label.heightForWidth(label.width()) > line * 1.5:
            faults.append(f"{label.text()!r} broken over {label.heightForWidth(label.width()) // line} lines")
        elif not label.wordWrap() and label.fontMetrics().horizontalAdvance(label.text()) > label.width():
            faults.append(f"{label.text()!r} cut to {label.width()} px")
    if len(rows) > 2:
        faults.append(f"header on {len(rows)} lines")
    return faults


@pytest.mark.parametrize("screen", SCREENS)
def test_case_header_never_breaks_a_word(qtbot, gui_desk, language, screen) -> None:  # noqa: F811
    account = accounts.authenticate(gui_desk, USERNAME, PASSWORD)
    with shown_window(qtbot, gui_desk, account) as window:
        window.resize(*SCREENS[screen])
        for serial, have in ((81, False), (82, True)):  # 材料补齐之日起计算; an expected date
            _open(qtbot, window, have, serial)
            assert header_faults(window.detail) == []


@pytest.mark.parametrize("screen", SCREENS)
def test_every_material_row_shows_whole(qtbot, gui_desk, language, screen) -> None:  # noqa: F811
    account = accounts.authenticate(gui_desk, USERNAME, PASSWORD)
    with shown_window(qtbot, gui_desk, account) as window:
        window.resize(*SCREENS[screen])
        _open(qtbot, window, False, 83)
        table = window.detail.materials
        rows = table.rowCount()
        assert rows == 5
        assert not table.verticalScrollBar().isVisible(), "the checklist scrolls"
        assert not table.horizontalScrollBar().isVisible()
        last = table.visualRect(table.model().index(rows - 1, 0))
        assert last.bottom() <= table.viewport().height()
        for row in range(rows):
            item = table.item(row, 0)
            need = table.fontMetrics().horizontalAdvance(item.text()) + 8
            assert table.columnWidth(0) >= need or table.rowHeight(row) >= 2 * table.fontMetrics().lineSpacing(), (
                item.text(), table.columnWidth(0), need
            )
