"""``actions.perform`` refuses every transition the lifecycle forbids, for each role, and changes nothing."""

from __future__ import annotations

import sqlite3

import pytest

from tests.expected_lifecycle import EXPECTED
from tests.flows import PATHS, VALID_PAYLOAD, as_role, drive, register
from villagedesk.domain.errors import TransitionError
from villagedesk.domain.lifecycle import EventType, Role, State
from villagedesk.services import actions


def _snapshot(desk) -> tuple:
    conn = sqlite3.connect(desk.paths.db)
    try:
        events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
        outbox = conn.execute("SELECT count(*) FROM outbox").fetchone()[0]
        cases = conn.execute("SELECT * FROM cases ORDER BY id").fetchall()
        hlc = conn.execute("SELECT value FROM settings WHERE key='hlc'").fetchone()
    finally:
        conn.close()
    return events, outbox, cases, hlc


@pytest.mark.parametrize("target", sorted(PATHS))
def test_every_forbidden_action_is_refused_and_changes_nothing(desk, target: str) -> None:
    case = register(desk)
    drive(desk, case.case_id, PATHS[target])
    state = State(target)
    before = _snapshot(desk)
    refused = 0
    for role in (Role.AGENT, Role.CLERK):
        as_role(desk, role)
        before = _snapshot(desk)  # switching role writes settings, not case data
        for event in EventType:
            if event is EventType.CASE_REGISTERED:
                continue
            allowed = (state, event, role) in EXPECTED
            if event is EventType.CONFLICT_RESOLVED:
                allowed = False  # only a case in conflict can be resolved
            enabled = event in actions.available(desk, case.case_id)
            if allowed:
                continue
            assert not enabled, (target, role, event)
            with pytest.raises(TransitionError):
                actions.perform(desk, case.case_id, event, VALID_PAYLOAD[event])
            refused += 1
            assert _snapshot(desk) == before, (target, role, event)
    assert refused > 10


def test_allowed_actions_are_enabled_and_move_the_case(desk) -> None:
    case = register(desk)
    for target, steps in sorted(PATHS.items()):
        if not steps:
            continue
        other = register(desk, name="李四", id_number="419001199003070023")
        for role, event, payload in steps:
            as_role(desk, role)
            assert event in actions.available(desk, other.case_id), (target, event)
            actions.perform(desk, other.case_id, event, payload)
        from villagedesk.services import queries

        assert queries.detail(desk, other.case_id).row.status == target
    assert case.case_no


def test_village_item_completes_in_village_and_cannot_be_submitted(desk) -> None:
    case = register(desk, "JY022")
    with pytest.raises(TransitionError):
        actions.perform(desk, case.case_id, EventType.SUBMITTED, {})
    assert EventType.SUBMITTED not in actions.available(desk, case.case_id)
    assert (
        actions.perform(desk, case.case_id, EventType.VILLAGE_COMPLETED, {"outcome": "agreed"})
        is State.COMPLETED_IN_VILLAGE
    )
    town = register(desk)
    with pytest.raises(TransitionError):
        actions.perform(desk, town.case_id, EventType.VILLAGE_COMPLETED, {})
