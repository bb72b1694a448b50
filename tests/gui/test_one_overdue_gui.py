"""One 逾期 at the window (issue 14, item 10): the 工作台's section, the 统计 card, the case list's 仅逾期
filter and the case page's light name the same cases (tests/integration/test_one_overdue.py builds them)."""

from __future__ import annotations

from tests.conftest import TODAY
from tests.gui.conftest import settle, shown_window
from tests.integration.test_one_overdue import build_mix
from villagedesk.services.desk import Desk


def test_dashboard_stats_filter_and_case_light_agree(qtbot, desk, profile) -> None:
    ids, overdue = build_mix(desk)
    expected = {ids[name] for name in overdue}
    desk.close()
    with shown_window(qtbot, Desk.open(profile, today=TODAY)) as win:
        box = win.dashboard.boxes["overdue"]
        assert box.title() == f"逾期 ({len(expected)})"

        win.go(win.stats)
        settle(qtbot, win)
        win.stats.refresh()
        settle(qtbot, win)
        assert win.stats.cards["overdue_open"].text() == str(len(expected))  # was 3: 统计 had its own rule

        win.go(win.cases)
        settle(qtbot, win)
        win.cases.overdue.setChecked(True)
        win.cases.reload()
        settle(qtbot, win)
        model = win.cases.model
        assert model.rowCount() == len(expected)

        for name, cid in ids.items():
            win.open_case(cid)
            settle(qtbot, win)
            text = win.detail.due_label.text()
            assert ("逾期" in text) == (cid in expected), (name, text)
