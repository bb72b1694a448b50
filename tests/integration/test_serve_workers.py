"""``serve --workers N``: several server processes on one PostgreSQL feed; refused on SQLite."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.events import registration, use_tag
from villagedesk.domain.hlc import HybridClock
from villagedesk.domain.lifecycle import Role
from villagedesk.server import auth
from villagedesk.server.db import Database
from villagedesk.sync import protocol
from villagedesk.sync.transport import Transport

from .server_harness import fresh_pg_database

ROOT = Path(__file__).resolve().parents[2]
VILLAGE = "419001100201"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(tmp: Path, url: str, port: int) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "villagedesk.server.cli", "--data", str(tmp), "serve", "--db", url]
    return subprocess.Popen(
        [*cmd, "--port", str(port), "--workers", "2"],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_workers_need_postgresql(tmp_path: Path) -> None:
    proc = _serve(tmp_path, f"sqlite:///{tmp_path / 'server.db'}", _port())
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 2
    assert "PostgreSQL" in err


@pytest.mark.skipif(not os.environ.get("VILLAGEDESK_TEST_PG"), reason="VILLAGEDESK_TEST_PG not set")
def test_two_workers_hand_out_sequence_numbers_without_gaps_or_repeats(tmp_path: Path) -> None:
    with fresh_pg_database() as url:
        db = Database.open(url)
        port = _port()
        proc = _serve(tmp_path, url, port)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=1):
                        break
                except OSError:
                    assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read()
                    time.sleep(0.2)
            devices = []
            for n in range(6):
                code = auth.create_code(db, VILLAGE, Role.AGENT, f"d{n}")[0]
                t = Transport(base)
                reply = t.post("/api/v1/enroll", {"v": 1, "code": code}).data
                t.close()
                use_tag(reply["dev"], reply["tag"])  # as a real PC numbers its cases
                devices.append((reply["tok"], reply["dev"]))
            acks: list[int] = []
            for _round in range(3):
                for tok, dev in devices:  # new connections: the kernel spreads them over both workers
                    clock = HybridClock(dev[:12])
                    batch = [registration(VILLAGE, dev, clock.now()) for _ in range(3)]
                    t = Transport(base, tok)
                    body = {"v": 1, "push": protocol.group_events(batch), "cur": {VILLAGE: 0}, "ref": 0}
                    acks += t.post("/api/v1/sync", body).data["ack"]
                    t.close()
            assert sorted(acks) == list(range(1, len(acks) + 1))
        finally:
            proc.terminate()
            proc.communicate(timeout=30)
            db.dispose()
