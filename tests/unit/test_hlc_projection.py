"""Hybrid logical clock and causal projection: wrong wall clocks cannot reorder a case's history."""

from __future__ import annotations

import random
import uuid

import pytest

from villagedesk.domain.events import Event
from villagedesk.domain.hlc import MAX_DRIFT_MS, HybridClock, Timestamp
from villagedesk.domain.lifecycle import EventType, Role, State
from villagedesk.domain.projection import causal_order, project

YEAR_MS = 365 * 24 * 3600 * 1000


def _walls(*values: int):
    it = iter(values)
    return lambda: next(it)


def test_monotonic_even_when_the_wall_clock_goes_back() -> None:
    clock = HybridClock("dev", wall=_walls(1000, 1000, 999, 500, 2000, 1999))
    stamps = [clock.now() for _ in range(6)]
    assert stamps == sorted(stamps) and len(set(stamps)) == 6
    assert Timestamp.decode(stamps[3]).wall_ms == 1000  # never goes back to 500
    assert Timestamp.decode(stamps[4]).wall_ms == 2000


def test_restart_continues_from_max_of_saved_and_now() -> None:
    first = HybridClock("dev", wall=lambda: 50_000)
    issued = first.now()
    slow = HybridClock("dev", last=first.last, wall=lambda: 40_000)  # PC clock set back after a restart
    after = slow.now()
    assert after > issued and Timestamp.decode(after).wall_ms == 50_000
    fast = HybridClock("dev", last=first.last, wall=lambda: 90_000)
    assert Timestamp.decode(fast.now()) == Timestamp(90_000, 0, "dev")


def test_remote_stamp_a_year_ahead_is_not_adopted() -> None:
    now = 1_780_000_000_000
    clock = HybridClock("dev", wall=lambda: now)
    before = clock.now()
    future = Timestamp(now + YEAR_MS, 0, "bad").encode()
    assert clock.observe(future) is False
    assert clock.last == before
    assert Timestamp.decode(clock.now()).wall_ms == now
    near = Timestamp(now + MAX_DRIFT_MS // 2, 7, "ok").encode()
    assert clock.observe(near) is True
    assert clock.now() > near


def test_encoding_sorts_like_the_tuple() -> None:
    rng = random.Random(7)
    stamps = [Timestamp(rng.randrange(10**12), rng.randrange(99999), rng.choice("ab")) for _ in range(500)]
    assert sorted(stamps) == sorted(stamps, key=lambda t: t.encode())
    assert [Timestamp.decode(t.encode()) for t in stamps] == stamps
    for bad in ("", "12-3", "abc-00001-x", "0000000001000-1-x"):
        with pytest.raises(ValueError):
            Timestamp.decode(bad)


CASE = str(uuid.uuid4())


def _ev(etype: EventType, role: Role, wall: int, prev=(), device="village", **payload) -> Event:
    base = {"at": "2026-11-20"}
    if etype is EventType.CASE_REGISTERED:
        base.update(case_no="100201-261120-AB001", applicant={"name": "张三"}, promised_days=10)
    return Event(
        id=str(uuid.uuid4()), case_id=CASE, type=etype, payload={**base, **payload}, author="u",
        device=device, role=role, partition="419001100201", hlc=Timestamp(wall, 0, device).encode(),
        prev=tuple(e.id for e in prev),
    )  # fmt: skip


def test_causal_order_beats_a_wrong_clock() -> None:
    reg = _ev(EventType.CASE_REGISTERED, Role.AGENT, 5_000)
    sub = _ev(EventType.SUBMITTED, Role.AGENT, 6_000, [reg])
    acc = _ev(EventType.ACCEPTED, Role.CLERK, 1_000, [sub], device="town")  # town PC clock far behind
    assert [e.id for e in causal_order([acc, sub, reg])] == [reg.id, sub.id, acc.id]
    view = project(CASE, [acc, reg, sub])
    assert view.state is State.ACCEPTED and not view.conflict
    # without prev, the wrong clock would have put the answer before the question
    orphan = _ev(EventType.ACCEPTED, Role.CLERK, 1_000, device="town")
    assert project(CASE, [orphan, reg, sub]).conflict


def test_concurrent_withdrawn_and_decided_are_both_kept_as_conflict() -> None:
    reg = _ev(EventType.CASE_REGISTERED, Role.AGENT, 1_000)
    sub = _ev(EventType.SUBMITTED, Role.AGENT, 2_000, [reg])
    acc = _ev(EventType.ACCEPTED, Role.CLERK, 3_000, [sub], device="town")
    decided = _ev(EventType.DECIDED, Role.CLERK, 4_000, [acc], device="town", outcome="approved")
    withdrawn = _ev(EventType.WITHDRAWN, Role.AGENT, 4_500, [acc], reason="不办了")
    events = [reg, sub, acc, decided, withdrawn]
    for order in (events, list(reversed(events))):  # arrival order does not matter
        view = project(CASE, order)
        assert view.state is State.APPROVED and view.conflict_events == [withdrawn.id]
        assert view.event_count == 5
    fix = _ev(EventType.CONFLICT_RESOLVED, Role.AGENT, 5_000, [decided, withdrawn], state="withdrawn")
    view = project(CASE, [*events, fix])
    assert view.state is State.WITHDRAWN and not view.conflict


def _slow_order(events: list[Event]) -> list[str]:
    """The topological sort itself, reached by giving it the events in an order that is not a chain."""
    shuffled = list(reversed(events)) if len(events) > 1 else events
    return [e.id for e in causal_order(shuffled)]


def test_chain_fast_path_gives_what_the_sort_gives() -> None:
    rng = random.Random(3)
    for _ in range(200):
        chain: list[Event] = []
        for n in range(rng.randrange(1, 8)):
            wall = rng.randrange(1_000, 9_000)  # clocks all over the place: the chain order still rules
            chain.append(_ev(EventType.NOTE_ADDED, Role.AGENT, wall, chain[-1:] if n else ()))
        assert [e.id for e in causal_order(chain)] == [e.id for e in chain] == _slow_order(chain)


def test_forks_and_unusual_prev_lists_take_the_full_sort() -> None:
    reg = _ev(EventType.CASE_REGISTERED, Role.AGENT, 5_000)
    a = _ev(EventType.NOTE_ADDED, Role.AGENT, 7_000, [reg])
    b = _ev(EventType.NOTE_ADDED, Role.CLERK, 6_000, [reg], device="town")  # concurrent with a
    assert [e.id for e in causal_order([reg, a, b])] == [reg.id, b.id, a.id]  # hlc breaks the tie
    c = _ev(EventType.NOTE_ADDED, Role.AGENT, 8_000, [reg, a])  # two known parents
    assert [e.id for e in causal_order([reg, a, c])] == [reg.id, a.id, c.id]
    late = _ev(EventType.NOTE_ADDED, Role.AGENT, 4_000, [a])
    assert [e.id for e in causal_order([late, reg, a])] == [reg.id, a.id, late.id]
    assert [e.id for e in causal_order([reg, reg])] == [reg.id]  # a duplicate is one event
