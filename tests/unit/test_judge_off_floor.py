"""The judge-off floor of ``benchmarks.judgecost`` (and of ``benchmarks.sync``'s judge rounds) must store
what it is given: when ``feed._Ledgers.admit`` took the restored PCs' ``carried`` tokens, the floor's
stand-in kept the old signature, every event was refused as malformed and ``python -m benchmarks --only
sync`` stopped with "push with the judge off: None (0 of 6424 pushed)"."""

from __future__ import annotations

import inspect
from pathlib import Path

from benchmarks import judgecost
from villagedesk.server import feed
from villagedesk.server.db import Database


def test_the_floor_ledgers_take_every_argument_the_push_path_passes() -> None:
    real = [p for p in inspect.signature(feed._Ledgers.admit).parameters if p != "self"]
    args = {"row": {}, "device_id": "d", "carried": frozenset()}
    judgecost._NoLedgers(None, []).admit(*(args[p] for p in real))  # a TypeError before the fix


def test_a_push_with_the_judge_off_stores_every_event(tmp_path: Path) -> None:
    village, events = judgecost.corpus_outbox(60)
    device = judgecost.auth.DeviceInfo(events[0].device, "a", judgecost.Role.AGENT, village)
    url = f"sqlite:///{tmp_path / 'server.db'}"
    with judgecost.judge_off():
        judgecost.push_cpu(url, device, judgecost.wire_batches(events, 25))  # raises on any refusal
    db = Database.open(url)
    try:
        with db.snapshot_conn() as conn:
            stored = conn.exec_driver_sql("SELECT count(*) FROM events").scalar()
    finally:
        db.dispose()
    assert stored == len(events)
