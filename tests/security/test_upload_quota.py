"""A village token cannot fill the town server's disk with named files: attachment bytes have a per-device
quota (issue 12, third round), on SQLite and on PostgreSQL with ``serve --workers 2``.

Before, a new upload was bounded only by the event naming it: a token could name a 50 MB file in every
``attachment_added`` event its push quota allowed (3,000 a day) and store them all. Now ``serve
--upload-quota-mb N`` (default 1000) caps the bytes a device starts storing in any 24 hours; past it the
upload is 429 ``upload_quota`` with a Chinese message and a Retry-After, and nothing reaches the disk.
The hostile client speaks docs/sync-protocol.md only.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.security.harness import VA, Raw, Resp, Server, Token, Verdict, event, group, registration_payload
from tests.security.templates import pg_create, pg_drop
from tests.security.world import World

CJK = re.compile(r"[\u4e00-\u9fff]")
QUOTA_MB = 1  # 1,000,000 bytes a day: three files of 300 KB fit, a fourth does not
SIZE = 300_000


@pytest.fixture(scope="module")
def town(database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    root = tmp_path_factory.mktemp("upload-quota")
    name = f"vd_upq_{uuid.uuid4().hex[:10]}"
    db = pg_create(name) if database == "pg" else None
    server = Server(root / "town", db, workers=2 if db else None, extra=("--upload-quota-mb", str(QUOTA_MB))).start()
    try:
        yield World(root, server)
    finally:
        server.stop()
        if db:
            pg_drop(name)


def disk(world: World) -> int:
    root = Path(world.server.data) / "blobs"
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file() and p.suffix != ".lock") if root.exists() else 0


def named_files(world: World, tok: Token, n: int, tag: str) -> list[tuple[bytes, str]]:
    """A case of ``tok``'s village and ``n`` random files its events name (events first, as the client does)."""
    files = [os.urandom(SIZE) for _ in range(n)]
    reg = event("", "case_registered", registration_payload(VA, f"100201-261120-{tag}001"), tok.user, tok.node)
    case = reg["c"] = reg["i"]  # a case is named by its registration event
    names = [
        event(
            case,
            "attachment_added",
            {"sha256": hashlib.sha256(f).hexdigest(), "size": SIZE, "filename": "扫描.jpg"},
            tok.user,
            tok.node,
        )
        for f in files
    ]
    v = Verdict.of(tok.raw(world.url).sync(push=[group(VA, tok.dev, "agent", [reg, *names])], lim=0), n + 1)
    assert all(v.accepted(i) for i in range(n + 1)), v
    return [(f, hashlib.sha256(f).hexdigest()) for f in files]


def put(world: World, tok: Token, sha: str, data: bytes) -> Resp:
    headers = {
        "X-VillageDesk-Protocol": "1",
        "Content-Range": f"bytes 0-{len(data) - 1}/{len(data)}",
        "Content-Type": "application/octet-stream",
    }
    return Raw(world.url, tok.tok).request("PUT", f"/api/v1/att/{VA}/{sha}", data, headers)


def refused(resp: Resp) -> bool:
    if resp.status == 200:
        assert json.loads(resp.body)["done"] is True, resp.body[:300]
        return False
    assert resp.status == 429, (resp.status, resp.body[:300])
    err = json.loads(resp.body)
    assert err["error"] == "upload_quota" and CJK.search(err["message"]) and "限额" in err["message"], err
    assert 1 <= int(resp.headers["retry-after"]) <= 24 * 3600
    return True


def test_a_device_past_its_daily_bytes_is_refused_and_stores_nothing(town: World) -> None:
    tok = town.enroll_token(VA, "agent", "scanner")
    files = named_files(town, tok, 5, "QA")
    for data, sha in files[:3]:
        assert not refused(put(town, tok, sha, data))  # 900 KB of the 1 MB day
    before = disk(town)
    for data, sha in files[3:]:
        assert refused(put(town, tok, sha, data))  # the old code stored every named file
    assert disk(town) == before
    # another device of the village has its own quota: the limit is per device, not the village's
    other = town.enroll_token(VA, "agent", "second-pc")
    data, sha = named_files(town, other, 1, "QB")[0]
    assert not refused(put(town, other, sha, data))
    # and the refused device still syncs its events
    assert tok.raw(town.url).sync(push=[], cur={}).status == 200


def test_concurrent_uploads_of_one_device_share_one_quota(town: World) -> None:
    tok = town.enroll_token(VA, "agent", "parallel")
    files = named_files(town, tok, 8, "QC")
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda f: put(town, tok, f[1], f[0]), files))
    taken = sum(not refused(a) for a in answers)
    assert taken == 3, [a.status for a in answers]  # not more because two workers counted at once
