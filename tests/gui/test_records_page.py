"""考评督查 on the village's PC: its rating as the town scored it, and an inspection answered here."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from tests.gui.conftest import settle
from villagedesk.domain.lifecycle import Role
from villagedesk.services import appointments, star_rating, supervision


def _as_town(desk, work) -> None:
    """Do ``work`` as the town's clerk on this database (as sync would bring it), then be the agent again."""
    agent = desk.identity
    town = agent.region_code[:9] + "000"
    desk.setup(Role.CLERK, town, "赵敏", user_id="clerk-town")
    try:
        work()
    finally:
        desk.setup(agent.role, agent.region_code, agent.user, user_id=agent.user_id)


def test_village_sees_its_rating_and_answers_an_inspection(qtbot, window) -> None:
    win, desk = window, window.desk
    village = desk.identity.region_code
    _as_town(
        desk,
        lambda: (
            star_rating.score_center(desk, village, 2026),
            supervision.record(desk, village, "open_visit", date(2026, 11, 2), "未公示办事指南", 2, date(2026, 11, 30)),
        ),
    )
    page = win.village_records
    win.go(page)
    settle(qtbot, win)
    rating = star_rating.ratings(desk, 2026)[0]
    assert ("镇办考评" in page.rating.text() and rating.scored_by in page.rating.text()) or (
        rating.insufficient and "数据不足" in page.rating.text()
    )
    assert page.inspections.rowCount() == 1
    assert page.inspections.item(0, 0).text() == "乡镇中心" and page.inspections.item(0, 6).text() == "整改中"

    qtbot.mouseClick(page.answer_button, Qt.MouseButton.LeftButton)  # nothing selected
    assert "选择" in page.error.text()
    page.inspections.selectRow(0)
    qtbot.mouseClick(page.answer_button, Qt.MouseButton.LeftButton)  # no answer written
    settle(qtbot, win)
    assert "不能为空" in page.error.text() and not supervision.list_for(desk)[0].answered
    page.result.setText("办事指南已上墙公示")
    page.fixed.setChecked(True)
    qtbot.mouseClick(page.answer_button, Qt.MouseButton.LeftButton)
    settle(qtbot, win)
    [answered] = supervision.list_for(desk)
    assert answered.fixed_on == desk.today() and answered.result == "办事指南已上墙公示"
    assert page.inspections.item(0, 6).text() == f"{desk.today().isoformat()} 办事指南已上墙公示"


def test_no_show_recorded_from_the_appointments_page(qtbot, window) -> None:
    win, desk = window, window.desk
    booked = appointments.book(desk, "孙丽", "13800138000", "JY001", date(2026, 11, 28))
    page = win.appointments
    win.go(page)
    settle(qtbot, win)
    row = next(n for n in range(page.model.rowCount()) if page.model.item(n).id == booked.id)
    page.table.selectRow(row)
    page.no_show_button.click()  # Saturday has not come yet
    settle(qtbot, win)
    assert "未到" in page.message.text()
    desk._today = date(2026, 11, 30)
    page.no_show_button.click()
    settle(qtbot, win)
    assert {a.id: a.status for a in appointments.upcoming(desk, include_past=True)}[booked.id] == "no_show"
