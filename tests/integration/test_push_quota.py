"""The push quota seen from our own client: a village PC whose outbox is larger than its quota is told so
in one Chinese line, keeps every event, pulls meanwhile, waits as long as the server asked (no refused
upload goes up again before), and a later sync pushes the rest. Real server on loopback, real profiles."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.integration.server_harness import running_server
from tests.integration.test_sync_roundtrip import register
from villagedesk.db import models as m
from villagedesk.server.app import ServerConfig
from villagedesk.server.quota import QuotaConfig
from villagedesk.sync import engine

VILLAGE_A = "419001100201"
VILLAGE_B = "419001100202"
TOWN = "419001100000"
DAY_MS = 24 * 3600 * 1000
# a bucket of 8 events (and ample bytes), 8 more a day
TINY = QuotaConfig(True, events_per_day=8, burst_events=8, bytes_per_day=10**7, burst_bytes=10**7)


class Clock:
    """The server quota's clock, moved by the test (wall seconds, as the database keeps them)."""

    def __init__(self) -> None:
        self.t = time.time()

    def __call__(self) -> float:
        return self.t


def _outbox(desk) -> int:
    with desk.store.read() as s:
        return s.scalar(select(func.count()).where(m.OutboxEntry.status == "pending")) or 0


def _run(desk, **kw) -> engine.SyncResult:
    eng = engine.SyncEngine(desk, batch_bytes=2048, **kw)  # small batches: some go through, then the quota
    try:
        return eng.run()
    finally:
        eng.close()


@pytest.fixture
def quota_server(tmp_path: Path):
    with running_server("sqlite", tmp_path, ServerConfig(push_quota=TINY)) as srv:
        clock = Clock()
        srv.app.state.quota._clock = clock
        srv.clock = clock
        yield srv


def test_a_pc_over_its_quota_backs_off_keeps_its_events_and_recovers(quota_server, make_desk) -> None:
    srv = quota_server
    a, b, c = make_desk("a"), make_desk("b"), make_desk("c")
    engine.enroll(a, srv.url, srv.code(VILLAGE_A, "agent", "a"))
    engine.enroll(b, srv.url, srv.code(VILLAGE_B, "agent", "b"))
    engine.enroll(c, srv.url, srv.code(TOWN, "clerk", "c"))
    mine = [register(a, "张伟", "419001198001010014") for _ in range(12)]
    waiting = _outbox(a)
    assert waiting > TINY.burst_events

    first = _run(a)
    assert not first.ok and first.retryable
    assert "上传暂停" in first.error and "限额" in first.error and "再同步" in first.error, first.error
    assert not any(w in first.error for w in ("Traceback", "HTTP 429", "Error"))
    assert 0 < first.pushed <= TINY.burst_events
    assert first.retry_after >= 60  # what the server asked (a day's refill), never retried at once
    assert _outbox(a) == waiting - first.pushed  # nothing lost: the rest waits in the outbox
    policy = engine.RetryPolicy()
    assert policy.record(first) >= first.retry_after  # the scheduler honours the server's Retry-After

    other = _run(b)  # another village's PC is not held back by a's quota
    assert other.ok, other.error
    assert register(b, "李娜", "419001199002020024")
    assert _run(b).ok

    again = _run(a)  # before the time the server named: only pulls, no refused upload on the link
    assert again.pushed == 0 and again.requests >= 1 and "上传暂停" in again.error
    assert _outbox(a) == waiting - first.pushed

    offset = [0]  # the PC's clock moves on with the server's (the hold is kept in the PC's time)
    rounds = 0
    while _outbox(a):  # each refill takes the next part of the outbox, until none is left
        srv.clock.t += 2 * 24 * 3600
        offset[0] += 2 * DAY_MS
        done = _run(a, wall_ms=lambda: engine.now_ms() + offset[0])
        assert done.pushed > 0, done.error
        rounds += 1
        assert rounds < 5
    assert done.ok, done.error
    assert done.error is None and done.retry_after == 0
    assert _run(c).ok
    with c.store.read() as s:
        assert set(mine) <= set(s.scalars(select(m.Case.id)))  # every case reached the town
