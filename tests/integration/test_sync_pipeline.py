"""Pipelined rounds: the next request travels while the last reply is applied, and still nothing is
skipped, duplicated or applied out of order; a failed apply or a cancel leaves no request behind."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from tests.integration.test_sync_roundtrip import VILLAGE_A, sync
from villagedesk.db import models as m
from villagedesk.services import intake
from villagedesk.sync import engine


def _forms(n: int) -> list[intake.IntakeForm]:
    return [
        intake.IntakeForm(
            item_code="JY006",
            name="张三",
            id_number="419001198001010014",
            phone="13812345678",
            mandate_signed=True,
            note=f"第{i}件",
        )
        for i in range(n)
    ]


class Counting(engine.SyncEngine):
    """The real engine; counts the rounds it sent ahead and can fail applying the n-th pulled page."""

    fail_at = 0

    def __init__(self, *a, **kw) -> None:
        super().__init__(*a, **kw)
        self.sent_ahead = 0
        self.pages = 0

    def _send_ahead(self, *a, **kw):
        ahead = super()._send_ahead(*a, **kw)
        self.sent_ahead += ahead is not None
        return ahead

    def _store_pulled(self, s, events, r):
        self.pages += 1
        if self.pages == self.fail_at:
            raise OSError("disk full (test)")
        return super()._store_pulled(s, events, r)


def _local_ids(desk) -> list[str]:
    with desk.store.read() as s:
        return list(s.scalars(select(m.EventRow.id)))


def _cursor(desk) -> int:
    with desk.store.read() as s:
        return s.scalar(select(m.SyncCursor.cursor).where(m.SyncCursor.partition == VILLAGE_A)) or 0


def test_pipelined_push_and_pull_move_everything_once(enrolled) -> None:
    a, b = enrolled("a", VILLAGE_A), enrolled("b", VILLAGE_A)
    intake.register_many(a, _forms(120))
    total = engine.pending_count(a)
    eng = Counting(a, batch_bytes=4096)
    pushed = eng.run()
    eng.close()
    assert pushed.ok and pushed.pushed == total and pushed.duplicates == 0
    assert eng.sent_ahead >= pushed.requests - 2 > 5  # every round but the first (and the idle last)
    with a.store.read() as s:
        assert s.scalar(select(func.count()).select_from(m.EventRow).where(m.EventRow.server_seq.is_(None))) == 0

    eng = Counting(b, page=7)
    pulled = eng.run()
    eng.close()
    assert pulled.ok and pulled.pulled == total and eng.sent_ahead >= pulled.requests - 2 > 10
    ids = _local_ids(b)
    assert len(ids) == len(set(ids)) == total
    assert _cursor(b) == _cursor(a)  # the cursor covers all that was pulled
    assert sync(b).pulled == 0


@pytest.mark.parametrize("fail_at", [1, 3])
def test_a_failed_apply_drops_the_round_sent_ahead(enrolled, fail_at: int) -> None:
    a, b = enrolled("a", VILLAGE_A), enrolled("b", VILLAGE_A)
    intake.register_many(a, _forms(40))
    total = len(_local_ids(a))
    sync(a)
    before = threading.active_count()
    eng = Counting(b, page=5)
    eng.fail_at = fail_at
    with pytest.raises(OSError):
        eng.run()
    eng.close()
    assert threading.active_count() == before  # no request left running
    held = _local_ids(b)
    assert len(held) == 5 * (fail_at - 1)  # the pages applied before the failure, none after
    assert eng.sent_ahead >= 1
    with b.store.read() as s:
        seqs = list(s.scalars(select(m.EventRow.server_seq)))
    assert _cursor(b) == (max(seqs) if seqs else 0)  # cursor and data moved together
    again = sync(b)
    assert again.pulled == total - len(held)
    ids = _local_ids(b)
    assert len(ids) == len(set(ids)) == total


def test_cancel_with_a_round_in_flight_keeps_its_acks(enrolled) -> None:
    a = enrolled("a", VILLAGE_A)
    intake.register_many(a, _forms(60))
    total = engine.pending_count(a)
    cancel = threading.Event()

    def progress(p: engine.Progress) -> None:
        if p.phase == "pull" and p.events > 0:
            cancel.set()

    eng = Counting(a, batch_bytes=2048, progress=progress, cancel=cancel)
    first = eng.run()
    eng.close()
    assert first.cancelled and eng.sent_ahead == 1
    assert first.pushed == total - engine.pending_count(a) and 0 < first.pushed < total
    rest = sync(a)
    assert first.pushed + rest.pushed == total and rest.duplicates == 0
