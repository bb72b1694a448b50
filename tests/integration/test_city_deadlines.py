"""Deadlines across the levels: the promised clock of a city-level item runs on from the town's acceptance
through the city (not restarted, not paused), a city return pauses it like a town's, and the city's share
of the time is counted in working days and shown."""

from __future__ import annotations

from datetime import date

from tests.e2e.test_case_loop import register
from villagedesk.domain.lifecycle import EventType, Role
from villagedesk.services import actions, city, queries

E = EventType
TOWN, CITY = "419001100000", "419001000000"


def as_(desk, role: Role) -> None:
    region = {Role.AGENT: "419001100201", Role.CLERK: TOWN, Role.CITY: CITY}[role]
    desk.setup(role, region, "测试")


def do(desk, role: Role, cid: str, event: EventType, on: date, payload: dict | None = None) -> None:
    as_(desk, role)
    actions.perform(desk, cid, event, payload or {}, on=on)


def due(desk, cid: str) -> date:
    return queries.rows_by_ids(desk, [cid])[0].due_on


def test_the_clock_runs_on_through_the_city_and_its_share_is_counted(desk) -> None:
    cid = register(desk, "JY010", "王五", "419001197503030037", on=date(2026, 11, 2))  # 25 working days
    do(desk, Role.AGENT, cid, E.SUBMITTED, date(2026, 11, 2))
    do(desk, Role.CLERK, cid, E.ACCEPTED, date(2026, 11, 3))
    promised = desk.calendar.add_working_days(date(2026, 11, 3), 25)
    assert due(desk, cid) == promised
    assert city.city_share(desk, cid) is None  # not at the city yet
    do(desk, Role.CLERK, cid, E.FORWARDED, date(2026, 11, 5), {"to": "济源市民政局"})
    do(desk, Role.CITY, cid, E.ACCEPTED, date(2026, 11, 9))
    assert due(desk, cid) == promised  # the city's acceptance does not restart the clock
    # today is 2026-11-25: Nov 6, 9-13, 16-20, 23-25 are the working days since the forwarding
    assert city.city_share(desk, cid) == 14
    assert city.share_text(desk, cid) == "其中市级用时 14 个工作日"
    do(desk, Role.CITY, cid, E.DECIDED, date(2026, 11, 20), {"outcome": "approved"})
    assert city.city_share(desk, cid) == 11  # frozen at the decision


def test_a_city_return_pauses_the_clock_and_the_share_restarts_at_the_next_forwarding(desk) -> None:
    cid = register(desk, "JY010", "王五", "419001197503030037", on=date(2026, 11, 2))
    do(desk, Role.AGENT, cid, E.SUBMITTED, date(2026, 11, 2))
    do(desk, Role.CLERK, cid, E.ACCEPTED, date(2026, 11, 3))
    do(desk, Role.CLERK, cid, E.FORWARDED, date(2026, 11, 5), {"to": "济源市民政局"})
    before = due(desk, cid)
    do(desk, Role.CITY, cid, E.RETURNED, date(2026, 11, 9), {"missing": ["申请书"], "reason": "缺申请书"})
    assert city.city_share(desk, cid) is None  # back in the village: not the city's time
    do(desk, Role.AGENT, cid, E.SUBMITTED, date(2026, 11, 16))
    do(desk, Role.CLERK, cid, E.ACCEPTED, date(2026, 11, 16))
    do(desk, Role.CLERK, cid, E.FORWARDED, date(2026, 11, 17), {"to": "济源市民政局"})
    after = due(desk, cid)
    assert after > before  # the days in the village for correction do not count
    in_village = desk.calendar.working_days_between(date(2026, 11, 9), date(2026, 11, 16))
    assert after == desk.calendar.add_working_days(before, in_village)
    assert city.city_share(desk, cid) == 6  # Nov 18-20, 23-25
    assert queries.rows_by_ids(desk, [cid])[0].status == "forwarded"
