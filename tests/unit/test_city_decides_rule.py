"""The rule of who decides a city-level item (``lifecycle.city_problem``) and the partition refusal's
words by level (``protocol.partition_refusal``), as the judge, the desk and the server share them."""

from __future__ import annotations

import pytest

from villagedesk.domain.lifecycle import CITY_DECIDES, EventType, Role, city_problem
from villagedesk.sync.protocol import partition_refusal

E = EventType


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
