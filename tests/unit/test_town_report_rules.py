"""工作进展报送 镇→市 in the judge (domain/judge.py, domain/town_report.py): a town's report lives only in
its town's own partition and nothing else lives there, its stream id is its town's and month's, and its
payloads keep to the schema; the stream folds the same on every device. The server and a pulling client
run these very checks (tests/e2e/test_town_reports.py drives them over HTTP)."""

from __future__ import annotations

import uuid

import pytest

from villagedesk.domain import judge as dj
from villagedesk.domain.events import Event
from villagedesk.domain.lifecycle import EventType, Role, State
from villagedesk.domain.progress_report import fold, report_id, town_report_id

E = EventType
TOWN, OTHER_TOWN, VILLAGE, FOREIGN = "419001100000", "419001101000", "419001100201", "419001101201"
NOW_MS = 1_795_000_000_000  # 2026-11-17
RID = town_report_id(TOWN, 2026, 10)


def ev(t: EventType, payload: dict, role: Role = Role.CLERK, partition: str = TOWN, case: str = RID, n: int = 0):
    return Event(
        id=str(uuid.uuid4()),
        case_id=case,
        type=t,
        payload=payload,
        author="u1",
        device="d1",
        role=role,
        partition=partition,
        hlc=f"{NOW_MS + n:013d}-00000-dev1",
    )


def drafted(**over) -> dict:
    p = {"at": "2026-11-02", "kind": "town_progress_report", "town": TOWN, "year": 2026, "month": 10}
    p |= {"metrics": {"cases": 3}, "villages": {VILLAGE: {"cases": 3, "on_time_rate": [2, 3]}}, "remarks": ""}
    return p | over


def refused(e: Event) -> str:
    with pytest.raises(dj.Refusal) as info:
        dj.check_event(e, NOW_MS)
    return info.value.code


def test_an_honest_town_report_passes_and_folds() -> None:
    events = [
        ev(E.TOWN_REPORT_DRAFTED, drafted()),
        ev(E.TOWN_REPORT_SUBMITTED, {"at": "2026-11-03", "remarks": "十月情况"}, n=1),
        ev(E.TOWN_REPORT_RETURNED, {"at": "2026-11-04", "reason": "补充问题"}, Role.CITY, n=2),
        ev(E.TOWN_REPORT_SUBMITTED, {"at": "2026-11-05", "remarks": "十月情况, 问题"}, n=3),
        ev(E.TOWN_REPORT_ACCEPTED, {"at": "2026-11-06", "comment": ""}, Role.CITY, n=4),
    ]
    ledger = dj.CaseLedger(RID)
    for e in events:
        dj.check_event(e, NOW_MS)
        ledger.admit(e)
    view = fold(events)
    assert view is not None and view.is_town and view.state is State.REPORT_ACCEPTED
    assert view.villages == {VILLAGE: {"cases": 3, "on_time_rate": [2, 3]}} and view.remarks == "十月情况, 问题"


def test_a_submitted_report_is_not_submitted_again_nor_reviewed_by_the_town() -> None:
    ledger = dj.CaseLedger(RID)
    ledger.admit(ev(E.TOWN_REPORT_DRAFTED, drafted()))
    ledger.admit(ev(E.TOWN_REPORT_SUBMITTED, {"remarks": "x"}, n=1))
    with pytest.raises(dj.Refusal) as info:
        ledger.admit(ev(E.TOWN_REPORT_SUBMITTED, {"remarks": "y"}, n=2))
    assert info.value.code == "transition"
    with pytest.raises(dj.Refusal):  # the town clerk does not accept its own report
        ledger.admit(ev(E.TOWN_REPORT_ACCEPTED, {"comment": ""}, Role.CLERK, n=3))


