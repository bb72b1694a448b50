"""The rule of who decides a city-level item (``lifecycle.city_problem``) and the partition refusal's
words by level (``protocol.partition_refusal``), as the judge, the desk and the server share them."""

from __future__ import annotations

import pytest

from villagedesk.domain.errors import TransitionError
from villagedesk.domain.lifecycle import (
    CITY_DECIDES,
    CITY_HOLDS,
    PROCEDURE_OWNER,
    EventType,
    Role,
    State,
    city_problem,
    next_state,
)
from villagedesk.sync.protocol import partition_refusal

E = EventType


@pytest.mark.parametrize(
    ("role", "event", "state", "has_city", "refused"),
    [
        (Role.CLERK, E.EXTENSION_GRANTED, State.FORWARDED, True, True),  # the city's time limit now
        (Role.CLERK, E.PROCEDURE_STARTED, State.FORWARDED, True, True),
        (Role.CLERK, E.EXTENSION_GRANTED, State.ACCEPTED, True, False),  # still at the town
        (Role.CLERK, E.PROCEDURE_STARTED, State.ACCEPTED, True, False),
        (Role.CLERK, E.EXTENSION_GRANTED, State.FORWARDED, False, False),  # no city: the town's
        (Role.CITY, E.EXTENSION_GRANTED, State.CITY_ACCEPTED, True, False),  # the city's own
    ],
)
def test_the_city_holds_a_forwarded_cases_time_limit(
    role: Role, event: EventType, state: State, has_city: bool, refused: bool
) -> None:
    assert (city_problem(role, event, "city", has_city, state) == CITY_HOLDS) is refused
    assert city_problem(role, event, "town", has_city, state) is None  # a town item is the town's


@pytest.mark.parametrize(
    ("role", "event", "level", "has_city", "refused"),
    [
        (Role.CLERK, E.DECIDED, "city", True, True),  # the city's to decide
        (Role.CLERK, E.DECIDED, "city", False, False),  # a single-town deployment: the town records it
        (Role.CLERK, E.DECIDED, "town", True, False),  # the town's own item
        (Role.CITY, E.DECIDED, "city", True, False),  # the city itself
        (Role.CLERK, E.FORWARDED, "city", True, False),  # the town still forwards
        (Role.CLERK, E.NOTE_ADDED, "city", True, False),
    ],
)
def test_city_problem(role: Role, event: EventType, level: str, has_city: bool, refused: bool) -> None:
    assert (city_problem(role, event, level, has_city) == CITY_DECIDES) is refused
    assert city_problem(role, event, level, has_city) in (None, CITY_DECIDES)


def test_partition_refusal_names_the_level() -> None:
    assert partition_refusal("419001100201") == "无权写入该村的数据: 419001100201"
    assert partition_refusal("419001100000") == "无权写入该镇的数据: 419001100000"
    assert partition_refusal("419001000000") == "无权写入该市的数据: 419001000000"
    assert partition_refusal("bogus") == "无权写入该地区的数据: bogus"


def test_each_level_ends_its_own_special_procedure() -> None:
    """The city pauses a case it accepted (公示); the town ends only the procedures it started."""
    assert next_state(State.CITY_ACCEPTED, E.PROCEDURE_STARTED, Role.CITY, {}, None, "city") is State.IN_PROCEDURE
    assert next_state(State.IN_PROCEDURE, E.PROCEDURE_ENDED, Role.CITY, {}, State.CITY_ACCEPTED, "city") is (
        State.CITY_ACCEPTED
    )
    assert next_state(State.IN_PROCEDURE, E.PROCEDURE_ENDED, Role.CLERK, {}, State.ACCEPTED, "city") is State.ACCEPTED
    with pytest.raises(TransitionError, match=PROCEDURE_OWNER):
        next_state(State.IN_PROCEDURE, E.PROCEDURE_ENDED, Role.CLERK, {}, State.CITY_ACCEPTED, "city")
    with pytest.raises(TransitionError, match=PROCEDURE_OWNER):
        next_state(State.IN_PROCEDURE, E.PROCEDURE_ENDED, Role.CITY, {}, State.ACCEPTED, "city")
    with pytest.raises(TransitionError):  # not a city item: the city has no part in it
        next_state(State.CITY_ACCEPTED, E.PROCEDURE_STARTED, Role.CITY, {}, None, "town")
