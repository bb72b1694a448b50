"""One reader for every body: protocol 2 carries the same JSON rules as protocol 1 (issue 12, second round).

A hostile client with a valid token sends, in a v1 body and in a v2 body (``VD2`` + dictionary 0 + zstd of
an empty id table and the JSON, docs/sync-protocol.md "Protocol version 2"), integers outside 64 bits and
objects with a duplicate key. Each refuses its own event only, with a Chinese message; the other events
of the body are taken; nothing refused is ever served to a pull; the honest PCs still sync.
"""

from __future__ import annotations

import gzip
import json
import uuid

import pytest
import zstandard

from tests.security.harness import VA, Raw, Resp, Verdict, event, group, strict_loads
from tests.security.world import World

V2 = {"X-VillageDesk-Protocol": "2", "Content-Type": "application/x-villagedesk-v2"}
V1 = {"X-VillageDesk-Protocol": "1", "Content-Type": "application/json", "Content-Encoding": "gzip"}

OUT_OF_RANGE = {
    "2-to-the-64": b"18446744073709551616",
    "minus-2-to-the-63-minus-1": b"-9223372036854775809",
    "20-nines": b"9" * 20,
    "4299-digits": b"9" * 4299,
    "4300-digits": b"9" * 4300,
    "5000-digits": b"9" * 5000,
    "minus-5000-digits": b"-" + b"9" * 5000,
}
IN_RANGE = [b"18446744073709551615", b"-9223372036854775808", b"0"]


def body_text(push: list, subs: dict[str, bytes]) -> bytes:
    """Compact JSON of a push; each placeholder string (quoted) replaced by raw bytes."""
    text = json.dumps({"v": 1, "cur": {}, "push": push}, ensure_ascii=False, separators=(",", ":")).encode()
    for old, new in subs.items():
        text = text.replace(f'"{old}"'.encode(), new)
    return text


def send(world: World, text: bytes, v2: bool) -> Resp:
    """POST the document as protocol 1 (gzip) or protocol 2 (empty id table, zstd without dictionary)."""
    if v2:
        text = text.replace(b'"v":1', b'"v":2', 1)
        data = b"VD2\x00" + zstandard.ZstdCompressor(write_content_size=True).compress(b"\x00" + text)
        return Raw(world.url, world.attacker.tok).request("POST", "/api/v1/sync", data, V2)
    return Raw(world.url, world.attacker.tok).request("POST", "/api/v1/sync", gzip.compress(text), V1)


def verdict(resp: Resp, n: int) -> Verdict:
    """The per-event verdict of a v1 or a v2 reply (a v2 reply is zstd with the shipped dictionary)."""
    if resp.body.startswith(b"VD2"):
        from villagedesk.sync import codec  # the client's decoder of the reply, as the official client reads it

        plain = json.dumps(codec.decode(resp.body)).encode()
        resp = Resp(resp.status, {"content-type": "application/json"}, plain)
    return Verdict.of(resp, n)


def own_case(world: World) -> tuple[dict, str]:
    """A fresh registration of the attacker's village: the notes below go on it."""
    atk = world.attacker
    case = str(uuid.uuid4())
    return event(case, "case_registered", world.registration(), atk.user, atk.node), case


@pytest.mark.parametrize("v2", [False, True], ids=["v1", "v2"])
def test_an_integer_outside_64_bits_refuses_its_own_event(world: World, v2: bool) -> None:
    atk = world.attacker
    before = world.server_events()
    reg, case = own_case(world)
    bad = [event(case, "note_added", {"text": "x", "z": f"N{k}"}, atk.user, atk.node) for k in OUT_OF_RANGE]
    good = [event(case, "note_added", {"text": "ok", "z": f"G{k}"}, atk.user, atk.node) for k in range(len(IN_RANGE))]
    subs = {f"N{k}": v for k, v in OUT_OF_RANGE.items()} | {f"G{k}": v for k, v in enumerate(IN_RANGE)}
    events = [reg, *bad, *good]
    v = verdict(send(world, body_text([group(VA, atk.dev, "agent", events)], subs), v2), len(events))
    assert v.accepted(0), v
    for n, name in enumerate(OUT_OF_RANGE, start=1):
        assert v.rejected(n), (name, v)
        assert "整数超出 64 位范围" in v.rej[n][1], (name, v.rej[n])
    for n in range(1 + len(bad), len(events)):
        assert v.accepted(n), (IN_RANGE[n - 1 - len(bad)], v)
    after = world.server_events()  # strict JSON: every page still parses
    world.assert_no_change_outside(before, after, {reg["i"]} | {e["i"] for e in good})
    assert {after[e["i"]]["p"]["z"] for e in good} == {int(x) for x in IN_RANGE}
    world.check_honest({case})


