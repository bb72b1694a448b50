"""Issue 18 (contact): ``villagedesk-server devices`` and ``revoke`` showed a PC's last contact as its
last push (or bundle). Every authenticated request counts, written at most once a minute per device.
Real server, real HTTP on loopback, real enrolled PCs."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime, timedelta

import requests

from villagedesk.db import store as st
from villagedesk.server import cli as server_cli
from villagedesk.server import models as sm
from villagedesk.sync import engine
from villagedesk.sync import protocol as proto

VILLAGE = "419001100201"
LONG_AGO = datetime(2020, 1, 1, 8, 0)


def _last_seen(server, device_id: str) -> datetime | None:
    with server.db.read() as s:
        return s.get(sm.Device, device_id).last_seen


def _age(server, device_id: str) -> None:
    with server.db.write() as s:
        s.get(sm.Device, device_id).last_seen = LONG_AGO


def _token(desk) -> str:
    with desk.store.read() as s:
        return st.get_setting(s, engine.K_TOKEN)


def _url(server) -> str:
    return server.db.engine.url.render_as_string(hide_password=False)


def _post(server, desk, path: str, body: dict) -> requests.Response:
    return requests.post(
        server.url + path,
        data=gzip.compress(json.dumps(body).encode()),
        headers={
            "Authorization": f"Bearer {_token(desk)}",
            "Content-Encoding": "gzip",
            "Content-Type": "application/json",
            proto.PROTOCOL_HEADER: "1",
        },
        timeout=10,
    )


def test_a_pc_that_only_pulls_shows_a_fresh_last_contact(server, enrolled, capsys) -> None:
    puller = enrolled("puller", VILLAGE)
    device = puller.identity.device_id
    eng = engine.SyncEngine(puller)
    try:
        assert eng.run().ok
    finally:
        eng.close()
    server.app.state.tokens._seen.clear()  # a minute later, as far as the throttle knows
    _age(server, device)
    eng = engine.SyncEngine(puller)  # nothing to push: a pull of cases and reference data
    try:
        assert eng.run().ok
    finally:
        eng.close()
    seen = _last_seen(server, device)
    assert seen is not None and seen > LONG_AGO
    capsys.readouterr()
    assert server_cli.main(["devices", "--db", _url(server)]) == 0
    row = next(line for line in capsys.readouterr().out.splitlines() if line.startswith(device))
    assert f"{seen.replace(tzinfo=UTC) + timedelta(hours=8):%Y-%m-%d %H:%M}(北京时间)" in row  # as revoke says it


def test_every_authenticated_request_counts_as_contact_once_a_minute(server, enrolled, capsys) -> None:
    pc = enrolled("attachments", VILLAGE)
    device = pc.identity.device_id
    _age(server, device)
    ask = {"v": 1, "a": [{"s": "0" * 64, "n": 10, "p": VILLAGE}]}
    assert _post(server, pc, "/api/v1/att/missing", ask).status_code == 200
    seen = _last_seen(server, device)
    assert seen is not None and seen > LONG_AGO  # was 2020: only a push or a bundle counted
    _age(server, device)
    assert _post(server, pc, "/api/v1/att/missing", ask).status_code == 200
    assert _last_seen(server, device) == LONG_AGO  # within the minute: no second write
    capsys.readouterr()
    server.app.state.tokens._seen.clear()
    assert _post(server, pc, "/api/v1/att/missing", ask).status_code == 200
    assert server_cli.main(["revoke", "--db", _url(server), device]) == 0
    assert "该设备最后一次与镇中心联系: 20" in capsys.readouterr().out
    assert _last_seen(server, device) > LONG_AGO
