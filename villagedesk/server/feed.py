"""The event feed: idempotent push with a dead-letter list, and cursor pulls that never skip.

Push takes the feed lock (one row, held to commit), so sequence numbers are handed out in commit
order on SQLite and PostgreSQL alike: a reader that has seen seq N has seen every seq below N.
Pulls read the watermark, the page and the partition counts in one snapshot.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from sqlalchemy import select

from villagedesk.domain import jsonfast
from villagedesk.domain.events import SCHEMA_VERSION, Event, canonical_json
from villagedesk.domain.lifecycle import EventType, may_author
from villagedesk.server import models as sm
from villagedesk.server.auth import DeviceInfo, mark_seen, utcnow
from villagedesk.server.db import Database
from villagedesk.sync import protocol as proto

CHUNK = 500


def event_digest(e: Event) -> str:
    """SHA-256 over every field of the event (what "same content" means for a retried id)."""
    fields = [
        e.id,
        e.case_id,
        e.type.value,
        e.payload,
        e.author,
        e.device,
        e.role.value,
        e.partition,
        e.hlc,
        list(e.prev),
        e.schema_version,
    ]
    return hashlib.sha256(canonical_json(fields).encode("utf-8")).hexdigest()


@dataclass
class PushResult:
    ack: list[int] = field(default_factory=list)
    dup: list[int] = field(default_factory=list)
    rej: list[list] = field(default_factory=list)
    accepted: int = 0


def _judge(device: DeviceInfo, header: dict, raw: object) -> Event:
    """Parse and authorise one pushed event; raises _Reject with the code and a reason."""
    try:
        event = proto.parse_group_event(header, raw)
    except proto.ProtocolError as exc:
        raise _Reject(proto.REJECT_MALFORMED, exc.message) from None
    if not device.may_write(event.partition):
        raise _Reject(proto.REJECT_PARTITION, f"{proto.REJECT_LABELS[proto.REJECT_PARTITION]}: {event.partition}")
    if event.role is not device.role:
        raise _Reject(proto.REJECT_ROLE, proto.REJECT_LABELS[proto.REJECT_ROLE])
    if not may_author(device.role, EventType(event.type)):
        raise _Reject(proto.REJECT_TYPE, f"{proto.REJECT_LABELS[proto.REJECT_TYPE]}: {event.type.value}")
    return event


class _Reject(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _raw_text(raw: object) -> str:
    try:
        text = json.dumps(raw, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(raw)
    return text[:20_000]


def push(db: Database, device: DeviceInfo, items: list[tuple[int, dict, object]], seen: bool = False) -> PushResult:
    """Judge, deduplicate and append a pushed batch in one write transaction under the feed lock;
    ``seen`` also records the device's last sync in that transaction (no second write)."""
    result = PushResult(ack=[0] * len(items))
    good: list[tuple[int, Event, str]] = []
    dead: list[dict] = []
    now = utcnow()
    for idx, header, raw in items:
        try:
            event = _judge(device, header, raw)
        except _Reject as rej:
            result.rej.append([idx, rej.code, rej.message])
            eid = raw.get("i") if isinstance(raw, dict) and isinstance(raw.get("i"), str) else None
            dead.append(
                {
                    "at": now,
                    "device_id": device.id,
                    "event_id": (eid or "")[:64] or None,
                    "code": rej.code,
                    "message": rej.message,
                    "raw": _raw_text({"g": header, "e": raw}),
                }
            )
            continue
        good.append((idx, event, event_digest(event)))
    if not good and not dead:
        if seen:
            with db.write() as s:
                mark_seen(s, device.id)
        return result
    with db.write() as s:
        state = db.lock_feed(s)
        conn = s.connection()  # Core rows: no ORM loading for what is only read
        existing: dict[str, tuple[int, str]] = {}
        ids = [e.id for _, e, _ in good]
        for i in range(0, len(ids), CHUNK):
            rows = conn.execute(
                select(sm.ServerEvent.id, sm.ServerEvent.seq, sm.ServerEvent.digest).where(
                    sm.ServerEvent.id.in_(ids[i : i + CHUNK])
                )
            )
            existing.update({eid: (seq, dig) for eid, seq, dig in rows})
        seq = state.seq
        rows_new: list[dict] = []
        stats: dict[str, list[int]] = {}
        for idx, e, dig in good:
            held = existing.get(e.id)
            if held is not None:
                if held[1] == dig:
                    result.ack[idx] = held[0]
                    result.dup.append(idx)
                else:
                    msg = proto.REJECT_LABELS[proto.REJECT_CONFLICT]
                    result.rej.append([idx, proto.REJECT_CONFLICT, msg])
                    dead.append(
                        {
                            "at": now,
                            "device_id": device.id,
                            "event_id": e.id,
                            "code": proto.REJECT_CONFLICT,
                            "message": msg,
                            "raw": _raw_text(e.to_dict()),
                        }
                    )
                continue
            seq += 1
            existing[e.id] = (seq, dig)
            result.ack[idx] = seq
            rows_new.append(
                {
                    "seq": seq,
                    "id": e.id,
                    "case_id": e.case_id,
                    "type": e.type.value,
                    "partition": e.partition,
                    "device": e.device,
                    "role": e.role.value,
                    "author": e.author,
                    "hlc": e.hlc,
                    "prev": json.dumps(list(e.prev)),
                    "schema_version": e.schema_version,
                    "payload": canonical_json(e.payload),
                    "digest": dig,
                    "pushed_by": device.id,
                    "received_at": now,
                }
            )
            st = stats.setdefault(e.partition, [0, 0])
            st[0] += 1
            st[1] = seq
        if rows_new:
            s.execute(sm.ServerEvent.__table__.insert(), rows_new)  # Core executemany: no ORM bookkeeping
            held_stats = {
                r.partition: r
                for r in s.scalars(select(sm.PartitionStat).where(sm.PartitionStat.partition.in_(list(stats))))
            }
            for part, (count, max_seq) in stats.items():
                row = held_stats.get(part)
                if row is None:
                    s.add(sm.PartitionStat(partition=part, count=count, max_seq=max_seq))
                else:
                    row.count += count
                    row.max_seq = max_seq
            state.seq = seq
        if dead:
            s.execute(sm.DeadLetter.__table__.insert(), dead)
        if seen:
            mark_seen(s, device.id)
        result.accepted = len(rows_new)
    result.rej.sort()
    return result


