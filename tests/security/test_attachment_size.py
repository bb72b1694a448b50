"""One scan, one size (issue 12: "the server trusts no device").

A hostile village client, written against docs/sync-protocol.md ("Attachments", the event table): it
named a scan's SHA-256 in two ``attachment_added`` events with different sizes and the server took both.
With the wrong size named first, the honest upload under the other size was stored, and every PC of the
village and the town then failed that download's checksum on every sync, for ever. Now the server refuses
an ``attachment_added`` whose SHA-256 its partition already named, or the server already holds, with
another size (a code and a Chinese message, into the dead-letter list); ``/att/missing`` does not call a
file "held" under a size it does not have; and a PC holding a row of the wrong size from before takes the
file's true size once its bytes hash right (the SHA-256 is the file's identity).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import uuid
from pathlib import Path

from tests.security.harness import VA, Raw, Resp, Verdict, cli, event, group, server_cli
from tests.security.world import World

CJK = re.compile(r"[\u4e00-\u9fff]")


def _put(world: World, sha: str, data: bytes, total: int) -> Resp:
    headers = {
        "X-VillageDesk-Protocol": "1",
        "Content-Range": f"bytes 0-{len(data) - 1}/{total}",
        "Content-Type": "application/octet-stream",
    }
    return Raw(world.url, world.attacker.tok).request("PUT", f"/api/v1/att/{VA}/{sha}", data, headers)


def _missing(world: World, items: list[tuple[str, int]]) -> list[list[int]]:
    ask = {"v": 1, "a": [{"s": sha, "n": size, "p": VA} for sha, size in items]}
    resp = world.attacker.raw(world.url).post_json("/api/v1/att/missing", ask)
    assert resp.status == 200, (resp.status, resp.body[:300])
    return resp.json()["miss"]


def _scan(sha: str, size: int, material: object = "身份证", mime: object = "image/jpeg") -> dict:
    return {"sha256": sha, "size": size, "filename": "扫描.jpg", "material": material, "mime": mime}


def _push(world: World, events: list[dict]) -> Verdict:
    atk = world.attacker
    return Verdict.of(atk.raw(world.url).sync(push=[group(VA, atk.dev, "agent", events)]), len(events))


def _new_case(world: World) -> tuple[str, dict]:
    atk = world.attacker
    case = str(uuid.uuid4())
    return case, event(case, "case_registered", world.registration(), atk.user, atk.node)


def _refused_for_size(v: Verdict, i: int) -> str:
    assert v.rejected(i), v
    code, message = v.rej[i]
    assert code == "payload" and CJK.search(message) and "字节" in message, (code, message)
    return message


def _dead_letters(world: World) -> str:
    out = server_cli(world.server.data, world.server.db, "dead-letters", "--limit", "1000")
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_a_second_size_for_one_scan_is_refused_in_its_partition(world: World) -> None:
    atk = world.attacker
    data = os.urandom(30_000)
    sha = hashlib.sha256(data).hexdigest()
    case, reg = _new_case(world)
    wrong = event(case, "attachment_added", _scan(sha, len(data) + 7), atk.user, atk.node)  # named first
    right = event(case, "attachment_added", _scan(sha, len(data)), atk.user, atk.node)
    v = _push(world, [reg, wrong, right])  # in one push...
    assert v.accepted(0) and v.accepted(1), v
    _refused_for_size(v, 2)
    case2, reg2 = _new_case(world)
    again = event(case2, "attachment_added", _scan(sha, len(data)), atk.user, atk.node)
    same = event(case2, "attachment_added", _scan(sha, len(data) + 7), atk.user, atk.node)
    v = _push(world, [reg2, again, same])  # ...and in a later one; the same size again is one file, twice
    assert v.accepted(0) and v.accepted(2), v
    message = _refused_for_size(v, 1)
    assert str(len(data) + 7) in message, message
    assert right["i"] in _dead_letters(world) and again["i"] in _dead_letters(world)
    # the size no accepted event names is never stored: nothing can fail its checksum on the PCs
    resp = _put(world, sha, data, len(data))
    assert resp.status == 409 and json.loads(resp.body)["error"] == "unnamed", (resp.status, resp.body[:300])
    world.check_honest({case, case2})
    world.healthy()


def test_a_scan_the_server_holds_keeps_its_size_and_honest_pcs_get_it(world: World, tmp_path: Path) -> None:
    pc = world.agents[VA]
    data = os.urandom(40_000)
    sha = hashlib.sha256(data).hexdigest()
    scan = tmp_path / "户口簿.jpg"
    scan.write_bytes(data)
    out = cli(pc.profile, "attach", world.a_case(VA), str(scan), "--material", "户口簿")
    assert out.returncode == 0, out.stderr
    out = cli(pc.profile, "sync")
    assert out.returncode == 0, out.stdout + out.stderr
    assert _missing(world, [(sha, len(data))]) == []  # uploaded by the honest PC
    # the attacker learns the hash (another case of its village shows it) and names it with its own size
    atk = world.attacker
    case, reg = _new_case(world)
    assert _push(world, [reg]).accepted(0)
    for size in (len(data) + 1000, len(data) - 5):
        v = _push(world, [event(case, "attachment_added", _scan(sha, size), atk.user, atk.node)])
        message = _refused_for_size(v, 0)
        assert str(len(data)) in message, message
        # a file is not "held" under a size it does not have, and no upload can make it so
        assert _missing(world, [(sha, len(data)), (sha, size)]) == [[1, 0]]
        resp = _put(world, sha, data[:100], size)
        assert resp.status in (409, 416), (resp.status, resp.body[:300])
    same = event(case, "attachment_added", _scan(sha, len(data)), atk.user, atk.node)
    v = _push(world, [same])  # one scan on two cases, its true size: fine
    assert v.accepted(0), v
    world.check_honest({case})
    clerk = world.clerk
    assert clerk is not None
    assert _blob(clerk.profile, sha) == data
    out = cli(clerk.profile, "sync")
    assert out.returncode == 0 and "校验" not in out.stdout + out.stderr, out.stdout + out.stderr


def _blob(profile: Path, sha: str) -> bytes | None:
    path = profile / "blobs" / sha[:2] / sha
    return path.read_bytes() if path.exists() else None


def test_a_row_of_the_wrong_size_from_before_heals_on_the_next_sync(world: World, tmp_path: Path) -> None:
    """A town desk that pulled a wrong size before the server refused it: the download used to fail its
    checksum (or its range) on every sync; the bytes that hash right are the file, whatever size the row said."""
    pc, clerk = world.agents[VA], world.clerk
    assert clerk is not None
    data = os.urandom(50_000)
    sha = hashlib.sha256(data).hexdigest()
    scan = tmp_path / "申请书.jpg"
    scan.write_bytes(data)
    out = cli(pc.profile, "attach", world.a_case(VA), str(scan))
    assert out.returncode == 0, out.stderr
    assert cli(pc.profile, "sync").returncode == 0
    assert cli(clerk.profile, "sync").returncode == 0
    assert _blob(clerk.profile, sha) == data
    # a longer size (with or without the whole file already in the partial an old desk left: its range
    # request past the end was refused on every sync), a shorter one (its checksum failed on every sync)
    for wrong, leftover in ((len(data) + 3000, False), (len(data) + 3000, True), (len(data) - 7, False)):
        _stale(clerk.profile, sha, wrong)
        if leftover:
            (clerk.profile / "blobs" / sha[:2] / f"{sha}.download").write_bytes(data)
        for attempt in range(2):
            out = cli(clerk.profile, "sync")
            text = out.stdout + out.stderr
            assert out.returncode == 0 and "校验失败" not in text and "Traceback" not in text, (attempt, text)
            assert _blob(clerk.profile, sha) == data, (wrong, attempt, text)
            assert _sizes(clerk.profile, sha) == {len(data)}
    out = cli(clerk.profile, "check")
    assert out.returncode == 0, out.stdout + out.stderr


def _db(profile: Path) -> sqlite3.Connection:
    return sqlite3.connect(profile / "villagedesk.db")


def _stale(profile: Path, sha: str, size: int) -> None:
    """The state an old server left on a town desk: the scan's row names ``size``, its bytes not here yet."""
    with _db(profile) as db:
        assert db.execute("UPDATE attachments SET size = ?, present = 0 WHERE sha256 = ?", (size, sha)).rowcount
    (profile / "blobs" / sha[:2] / sha).unlink()


