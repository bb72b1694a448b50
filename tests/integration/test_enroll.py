"""Enrollment with one-time codes: good, reused, expired, guessed (rate-limited)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from villagedesk.server import auth
from villagedesk.server import models as sm
from villagedesk.sync import engine, protocol
from villagedesk.sync.transport import ServerRefused, Transport

VILLAGE = "419001100201"


def _enroll_raw(url: str, code: str) -> ServerRefused | dict:
    t = Transport(url)
    try:
        return t.post("/api/v1/enroll", {"v": protocol.PROTOCOL_VERSION, "code": code}).data
    except ServerRefused as exc:
        return exc
    finally:
        t.close()


def test_good_code_enrolls_and_sets_identity(server, make_desk) -> None:
    desk = make_desk("a")
    code = server.code(VILLAGE, "agent", "李娜")
    reply = engine.enroll(desk, server.url, code.lower())  # typed in lower case: still fine
    assert reply["parts"] == [VILLAGE] and reply["role"] == "agent"
    ident = desk.identity
    assert ident.region_code == VILLAGE and ident.device_id == reply["dev"]
    assert engine.server_config(desk).token == reply["tok"]
    # the token is stored only hashed on the server

    with server.db.read() as s:
        row = s.scalars(select(sm.Device)).one()
    assert row.token_hash != reply["tok"] and reply["tok"] not in row.token_hash


def test_reused_and_expired_codes_are_refused(server, make_desk) -> None:
    code = server.code(VILLAGE)
    assert isinstance(_enroll_raw(server.url, code), dict)
    again = _enroll_raw(server.url, code)
    assert isinstance(again, ServerRefused) and again.status == 403 and "已被使用" in again.message
    late = server.code(VILLAGE)
    with server.db.write() as s:  # its 72 hours have passed
        for row in s.scalars(select(sm.EnrollCode).where(sm.EnrollCode.device_id.is_(None))):
            row.expires_at = row.created_at - timedelta(seconds=1)
    expired = _enroll_raw(server.url, late)
    assert isinstance(expired, ServerRefused) and expired.status == 403 and "过期" in expired.message


@pytest.mark.parametrize("hours", [0, -1, -0.5, 24 * 91, float("nan")])
def test_codes_are_never_born_expired_or_everlasting(server, hours) -> None:
    with pytest.raises(ValueError, match="小时"):
        server.code(VILLAGE, hours=hours)


def test_failures_lock_out_one_address_and_one_code_never_everyone() -> None:
    limiter = auth.FailureLimiter(per_client=5, per_code=5, window=600)
    for n in range(60):  # an attacker spreading guesses over many codes from one address
        limiter.failed("10.9.9.9", f"GUESS{n:07d}")
    with pytest.raises(auth.RateLimited):
        limiter.check("10.9.9.9")
    limiter.check("10.1.1.1", "REALCODE0001")  # a clerk elsewhere with a valid code is not held up
    for _ in range(5):  # one code hammered from many addresses is locked on its own
        limiter.failed(f"10.2.2.{_}", "TARGETCODE01")
    with pytest.raises(auth.RateLimited):
        limiter.check("10.3.3.3", "TARGETCODE01")
    limiter.check("10.3.3.3", "OTHERCODE001")


def test_guessed_codes_are_rate_limited(server) -> None:
    real = server.code(VILLAGE)
    statuses = []
    for n in range(8):
        result = _enroll_raw(server.url, f"AAAA-BBBB-{n:04d}")
        assert isinstance(result, ServerRefused)
        statuses.append(result.status)
    assert statuses[:5] == [403] * 5 and set(statuses[5:]) == {429}
    # while limited, even the right code is not tried: guessing cannot continue
    limited = _enroll_raw(server.url, real)
    assert isinstance(limited, ServerRefused) and limited.status == 429


@pytest.mark.parametrize("region,role", [("419001100000", "agent"), ("419001100201", "clerk"), ("12", "agent")])
def test_codes_only_for_sensible_regions(server, region, role) -> None:
    with pytest.raises(ValueError):
        server.code(region, role)


def test_missing_or_future_protocol_version_is_400(server) -> None:
    import requests

    r = requests.post(server.url + "/api/v1/enroll", json={"v": 1, "code": "X"}, timeout=10)
    assert r.status_code == 400 and protocol.PROTOCOL_HEADER in r.json()["message"]
    r = requests.post(
        server.url + "/api/v1/sync",
        json={"v": 99},
        headers={protocol.PROTOCOL_HEADER: "99", "Authorization": "Bearer x"},
        timeout=10,
    )
    assert r.status_code == 400 and "协议版本" in r.json()["message"]
