"""Every (state, event, role) against a table written by hand from the product's lifecycle design
(tests/expected_lifecycle.py), not read from the code under test."""

from __future__ import annotations

import itertools

import pytest

from tests.expected_lifecycle import EXPECTED, RESUMED_FROM, SAME, A, C, E, S, Y
from villagedesk.domain.errors import TransitionError
from villagedesk.domain.lifecycle import (
    STREAM_EVENTS,
    EventType,
    Role,
    State,
    allowed_events,
    may_author,
    next_state,
)

PAYLOADS = {E.DECIDED: {"outcome": "approved"}, E.CONFLICT_RESOLVED: {"state": "accepted"}}
ALL = list(itertools.product([None, *State], EventType, Role))


def test_matrix_covers_every_combination() -> None:
    assert len(ALL) == (len(State) + 1) * len(EventType) * len(Role)
    assert set(EXPECTED) <= set(ALL)


@pytest.mark.parametrize(("state", "event", "role"), ALL, ids=lambda x: getattr(x, "value", str(x)))
def test_transition(state: State | None, event: EventType, role: Role) -> None:
    expected = EXPECTED.get((state, event, role))
    allowed = event in allowed_events(state, role)
    if expected is None:
        assert not allowed
        with pytest.raises(TransitionError) as err:
            next_state(state, event, role, PAYLOADS.get(event), final_level="city")
        assert "「" in str(err.value)  # a readable Chinese reason naming the action
        return
    assert allowed
    level = "village" if event is E.VILLAGE_COMPLETED else "city"  # the one level each is legal on
    resumed = RESUMED_FROM.get((state, event, role))
    got = next_state(state, event, role, PAYLOADS.get(event), resumed, final_level=level)
    assert got == (state if expected == SAME else expected)


@pytest.mark.parametrize("level", ["town", "city"])
def test_only_a_village_level_item_is_completed_in_the_village(level: str) -> None:
    """The server took village_completed on a town item (a forged 村级办结 skipped the town and city)."""
    with pytest.raises(TransitionError, match="不能村级办结"):
        next_state(S.REGISTERED, E.VILLAGE_COMPLETED, A, {}, final_level=level)
    assert next_state(S.REGISTERED, E.SUBMITTED, A, {}, final_level=level) is S.SUBMITTED
    with pytest.raises(TransitionError, match="无需报送"):
        next_state(S.REGISTERED, E.SUBMITTED, A, {}, final_level="village")


def test_decision_outcome_and_resume_come_from_payload_and_history() -> None:
    assert next_state(S.ACCEPTED, E.DECIDED, C, {"outcome": "denied"}) is S.DENIED
    with pytest.raises(TransitionError):
        next_state(S.ACCEPTED, E.DECIDED, C, {"outcome": "maybe"})
    assert next_state(S.IN_PROCEDURE, E.PROCEDURE_ENDED, C, resume_state=S.FORWARDED) is S.FORWARDED
    with pytest.raises(TransitionError):
        next_state(S.ACCEPTED, E.CONFLICT_RESOLVED, A, {"state": "nonsense"})


def test_materials_after_a_city_return_go_back_to_the_city_only() -> None:
    """A city 补正 could only be answered by resubmitting through the town, which accepted it already."""
    for where in (S.FORWARDED, S.CITY_ACCEPTED):
        assert next_state(S.RETURNED, E.MATERIALS_SUPPLIED, A, {}, where, "city") is where
    for where in (S.SUBMITTED, S.ACCEPTED, None):  # the town's 补正: resubmit to the town
        with pytest.raises(TransitionError, match="重新「报送镇中心」"):
            next_state(S.RETURNED, E.MATERIALS_SUPPLIED, A, {}, where, "city")
    with pytest.raises(TransitionError):
        next_state(S.RETURNED, E.MATERIALS_SUPPLIED, C, {}, S.FORWARDED, "city")


def test_may_author_matches_the_table() -> None:
    for event, role in itertools.product(EventType, Role):
        assert may_author(role, event) == any(k[1] is event and k[2] is role for k in EXPECTED), (event, role)


def test_wrong_role_message_names_the_role() -> None:
    with pytest.raises(TransitionError, match="无权"):
        next_state(S.SUBMITTED, E.ACCEPTED, A)
    with pytest.raises(TransitionError, match="不能执行"):
        next_state(S.CLOSED, E.ACCEPTED, C)


@pytest.mark.parametrize("level", ["town", "village", "", None])
def test_city_acts_only_on_city_level_items(level: str | None) -> None:
    """Every city rule holds for a city-level item only: a town's or village's item never reaches the city."""
    for (state, event, role), _ in EXPECTED.items():
        if role is not Y or event is E.NOTE_ADDED or event in STREAM_EVENTS:  # streams have no item level
            continue
        with pytest.raises(TransitionError, match="市级"):
            next_state(state, event, role, PAYLOADS.get(event), final_level=level)
    assert next_state(S.FORWARDED, E.ACCEPTED, Y, final_level="city") is S.CITY_ACCEPTED
    assert next_state(S.CITY_ACCEPTED, E.DECIDED, Y, {"outcome": "denied"}, final_level="city") is S.DENIED


def test_the_city_cannot_do_the_towns_work() -> None:
    with pytest.raises(TransitionError, match="不能执行"):
        next_state(S.SUBMITTED, E.ACCEPTED, Y, final_level="city")  # the town accepts first
    with pytest.raises(TransitionError, match="无权"):
        next_state(S.APPROVED, E.RESULT_READY, Y, final_level="city")  # the town hands the result down
