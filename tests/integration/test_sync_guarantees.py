"""The sync guarantees (docs/architecture.md) over real HTTP: nothing lost or duplicated, dead letters,
partitions, clocks."""

from __future__ import annotations

import json
import threading
import time
import uuid

from sqlalchemy import delete, func, select

from tests.integration.netproxy import CuttingProxy
from tests.integration.test_sync_roundtrip import register, sync
from tests.support.events import follow, registration
from villagedesk.db import models as m
from villagedesk.domain.events import Event
from villagedesk.domain.hlc import HybridClock, wall_ms_of
from villagedesk.domain.lifecycle import EventType, Role
from villagedesk.server import auth, feed
from villagedesk.server import models as sm
from villagedesk.services import actions, queries
from villagedesk.sync import engine, protocol
from villagedesk.sync.transport import ServerRefused, Transport

VILLAGE_A, VILLAGE_B, TOWN = "419001100201", "419001100202", "419001100000"
OTHER_TOWN, OTHER_VILLAGE = "419001101000", "419001101201"
YEAR_MS = 365 * 24 * 3600 * 1000


def server_count(server) -> int:
    with server.db.read() as s:
        return s.scalar(select(func.count()).select_from(sm.ServerEvent)) or 0


def note(partition: str, role: Role, device: str, hlc: str | None = None, etype=EventType.NOTE_ADDED) -> Event:
    """A valid event standing on its own: a village's registration (the judge refuses a note on a case
    nobody registered); other roles or types as asked (refused for their role before anything else)."""
    if role is Role.AGENT and etype is EventType.NOTE_ADDED:
        return registration(partition, device, hlc)
    return Event(
        id=str(uuid.uuid4()),
        case_id=str(uuid.uuid4()),
        type=etype,
        payload={"text": "备注", "at": "2026-11-25"},
        author="u1",
        device=device,
        role=role,
        partition=partition,
        hlc=hlc or HybridClock(device[:12]).now(),
    )


def transport_for(server, desk) -> Transport:
    return Transport(server.url, engine.server_config(desk).token)


def test_lost_reply_after_commit_is_retried_without_duplicates(server, enrolled) -> None:
    a = enrolled("a", VILLAGE_A)
    for n in range(3):
        register(a, "张三", "419001198001010014") if n == 0 else register(a, "王五", "419001199002020024")
    proxy = CuttingProxy(server.port)
    try:
        proxy.drop_replies = 1
        eng = engine.SyncEngine(a, transport=Transport(proxy.url, engine.server_config(a).token))
        first = eng.run()
        assert not first.ok and first.error and first.retryable
        assert proxy.dropped == 1
        assert server_count(server) == 3  # the server committed the batch whose reply was lost
        assert engine.pending_count(a) == 3  # the client does not know yet: nothing is lost
        second = eng.run()
        eng.close()
    finally:
        proxy.close()
    assert second.ok and second.duplicates == 3 and second.pushed == 0
    assert server_count(server) == 3 and engine.pending_count(a) == 0
    with a.store.read() as s:
        assert all(r.server_seq for r in s.scalars(select(m.EventRow)))


def test_malformed_event_mid_batch_goes_to_dead_letters_rest_proceeds(server, enrolled) -> None:
    a = enrolled("a", VILLAGE_A)
    dev = a.identity.device_id
    good1, good2 = note(VILLAGE_A, Role.AGENT, dev), note(VILLAGE_A, Role.AGENT, dev)
    groups = protocol.group_events([good1, good2])
    bad = {"i": "not-a-uuid", "c": "x", "t": "no_such_type", "a": "u", "h": "bad", "p": []}
    groups[0]["e"].insert(1, bad)
    t = transport_for(server, a)
    reply = t.post("/api/v1/sync", {"v": 1, "push": groups}).data
    assert reply["ack"][0] > 0 and reply["ack"][1] == 0 and reply["ack"][2] > reply["ack"][0]
    assert reply["rej"][0][:2] == [1, protocol.REJECT_MALFORMED]
    # reused id with different content: reported, never overwritten
    changed = {**protocol.event_to_wire(good1), "p": {**good1.payload, "note": "改过的"}}
    clash = t.post("/api/v1/sync", {"v": 1, "push": [{"p": VILLAGE_A, "d": dev, "o": "agent", "e": [changed]}]}).data
    t.close()
    assert clash["ack"] == [0] and clash["rej"][0][1] == protocol.REJECT_CONFLICT
    with server.db.read() as s:
        kept = s.scalars(select(sm.ServerEvent).where(sm.ServerEvent.id == good1.id)).one()
    assert "note" not in json.loads(kept.payload)
    codes = [d.code for d in feed.dead_letters(server.db)]
    assert sorted(codes) == sorted([protocol.REJECT_MALFORMED, protocol.REJECT_CONFLICT])