@pytest.mark.parametrize(
    "event",
    [
        ev(E.TOWN_REPORT_DRAFTED, drafted(town=VILLAGE), partition=VILLAGE),  # a town report in a village
        ev(E.TOWN_REPORT_SUBMITTED, {"remarks": "x"}, partition=VILLAGE),
        ev(E.REPORT_DRAFTED, {"year": 2026, "month": 10}, Role.AGENT, case=report_id(TOWN, 2026, 10)),
        ev(E.RATING_SCORED, {"year": 2026}, case=str(uuid.uuid4())),  # nothing else in a town's partition
        ev(E.INSPECTION_RECORDED, {"findings": "x"}, Role.CLERK, case=str(uuid.uuid4())),  # the town itself
    ],
    ids=["drafted-in-village", "submitted-in-village", "village-report", "rating", "inspection-by-the-town"],
)
def test_partitions_keep_town_reports_apart(event: Event) -> None:
    assert refused(event) == "partition"


@pytest.mark.parametrize(
    "event",
    [
        ev(E.TOWN_REPORT_DRAFTED, drafted(), case=town_report_id(TOWN, 2026, 9)),  # another month's id
        ev(E.TOWN_REPORT_DRAFTED, drafted(), partition=OTHER_TOWN),  # another town's id and code
        ev(E.TOWN_REPORT_DRAFTED, drafted(town=OTHER_TOWN), partition=OTHER_TOWN),
        ev(E.TOWN_REPORT_DRAFTED, drafted(month="10")),
    ],
)
def test_a_report_is_filed_only_under_its_own_towns_and_months_id(event: Event) -> None:
    assert refused(event) == "malformed"


@pytest.mark.parametrize(
    ("event", "payload"),
    [
        (E.TOWN_REPORT_DRAFTED, drafted(kind="progress_report")),
        (E.TOWN_REPORT_DRAFTED, drafted(villages={FOREIGN: {"cases": 1}})),
        (E.TOWN_REPORT_DRAFTED, drafted(villages={TOWN: {"cases": 1}})),
        (E.TOWN_REPORT_DRAFTED, drafted(villages={VILLAGE: {"cases": -1}})),
        (E.TOWN_REPORT_DRAFTED, drafted(villages={VILLAGE: {"cases": True}})),
        (E.TOWN_REPORT_DRAFTED, drafted(villages={VILLAGE: {"cases": 10**8}})),
        (E.TOWN_REPORT_DRAFTED, drafted(villages={VILLAGE: {"on_time_rate": [4, 3]}})),
        (E.TOWN_REPORT_DRAFTED, drafted(villages={VILLAGE: {"on_time_rate": [1, 2, 3]}})),
        (E.TOWN_REPORT_DRAFTED, drafted(villages={VILLAGE: {"cases": 1, "name": "王五"}})),
        (E.TOWN_REPORT_DRAFTED, drafted(villages={f"419001100{n:03d}": {} for n in range(1, 302)})),
        (E.TOWN_REPORT_DRAFTED, drafted(villages=[VILLAGE])),
        (E.TOWN_REPORT_DRAFTED, drafted(metrics={f"k{n}": 1 for n in range(61)})),
        (E.TOWN_REPORT_DRAFTED, drafted(remarks="长" * 4001)),
        (E.TOWN_REPORT_DRAFTED, drafted(month=13)),
        (E.TOWN_REPORT_SUBMITTED, {"remarks": "  "}),  # 情况说明 is never empty
        (E.TOWN_REPORT_SUBMITTED, {}),
        (E.TOWN_REPORT_SUBMITTED, {"remarks": 5}),
        (E.TOWN_REPORT_RETURNED, {"reason": ""}),  # a return says why
        (E.TOWN_REPORT_ACCEPTED, {"comment": "长" * 2001}),
    ],
)
def test_payloads_beyond_the_schema_are_refused(event: EventType, payload: dict) -> None:
    role = Role.CITY if event in (E.TOWN_REPORT_RETURNED, E.TOWN_REPORT_ACCEPTED) else Role.CLERK
    month = payload.get("month") if isinstance(payload.get("month"), int) else 10
    case = town_report_id(TOWN, 2026, month)
    assert refused(ev(event, payload, role, case=case)) in ("payload", "malformed")
