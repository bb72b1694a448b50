"""Hostile protocol-2 bodies from the attacker's valid token: bombs, foreign dictionaries, cut frames, id
tables that lie. Each is a clear 4xx with a Chinese message, never a 5xx, and the server holds what it held."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

import zstandard

from tests.security.harness import VA, Raw, Resp
from tests.security.world import World
from villagedesk.domain import jsonfast
from villagedesk.sync import codec

CJK = re.compile(r"[\u4e00-\u9fff]")
V2 = {"X-VillageDesk-Protocol": "2", "Content-Type": codec.CONTENT_TYPE}
ID = uuid.UUID("7d0c8c6e-3f5a-4d2b-9a1e-2b6f0e4c9a11").bytes


def frame(inner: bytes, dict_id: int = 0, content_size: bool = True) -> bytes:
    """A v2 body around ``inner`` (id count, ids, JSON) as any encoder could write it."""
    comp = zstandard.ZstdCompressor(
        level=3, dict_data=codec.dictionary(dict_id), write_content_size=content_size, write_dict_id=False
    )
    return codec.MAGIC + bytes([dict_id]) + comp.compress(inner)


def doc(events: list, ids: bytes = b"", count: int | None = None, **group) -> bytes:
    """Inner content: a push of one group of ``events`` in the attacker's village."""
    head = {"p": VA, "d": "x", "o": "agent", **group}
    body = {"v": 2, "cur": {}, "push": [{**head, "e": events}]}
    n = len(ids) // 16 if count is None else count
    return codec._varint(n) + ids + jsonfast.dumps_bytes(body)


def bomb() -> bytes:
    """100 MB of JSON in ~10 KB: a valid frame that declares its real size."""
    comp = zstandard.ZstdCompressor(level=1, write_content_size=True)
    inner = codec._varint(0) + b'{"v":2,"cur":{},"x":"' + b"0" * (100 * 1024 * 1024) + b'"}'
    return codec.MAGIC + b"\x00" + comp.compress(inner)


def bomb_unsized() -> bytes:
    """The same without the declared size: the reader would have to guess when to stop."""
    obj = zstandard.ZstdCompressor(level=1, write_content_size=False).compressobj()
    out = [obj.compress(codec._varint(0) + b'{"v":2,"x":"')]
    chunk = b"0" * (1024 * 1024)
    out += [obj.compress(chunk) for _ in range(20)]
    out.append(obj.compress(b'"}') + obj.flush())
    return codec.MAGIC + b"\x00" + b"".join(out)


def post(world: World, data: bytes, headers: dict = V2, path: str = "/api/v1/sync") -> Resp:
    return Raw(world.url, world.attacker.tok).request("POST", path, data, headers)


GOOD = frame(doc([]))
EVENT = {"c": 0, "t": "note_added", "h": [1795000000000, 0, "n"], "p": {"text": "x"}, "a": "u"}

