"""The village's own deadline (村级代办员报送时限): a case reaches the town within 3 working days of
intake; it is a light of its own on the list and the dashboard, counted on the working-day calendar."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.flows import VALID_PAYLOAD, as_role, register
from villagedesk.domain.lifecycle import EventType, Role
from villagedesk.services import actions, dashboard, queries
from villagedesk.services.desk import Desk

D = date


def _light(desk: Desk, case_id: str) -> str:
    return next(r.submit_light for r in queries.list_cases(desk) if r.id == case_id)


def test_submit_light_by_working_days_and_the_dashboard_list(desk) -> None:
    assert desk.today() == D(2026, 11, 25)  # a Wednesday
    late = register(desk, "JY012", registered_on=D(2026, 11, 19), id_number="419001198001010014")  # by 11-24
    soon = register(desk, "JY012", registered_on=D(2026, 11, 23), id_number="419001198502020026")  # by 11-26
    fresh = register(desk, "JY012", registered_on=D(2026, 11, 24), id_number="41900119700101001X")  # by 11-27
    village = register(desk, "JY022", registered_on=D(2026, 11, 2), id_number="419001196001010015")  # 调解
    assert [_light(desk, c.case_id) for c in (late, soon, fresh, village)] == ["red", "yellow", "green", ""]
    board = dashboard.summary(desk)
    assert [r.id for r in board.submit_late] == [late.case_id] and board.counts["submit_late"] == 1
    as_role(desk, Role.AGENT)
    actions.perform(desk, late.case_id, EventType.SUBMITTED, VALID_PAYLOAD[EventType.SUBMITTED], on=desk.today())
    assert _light(desk, late.case_id) == ""  # carried to the town: the village's clock has stopped
    assert dashboard.summary(desk).submit_late == []


def test_submit_window_skips_national_day(profile: Path) -> None:
    with Desk.open(profile, today=D(2026, 10, 9)) as desk:
        desk.setup(Role.AGENT, "419001100201", "李娜")
        case = register(desk, "JY012", registered_on=D(2026, 9, 29))  # by 09-30, 10-08, 10-09
        assert _light(desk, case.case_id) == "yellow"  # the last day, not 7 days late
        assert dashboard.summary(desk).submit_late == []