DUPLICATES = {
    "payload-text-twice": (b'"p":{"text":"first","text":"second"}', "malformed"),
    "nested-key-twice": (b'"p":{"text":"x","m":{"a":1,"a":2}}', "payload"),
    "event-type-twice": (b'"t":"note_added","t":"withdrawn"', "malformed"),
}


@pytest.mark.parametrize("v2", [False, True], ids=["v1", "v2"])
def test_a_duplicate_key_refuses_its_own_event(world: World, v2: bool) -> None:
    atk = world.attacker
    before = world.server_events()
    reg, case = own_case(world)
    bad = [event(case, "note_added", {"text": "x"}, atk.user, atk.node) for _ in DUPLICATES]
    good = event(case, "note_added", {"text": "ok"}, atk.user, atk.node)
    events = [reg, *bad, good]
    text = body_text([group(VA, atk.dev, "agent", events)], {})
    for ev, (twice, _) in zip(bad, DUPLICATES.values(), strict=True):
        at = text.index(ev["i"].encode())
        plain = b'"p":{"text":"x"}' if twice.startswith(b'"p"') else b'"t":"note_added"'
        cut = text.index(plain, at)
        text = text[:cut] + twice + text[cut + len(plain) :]
    v = verdict(send(world, text, v2), len(events))
    assert v.accepted(0) and v.accepted(len(events) - 1), v
    for n, (name, (_, code)) in enumerate(DUPLICATES.items(), start=1):
        assert v.rejected(n), (name, v)
        assert v.rej[n][0] == code and "重复的键" in v.rej[n][1], (name, v.rej[n])
    after = world.server_events()
    world.assert_no_change_outside(before, after, {reg["i"], good["i"]})
    world.check_honest({case})


@pytest.mark.parametrize("v2", [False, True], ids=["v1", "v2"])
def test_a_duplicate_key_in_the_body_itself_is_a_400(world: World, v2: bool) -> None:
    """The request's own object cannot be judged per event: a clear 400, nothing stored."""
    before = world.server_events()
    text = body_text([], {}).replace(b'"cur":{}', b'"cur":{},"cur":{}')
    resp = send(world, text, v2)
    assert resp.status == 400, (resp.status, resp.body[:300])
    err = strict_loads(resp.body)
    assert "重复的键" in err["message"], err
    world.assert_no_change_outside(before, world.server_events(), set())
    world.healthy()


HIDDEN = ["\u202e", "\u202a", "\u2066", "\u2069", "\r"]  # bidi override, embedding, isolates, a bare CR


def test_bidi_controls_and_a_bare_cr_in_payload_text_refuse_their_event(world: World) -> None:
    """They reorder or overwrite what the clerk's terminal shows (``villagedesk show``); CRLF and LF are
    text and kept as sent."""
    atk = world.attacker
    before = world.server_events()
    reg, case = own_case(world)
    bad = [event(case, "note_added", {"text": f"付款给{c}张三"}, atk.user, atk.node) for c in HIDDEN]
    bad.append(event(case, "note_added", {"text": "x", "m": {"k\u202e": "v"}}, atk.user, atk.node))  # a key too
    good = [event(case, "note_added", {"text": t}, atk.user, atk.node) for t in ("两行\r\n第二行", "两行\n第二行")]
    events = [reg, *bad, *good]
    v = Verdict.of(atk.raw(world.url).sync(push=[group(VA, atk.dev, "agent", events)]), len(events))
    assert v.accepted(0), v
    for n in range(1, 1 + len(bad)):
        assert v.rejected(n) and v.rej[n][0] == "payload" and "控制字符" in v.rej[n][1], (n, v)
    assert all(v.accepted(n) for n in range(1 + len(bad), len(events))), v
    after = world.server_events()
    world.assert_no_change_outside(before, after, {reg["i"]} | {e["i"] for e in good})
    assert after[good[0]["i"]]["p"]["text"] == "两行\r\n第二行"
    world.check_honest({case})


def test_a_refusal_names_the_position_never_the_text_sent(world: World) -> None:
    """A material off the item's checklist is refused as 第 N 项材料, its name not repeated (a refusal is
    shown to people and kept in the dead-letter list)."""
    atk = world.attacker
    before = world.server_events()
    hostile = ["<script>alert(1)</script>", "秘密材料XYZ"]
    refused = []
    for name in hostile:
        payload = world.registration()
        payload["materials"][1]["name"] = name
        reg = event(str(uuid.uuid4()), "case_registered", payload, atk.user, atk.node)
        v = Verdict.of(atk.raw(world.url).sync(push=[group(VA, atk.dev, "agent", [reg])]), 1)
        assert v.rejected(0), v
        refused.append(v.rej[0][1])
    for name, message in zip(hostile, refused, strict=True):
        assert "第 2 项材料" in message, message
        assert name not in message and "script" not in message and "XYZ" not in message, message
    world.assert_no_change_outside(before, world.server_events(), set())
