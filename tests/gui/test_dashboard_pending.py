"""工作台 said 「待同步办件 5 件」 with 4 cases on the PC: a booking's (预约) events were counted as a 办件.
Only cases are counted as 办件; a booking is among the 条记录."""

from __future__ import annotations

import re
from datetime import date

from tests.gui.conftest import settle
from tests.gui.test_printing import register
from villagedesk.services import appointments, queries


def _pending(qtbot, win) -> tuple[int, int]:
    win.go(win.dashboard)
    win.dashboard.refresh()
    settle(qtbot, win)
    found = re.search(r"待同步办件 (\d+) 件 \((\d+) 条记录\)", win.dashboard.sync_label.text())
    assert found, win.dashboard.sync_label.text()
    return int(found[1]), int(found[2])


def test_a_booking_is_no_pending_case_but_a_pending_record(qtbot, window) -> None:
    win = window
    cases, records = _pending(qtbot, win)
    assert cases <= queries.count_cases(win.desk)
    appointments.book(win.desk, "李四", "13800138000", "JY001", date(2026, 11, 28))
    after_booking = _pending(qtbot, win)
    assert after_booking[0] == cases and after_booking[1] > records
    register(win.desk, "冯秀英", 81)
    after_case = _pending(qtbot, win)
    assert after_case[0] == cases + 1
    assert after_case[0] <= queries.count_cases(win.desk)