CASES: dict[str, tuple[Callable[[World], Resp], int]] = {
    "zstd-bomb-declared-100MB": (lambda w: post(w, bomb()), 413),
    "zstd-bomb-without-size": (lambda w: post(w, bomb_unsized()), 400),
    "unknown-dictionary-9": (lambda w: post(w, GOOD[:3] + b"\x09" + GOOD[4:]), 400),
    "dictionary-255": (lambda w: post(w, GOOD[:3] + b"\xff" + GOOD[4:]), 400),
    "wrong-dictionary-named": (lambda w: post(w, frame(doc([]), 1)[:3] + b"\x00" + frame(doc([]), 1)[4:]), 400),
    "truncated-frame": (lambda w: post(w, GOOD[:-4]), 400),
    "frame-cut-to-header": (lambda w: post(w, GOOD[:6]), 400),
    "trailing-bytes": (lambda w: post(w, GOOD + b"junk"), 400),
    "two-frames": (lambda w: post(w, GOOD + GOOD[4:]), 400),
    "magic-only": (lambda w: post(w, codec.MAGIC), 400),
    "empty": (lambda w: post(w, b""), 400),
    "gzip-under-v2-type": (lambda w: post(w, b"\x1f\x8b\x08\x00" + b"\x00" * 20), 400),
    "index-out-of-range": (lambda w: post(w, frame(doc([{**EVENT, "i": 5}], ID))), 400),
    "index-negative-too-far": (lambda w: post(w, frame(doc([{**EVENT, "i": 0, "c": -3}], ID))), 400),
    "prev-out-of-range": (lambda w: post(w, frame(doc([{**EVENT, "i": 0, "r": [1 << 40]}], ID))), 400),
    "fresh-id-past-table": (lambda w: post(w, frame(doc([EVENT, EVENT], ID))), 400),
    "huge-table-count": (lambda w: post(w, frame(codec._varint(10**9) + b"{}")), 400),
    "table-longer-than-body": (lambda w: post(w, frame(doc([], count=150_000))), 400),
    "table-count-not-a-varint": (lambda w: post(w, frame(b"\xff" * 6 + b"{}")), 400),
    "hlc-array-of-one": (lambda w: post(w, frame(doc([{**EVENT, "i": 0, "h": [1]}], ID))), 400),
    "hlc-array-strings": (lambda w: post(w, frame(doc([{**EVENT, "i": 0, "h": ["1", "2", "n"]}], ID))), 400),
    "hlc-delta-negative-wall": (lambda w: post(w, frame(doc([{**EVENT, "i": 0, "h": [-5, 0, "n"]}], ID))), 400),
    "hlc-without-node": (lambda w: post(w, frame(doc([{**EVENT, "i": 0, "h": [5, 0]}], ID))), 400),
    "inner-not-json": (lambda w: post(w, frame(codec._varint(0) + b"{not json")), 400),
    "inner-json-array": (lambda w: post(w, frame(codec._varint(0) + b"[1,2]")), 400),
    "v2-body-under-protocol-1": (lambda w: post(w, GOOD, {**V2, "X-VillageDesk-Protocol": "1"}), 400),
    "v2-body-gzip-encoded": (lambda w: post(w, GOOD, {**V2, "Content-Encoding": "gzip"}), 400),
    "v2-body-to-enroll": (lambda w: post(w, GOOD, V2, "/api/v1/enroll"), 400),
    "v2-body-to-attachments": (lambda w: post(w, GOOD, V2, "/api/v1/att/missing"), 400),
    "protocol-3": (lambda w: post(w, GOOD, {**V2, "X-VillageDesk-Protocol": "3"}), 400),
}


def test_hostile_v2_bodies_get_a_clear_refusal(world: World) -> None:
    """All cases in one test: the server's whole view is compared once, before and after (a per-case
    comparison pulled every event 60 times)."""
    before = world.server_events()
    wrong = []
    for name, (send, expected) in CASES.items():
        resp = send(world)
        err = resp.json() if resp.headers.get("content-type", "").startswith("application/json") else {}
        ok = (
            resp.status == expected
            and isinstance(err.get("error"), str)
            and bool(err["error"])
            and bool(CJK.search(err.get("message") or ""))
            and (err["error"] == "dictionary" or not name.startswith(("unknown-dictionary", "dictionary-")))
        )
        if not ok:
            wrong.append((name, resp.status, resp.body[:200]))
    assert not wrong, wrong
    world.assert_no_change_outside(before, world.server_events(), set())
    world.healthy()


def test_a_bad_event_inside_a_good_v2_body_is_judged_alone(world: World) -> None:
    """Ids that are not canonical UUIDs travel as text and the judge refuses that event, not the body."""
    bad = {**EVENT, "i": "not-a-uuid", "c": "NOT-A-UUID"}
    resp = post(world, frame(doc([bad], a="u", n="n")))
    assert resp.status == 200, resp.body[:300]
    assert resp.headers["content-type"].startswith(codec.CONTENT_TYPE)
    reply = codec.decode(resp.body)
    assert reply["ack"] == [0] and reply["rej"][0][1] == "malformed", reply
    world.healthy()