def _scope_filter(scope: str):
    if proto.is_town(scope):
        return sm.ServerEvent.partition.between(scope[:9] + "001", scope[:9] + "999")
    return sm.ServerEvent.partition == scope


def _stat_filter(scope: str):
    if proto.is_town(scope):
        return sm.PartitionStat.partition.between(scope[:9] + "001", scope[:9] + "999")
    return sm.PartitionStat.partition == scope


@dataclass
class PullResult:
    groups: list[dict]
    cursors: dict[str, int]
    more: bool
    counts: dict[str, int] | None
    events: int
    ref: dict | None


def pull(db: Database, device: DeviceInfo, cursors: dict[str, int], limit: int, own: bool, ref: int) -> PullResult:
    out_events: list = []
    new_cursors: dict[str, int] = {}
    more = False
    budget = proto.MAX_PAGE_BYTES
    with db.snapshot() as s:
        state = s.get(sm.FeedState, 1)
        assert state is not None
        hi, ref_hi = state.seq, state.ref_seq
        conn = s.connection()
        for scope in device.scopes:
            cur = min(cursors.get(scope, 0), hi)
            new_cursors[scope] = cur
            room = limit - len(out_events)
            if room <= 0 or budget <= 0:
                more = more or cur < hi
                continue
            ev = sm.ServerEvent
            q = select(
                ev.seq,
                ev.id,
                ev.case_id,
                ev.type,
                ev.partition,
                ev.device,
                ev.role,
                ev.author,
                ev.hlc,
                ev.prev,
                ev.schema_version,
                ev.payload,
            ).where(_scope_filter(scope), ev.seq > cur, ev.seq <= hi)
            if not own:
                q = q.where(ev.pushed_by != device.id)
            rows = conn.execute(q.order_by(ev.seq).limit(room)).all()
            last = cur
            full = len(rows) == room
            for r in rows:
                size = len(r.payload) + 200
                if budget - size < 0 and out_events:
                    full = True
                    break
                budget -= size
                out_events.append(r)
                last = r.seq
            if full:
                new_cursors[scope] = last
                more = True
            else:
                new_cursors[scope] = hi
        counts = None
        if not more:
            counts = {}
            for scope in device.scopes:
                for part, count in s.execute(
                    select(sm.PartitionStat.partition, sm.PartitionStat.count).where(_stat_filter(scope))
                ):
                    counts[part] = count
        ref_out = _ref_changes(s, device, ref, ref_hi)
    return PullResult(_wire_groups(out_events), new_cursors, more, counts, len(out_events), ref_out)


