"""The town server's transport edges (issue 12, the hostile client's last round), over real HTTP on loopback.

- an attachment upload's Content-Range TOTAL must be the ``size`` an ``attachment_added`` event of its
  partition names on every PUT, not only on the first one: a "restart" with another total, or the whole
  file under another total, once stored a file whose size differed from its event, and every honest PC
  of the village then failed its download's checksum on every sync.

Every test here failed on the old code.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid

from tests.security.harness import VA, Raw, Resp, Verdict, event, group
from tests.security.world import World


def _put(world: World, sha: str, data: bytes, start: int, total: int) -> Resp:
    headers = {
        "X-VillageDesk-Protocol": "1",
        "Content-Range": f"bytes {start}-{start + len(data) - 1}/{total}",
        "Content-Type": "application/octet-stream",
    }
    return Raw(world.url, world.attacker.tok).request("PUT", f"/api/v1/att/{VA}/{sha}", data, headers)


def _name(world: World, sha: str, size: int) -> None:
    """A case of the attacker's village whose ``attachment_added`` names ``sha`` with ``size``."""
    atk = world.attacker
    case = str(uuid.uuid4())
    reg = event(case, "case_registered", world.registration(), atk.user, atk.node)
    scan = {"sha256": sha, "size": size, "filename": "扫描.jpg"}
    added = event(case, "attachment_added", scan, atk.user, atk.node)
    v = Verdict.of(atk.raw(world.url).sync(push=[group(VA, atk.dev, "agent", [reg, added])]), 2)
    assert v.accepted(0) and v.accepted(1), v
    world.legit_new_cases.add(case)


def _offset(world: World, sha: str, size: int) -> list:
    ask = {"v": 1, "a": [{"s": sha, "n": size, "p": VA}]}
    resp = world.attacker.raw(world.url).post_json("/api/v1/att/missing", ask)
    assert resp.status == 200, resp.body[:300]
    return resp.json()["miss"]


def _unnamed(resp: Resp) -> None:
    assert resp.status == 409, (resp.status, resp.body[:300])
    err = json.loads(resp.body)
    assert err["error"] == "unnamed" and any("\u4e00" <= ch <= "\u9fff" for ch in err["message"]), err


def test_every_put_whose_total_differs_from_the_event_is_refused(world: World) -> None:
    data = os.urandom(30_000)
    sha = hashlib.sha256(data).hexdigest()
    wrong = len(data) - 1  # the event names a size one byte short of the file's
    _name(world, sha, wrong)
    first = _put(world, sha, data[:1], 0, wrong)  # the first PUT names the event's size: taken
    assert first.status == 200 and json.loads(first.body)["off"] == 1, first.body[:300]
    whole = _put(world, sha, data, 0, len(data))  # then the whole file under its true total
    _unnamed(whole)
    restart = _put(world, sha, data[:1], 0, len(data) + 7)  # a "restart" from 0 with yet another total
    _unnamed(restart)
    assert _offset(world, sha, wrong) == [[0, 1]], "a refused PUT changed the upload it did not own"
    got = world.attacker.raw(world.url).get(f"/api/v1/att/{VA}/{sha}")
    assert got.status == 404, (got.status, len(got.body))  # nothing stored under a size no event names


def test_a_restart_with_another_total_leaves_the_honest_upload_alone(world: World) -> None:
    data = os.urandom(20_000)
    sha = hashlib.sha256(data).hexdigest()
    _name(world, sha, len(data))
    half = _put(world, sha, data[:10_000], 0, len(data))
    assert half.status == 200 and json.loads(half.body)["off"] == 10_000, half.body[:300]
    _unnamed(_put(world, sha, data[:1], 0, len(data) + 1))
    assert _offset(world, sha, len(data)) == [[0, 10_000]]  # the resumable upload is still where it was
    rest = _put(world, sha, data[10_000:], 10_000, len(data))
    assert rest.status == 200 and json.loads(rest.body)["done"] is True, rest.body[:300]
    got = world.attacker.raw(world.url).get(f"/api/v1/att/{VA}/{sha}")
    assert got.status == 200 and got.body == data
