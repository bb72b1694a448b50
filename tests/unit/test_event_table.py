"""docs/sync-protocol.md's table of event types stays true to the code: every type the lifecycle knows
is a row, with exactly the roles that may author it and the states its rules start from and lead to."""

from __future__ import annotations

import re
from pathlib import Path

from villagedesk.domain.lifecycle import DECISION_OUTCOMES, EventType, Role, State, _rules_for, may_author

DOC = Path(__file__).resolve().parents[2] / "docs" / "sync-protocol.md"
ROW = re.compile(r"^\| `([a-z_]+)` \| ([a-z, ]+) \| ([^|]+) \|", re.M)
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


def test_every_event_type_is_in_the_table_with_its_authors() -> None:
    rows = _rows()
    assert set(rows) == {t.value for t in EventType}
    for t in EventType:
        authors, _ = rows[t.value]
        assert authors == {r.value for r in Role if may_author(r, t)}, t.value


def test_the_states_of_each_row_are_those_of_its_rules() -> None:
    for name, (_, states) in _rows().items():
        if "any state" in states or "in conflict" in states:
            continue
        rules = _rules_for(EventType(name))
        expected = {s.value for r in rules for s in r.sources if s is not None}
        expected |= {r.target.value for r in rules if isinstance(r.target, State)}
        if any(r.target == "by_outcome" for r in rules):
            expected |= {s.value for s in DECISION_OUTCOMES.values()}
        named = {w for w in re.findall(r"[a-z_]+", states) if w in STATES}
        assert named == expected, (name, sorted(named ^ expected))