def _wire_groups(rows: list) -> list[dict]:
    """Stored rows straight to wire groups (same shape as protocol.group_events, without Event objects)."""
    groups: dict[tuple[str, str, str], list[dict]] = {}
    for r in rows:
        item = {
            "i": r.id,
            "c": r.case_id,
            "t": r.type,
            "a": r.author,
            "h": r.hlc,
            "p": jsonfast.loads(r.payload),
            "q": r.seq,
        }
        if r.prev != "[]":
            item["r"] = jsonfast.loads(r.prev)
        if r.schema_version != SCHEMA_VERSION:
            item["s"] = r.schema_version
        groups.setdefault((r.partition, r.device, r.role), []).append(item)
    return [{"p": p, "d": d, "o": o, "e": items} for (p, d, o), items in groups.items()]


def _notice_visible(device: DeviceInfo, region: str | None) -> bool:
    if region is None:
        return True
    if region == device.region:
        return True
    if proto.is_village(device.region):
        return region == proto.town_of(device.region)  # a notice to my town reaches its villages
    return proto.in_scope(device.region, region)  # a clerk sees notices to the villages of its town


def _ref_changes(s, device: DeviceInfo, ref: int, ref_hi: int) -> dict:
    out: dict = {"v": ref_hi}
    if ref >= ref_hi:
        return out
    rows = s.scalars(select(sm.RefRow).where(sm.RefRow.rseq > ref, sm.RefRow.rseq <= ref_hi).order_by(sm.RefRow.rseq))
    changes = []
    for r in rows:
        if r.kind == "notice" and not _notice_visible(device, r.region):
            continue
        item = {"n": r.rseq, "k": r.kind, "id": r.key, "d": json.loads(r.data)}
        if r.region:
            item["r"] = r.region
        if r.effective_from:
            item["f"] = r.effective_from
        changes.append(item)
    if changes:
        out["rows"] = changes
    return out


def publish_ref(
    db: Database, kind: str, key: str, data: object, region: str | None = None, effective_from: str | None = None
) -> int:
    """Publish a reference-data row (under the feed lock, so reference cursors never skip either)."""
    if kind not in proto.REF_KINDS:
        raise ValueError(f"unknown reference kind {kind}")
    with db.write() as s:
        state = db.lock_feed(s)
        state.ref_seq += 1
        s.add(
            sm.RefRow(
                rseq=state.ref_seq,
                kind=kind,
                key=key,
                region=region,
                effective_from=effective_from,
                data=json.dumps(data, ensure_ascii=False),
                created_at=utcnow(),
            )
        )
        return state.ref_seq


def dead_letters(db: Database, limit: int = 1000) -> list[sm.DeadLetter]:
    with db.read() as s:
        return list(s.scalars(select(sm.DeadLetter).order_by(sm.DeadLetter.id.desc()).limit(limit)))
