"""Attack 2: registrations with a bare payload must never reach a PC (they broke every later pull).

A module (and server) of its own: when the server takes them, every PC of the village and the clerk fail
for good, which would drown the other attacks' results.
"""

from __future__ import annotations

import uuid

from tests.security.harness import VA, Verdict, event, group
from tests.security.world import World


def test_minimal_case_registered_is_refused_and_later_syncs_work(world: World) -> None:
    """Attack 2: two registrations with a bare {"item": "x"} payload (no case number)."""
    atk = world.attacker
    before = world.server_events()
    bad = [event(str(uuid.uuid4()), "case_registered", {"item": "x"}, atk.user, atk.node) for _ in range(2)]
    good = event(world.a_case(VA), "note_added", {"text": "正常备注"}, atk.user, atk.node)
    v = Verdict.of(atk.raw(world.url).sync(push=[group(VA, atk.dev, "agent", [*bad, good])]), 3)
    world.check_honest()  # first the harm: every PC of the town syncs, nothing raw printed
    fresh = world.honest_device("agent-a-fresh", VA, cases=0)  # a fresh PC of the village pulls everything
    assert set(fresh.cases(VA)) == set(world.agents[VA].cases(VA))
    assert v.rejected(0) and v.rejected(1), v
    assert v.accepted(2)
    world.assert_no_change_outside(before, world.server_events(), {good["i"]})