def test_unauthorised_event_in_outbox_is_marked_and_never_blocks(server, enrolled) -> None:
    a = enrolled("a", VILLAGE_A)
    first = register(a, "张三", "419001198001010014")
    with a.store.write() as s:  # a town-only event authored on a village PC (an old bug, a tampered DB)
        a.new_events(s, first, VILLAGE_A, [(EventType.ACCEPTED, {"at": "2026-11-25"})])
    second = register(a, "王五", "419001199002020024")
    result = sync(a)
    assert result.rejected == 1 and result.pushed == 2
    assert engine.case_status(a, [first, second]) == {first: "rejected", second: "synced"}
    statuses = engine.event_status(a, first)
    reasons = [reason for status, reason in statuses.values() if status == "rejected"]
    assert len(reasons) == 1 and "无权" in reasons[0]
    assert sync(a).requests == 1  # the rejected event is not retried forever
    assert [d.code for d in feed.dead_letters(server.db)] == [protocol.REJECT_TYPE]


def test_partition_matrix_refuses_every_cross_partition_read_and_write(server, enrolled) -> None:
    devices = {
        "agent-A": enrolled("a", VILLAGE_A),
        "agent-B": enrolled("b", VILLAGE_B),
        "agent-C": enrolled("c", OTHER_VILLAGE),
        "clerk-T": enrolled("t", TOWN, "clerk"),
        "clerk-U": enrolled("u", OTHER_TOWN, "clerk"),
    }
    partitions = [VILLAGE_A, VILLAGE_B, OTHER_VILLAGE]
    refused = 0
    accepted: dict[str, set[str]] = {p: set() for p in partitions}
    first: dict[str, Event] = {}  # a registration per village (agents come first): what clerks write on
    for desk in devices.values():
        ident = desk.identity
        t = transport_for(server, desk)
        for p in partitions:
            if ident.role is Role.AGENT:
                e = note(p, ident.role, ident.device_id)
            else:
                e = follow(first[p], Role.CLERK, ident.device_id)
            reply = t.post("/api/v1/sync", {"v": 1, "push": protocol.group_events([e]), "lim": 0}).data
            allowed = protocol.in_scope(ident.region_code, p)
            if reply["ack"][0] > 0:
                assert allowed
                accepted[p].add(e.id)
                first.setdefault(p, e)
            else:
                assert not allowed and reply["rej"][0][1] == protocol.REJECT_PARTITION
                refused += 1
        # the wrong role for an event type is refused too
        wrong = EventType.ACCEPTED if ident.role is Role.AGENT else EventType.CASE_REGISTERED
        reply = t.post(
            "/api/v1/sync",
            {
                "v": 1,
                "push": protocol.group_events(
                    [
                        note(
                            ident.region_code if ident.role is Role.AGENT else ident.region_code[:9] + "201",
                            ident.role,
                            ident.device_id,
                            etype=wrong,
                        )
                    ]
                ),
                "lim": 0,
            },
        ).data
        assert reply["rej"][0][1] == protocol.REJECT_TYPE
        t.close()
    assert refused == 2 + 2 + 2 + 1 + 2
    for name, desk in devices.items():
        ident = desk.identity
        t = transport_for(server, desk)
        # asks for every partition and the other town: gets only its own scope
        cur = {p: 0 for p in [*partitions, TOWN, OTHER_TOWN]}
        reply = t.post("/api/v1/sync", {"v": 1, "cur": cur, "own": True}).data
        t.close()
        seen = {g["p"] for g in reply.get("pull", [])}
        assert seen and all(protocol.in_scope(ident.region_code, p) for p in seen), name
        assert set(reply["cur"]) == {ident.region_code}
        assert set(reply["cnt"]) <= {p for p in partitions if protocol.in_scope(ident.region_code, p)}


