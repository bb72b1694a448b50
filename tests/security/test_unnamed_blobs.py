"""A village token cannot fill the town server's disk with files no event names (issue 12, second round).

The hostile client PUTs random 1 MB files to its own partition, as docs/sync-protocol.md ("Attachments")
describes the upload. A new upload is taken only for a file an ``attachment_added`` event of that partition
already held by the server names with that size, which is the order the official client keeps (events
first, files after); everything else is a 409 ``unnamed`` with a Chinese message and nothing is stored.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import uuid
from pathlib import Path

from tests.security.harness import VA, Raw, Resp, Verdict, event, group
from tests.security.world import World

CJK = re.compile(r"[\u4e00-\u9fff]")
MB = 1024 * 1024


def put(world: World, partition: str, sha: str, data: bytes, total: int | None = None) -> Resp:
    total = len(data) if total is None else total
    headers = {
        "X-VillageDesk-Protocol": "1",
        "Content-Range": f"bytes 0-{len(data) - 1}/{total}",
        "Content-Type": "application/octet-stream",
    }
    return Raw(world.url, world.attacker.tok).request("PUT", f"/api/v1/att/{partition}/{sha}", data, headers)


def disk(world: World) -> int:
    root = Path(world.server.data) / "blobs"
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) if root.exists() else 0


def blob(size: int = MB) -> tuple[bytes, str]:
    data = os.urandom(size)
    return data, hashlib.sha256(data).hexdigest()


def test_files_no_event_names_are_refused_and_store_nothing(world: World) -> None:
    before = disk(world)
    for _ in range(8):
        data, sha = blob()
        resp = put(world, VA, sha, data)
        assert resp.status == 409, (resp.status, resp.body[:300])
        err = json.loads(resp.body)
        assert err["error"] == "unnamed" and CJK.search(err["message"]), err
    assert disk(world) - before < MB, "unnamed uploads reached the disk"
    world.healthy()


def test_a_file_its_case_names_is_taken_and_only_with_that_size(world: World) -> None:
    atk = world.attacker
    data, sha = blob(200_000)
    case = str(uuid.uuid4())
    reg = event(case, "case_registered", world.registration(), atk.user, atk.node)
    scan = {"sha256": sha, "size": len(data), "filename": "扫描.jpg"}
    named = event(case, "attachment_added", scan, atk.user, atk.node)
    v = Verdict.of(atk.raw(world.url).sync(push=[group(VA, atk.dev, "agent", [reg, named])]), 2)
    assert v.accepted(0) and v.accepted(1), v
    before = disk(world)
    bigger = put(world, VA, sha, data + b"x" * 10, len(data) + 10)  # the event says another size
    assert bigger.status == 409 and json.loads(bigger.body)["error"] == "unnamed", bigger.body[:300]
    other = put(world, "419001100202", sha, data)  # another village's partition: refused before anything
    assert other.status == 403, other.body[:300]
    resp = put(world, VA, sha, data)
    assert resp.status == 200 and json.loads(resp.body)["done"] is True, resp.body[:300]
    assert disk(world) - before == len(data)
    world.check_honest({case})
