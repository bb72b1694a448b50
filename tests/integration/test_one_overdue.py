"""One 逾期 (issue 14, item 10): 工作台, 统计, the case list's filter, the light, the town's and the city's
overview count the same cases, by the one definition in ``domain.promise``.

工作台 said 230 overdue where 统计 said 130: the dashboard counted an open, running case whose promised day
had passed, 统计 only one the town had already accepted (a case the village never carried to the town, its
receipt's day long past, was 逾期 on one page and not on the other)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tests.casebuilder import VILLAGE, Builder
from tests.casebuilder import E as Ev
from villagedesk.db import models as m
from villagedesk.db import store as st
from villagedesk.domain import promise
from villagedesk.domain.lifecycle import Role
from villagedesk.domain.metrics import Period, is_overdue
from villagedesk.services import actions, city, dashboard, metrics, queries, town

D = date
CITY = "419001000000"


def build_mix(desk) -> tuple[dict[str, str], set[str]]:
    """A village's cases of every kind around today (2026-11-25): (name -> case id, the overdue names)."""
    b = Builder(desk)
    ids: dict[str, str] = {}

    def accepted(name: str, item: str, on: date) -> str:
        cid = ids[name] = b.register(item, on)
        b.act(cid, Ev.SUBMITTED, on)
        b.act(cid, Ev.ACCEPTED, on)
        return cid

    accepted("open_overdue", "JY012", D(2026, 10, 14))  # 10 working days: due 10-28
    b.act(accepted("paused_overdue", "JY012", D(2026, 10, 14)), Ev.RETURNED, D(2026, 10, 20),
          {"missing": ["身份证"], "reason": "身份证复印件不清晰"})  # fmt: skip
    b.act(accepted("in_procedure", "JY012", D(2026, 10, 14)), Ev.PROCEDURE_STARTED, D(2026, 10, 20),
          {"procedure": "公示"})  # fmt: skip
    # registered with a material missing on 10-12: the clock has not started, whatever date it would show
    ids["awaiting_past_due"] = b.register("JY012", D(2026, 10, 12), missing=("申请书",))
    # carried to the town on 10-13, never accepted: its receipt promised 10-12 + 3 + 10 working days
    ids["not_accepted"] = b.register("JY012", D(2026, 10, 12))
    b.act(ids["not_accepted"], Ev.SUBMITTED, D(2026, 10, 13))
    b.act(accepted("closed_late", "JY012", D(2026, 10, 14)), Ev.DECIDED, D(2026, 11, 10), {"outcome": "approved"})
    b.act(accepted("closed_on_time", "JY012", D(2026, 11, 2)), Ev.DECIDED, D(2026, 11, 5), {"outcome": "approved"})
    accepted("due_today", "JY006", D(2026, 11, 24))  # 1 working day: due 11-25, today
    accepted("due_later", "JY012", D(2026, 11, 20))
    ids["village_direct"] = b.register("JY022", D(2026, 10, 1))  # 30 natural days: due 11-02
    # city-level (25 working days from the town's acceptance on 10-14: due 11-18), at the city now
    cid = accepted("city_level", "JY010", D(2026, 10, 14))
    b.act(cid, Ev.FORWARDED, D(2026, 10, 15), {"to": "济源市民政局"})
    desk.setup(Role.CITY, CITY, "孙市", user_id="city-user")
    actions.perform(desk, cid, Ev.ACCEPTED, {}, on=D(2026, 10, 16))
    b.agent()
    overdue = {"open_overdue", "not_accepted", "village_direct", "city_level"}
    return ids, overdue


@pytest.fixture
def mix(desk):
    return build_mix(desk)


def test_every_page_counts_the_same_overdue_cases(desk, mix) -> None:
    ids, overdue = mix
    expected = {ids[name] for name in overdue}

    board = dashboard.summary(desk)
    assert {r.id for r in board.overdue} == expected
    assert board.counts["overdue"] == len(expected)

    month = metrics.village(desk, VILLAGE, Period.month(2026, 11))
    assert month.overdue_open == len(expected)  # was 3: the case the town had not accepted was left out
    assert month.closed_late == 1  # the one decided after its day: 超期办结, never among the 逾期

    listed = queries.case_ids(desk, queries.CaseFilter(overdue=True))
    assert set(listed) == expected
    assert queries.count_cases(desk, queries.CaseFilter(overdue=True)) == len(expected)

    lights = {r.id: r.light for r in queries.rows_by_ids(desk, list(ids.values()))}
    assert {cid for cid, light in lights.items() if light == "red"} == expected

    desk.setup(Role.CLERK, "419001100000", "赵敏", user_id="clerk-town")
    assert sum(v.overdue for v in town.overview(desk)) == len(expected)
    inbox = town.inbox(desk)
    assert {r.row.id for r in inbox if r.overdue} == expected & {r.row.id for r in inbox}

    desk.setup(Role.CITY, CITY, "孙市", user_id="city-user")
    assert sum(s.overdue for s in city.overview(desk)) == 1
    page = city.inbox_page(desk)
    assert page.overdue == 1 and {r.row.id for r in page.rows if r.overdue} == {ids["city_level"]}


def test_the_sql_and_the_domain_predicate_agree_on_every_row(desk, mix) -> None:
    ids, overdue = mix
    today = desk.today()
    with desk.store.read() as s:
        rows = [(r.id, r.status, r.due_on) for r in s.scalars(select(m.Case))]
        in_sql = set(s.scalars(select(m.Case.id).where(st.overdue_clause(today))))
    assert len(rows) == len(ids)
    by_domain = {cid for cid, status, due_on in rows if promise.is_overdue(status, due_on, today)}
    assert by_domain == in_sql == {ids[n] for n in overdue}
    facts = metrics.facts_for(desk, VILLAGE, today)
    assert {f.case_id for f in facts if is_overdue(f, desk.calendar, today)} == in_sql
    # and the statistics' due date is the one the case shows, for every running case
    from villagedesk.domain.metrics import shown_due

    shown = {cid: due_on for cid, _status, due_on in rows}
    for f in facts:
        if promise.clock_running(f.state):
            assert shown_due(f, desk.calendar, today) == shown[f.case_id], f.case_id