def test_revoked_device_gets_401_and_nothing_else(server, enrolled) -> None:
    a = enrolled("a", VILLAGE_A)
    register(a, "张三", "419001198001010014")
    assert sync(a).pushed == 1
    assert auth.revoke(server.db, a.identity.device_id)
    server.app.state.tokens.forget()
    t = transport_for(server, a)
    try:
        t.post("/api/v1/sync", {"v": 1, "cur": {VILLAGE_A: 0}, "own": True})
        raise AssertionError("a revoked device was served")
    except ServerRefused as exc:
        assert exc.status == 401
    finally:
        t.close()
    register(a, "王五", "419001199002020024")
    result = engine.SyncEngine(a).run()
    assert not result.ok and "吊销" in (result.error or "") and not result.retryable
    assert engine.pending_count(a) == 1 and server_count(server) == 1  # kept locally, nothing accepted


def test_device_clock_a_year_ahead_is_reported_and_never_adopted(server, enrolled) -> None:
    a, b = enrolled("a", VILLAGE_A), enrolled("b", VILLAGE_A)
    real = time.time_ns() // 1_000_000
    ahead = HybridClock(a.identity.device_id[:12], wall=lambda: real + YEAR_MS).now()
    t = transport_for(server, a)
    reply = t.post(
        "/api/v1/sync",
        {"v": 1, "push": protocol.group_events([note(VILLAGE_A, Role.AGENT, a.identity.device_id, ahead)])},
    ).data
    t.close()
    assert reply["ack"] == [0] and reply["rej"][0][1] == "clock" and "时钟" in reply["rej"][0][2]
    eng = engine.SyncEngine(a, wall_ms=lambda: time.time_ns() // 1_000_000 + YEAR_MS)
    result = eng.run()
    eng.close()
    assert result.ok and result.clock_warning and abs(result.skew_ms - YEAR_MS) < 60_000
    assert "时钟" in result.summary()
    # a future stamp that reached the feed anyway (an older server took it): never adopted by a puller
    future = registration(VILLAGE_A, "planted-device", ahead)
    with server.db.write() as s:
        state = s.get(sm.FeedState, 1)
        state.seq += 1
        row = feed._row_of(future, feed.event_digest(future))
        row.pop("_e")
        s.add(sm.ServerEvent(seq=state.seq, pushed_by="planted", received_at=feed.utcnow(), **row))
        s.merge(sm.PartitionStat(partition=VILLAGE_A, count=1, max_seq=state.seq))
    rb = sync(b)
    assert rb.pulled == 1 and rb.future_events == 1 and not rb.clock_warning
    case_b = register(b, "张三", "419001198001010014")
    with b.store.read() as s:
        hlcs = [r.hlc for r in s.scalars(select(m.EventRow).where(m.EventRow.case_id == case_b))]
    assert all(abs(wall_ms_of(h) - real) < 3_600_000 for h in hlcs)  # b's clock stayed in the present
    import requests

    health = requests.get(server.url + "/api/v1/health", timeout=10).json()
    assert abs(health["now"] - time.time_ns() // 1_000_000) < 60_000  # the server kept its own time


def test_concurrent_pushers_never_make_a_puller_skip(server, enrolled) -> None:
    villages = [f"419001100{n:03d}" for n in range(201, 205)]
    pushers = [enrolled(f"p{n}", v) for n, v in enumerate(villages)]
    clerk = enrolled("clerk", TOWN, "clerk")
    sent: set[str] = set()
    lock = threading.Lock()
    errors: list[BaseException] = []

    def push(desk) -> None:
        try:
            ident = desk.identity
            t = transport_for(server, desk)
            for _ in range(25):
                batch = [note(ident.region_code, Role.AGENT, ident.device_id) for _ in range(8)]
                reply = t.post("/api/v1/sync", {"v": 1, "push": protocol.group_events(batch), "lim": 0}).data
                assert all(x > 0 for x in reply["ack"])
                with lock:
                    sent.update(e.id for e in batch)
            t.close()
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=push, args=(d,)) for d in pushers]
    for th in threads:
        th.start()
    t = transport_for(server, clerk)
    cursor, seen, last_seqs = 0, [], []
    while True:
        alive = any(th.is_alive() for th in threads)
        reply = t.post("/api/v1/sync", {"v": 1, "cur": {TOWN: cursor}, "lim": 37}).data
        for g in reply.get("pull", []):
            for e in g["e"]:
                seen.append(e["i"])
                last_seqs.append(e["q"])
        assert reply["cur"][TOWN] >= cursor
        cursor = reply["cur"][TOWN]
        if not alive and not reply["more"]:
            break
    t.close()
    for th in threads:
        th.join()
    assert not errors, errors
    assert len(seen) == len(set(seen)) == len(sent) == 4 * 25 * 8
    assert set(seen) == sent  # nothing skipped, nothing twice
    assert reply["cnt"] == {v: 200 for v in villages}