def _sizes(profile: Path, sha: str) -> set[int]:
    with _db(profile) as db:
        return {n for (n,) in db.execute("SELECT size FROM attachments WHERE sha256 = ?", (sha,))}


def test_a_material_or_mime_that_is_not_text_is_refused(world: World) -> None:
    atk = world.attacker
    case, reg = _new_case(world)
    events = [reg]
    for n, (material, mime) in enumerate(
        [
            (["身份证", "户口簿"], "image/jpeg"),
            ({"name": "身份证"}, "image/jpeg"),
            ("身份证", ["image/jpeg"]),
            ("身份证", 7),
        ]
    ):
        data = f"scan {n} {uuid.uuid4()}".encode()
        sha = hashlib.sha256(data).hexdigest()
        events.append(event(case, "attachment_added", _scan(sha, len(data), material, mime), atk.user, atk.node))
    data = b"a text material and mime"
    fine = _scan(hashlib.sha256(data).hexdigest(), len(data), "身份证", "image/png")
    events.append(event(case, "attachment_added", fine, atk.user, atk.node))
    v = _push(world, events)
    assert v.accepted(0) and v.accepted(len(events) - 1), v
    for i in range(1, len(events) - 1):
        assert v.rejected(i), (i, v)
        code, message = v.rej[i]
        assert code == "payload" and CJK.search(message) and "应为文字" in message, (code, message)
    world.check_honest({case})
