"""A village's USB bundle spends its device's push quota, as its network sync does.

Before, a bundle imported at the town was not counted: a device over its quota (or a stick of a flooding
PC) got everything in through the clerk. Now the import is refused whole with a Chinese sentence saying
when to try again, nothing changes (the bundle number is not claimed), and the same file goes in later.
Real server on loopback (SQLite and PostgreSQL), real village and clerk profiles, the server CLI as the
town's operator runs it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.integration.server_harness import PG_ENV, running_server
from tests.integration.test_bundles import desk_state, server_state
from tests.integration.test_sync_roundtrip import register, sync
from villagedesk.server.app import ServerConfig
from villagedesk.server.quota import QuotaConfig
from villagedesk.sync import engine, offline, relay
from villagedesk.sync.transport import ServerRefused

VILLAGE = "419001100201"
TOWN = "419001100000"
DAY_S = 24 * 3600
TINY = QuotaConfig(True, events_per_day=3, burst_events=3, bytes_per_day=10**7, burst_bytes=10**7)
IDS = ["419001198001010014", "419001199002020024", "419001198503030031", "419001199004040045"]


class Clock:
    """The quota's clock (wall seconds, as kept in the database), moved by the test."""

    def __init__(self) -> None:
        self.t = time.time()

    def __call__(self) -> float:
        return self.t


@pytest.fixture(params=["sqlite", pytest.param("pg", marks=pytest.mark.postgres)])
def town(request, tmp_path: Path):
    if request.param == "pg" and not os.environ.get(PG_ENV):
        pytest.skip(f"{PG_ENV} not set")
    with running_server(request.param, tmp_path, ServerConfig(push_quota=TINY)) as srv:
        srv.clock = srv.app.state.quota._clock = Clock()
        yield srv


def _server_import(srv, tmp_path: Path, bundle: Path) -> subprocess.CompletedProcess:
    """``villagedesk-server import-bundle`` on the server's own database, as the operator would run it."""
    url = srv.db.engine.url.render_as_string(hide_password=False)
    cmd = [sys.executable, "-m", "villagedesk.server.cli", "--data", str(tmp_path / "srv-data"), "import-bundle"]
    cmd += [str(bundle), "--ack-out", str(tmp_path / "cli-ack.vdb"), "--db", url, "--push-quota", str(3)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)


def test_a_bundle_over_its_devices_quota_is_refused_whole_and_imports_later(town, make_desk, tmp_path) -> None:
    village, clerk = make_desk("v"), make_desk("clerk")
    engine.enroll(village, town.url, town.code(VILLAGE, "agent", "村"))
    engine.enroll(clerk, town.url, town.code(TOWN, "clerk", "镇中心"))
    register(village, "张三", IDS[0])
    register(village, "欧阳·娜", IDS[1])
    first = sync(village)  # the network sync spends part of the bucket
    assert first.ok and first.pushed >= 2, first.error
    cases = [register(village, "王𠮷", IDS[2]), register(village, "李四", IDS[3])]
    stick = tmp_path / "usb"
    stick.mkdir()
    exported = offline.export_bundle(village, stick / "村.vdb")
    assert exported.events >= 2 and first.pushed + exported.events > TINY.burst_events
    before, local = server_state(town.db), desk_state(village)

    with pytest.raises(ServerRefused) as err:
        relay.relay_bundle(clerk, stick / "村.vdb", stick / "回执.vdb")
    words = relay.reason(err.value)
    assert err.value.status == 429 and err.value.code == "quota", (err.value.status, words)
    assert "限额" in words and "后再导入同一个同步包" in words and "没有任何数据改变" in words, words
    assert "小时" in words or "分钟" in words, words
    assert not any(w in words for w in ("Traceback", "HTTP 429", "Error")), words
    assert not (stick / "回执.vdb").exists()
    assert server_state(town.db) == before and desk_state(village) == local  # nothing lost, nothing claimed

    out = _server_import(town, tmp_path, stick / "村.vdb")  # the operator's CLI counts it the same way
    assert out.returncode == 1 and "后再导入同一个同步包" in out.stderr, out.stdout + out.stderr
    assert "Traceback" not in out.stderr
    assert server_state(town.db) == before

    town.clock.t += 2 * DAY_S  # the bucket refills: the very same file is imported now
    done = relay.relay_bundle(clerk, stick / "村.vdb", stick / "回执.vdb")
    assert (done.seq, done.events, done.accepted, done.rejected) == (1, exported.events, exported.events, 0)
    got = offline.import_ack(village, stick / "回执.vdb")
    assert got.result.pushed == exported.events and engine.pending_count(village) == 0
    assert sync(clerk).ok
    assert engine.case_status(village, cases) == dict.fromkeys(cases, "synced")
