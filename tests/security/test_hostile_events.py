"""Attack 4 and more: hostile events, each judged on its own, never a 5xx, never stored, never pulled.

Every case pushes one hostile event beside a well-formed note of the attacker's own village, in the same
request. The docs promise that one bad event never sinks the batch: the note is accepted, the hostile event
gets ``ack`` 0 and a ``rej`` entry with a code, and the observers' full pulls (parsed strictly: no NaN)
show nothing new but the note. The module ends with every honest PC syncing.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable
from typing import Any

import pytest

from tests.security.harness import TOWN1, VA, VB, VC, Verdict, event, group
from tests.security.world import World

SURROGATE = "\ud800"
DEEP = "__DEEP_PLACEHOLDER__"
BIGINT = "__BIGINT_PLACEHOLDER__"
SUBS = {DEEP: b"[" * 1000 + b"]" * 1000, BIGINT: b"9" * 5000}
NAN, INF = float("nan"), float("inf")

Mut = Callable[[World, dict, dict], None]  # (world, group, event) → mutate in place


def drop(key: str) -> Mut:
    def mut(_w: World, _g: dict, ev: dict) -> None:
        ev.pop(key)

    return mut


def put(key: str, value: Any) -> Mut:
    def mut(_w: World, _g: dict, ev: dict) -> None:
        ev[key] = copy.deepcopy(value)

    return mut


def payload(value: Any) -> Mut:
    return put("p", value)


def in_group(key: str, value: Any) -> Mut:
    def mut(_w: World, g: dict, _ev: dict) -> None:
        if value is drop:
            g.pop(key)
        else:
            g[key] = value

    return mut


def case_of(village: str) -> Mut:
    def mut(w: World, _g: dict, ev: dict) -> None:
        ev["c"] = w.a_case(village)

    return mut


def registration_claiming(village: str) -> Mut:
    def mut(w: World, _g: dict, ev: dict) -> None:
        ev.update(c=str(uuid.uuid4()), t="case_registered", p=w.registration(village))

    return mut


def registration_with(path: tuple[str, ...], value: Any) -> Mut:
    def mut(w: World, _g: dict, ev: dict) -> None:
        p = w.registration(VA)
        target = p
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        ev.update(c=str(uuid.uuid4()), t="case_registered", p=p)

    return mut


U = str(uuid.uuid4())
HOSTILE: list[tuple[str, Mut]] = [
    # the event id
    ("i-missing", drop("i")),
    ("i-not-uuid", put("i", "abc")),
    ("i-37-chars", put("i", U + "0")),
    ("i-1000-chars", put("i", "a" * 1000)),
    ("i-int", put("i", 5)),
    ("i-null", put("i", None)),
    ("i-surrogate", put("i", U[:-1] + SURROGATE)),
    ("i-braces", put("i", "{" + U + "}")),
    # the case id
    ("c-missing", drop("c")),
    ("c-not-uuid", put("c", "case-1")),
    ("c-100-chars", put("c", "c" * 100)),
    ("c-list", put("c", [U])),
    ("c-of-village-b", case_of(VB)),
    ("c-of-other-town", case_of(VC)),
    # the type
    ("t-missing", drop("t")),
    ("t-unknown", put("t", "case_deleted")),
    ("t-empty", put("t", "")),
    ("t-int", put("t", 3)),
    ("t-upper", put("t", "NOTE_ADDED")),
    ("t-surrogate", put("t", "note_added" + SURROGATE)),
    ("t-clerk-only", put("t", "refused")),
    # the author
    ("a-missing", drop("a")),
    ("a-empty", put("a", "")),
    ("a-10000-chars", put("a", "a" * 10000)),
    ("a-int", put("a", 7)),
    ("a-surrogate", put("a", SURROGATE)),
    # the HLC stamp
    ("h-missing", drop("h")),
    ("h-garbage", put("h", "yesterday")),
    ("h-short-wall", put("h", "123-00000-node")),
    ("h-negative-wall", put("h", "-000000000001-00000-node")),
    ("h-5000-char-node", put("h", "1796166000000-00000-" + "n" * 5000)),
    ("h-int", put("h", 1796166000000)),
    ("h-surrogate-node", put("h", "1796166000000-00000-" + SURROGATE)),
    ("h-nul-node", lambda _w, _g, ev: ev.update(h=ev["h"][:19] + "-n\u0000n")),
    (
        "h-arabic-indic-wall",
        lambda _w, _g, ev: ev.update(h="".join(chr(0x660 + int(c)) for c in ev["h"][:13]) + ev["h"][13:]),
    ),
    ("h-year-1970", put("h", "0000000000001-00000-node")),
    ("h-year-2286", put("h", "9999999999999-00000-node")),
    # the payload
    ("p-missing", drop("p")),
    ("p-list", payload(["text"])),
    ("p-string", payload("text")),
    ("p-null", payload(None)),
    ("p-surrogate-value", payload({"text": "备注" + SURROGATE})),
    ("p-surrogate-key", payload({"text": "备注", SURROGATE: 1})),
    ("p-nested-1000", payload({"text": "备注", "n": DEEP})),
    ("p-1mb-text", payload({"text": "字" * 1_000_000})),
    ("p-text-not-string", payload({"text": {"$gt": ""}})),
    ("p-nul-char", payload({"text": "备注\u0000尾"})),
    # prev ids, schema version, sequence
    ("r-string", put("r", "abc")),
    ("r-ints", put("r", [1, 2])),
    ("r-10000-ids", put("r", [str(uuid.uuid4()) for _ in range(10000)])),
    ("r-surrogate", put("r", [SURROGATE])),
    ("s-99", put("s", 99)),
    ("s-string", put("s", "1")),
    ("s-negative", put("s", -1)),
    ("s-fraction", put("s", 1.5)),
    # the group the event travels in
    ("group-p-other-town", in_group("p", VC)),
    ("group-p-town-code", in_group("p", TOWN1)),
    ("group-p-11-digits", in_group("p", VA[:-1])),
    ("group-p-surrogate", in_group("p", VA[:-1] + SURROGATE)),
    ("group-p-int", in_group("p", int(VA))),
    ("group-o-clerk", in_group("o", "clerk")),
    ("group-o-admin", in_group("o", "admin")),
    ("group-o-unknown", in_group("o", "root")),
    # (a group's ``d`` of any kind is replaced by the token's device, as documented: test_issue12.py)
    # registrations that claim what the partition is not
    ("registration-applicant-in-b", registration_claiming(VB)),
    ("registration-no-case-no", registration_with(("case_no",), "")),
    ("registration-case-no-int", registration_with(("case_no",), 5)),
    ("registration-applicant-string", registration_with(("applicant",), "张三")),
    ("registration-materials-dict", registration_with(("materials",), {"a": 1})),
]
# Non-finite numbers are in test_poison_payloads.py: taken once, they break every later pull of the server.
POISON: list[tuple[str, Mut]] = [
    ("p-nan", payload({"text": "备注", "n": NAN})),
    ("p-infinity", payload({"text": "备注", "n": INF})),
    ("p-minus-infinity", payload({"text": "备注", "n": [-INF]})),
    ("s-infinity", put("s", INF)),
    ("s-minus-infinity", put("s", -INF)),
    ("s-nan", put("s", NAN)),
]
assert len({name for name, _ in HOSTILE + POISON}) == len(HOSTILE) + len(POISON) >= 50


@pytest.mark.parametrize("mutate", [m for _, m in HOSTILE], ids=[n for n, _ in HOSTILE])
def test_hostile_event_is_refused_alone(world: World, mutate: Mut) -> None:
    atk = world.attacker
    good = event(world.a_case(VA), "note_added", {"text": "正常备注"}, atk.user, atk.node)
    bad = event(world.a_case(VA), "note_added", {"text": "恶意"}, atk.user, atk.node)
    bad_group = group(VA, atk.dev, "agent", [bad])
    mutate(world, bad_group, bad)
    before = world.server_events()
    resp = atk.raw(world.url).sync(push=[group(VA, atk.dev, "agent", [good]), bad_group], sub=SUBS)
    assert resp.status < 500, resp.body[:300]
    v = Verdict.of(resp, 2)
    assert v.accepted(0), ("the well-formed note was sunk with the batch", v)
    assert v.rejected(1), ("hostile event taken", v.ack, v.rej)
    world.assert_no_change_outside(before, world.server_events(), {good["i"]})
    world.healthy()


STORED_DIFFERENTLY = {
    "h-nul-node",
    "i-37-chars",
    "a-surrogate",
    "p-surrogate-value",
    "p-surrogate-key",
    "p-1mb-text",
    "p-nul-char",
}


@pytest.mark.parametrize(
    "mutate",
    [m for n, m in HOSTILE if n in STORED_DIFFERENTLY],
    ids=[n for n, _ in HOSTILE if n in STORED_DIFFERENTLY],
)
def test_hostile_event_is_refused_alone_on_every_database(world: World, mutate: Mut) -> None:
    test_hostile_event_is_refused_alone(world, mutate)


@pytest.mark.parametrize("lone", ["object", "list", "null", "number", "string"])
def test_an_event_that_is_not_an_object_is_refused_alone(world: World, lone: str) -> None:
    atk = world.attacker
    good = event(world.a_case(VA), "note_added", {"text": "正常备注"}, atk.user, atk.node)
    junk = {"object": {}, "list": [], "null": None, "number": 5, "string": "e"}[lone]
    before = world.server_events()
    resp = atk.raw(world.url).sync(push=[group(VA, atk.dev, "agent", [good, junk])])
    v = Verdict.of(resp, 2)
    assert v.accepted(0) and v.rejected(1), v
    world.assert_no_change_outside(before, world.server_events(), {good["i"]})


def test_duplicate_ids_in_one_batch_store_one_event(world: World) -> None:
    """Same id twice with different content, and twice with the same: one event each, never overwritten."""
    atk = world.attacker
    first = event(world.a_case(VA), "note_added", {"text": "第一"}, atk.user, atk.node)
    other = {**first, "p": {"text": "第二"}}
    same = event(world.a_case(VA), "note_added", {"text": "重发"}, atk.user, atk.node)
    before = world.server_events()
    v = Verdict.of(atk.raw(world.url).sync(push=[group(VA, atk.dev, "agent", [first, other, same, dict(same)])]), 4)
    after = world.server_events()
    assert v.accepted(0) and v.rejected(1) and v.rej[1][0] == "conflict", v
    assert v.accepted(2) and (3 in v.dup or v.ack[3] == v.ack[2]), v
    assert after[first["i"]]["p"] == {"text": "第一"}
    world.assert_no_change_outside(before, after, {first["i"], same["i"]})


def test_pushed_sequence_number_is_not_taken(world: World) -> None:
    """A pushed ``q`` (negative, or someone else's) is never the stored sequence."""
    atk = world.attacker
    evs = [event(world.a_case(VA), "note_added", {"text": "序号"}, atk.user, atk.node, q=q) for q in (-1, 1, 10**12)]
    before = world.server_events()
    v = Verdict.of(atk.raw(world.url).sync(push=[group(VA, atk.dev, "agent", evs)]), 3)
    after = world.server_events()
    seqs = sorted(e["q"] for e in after.values())
    assert seqs == list(range(1, len(seqs) + 1)), "server sequence numbers are no longer dense"
    for i, ev in enumerate(evs):
        if v.accepted(i):
            assert after[ev["i"]]["q"] == v.ack[i] > max(e["q"] for e in before.values())
    world.assert_no_change_outside(before, after, {e["i"] for e in evs})


def test_pulled_pages_stay_strict_json_and_honest_pcs_still_sync(world: World) -> None:
    """After every hostile event above: strict JSON for every device, and the PCs agree with the server."""
    for tok in (world.attacker, *world.observers.values()):
        resp = tok.raw(world.url).sync(cur={}, own=True, lim=5000)
        assert resp.status == 200
        resp.json()  # strict parse: NaN, Infinity would raise
        assert b"NaN" not in resp.body and b"Infinity" not in resp.body
    world.check_honest()


def test_a_5000_digit_integer_in_a_payload_is_a_clear_refusal(world: World) -> None:
    """Python's int() refuses > 4300 digits: the server must turn that into a refusal, not a 500."""
    atk = world.attacker
    good = event(world.a_case(VA), "note_added", {"text": "正常备注"}, atk.user, atk.node)
    bad = event(world.a_case(VA), "note_added", {"text": "大数", "n": BIGINT}, atk.user, atk.node)
    before = world.server_events()
    resp = atk.raw(world.url).sync(push=[group(VA, atk.dev, "agent", [good, bad])], sub=SUBS)
    assert resp.status < 500, resp.body[:300]
    if resp.status == 200:
        v = Verdict.of(resp, 2)
        assert v.accepted(0) and v.rejected(1), v
        world.assert_no_change_outside(before, world.server_events(), {good["i"]})
    else:  # a body no JSON parser without limits reads: refused whole, with the documented error shape
        assert resp.status in (400, 413), resp.status
        body = resp.json()
        assert body["error"] and body["message"], body
        world.assert_no_change_outside(before, world.server_events(), set())
    world.healthy()
