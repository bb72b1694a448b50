"""星级考评 and 督查 as shared records, through a real server on loopback: a town clerk scores and
inspects, the town's other clerk sees the same sheet and inspection, the village sees its result and
answers, the inspector sees the answer, the other village sees nothing, and no device can author what
its role may not (an agent scoring itself, a town forging the city's review, a sheet of seven stars)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tests.casebuilder import person_id
from villagedesk.db import models as m
from villagedesk.domain.errors import TransitionError
from villagedesk.domain.lifecycle import EventType, State
from villagedesk.domain.metrics import Period
from villagedesk.domain.rating_record import rating_id
from villagedesk.services import (
    actions,
    appointments,
    catalog,
    intake,
    maintenance,
    metrics,
    progress_reports,
    queries,
    star_rating,
    supervision,
)
from villagedesk.services.intake import IntakeForm
from villagedesk.sync import engine

VILLAGE_A = "419001100201"
VILLAGE_B = "419001100202"
TOWN = "419001100000"
YEAR = 2026
FULL = {"premises": 10, "public_notices": 8, "attendance": 7}


def sync(desk) -> engine.SyncResult:
    eng = engine.SyncEngine(desk)
    try:
        result = eng.run()
    finally:
        eng.close()
    assert result.ok, result.error
    return result


def _mediations(desk, n: int) -> None:
    """``n`` mediations finished in the village and reviewed well: enough data to be rated."""
    for i in range(n):
        form = intake.IntakeForm(
            item_code="JY022",
            name="王" + "一二三四五六七八九"[i] + "民",
            id_number=person_id(100 + i),
            phone="13812345678",
            mandate_signed=True,
            materials={x.name: intake.MaterialState("have") for x in catalog.item(desk, "JY022").materials},
            registered_on=date(2026, 3, 2 + i),
        )
        case = intake.register(desk, form).case_id
        actions.perform(desk, case, EventType.VILLAGE_COMPLETED, {"outcome": "agreed"}, on=date(2026, 3, 3 + i))
        actions.perform(desk, case, EventType.EVALUATED, {"level": "满意"}, on=date(2026, 3, 3 + i))


def _rejections(desk) -> list[str]:
    with desk.store.read() as s:
        return [r.reason for r in s.scalars(select(m.OutboxEntry).where(m.OutboxEntry.status == "rejected"))]


def test_rating_and_inspection_reach_clerks_and_village_and_back(enrolled) -> None:
    a = enrolled("a", VILLAGE_A)
    b = enrolled("b", VILLAGE_B)
    clerk = enrolled("clerk", TOWN, "clerk")
    other_clerk = enrolled("clerk2", TOWN, "clerk")
    _mediations(a, 5)
    sync(a)
    sync(clerk)

    star_rating.set_manual_scores(clerk, VILLAGE_A, YEAR, FULL)
    scored = star_rating.score_center(clerk, VILLAGE_A, YEAR, "年度考评")
    idle = star_rating.score_center(clerk, VILLAGE_B, YEAR)
    assert scored.score is not None and scored.stars is not None
    assert (idle.score, idle.stars) == (None, None) and "数据不足" in idle.insufficient
    found = supervision.record(
        clerk, VILLAGE_A, "unannounced", date(2026, 6, 3), "窗口无人值守 20 分钟", 3, fix_by=date(2026, 6, 13)
    )
    assert sync(clerk).pushed == 3

    # the town's other clerk sees the same sheets and inspection, scored by the first clerk
    sync(other_clerk)
    seen = {r.village_code: r for r in star_rating.ratings(other_clerk, YEAR)}
    assert (seen[VILLAGE_A].score, seen[VILLAGE_A].stars) == (scored.score, scored.stars)
    assert seen[VILLAGE_A].scored_by == clerk.identity.user and seen[VILLAGE_A].manual_scores == FULL
    assert seen[VILLAGE_A].top_center and not seen[VILLAGE_B].top_center  # 数据不足 is never ranked
    assert [x.id for x in supervision.list_for(other_clerk)] == [found.id]

    # the village sees its own result and the inspection, and answers
    sync(a)
    [mine] = star_rating.ratings(a, YEAR)
    assert (mine.village_code, mine.score, mine.stars) == (VILLAGE_A, scored.score, scored.stars)
    [inspection] = supervision.list_for(a)
    assert (inspection.findings, inspection.fix_by, inspection.answered) == (
        "窗口无人值守 20 分钟",
        date(2026, 6, 13),
        False,
    )
    supervision.answer(a, inspection.id, "已安排专人轮岗值守", True, date(2026, 6, 10))
    assert sync(a).pushed == 1

    # the inspector sees the answer
    sync(clerk)
    [answered] = supervision.list_for(clerk)
    assert (answered.fixed_on, answered.result) == (date(2026, 6, 10), "已安排专人轮岗值守")
    assert answered.answers[0].answerer == a.identity.user

    # the other village holds nothing of village A's records
    sync(b)
    assert [r.village_code for r in star_rating.ratings(b, YEAR)] == [VILLAGE_B]
    assert supervision.list_for(b) == []
    # records are not cases: the consistency check and the case lists ignore them
    for desk in (a, b, clerk):
        assert maintenance.check(desk).mismatched == []
    assert queries.count_cases(clerk) == 5


def test_server_refuses_records_no_honest_action_produces(enrolled) -> None:
    a = enrolled("a", VILLAGE_A)
    clerk = enrolled("clerk", TOWN, "clerk")
    sync(clerk)
    star_rating.score_center(clerk, VILLAGE_A, YEAR)
    sync(clerk)
    rid = rating_id(VILLAGE_A, YEAR)
    with clerk.store.write() as s:
        # the town forging the city's review, and a sheet of seven stars on a made-up stream
        clerk.new_events(
            s, rid, VILLAGE_A, [(EventType.RATING_REVIEWED, {"stars": 5, "reason": "自评", "reviewer": "x"})]
        )
        bad = {"year": YEAR, "score": 99, "stars": 7, "sheet": {}, "scorer": "赵敏", "insufficient": ""}
        clerk.new_events(s, rating_id(VILLAGE_A, 2025), VILLAGE_A, [(EventType.RATING_SCORED, bad)])
        # a re-score filed under another year's stream id
        wrong = {**bad, "stars": 5, "year": 2024}
        clerk.new_events(s, rating_id(VILLAGE_A, 2023), VILLAGE_A, [(EventType.RATING_SCORED, wrong)])
    with a.store.write() as s:  # a village scoring itself
        a.new_events(s, rating_id(VILLAGE_A, 2024), VILLAGE_A, [(EventType.RATING_SCORED, {**bad, "stars": 5})])
    sync(clerk)
    sync(a)
    # the type is named in words (市级审查复评), not by its code
    assert sorted(r.rsplit("[", 1)[1] for r in _rejections(clerk)) == ["malformed]", "payload]", "type]"]
    assert "星级" in " ".join(_rejections(clerk)) and "市级审查复评" in " ".join(_rejections(clerk))
    assert [r.rsplit("[", 1)[1] for r in _rejections(a)] == ["type]"]
    # nothing of it reached anyone: the village sees the one honest sheet
    sync(a)
    [only] = star_rating.ratings(a, YEAR)
    assert only.city_stars is None and only.history[-1].action == "镇办实施考评"
    assert {r.year for r in star_rating.ratings(a, 2024)} == set()
    with a.store.read() as s:
        states = {v.status for v in s.scalars(select(m.Case))}
    assert State.RATING_SCORED.value not in states  # a record never shows up as a case


def test_town_sees_its_villages_weekend_bookings_and_no_shows(enrolled) -> None:
    a = enrolled("a", VILLAGE_A)
    b = enrolled("b", VILLAGE_B)
    clerk = enrolled("clerk", TOWN, "clerk")
    saturday, sunday = date(2026, 11, 28), date(2026, 11, 29)
    came = appointments.book(a, "张三", "13800138000", "JY001", saturday, "09:30", "带户口簿")
    stayed_away = appointments.book(a, "李四", "13900139000", "JY001", sunday)
    appointments.book(b, "王五", "13700137000", "JY001", saturday)
    with pytest.raises(TransitionError):
        appointments.book(clerk, "赵六", "13600136000", "JY001", saturday)  # the town books no village's visits
    form = IntakeForm("JY001", "张三", person_id(7), "13800138000", mandate_signed=True)
    result = appointments.arrive(a, came.id, form)
    with pytest.raises(TransitionError, match="未到"):
        appointments.no_show(a, stayed_away.id)  # Sunday has not come yet
    sync(a), sync(b)

    sync(clerk)
    seen = {x.name: x for x in appointments.upcoming(clerk)}
    assert set(seen) == {"张三", "李四", "王五"}
    assert (seen["张三"].status, seen["张三"].case_id, seen["张三"].village_code) == (
        "arrived",
        result.case_id,
        VILLAGE_A,
    )
    assert (seen["王五"].village_code, seen["王五"].day) == (VILLAGE_B, saturday)
    with pytest.raises(TransitionError):  # the town does not record a village's no-show
        appointments.no_show(clerk, stayed_away.id)

    a._today = date(2026, 11, 30)  # Monday: Sunday's visitor never came
    appointments.no_show(a, stayed_away.id, "电话未接通")
    sync(a)
    sync(clerk)
    seen = {x.name: x for x in appointments.upcoming(clerk, include_past=True)}
    assert (seen["李四"].status, seen["李四"].status_label) == ("no_show", "爽约")
    clerk._today = a._today
    show_up = metrics.village(clerk, VILLAGE_A, Period.month(2026, 11)).appointment_show_up
    assert show_up is not None and (show_up.num, show_up.den) == (1, 2)  # 张三 came, 李四 did not
    assert metrics.village(clerk, VILLAGE_B, Period.month(2026, 10)).appointment_show_up.value is None  # none due
    assert metrics.village(clerk, "419001100203", Period.month(2026, 11)).appointment_show_up is None  # no bookings
    assert maintenance.check(clerk).mismatched == [] and queries.count_cases(clerk) == 1
    [b_only] = appointments.upcoming(b)
    assert b_only.name == "王五"  # the other village sees none of village A's bookings


def test_report_accepted_by_one_clerk_is_seen_by_the_other_and_the_village(enrolled) -> None:
    a = enrolled("a", VILLAGE_A)
    clerk = enrolled("clerk", TOWN, "clerk")
    other_clerk = enrolled("clerk2", TOWN, "clerk")
    _mediations(a, 1)
    progress_reports.draft(a, 2026, 10, on=date(2026, 11, 2))
    sent = progress_reports.submit(a, 2026, 10, "本月调解一件", on=date(2026, 11, 3))
    sync(a), sync(clerk), sync(other_clerk)
    assert [r.state for r in progress_reports.list_reports(other_clerk)] == [State.REPORT_SUBMITTED]
    progress_reports.accept(clerk, sent.report_id, "同意", on=date(2026, 11, 4))
    sync(clerk), sync(other_clerk), sync(a)
    for desk in (other_clerk, a):
        [seen] = progress_reports.list_reports(desk)
        assert (seen.state, seen.review_note) == (State.REPORT_ACCEPTED, "同意")
    with pytest.raises(TransitionError):  # the second clerk cannot review it again
        progress_reports.return_report(other_clerk, sent.report_id, "再看看")