def test_cancel_between_batches_loses_nothing(server, enrolled) -> None:
    a = enrolled("a", VILLAGE_A)
    for _ in range(6):
        register(a, "张三", "419001198001010014")
    total = engine.pending_count(a)
    cancel = threading.Event()

    def progress(p: engine.Progress) -> None:
        if p.phase == "pull" and p.events > 0:
            cancel.set()

    eng = engine.SyncEngine(a, batch_bytes=2048, progress=progress, cancel=cancel)
    first = eng.run()
    eng.close()
    assert first.cancelled and not first.ok and 0 < first.pushed < total
    assert engine.pending_count(a) == total - first.pushed
    rest = sync(a)
    assert first.pushed + rest.pushed == total and server_count(server) == total
    assert engine.last_result(a).pushed == rest.pushed


def test_drift_is_detected_and_repulled(server, enrolled) -> None:
    a, b = enrolled("a", VILLAGE_A), enrolled("b", VILLAGE_A)
    case = register(a, "张三", "419001198001010014")
    actions.perform(a, case, EventType.SUBMITTED, {})
    sync(a)
    assert sync(b).pulled == 2
    with b.store.write() as s:  # e.g. restored from an older backup: one pulled event is gone
        victim = s.scalars(select(m.EventRow).order_by(m.EventRow.local_seq.desc())).first()
        s.execute(delete(m.EventRow).where(m.EventRow.id == victim.id))
    again = sync(b)
    assert again.drift == [VILLAGE_A] and again.pulled == 1
    assert queries.rows_by_ids(b, [case])[0].status == "submitted"


def test_reference_data_reaches_devices_in_scope(server, enrolled) -> None:
    a, other = enrolled("a", VILLAGE_A), enrolled("c", OTHER_VILLAGE)
    feed.publish_ref(server.db, "notice", "n1", {"title": "停电通知", "body": "周五停电"}, region=TOWN)
    feed.publish_ref(server.db, "calendar", "2027", {"year": 2027, "holidays": ["2027-01-01"], "workdays": []})
    sync(a)
    sync(other)
    with a.store.read() as s:
        kinds = sorted(r.kind for r in s.scalars(select(m.RefData)))
    with other.store.read() as s:
        other_kinds = sorted(r.kind for r in s.scalars(select(m.RefData)))
    assert kinds == ["calendar", "notice"] and other_kinds == ["calendar"]
    assert sync(a).bytes_received < 1024


def test_a_pc_clock_once_days_fast_loses_nothing(server, enrolled, monkeypatch) -> None:
    """Cases registered while the PC clock ran 20 days fast, and after it was set right (the HLC never runs
    back by itself: the later ones would have carried future stamps too, had the desk not dropped a saved
    stamp far ahead of the clock). The server refuses stamps a day ahead, so the engine stamps the waiting
    events again on the server's time and every case reaches the town."""
    from villagedesk.services import desk as desk_module

    a = enrolled("a", VILLAGE_A)
    real = desk_module._wall_ms
    monkeypatch.setattr(desk_module, "_wall_ms", lambda: real() + 20 * 24 * 3600 * 1000)
    fast = register(a, "张三", "419001198001010014")
    monkeypatch.setattr(desk_module, "_wall_ms", real)
    later = register(a, "王五", "419001199002020024")
    result = sync(a)
    assert result.restamped == 1 and result.rejected == 0 and "重新标记" in result.summary()
    assert engine.pending_count(a) == 0
    with server.db.read() as s:
        held = {r.case_id: r.hlc for r in s.scalars(select(sm.ServerEvent))}
    assert {fast, later} <= set(held)
    now = time.time_ns() // 1_000_000
    assert all(wall_ms_of(h) < now + 3_600_000 for h in held.values())
    case_c = register(a, "李四", "419001198503120010")  # and what it authors next is on time
    with a.store.read() as s:
        stamps = [r.hlc for r in s.scalars(select(m.EventRow).where(m.EventRow.case_id == case_c))]
    assert all(abs(wall_ms_of(h) - now) < 3_600_000 for h in stamps)
