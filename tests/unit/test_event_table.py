"""docs/sync-protocol.md's table of event types stays true to the code: every type the lifecycle knows
is a row, with exactly the roles that may author it and, per role, the states its rules start from and
lead to (a row that merged the roles' states once told a clerk it may ask for materials on a
registered case, and the city that it may refuse a submitted one)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from villagedesk.domain.lifecycle import (
    AT_CITY,
    BACK_TO_CITY,
    DECISION_OUTCOMES,
    EventType,
    Role,
    State,
    _rules_for,
    may_author,
)

DOC = Path(__file__).resolve().parents[2] / "docs" / "sync-protocol.md"
ROW = re.compile(r"^\| `([a-z_]+)` \| ([a-z, ]+) \| ([^|]+) \|", re.M)
PER_ROLE = re.compile(r"^\s*(agent|clerk|city):(.*)$", re.S)
STATES = {s.value for s in State}


def _rows() -> dict[str, tuple[set[str], str]]:
    text = DOC.read_text(encoding="utf-8")
    start = text.index("### Every event type")
    table = text[start : text.index("\n### ", start + 1)]
    rows = {}
    for m in ROW.finditer(table):
        assert m.group(1) not in rows, f"{m.group(1)} twice in the table"
        rows[m.group(1)] = ({r.strip() for r in m.group(2).split(",")}, m.group(3))
    return rows


def states_of(etype: EventType, role: Role) -> set[str]:
    """The states ``role``'s rules for ``etype`` start from and lead to, as the table names them."""
    expected: set[str] = set()
    for r in _rules_for(etype):
        if role not in r.roles:
            continue
        expected |= {s.value for s in r.sources if s is not None}
        if isinstance(r.target, State):
            expected.add(r.target.value)
        elif r.target == "by_outcome":
            expected |= {s.value for s in DECISION_OUTCOMES.values()}
        elif r.target == BACK_TO_CITY:
            expected |= {s.value for s in AT_CITY}
    return expected


def named_per_role(states: str, authors: set[str]) -> dict[str, set[str]]:
    """The states a row names for each of its authors: ``role: …; role: …``, or one list for all."""
    parts = [PER_ROLE.match(part) for part in states.split(";")]
    if not any(parts):
        named = {w for w in re.findall(r"[a-z_]+", states) if w in STATES}
        return {a: named for a in authors}
    assert all(parts), f"a row naming one role's states names every role's: {states!r}"
    return {m.group(1): {w for w in re.findall(r"[a-z_]+", m.group(2)) if w in STATES} for m in parts if m}


def test_every_event_type_is_in_the_table_with_its_authors() -> None:
    rows = _rows()
    assert set(rows) == {t.value for t in EventType}
    for t in EventType:
        authors, _ = rows[t.value]
        assert authors == {r.value for r in Role if may_author(r, t)}, t.value


@pytest.mark.parametrize("etype", list(EventType), ids=lambda t: t.value)
def test_the_states_of_each_role_are_those_of_its_rules(etype: EventType) -> None:
    authors, states = _rows()[etype.value]
    if "any state" in states or "in conflict" in states:
        return
    named = named_per_role(states, authors)
    assert set(named) == authors, (etype.value, "roles named in the states column", sorted(named))
    for role in authors:
        expected = states_of(etype, Role(role))
        assert named[role] == expected, (etype.value, role, sorted(named[role] ^ expected))


def test_a_merged_row_is_caught() -> None:
    """The check can fail: the old merged rows name states a role's rules do not have."""
    merged = named_per_role("registered, submitted → awaiting_materials", {"agent", "clerk"})
    assert merged["clerk"] != states_of(EventType.MATERIALS_MISSING, Role.CLERK)
    merged = named_per_role("submitted, forwarded → refused", {"clerk", "city"})
    assert merged["city"] != states_of(EventType.REFUSED, Role.CITY)
