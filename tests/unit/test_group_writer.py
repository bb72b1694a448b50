"""Group commit: concurrent pushes share one transaction, keep gapless commit-ordered sequence numbers,
and one broken push or one vanished client never stalls the others."""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path

import pytest

from tests.support.events import registration
from villagedesk.domain.hlc import HybridClock
from villagedesk.domain.lifecycle import Role
from villagedesk.server import feed
from villagedesk.server.auth import DeviceInfo
from villagedesk.server.db import Database
from villagedesk.server.writer import GroupWriter
from villagedesk.sync import protocol as proto


def _device(n: int) -> DeviceInfo:
    return DeviceInfo(f"0d6f3f0e-5b7a-4c1e-9a53-3c1f5d2b7a{n:02d}", f"d{n}", Role.AGENT, f"4190011002{n:02d}")


def _judged(dev: DeviceInfo, count: int = 3) -> feed.Judged:
    clock = HybridClock(dev.id[:12])
    events = [registration(dev.region, dev.id, clock.now()) for _ in range(count)]
    return feed.judge(dev, proto.ungroup(proto.group_events(events), "push"), seen=False)


@pytest.fixture
def db(tmp_path: Path):
    database = Database.open(f"sqlite:///{tmp_path / 'server.db'}")
    yield database
    database.dispose()


def test_waiting_pushes_commit_together_with_gapless_sequence_numbers(db: Database) -> None:
    writer = GroupWriter(db)
    batches = [_judged(_device(n + 1)) for n in range(5)]
    writer._commit([(b, Future()) for b in batches])  # what the thread does with five waiting pushes
    acks = [a for b in batches for a in b.result.ack]
    assert acks == list(range(1, 16))
    assert writer.groups == 1
    again = _judged(_device(9))
    assert writer.submit(again).result(timeout=30) is None
    assert again.result.ack == [16, 17, 18]
    writer.close()


def test_a_broken_push_fails_alone(db: Database) -> None:
    writer = GroupWriter(db)
    good, bad, good2 = _judged(_device(1)), _judged(_device(2)), _judged(_device(3))
    del bad.good[1][1]["payload"]  # a row the insert cannot take
    futures = [Future(), Future(), Future()]
    writer._commit(list(zip([good, bad, good2], futures, strict=True)))
    assert futures[0].result() is None and futures[2].result() is None
    with pytest.raises(RuntimeError):
        futures[1].result()
    assert bad.result.ack == [0, 0, 0]
    assert sorted(good.result.ack + good2.result.ack) == list(range(1, 7))


def test_a_cancelled_request_does_not_stop_the_writer(db: Database) -> None:
    writer = GroupWriter(db)
    gone = _judged(_device(1))
    fut = Future()
    fut.cancel()  # the client hung up while its push waited
    writer._commit([(gone, fut)])
    later = _judged(_device(2))
    assert writer.submit(later).result(timeout=30) is None
    assert gone.result.ack == [1, 2, 3] and later.result.ack == [4, 5, 6]  # stored all the same
    writer.close()
