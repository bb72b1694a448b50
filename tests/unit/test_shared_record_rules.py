"""The judge on the shared records (星级考评, 督查): their payload rules, who may open and continue each
stream, and the projections a client folds from whatever it pulls (it must survive any of it)."""

from __future__ import annotations

import uuid

import pytest

from villagedesk.domain import judge as dj
from villagedesk.domain import rating_record
from villagedesk.domain.events import Event
from villagedesk.domain.inspection_record import fold as fold_inspection
from villagedesk.domain.lifecycle import EventType, Role, State
from villagedesk.domain.rating_record import rating_id

E = EventType
VILLAGE = "419001100201"
NOW_MS = 1_795_000_000_000  # 2026-11-17
GOOD = {
    "at": "2026-11-17",
    "year": 2026,
    "score": 88.0,
    "stars": 4,
    "insufficient": "",
    "sheet": {"lines": [["on_time_rate", "按时办结率", 20, "98.0%", 20]], "deduction": 3, "downgrades": []},
    "manual_scores": {"premises": 9},
    "scorer": "赵敏",
}
INSPECTION = {"kind": "unannounced", "on": "2026-11-02", "findings": "窗口无人", "deduction": 2,
              "fix_by": "2026-11-20", "inspector": "赵敏"}  # fmt: skip


def ev(t: EventType, case: str, payload: dict, role: Role, n: int = 0, prev=()) -> Event:
    return Event(str(uuid.uuid4()), case, t, payload, "u1", "d1", role, VILLAGE,
                 f"{NOW_MS + n:013d}-00000-dev1", tuple(prev))  # fmt: skip


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"stars": 7}, "星级"),
        ({"score": 500}, "总分"),
        ({"score": None}, "同时"),
        ({"score": None, "stars": None}, "数据不足"),
        ({"insufficient": "数据不足: 0 件"}, "数据不足"),
        ({"year": "2026"}, "年度"),
        ({"sheet": "满分"}, "评分表"),
        ({"sheet": {"lines": [1]}}, "评分项"),
        ({"sheet": {"lines": [["k", "l", 10, "x", 30]]}}, "得分"),
        ({"sheet": {"lines": [], "deduction": True}}, "扣分"),
        ({"manual_scores": {"premises": -1}}, "人工评分"),
        ({"manual_scores": ["premises"]}, "人工评分"),
        ({"scorer": ""}, "不能为空"),
    ],
)
def test_a_rating_no_honest_scoring_produces_is_refused(change: dict, why: str) -> None:
    e = ev(E.RATING_SCORED, rating_id(VILLAGE, 2026), {**GOOD, **change}, Role.CLERK)
    with pytest.raises(dj.Refusal) as err:
        dj.check_event(e, NOW_MS)
    assert err.value.code == dj.PAYLOAD and why in err.value.message


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"kind": "surprise"}, "督查方式"),
        ({"on": "someday"}, "督查日期"),
        ({"fix_by": None}, "整改期限"),
        ({"fix_by": "2026-10-01"}, "早于"),
        ({"deduction": 1e9}, "扣分"),
        ({"data_leak": "yes"}, "信息泄露"),
        ({"findings": "  "}, "不能为空"),
    ],
)
def test_an_inspection_no_honest_inspector_records_is_refused(change: dict, why: str) -> None:
    e = ev(E.INSPECTION_RECORDED, str(uuid.uuid4()), {**INSPECTION, **change}, Role.CLERK)
    with pytest.raises(dj.Refusal) as err:
        dj.check_event(e, NOW_MS)
    assert err.value.code == dj.PAYLOAD and why in err.value.message


def test_who_may_open_and_continue_each_stream() -> None:
    rid = rating_id(VILLAGE, 2026)
    ledger = dj.CaseLedger(rid)
    with pytest.raises(dj.Refusal) as err:  # the stream id belongs to another year
        dj.CaseLedger(rating_id(VILLAGE, 2025)).admit(ev(E.RATING_SCORED, rating_id(VILLAGE, 2025), GOOD, Role.CLERK))
    assert err.value.code == dj.MALFORMED
    with pytest.raises(dj.Refusal) as err:  # a village cannot score itself
        ledger.admit(ev(E.RATING_SCORED, rid, GOOD, Role.AGENT))
    assert err.value.code == dj.TRANSITION
    scored = ev(E.RATING_SCORED, rid, GOOD, Role.CLERK)
    ledger.admit(scored)
    with pytest.raises(dj.Refusal) as err:  # a re-score filed under the stream of another year
        ledger.admit(ev(E.RATING_SCORED, rid, {**GOOD, "year": 2025}, Role.CLERK, 1, [scored.id]))
    assert err.value.code == dj.MALFORMED
    review = {"at": "2026-11-18", "stars": 3, "reason": "台账不全", "reviewer": "孙市"}
    with pytest.raises(dj.Refusal):  # the town cannot review its own rating
        ledger.admit(ev(E.RATING_REVIEWED, rid, review, Role.CLERK, 1, [scored.id]))
    ledger.admit(ev(E.RATING_REVIEWED, rid, review, Role.CITY, 1, [scored.id]))

    iid = str(uuid.uuid4())
    answer = {"result": "已轮岗值守", "fixed": True, "fixed_on": "2026-11-10", "answerer": "李娜"}
    with pytest.raises(dj.Refusal) as err:  # an answer to an inspection nobody recorded
        dj.CaseLedger(iid).admit(ev(E.INSPECTION_ANSWERED, iid, answer, Role.AGENT))
    assert err.value.code == dj.UNKNOWN_CASE
    inspection = dj.CaseLedger(iid)
    recorded = ev(E.INSPECTION_RECORDED, iid, INSPECTION, Role.CITY)
    inspection.admit(recorded)
    with pytest.raises(dj.Refusal):  # the inspector does not answer for the village
        inspection.admit(ev(E.INSPECTION_ANSWERED, iid, answer, Role.CLERK, 1, [recorded.id]))
    inspection.admit(ev(E.INSPECTION_ANSWERED, iid, answer, Role.AGENT, 1, [recorded.id]))
    view = fold_inspection(inspection.events)
    assert view is not None and (view.state, view.fixed_on.isoformat(), view.inspector_role) == (
        State.INSPECTION_ANSWERED,
        "2026-11-10",
        Role.CITY,
    )


