"""Attacks 7 and 8: enrollment lock-out across addresses, code lifetimes, and immediate revocation."""

from __future__ import annotations

import re
import secrets
import time
import uuid
from pathlib import Path

import pytest

from tests.security.harness import (
    VA,
    Raw,
    Server,
    enroll_raw,
    event,
    group,
    registration_payload,
    server_cli,
)
from tests.security.world import World
from villagedesk.domain.case_numbers import CROCKFORD
from villagedesk.server import models as sm
from villagedesk.server.db import Database, default_url

CJK = re.compile(r"[\u4e00-\u9fff]")
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O/1/I/L, as the docs say


def bad_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def test_sixty_bad_codes_from_one_address_do_not_lock_out_another(fresh_server: Server) -> None:
    good = fresh_server.code(VA, "agent", "李娜")
    statuses = [enroll_raw(fresh_server.url, bad_code(), source="127.0.0.1").status for _ in range(60)]
    assert all(s < 500 for s in statuses), statuses
    assert set(statuses) <= {400, 401, 403, 429}, statuses
    assert 429 in statuses[:7], ("more than 5 failures from one address must answer 429", statuses[:10])
    resp = enroll_raw(fresh_server.url, good, source="127.0.0.2")
    assert resp.status == 200, (resp.status, resp.body[:300])
    assert resp.json()["region"] == VA


def _enroll(server: Server, code: str, source: str, dev: str | None = None):
    body: dict = {"v": 1, "code": code, **({"dev": dev} if dev else {})}
    return Raw(server.url, source=source).post_json("/api/v1/enroll", body, gz=False)


def test_an_honest_office_retrying_a_refused_valid_code_is_never_locked_out(fresh_server: Server) -> None:
    """A refusal after a valid unspent code (the PC's old id still live: device_taken; every device tag of
    the village held: village_full) is the office's to retry once the town has acted; it must not spend
    the address's failure budget (5 in 10 minutes), or the retry after the town's fix is a 429."""
    old = _enroll(fresh_server, fresh_server.code(VA, "agent", "李娜"), "127.0.0.9").json()
    db = Database.open(fresh_server.db or default_url(fresh_server.data))
    try:  # every other device tag of the village held (1,024 PCs): a new PC waits for a revocation
        with db.write() as s:
            held = set(s.scalars(sm.DeviceTag.__table__.select().with_only_columns(sm.DeviceTag.tag)))
            for tag in (a + b for a in CROCKFORD for b in CROCKFORD):
                if tag not in held:
                    s.add(sm.DeviceTag(partition=VA, tag=tag, device_id=str(uuid.uuid4())))
    finally:
        db.dispose()
    new_pc = fresh_server.code(VA, "agent", "刘洋")
    for _ in range(8):
        resp = _enroll(fresh_server, new_pc, "127.0.0.9")
        assert resp.status == 403 and resp.json()["error"] == "village_full", (resp.status, resp.body[:300])
        assert CJK.search(resp.json()["message"])

    reinstalled = fresh_server.code(VA, "agent", "李娜")
    for _ in range(8):  # the reinstalled PC sends its old id, still live: the clerk has not revoked it yet
        resp = _enroll(fresh_server, reinstalled, "127.0.0.9", old["dev"])
        assert resp.status == 403 and resp.json()["error"] == "device_taken", (resp.status, resp.body[:300])
    assert server_cli(fresh_server.data, fresh_server.db, "revoke", old["dev"]).returncode == 0
    again = _enroll(fresh_server, reinstalled, "127.0.0.9", old["dev"])  # takes the revoked PC's place
    assert again.status == 200, (again.status, again.body[:300])

    assert server_cli(fresh_server.data, fresh_server.db, "revoke", again.json()["dev"]).returncode == 0
    third = _enroll(fresh_server, new_pc, "127.0.0.9")  # a tag is free now: the same code, honoured
    assert third.status == 200, (third.status, third.body[:300])

    # wrong codes from that address still count: the sixth within the window is a 429
    statuses = [enroll_raw(fresh_server.url, bad_code(), source="127.0.0.9").status for _ in range(7)]
    assert statuses[:5] == [403] * 5 and statuses[5:] == [429, 429], statuses


@pytest.mark.parametrize("hours", ["0", "-1", "-72", "nan", "1e400"])
def test_enroll_refuses_a_code_that_would_be_born_expired(tmp_path: Path, hours: str) -> None:
    out = server_cli(
        tmp_path / "town", None, "enroll", "--region", VA, "--role", "agent", "--name", "李娜", "--hours", hours
    )
    assert out.returncode != 0, out.stdout
    assert "注册码" not in out.stdout, "a code was printed"
    assert CJK.search(out.stderr), out.stderr
    assert "Traceback" not in out.stderr


def _requests_after_revoke(server: Server, token: str, dev: str) -> list[int | str]:
    raw = Raw(server.url, token)
    for _ in range(20):  # warm every worker's caches with the token
        assert raw.sync().status == 200
    out = server_cli(server.data, server.db, "revoke", dev)
    assert out.returncode == 0, out.stderr
    statuses = [raw.sync().status for _ in range(20)]  # a new connection each: every worker gets some
    statuses.append(raw.get("/api/v1/att/" + VA + "/" + "ab" * 32).status)
    statuses.append(raw.post_json("/api/v1/att/missing", {"v": 1, "a": []}).status)
    if 200 in statuses:  # for the report: how long a revoked token keeps being served
        start = time.monotonic()
        while raw.sync().status == 200 and time.monotonic() - start < 30:
            time.sleep(0.2)
        statuses.append(f"still served {time.monotonic() - start:.1f} s after the checks")  # type: ignore[arg-type]
    return statuses


def test_revocation_is_immediate(world: World) -> None:
    atk = world.attacker
    statuses = _requests_after_revoke(world.server, atk.tok, atk.dev)
    assert statuses == [401] * len(statuses), statuses
    reg = event(
        str(uuid.uuid4()), "case_registered", registration_payload(VA, "100201-261120-R0001"), atk.user, atk.node
    )
    before = world.server_events()
    resp = atk.raw(world.url).sync(push=[group(VA, atk.dev, "agent", [reg])])
    assert resp.status == 401
    world.assert_no_change_outside(before, world.server_events(), set())
    world.check_honest()


def test_revocation_is_immediate_on_two_workers(database, tmp_path: Path) -> None:
    """``serve --workers 2`` on PostgreSQL: no worker keeps honouring a revoked token."""
    if database != "pg":
        pytest.skip("--workers needs PostgreSQL")
    from tests.security.conftest import _pg_database, _pg_drop

    name = f"vdsec_workers_{uuid.uuid4().hex[:10]}"
    url, admin = _pg_database(name)
    server = Server(tmp_path / "town", url, workers=2).start()
    try:
        body = enroll_raw(server.url, server.code(VA, "agent", "other-vendor")).json()
        statuses = _requests_after_revoke(server, body["tok"], body["dev"])
        assert statuses == [401] * len(statuses), statuses
        assert Raw(server.url).get("/api/v1/health").status == 200
    finally:
        server.stop()
        _pg_drop(admin, name)
