"""A client survives any event it pulls (sync/quarantine.py).

The server now judges every push, so the bad events here are written straight into the server's
database, as an older server (which took them) left them, or as a compromised one would serve them:
two registrations with one case number (once a town-wide sync stopper: ``UNIQUE constraint failed:
cases.case_no``), a registration with no number, NaN in a payload. The honest device's sync must
succeed, set those aside with the reason, show them in ``check``, keep everything else, and not
re-pull the partition on every later sync because its count "drifted"."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

from sqlalchemy import func, select

from tests.integration.test_sync_roundtrip import register, sync
from tests.support.events import JY006_MATERIALS
from villagedesk.db import models as m
from villagedesk.domain.hlc import HybridClock
from villagedesk.server import models as sm
from villagedesk.services import maintenance
from villagedesk.sync import quarantine

VILLAGE = "419001100201"
PERSON = {"name": "张伟"}
MATERIALS = [{"name": name, "status": "have", "custody": "applicant"} for name in JY006_MATERIALS]


def _plant(server, events: list[tuple[str, str, dict]]) -> None:
    """(case id, type, payload) rows appended to the server's feed as if once accepted."""
    clock = HybridClock("planted")
    with server.db.write() as s:
        state = s.get(sm.FeedState, 1)
        for case_id, etype, payload in events:
            state.seq += 1
            s.add(
                sm.ServerEvent(
                    seq=state.seq,
                    id=str(uuid.uuid4()),
                    case_id=case_id,
                    type=etype,
                    partition=VILLAGE,
                    device="planted-device",
                    role="agent",
                    author="u",
                    hlc=clock.now(),
                    prev="[]",
                    schema_version=1,
                    payload=json.dumps(payload, ensure_ascii=False),
                    digest="x" * 64,
                    pushed_by="planted-device",
                    received_at=datetime.now(UTC).replace(tzinfo=None),
                )
            )
        stat = s.get(sm.PartitionStat, VILLAGE)
        if stat is None:
            s.add(sm.PartitionStat(partition=VILLAGE, count=len(events), max_seq=state.seq))
        else:
            stat.count += len(events)
            stat.max_seq = state.seq


def test_unappliable_pulled_events_are_quarantined_and_sync_goes_on(server, enrolled) -> None:
    honest = enrolled("honest", VILLAGE)
    kept = register(honest, "王涛", "419001198001010014")
    sync(honest)
    twin_a, twin_b, bare, nan_case = (str(uuid.uuid4()) for _ in range(4))
    reg = {"case_no": "100201-261125-ZZ001", "item_code": "JY006", "applicant": PERSON, "materials": MATERIALS}
    _plant(
        server,
        [
            (twin_a, "case_registered", reg),
            (twin_b, "case_registered", reg),  # the same number again
            (bare, "case_registered", {"item": "x"}),
            (nan_case, "note_added", {"text": "备注", "n": float("nan")}),
        ],
    )
    fresh = enrolled("fresh", VILLAGE)
    first = sync(fresh)  # never raises, never reports a failure
    assert first.quarantined >= 2 and "隔离" in first.summary()
    with fresh.store.read() as s:
        case_ids = set(s.scalars(select(m.Case.id)))
        held = {q.case_id: q for q in quarantine.listing(s)}
        numbers = list(s.scalars(select(m.Case.case_no)))
    assert kept in case_ids and twin_a in case_ids
    assert twin_b not in case_ids and bare in held and nan_case in held and twin_b in held
    assert len(numbers) == len(set(numbers))
    assert all("UNIQUE" not in q.reason and "INSERT" not in q.reason for q in held.values())
    second = sync(fresh)  # held events count as here: no drift, no re-pull of the whole village
    assert second.drift == [] and second.pulled == 0
    report = maintenance.check(fresh)
    assert report.quarantined == len(held) and report.ok
    # the honest device's own later work still flows both ways
    later = register(fresh, "李娜", "419001199002020024")
    sync(fresh)
    sync(honest)
    with honest.store.read() as s:
        assert s.get(m.Case, later) is not None
        assert s.scalar(select(func.count()).select_from(m.QuarantinedEvent)) >= 2


def test_a_pulled_integer_beyond_64_bits_is_quarantined(server, enrolled) -> None:
    """The client reads pulled pages (protocol 2 by default) with the reader the server reads pushes with:
    a number an older server took (2**64 in a note) is held with its reason, the case's registration
    and the rest of the page are applied, and the next sync is quiet."""
    case_id, plain = str(uuid.uuid4()), str(uuid.uuid4())
    reg = {"case_no": "100201-261125-ZZ002", "item_code": "JY006", "applicant": PERSON, "materials": MATERIALS}
    plain_reg = {**reg, "case_no": "100201-261125-ZZ003"}
    _plant(
        server,
        [
            (case_id, "case_registered", reg),
            (case_id, "note_added", {"text": "x", "z": 2**64}),
            (plain, "case_registered", plain_reg),
        ],
    )
    fresh = enrolled("fresh", VILLAGE)
    first = sync(fresh)
    assert first.quarantined == 1, first.summary()
    with fresh.store.read() as s:
        held = {q.case_id: q for q in quarantine.listing(s)}
        assert s.get(m.Case, plain) is not None and s.get(m.Case, case_id) is not None
    assert set(held) == {case_id} and "64 位" in held[case_id].reason
    assert sync(fresh).drift == []
