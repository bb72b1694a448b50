"""Attacks 1, 3, 5 and 6: a valid village-A token writing where, as whom and when it must not.

Each attack is pushed beside a well-formed event of the attacker's own village (a note on one of A's
cases): the docs promise that one bad event never sinks the batch, so the companion must be accepted while
the hostile events are refused one by one, with a code. Afterwards every honest PC still syncs, holds the
server's cases of its scope, and nothing of another village changed.
"""

from __future__ import annotations

import uuid

import pytest

from tests.security.harness import TOWN1, VA, VB, VC, Verdict, event, group, hlc
from tests.security.world import World


def note(world: World, text: str = "正常备注") -> dict:
    atk = world.attacker
    return event(world.a_case(VA), "note_added", {"text": text}, atk.user, atk.node)


def push(world: World, groups: list[dict]) -> Verdict:
    n = sum(len(g["e"]) for g in groups)
    return Verdict.of(world.attacker.raw(world.url).sync(push=groups), n)


LIFECYCLE_ON_B = [
    ("withdrawn", {"reason": "村民撤回"}),
    ("submitted", {}),
    ("closed", {}),
    ("village_completed", {}),
    ("materials_missing", {"missing": ["户口簿"]}),
    ("custody_changed", {"holder": "agent"}),
    ("evaluated", {"score": 1}),
    ("note_added", {"text": "篡改"}),
]


@pytest.mark.parametrize("partition_named", ["B", "A"], ids=["group-says-B", "group-says-A-case-of-B"])
def test_lifecycle_events_for_another_villages_case_are_refused_one_by_one(world: World, partition_named) -> None:
    """Attack 1: withdraw (and more) B's case, naming B's partition or smuggling it under A's."""
    atk = world.attacker
    victim = world.a_case(VB)
    before = world.server_events()
    hostile = [event(victim, t, p, atk.user, atk.node) for t, p in LIFECYCLE_ON_B]
    good = note(world)
    part = VB if partition_named == "B" else VA
    v = push(world, [group(VA, atk.dev, "agent", [good]), group(part, atk.dev, "agent", hostile)])
    assert v.accepted(0), "the attacker's own well-formed note was sunk with the batch"
    for i in range(1, len(hostile) + 1):
        assert v.rejected(i), (i, hostile[i - 1]["t"], v.ack[i])
    after = world.server_events()
    world.assert_no_change_outside(before, after, {good["i"]})
    world.check_honest()


@pytest.mark.parametrize("whom", ["agent-b", "clerk-1", "agent-a", "agent-c"])
def test_forged_authoring_device_is_never_delivered_under_the_forged_name(world: World, whom: str) -> None:
    """Attack 3: the group's ``d`` names another PC (another village's, the clerk's, or A's honest PC).

    Accepted events must carry the token's own device; a forged name would also hide the event from the
    PC it names (a device does not pull its own events) — so that PC is checked to hold the case.
    """
    atk = world.attacker
    named = world.clerk if whom == "clerk-1" else next(d for d in world.agents.values() if d.name == whom)
    case = str(uuid.uuid4())
    reg = event(case, "case_registered", world.registration(VA), atk.user, atk.node)
    world.legit_new_cases.add(case)  # a registration in its own village is the attacker's right
    before = world.server_events()
    v = push(world, [group(VA, named.dev, "agent", [reg])])
    after = world.server_events()
    world.assert_no_change_outside(before, after, {reg["i"]})
    if v.accepted(0):
        assert after[reg["i"]]["_d"] == atk.dev, ("delivered under the forged device", after[reg["i"]]["_d"])
        world.check_honest(allowed_new={case})
        assert case in world.agents[VA].cases(VA), "the honest PC of village A never received the case"
    else:
        assert v.rejected(0)
        assert reg["i"] not in after
        world.check_honest()


def test_one_uuid_in_three_spellings_is_one_event(world: World) -> None:
    """Attack 5: the same event id lower-case, upper-case and without dashes."""
    atk = world.attacker
    base = note(world, "同一事件")
    eid = uuid.UUID(base["i"])
    spellings = [str(eid), str(eid).upper(), eid.hex]
    events = [{**base, "i": s} for s in spellings]
    before = world.server_events()
    resp = atk.raw(world.url).sync(push=[group(VA, atk.dev, "agent", events)])
    v = Verdict.of(resp, 3)
    after = world.server_events()
    new = [e for k, e in after.items() if k not in before]
    assert len([e for e in new if uuid.UUID(e["i"]) == eid]) == 1, [e["i"] for e in new]
    assert len(new) == 1
    assert new[0]["i"] == str(eid), "stored ids should be canonical lower-case"
    assert sum(1 for i in range(3) if v.accepted(i) and i not in v.dup) == 1, v
    world.assert_no_change_outside(before, after, {str(eid)})
    world.check_honest()


def _lifecycle_attacks(world: World) -> list[tuple[str, dict, str]]:
    atk = world.attacker
    mine = world.a_case(VA)
    return [
        ("submitted-before-registration", event(str(uuid.uuid4()), "submitted", {}, atk.user, atk.node), "agent"),
        ("decided-by-agent", event(mine, "decided", {"outcome": "approved"}, atk.user, atk.node), "agent"),
        ("accepted-by-agent", event(mine, "accepted", {}, atk.user, atk.node), "agent"),
        ("decided-claiming-clerk", event(mine, "decided", {"outcome": "approved"}, atk.user, atk.node), "clerk"),
        ("hlc-1970", event(mine, "note_added", {"text": "t"}, atk.user, atk.node, h=hlc(atk.node, 1)), "agent"),
        (
            "hlc-2286",
            event(mine, "note_added", {"text": "t"}, atk.user, atk.node, h=hlc(atk.node, 9_999_999_999_999)),
            "agent",
        ),
        ("delivered-before-decision", event(mine, "delivered", {}, atk.user, atk.node), "agent"),
        ("registered-twice", event(mine, "case_registered", world.registration(VA), atk.user, atk.node), "agent"),
    ]


LIFECYCLE_IDS = [
    "submitted-before-registration",
    "decided-by-agent",
    "accepted-by-agent",
    "decided-claiming-clerk",
    "hlc-1970",
    "hlc-2286",
    "delivered-before-decision",
    "registered-twice",
]


@pytest.mark.parametrize("name", LIFECYCLE_IDS)
def test_server_judges_the_lifecycle_per_event(world: World, name: str) -> None:
    """Attack 6: events the state machine or the clock forbids, each refused with a code."""
    atk = world.attacker
    hostile, role = next((e, r) for n, e, r in _lifecycle_attacks(world) if n == name)
    good = note(world)
    before = world.server_events()
    v = push(world, [group(VA, atk.dev, "agent", [good]), group(VA, atk.dev, role, [hostile])])
    assert v.accepted(0)
    assert v.rejected(1), (name, v.ack, v.rej)
    world.assert_no_change_outside(before, world.server_events(), {good["i"]})


def test_honest_pcs_after_the_lifecycle_attacks(world: World) -> None:
    """The PCs of both towns and the clerk still sync and agree with the server."""
    world.check_honest()
    assert world.clerk is not None and world.clerk.region == TOWN1
    assert world.agents[VC].cases(VC) == world.baseline[VC]