def test_a_changed_rescore_voids_the_city_review_an_unchanged_one_keeps_it() -> None:
    rid = rating_id(VILLAGE, 2026)
    first = ev(E.RATING_SCORED, rid, GOOD, Role.CLERK, 0)
    review = ev(
        E.RATING_REVIEWED, rid, {"stars": 3, "reason": "台账不全", "reviewer": "孙市"}, Role.CITY, 1, [first.id]
    )
    same = ev(E.RATING_SCORED, rid, {**GOOD, "reason": "补录说明"}, Role.CLERK, 2, [review.id])
    view = rating_record.fold([first, review, same])
    assert view is not None and (view.city_stars, view.final_stars, view.reviewed_by) == (3, 3, "孙市")
    changed = ev(E.RATING_SCORED, rid, {**GOOD, "score": 91.0, "stars": 5}, Role.CLERK, 3, [same.id])
    view = rating_record.fold([first, review, same, changed])
    assert view is not None and (view.city_stars, view.final_stars, view.state) == (None, 5, State.RATING_SCORED)
    assert [h.action for h in view.history] == ["镇办实施考评", "市级审查复评", "镇办实施考评", "镇办实施考评"]
    assert rating_record.fold([review]) is None  # a review alone is no rating


def test_server_fast_path_refuses_a_string_the_client_refuses() -> None:
    """A 30,000-character string passed the server's canonical-text fast path while every client's walk
    refused it, so a hostile village's report stream was quarantined on every pulling device."""
    from villagedesk.domain.jsonfast import canonical

    payload = {"text": "x" * 30_000}
    e = ev(E.REPORT_DRAFTED, str(uuid.uuid4()), payload, Role.AGENT)
    for text in (canonical(payload), None):
        with pytest.raises(dj.Refusal) as err:
            dj.check_event(e, NOW_MS, text=text, shaped=text is not None)
        assert err.value.code == dj.PAYLOAD and "过长" in err.value.message


def test_a_town_inspected_by_the_city_is_answered_by_its_clerks_only() -> None:
    """督查 of a town (its own partition, ``…000``): only the city records it, only the town's clerks answer;
    in a village's partition the village's agent answers, never a clerk. The judge's own rules, which the
    server and every pulling client run (``check_envelope`` and the case ledger)."""
    from dataclasses import replace

    town = VILLAGE[:9] + "000"
    iid = str(uuid.uuid4())
    answer = {"result": "已轮岗值守", "fixed": True, "fixed_on": "2026-11-10", "answerer": "王镇"}
    recorded = replace(ev(E.INSPECTION_RECORDED, iid, INSPECTION, Role.CITY), partition=town)
    by_clerk = replace(ev(E.INSPECTION_RECORDED, iid, INSPECTION, Role.CLERK), partition=town)
    with pytest.raises(dj.Refusal) as err:  # a town does not inspect itself
        dj.check_envelope(by_clerk, NOW_MS)
    assert err.value.code == dj.PARTITION
    dj.check_envelope(recorded, NOW_MS)
    ledger = dj.CaseLedger(iid)
    ledger.admit(recorded)
    agent_answer = replace(ev(E.INSPECTION_ANSWERED, iid, answer, Role.AGENT, 1, [recorded.id]), partition=town)
    with pytest.raises(dj.Refusal) as err:  # a village's agent answers no town's inspection
        ledger.admit(agent_answer)
    assert err.value.code == dj.PARTITION
    clerk_answer = replace(ev(E.INSPECTION_ANSWERED, iid, answer, Role.CLERK, 1, [recorded.id]), partition=town)
    dj.check_envelope(clerk_answer, NOW_MS)
    ledger.admit(clerk_answer)
    view = fold_inspection(ledger.events)
    assert view is not None and (view.village_code, view.state) == (town, State.INSPECTION_ANSWERED)
    # in a village's partition a clerk still cannot answer for the village
    village_iid = str(uuid.uuid4())
    village = dj.CaseLedger(village_iid)
    first = ev(E.INSPECTION_RECORDED, village_iid, INSPECTION, Role.CLERK)
    village.admit(first)
    clerk_for_village = ev(E.INSPECTION_ANSWERED, village_iid, answer, Role.CLERK, 1, [first.id])
    with pytest.raises(dj.Refusal):
        dj.check_envelope(clerk_for_village, NOW_MS)
    with pytest.raises(dj.Refusal):
        village.admit(clerk_for_village)
