"""Concurrent village and town events on a stored case; the device clock persisted across restarts."""

from __future__ import annotations

import time
import uuid

import pytest

from tests.conftest import TODAY
from tests.flows import PATHS, as_role, drive, register
from villagedesk.db import store as st
from villagedesk.domain.errors import ValidationError
from villagedesk.domain.events import Event
from villagedesk.domain.hlc import Timestamp
from villagedesk.domain.lifecycle import EventType, Role
from villagedesk.services import actions, maintenance, queries
from villagedesk.services.desk import Desk


def test_concurrent_decision_and_withdrawal_both_kept_until_resolved(desk) -> None:
    case = register(desk)
    drive(desk, case.case_id, PATHS["accepted"])
    as_role(desk, Role.AGENT)
    with desk.store.read() as s:
        heads = st.case_heads(s, case.case_id)
    # the village withdraws offline...
    with desk.store.write() as s:
        desk.new_events(s, case.case_id, "419001100201", [(EventType.WITHDRAWN, {"reason": "不办了"})], prev=heads)
        st.reproject(s, desk.calendar, case.case_id, TODAY)
    # ...while the town, having seen the same history, decided a little earlier (arrives by sync)
    with desk.store.read() as s:
        mine = st.case_events(s, case.case_id)[-1]
    town = Event(
        id=str(uuid.uuid4()), case_id=case.case_id, type=EventType.DECIDED,
        payload={"outcome": "approved", "at": TODAY.isoformat(), "certificate_no": "X1"}, author="clerk",
        device="town-pc", role=Role.CLERK, partition="419001100201",
        hlc=Timestamp(Timestamp.decode(mine.hlc).wall_ms - 1, 0, "town-pc").encode(), prev=tuple(heads),
    )  # fmt: skip
    with desk.store.write() as s:
        st.insert_events(s, [town])  # as sync stores a pulled event (chained into the audit trail)
        st.reproject(s, desk.calendar, case.case_id, TODAY)
        kept = {e.id for e in st.case_events(s, case.case_id)}
    assert {town.id, mine.id} <= kept
    row = queries.detail(desk, case.case_id).row
    assert row.conflict and row.status == "approved"
    assert queries.case_ids(desk, queries.CaseFilter(conflict=True)) == [case.case_id]
    assert EventType.CONFLICT_RESOLVED not in actions.available(desk, case.case_id)  # the town's to resolve
    as_role(desk, Role.CLERK)
    assert EventType.CONFLICT_RESOLVED in actions.available(desk, case.case_id)
    assert maintenance.check(desk).ok
    state = actions.perform(desk, case.case_id, EventType.CONFLICT_RESOLVED, {"state": "withdrawn", "note": "已核实"})
    assert state.value == "withdrawn"
    row = queries.detail(desk, case.case_id).row
    assert not row.conflict and queries.count_cases(desk, queries.CaseFilter(conflict=True)) == 0
    report = maintenance.check(desk)
    assert report.ok and report.mismatched == []


def test_clock_restarts_from_the_saved_stamp_when_the_pc_clock_went_back(profile) -> None:
    ahead = Timestamp(time.time_ns() // 1_000_000 + 3_600_000, 3, "x").encode()  # saved an hour "ahead"
    with Desk.open(profile, today=TODAY) as desk:
        desk.setup(Role.AGENT, "419001100201", "李娜")
        with desk.store.write() as s:
            st.set_setting(s, "hlc", ahead)
        first = register(desk)
    with Desk.open(profile, today=TODAY) as desk:  # restart
        second = register(desk, name="李四", id_number="419001199003070023")
        with desk.store.read() as s:
            stamps = [e.hlc for c in (first, second) for e in st.case_events(s, c.case_id)]
            saved = st.get_setting(s, "hlc")
    assert all(h > ahead for h in stamps)
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)
    assert saved == max(stamps)


def test_a_conflict_is_never_resolved_into_a_state_no_event_led_to(desk) -> None:
    """Once, an agent resolving a withdraw/refuse conflict could pick 准予: an approval with no decision."""
    case = register(desk)
    drive(desk, case.case_id, PATHS["submitted"])
    as_role(desk, Role.AGENT)
    with desk.store.read() as s:
        heads = st.case_heads(s, case.case_id)
    with desk.store.write() as s:
        desk.new_events(s, case.case_id, "419001100201", [(EventType.WITHDRAWN, {"reason": "不办了"})], prev=heads)
        st.reproject(s, desk.calendar, case.case_id, TODAY)
        mine = st.case_events(s, case.case_id)[-1]
    town = Event(
        id=str(uuid.uuid4()), case_id=case.case_id, type=EventType.REFUSED,
        payload={"reason": "材料不全", "at": TODAY.isoformat()}, author="clerk", device="town-pc",
        role=Role.CLERK, partition="419001100201",
        hlc=Timestamp(Timestamp.decode(mine.hlc).wall_ms - 1, 0, "town-pc").encode(), prev=tuple(heads),
    )  # fmt: skip
    with desk.store.write() as s:
        st.insert_events(s, [town])  # as sync stores a pulled event (chained into the audit trail)
        st.reproject(s, desk.calendar, case.case_id, TODAY)
    assert queries.detail(desk, case.case_id).row.conflict
    assert actions.conflict_choices(desk, case.case_id) == []  # as the village: a conflict with the town
    as_role(desk, Role.CLERK)
    choices = {c.value for c in actions.conflict_choices(desk, case.case_id)}
    assert choices == {"withdrawn", "refused"}
    for forged in ("approved", "accepted", "report_accepted", "closed"):
        with pytest.raises(ValidationError):
            actions.perform(desk, case.case_id, EventType.CONFLICT_RESOLVED, {"state": forged, "reason": "x"})
    assert queries.detail(desk, case.case_id).row.conflict  # nothing was written
    state = actions.perform(desk, case.case_id, EventType.CONFLICT_RESOLVED, {"state": "refused", "reason": "以镇为准"})
    assert state.value == "refused"
