"""The event feed: idempotent push with a dead-letter list, and cursor pulls that never skip.

Push takes the feed lock (one row, held to commit), so sequence numbers are handed out in commit
order on SQLite and PostgreSQL alike: a reader that has seen seq N has seen every seq below N.
Pulls read the watermark, the page and the partition counts in one snapshot.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from sqlalchemy import bindparam, select

from villagedesk.domain import jsonfast
from villagedesk.domain.events import SCHEMA_VERSION, Event, canonical_json
from villagedesk.domain.lifecycle import EventType, may_author
from villagedesk.server import models as sm
from villagedesk.server.auth import DeviceInfo, mark_seen, utcnow
from villagedesk.server.db import Database
from villagedesk.sync import protocol as proto

CHUNK = 500

# Statements built once: each request then only binds values (SQLAlchemy's compiled cache is keyed on
# them), and they run on the session's Core connection; the ORM's per-statement work cost more than
# the SQL itself for a device's typical small sync.
_E, _S, _F, _R = (t.__table__ for t in (sm.ServerEvent, sm.PartitionStat, sm.FeedState, sm.RefRow))
_LOCK_FEED = select(_F.c.seq).where(_F.c.id == 1).with_for_update()
_READ_FEED = select(_F.c.seq, _F.c.ref_seq).where(_F.c.id == 1)
_SET_SEQ = _F.update().where(_F.c.id == 1).values(seq=bindparam("b_seq"))
_HELD = select(_E.c.id, _E.c.seq, _E.c.digest).where(_E.c.id.in_(bindparam("ids", expanding=True)))
_STATS_HELD = select(_S.c.partition).where(_S.c.partition.in_(bindparam("parts", expanding=True)))
_STATS_ADD = (
    _S.update()
    .where(_S.c.partition == bindparam("b_part"))
    .values(count=_S.c.count + bindparam("b_count"), max_seq=bindparam("b_max"))
)
_PAGE_COLS = (
    _E.c.seq,
    _E.c.id,
    _E.c.case_id,
    _E.c.type,
    _E.c.partition,
    _E.c.device,
    _E.c.role,
    _E.c.author,
    _E.c.hlc,
    _E.c.prev,
    _E.c.schema_version,
    _E.c.payload,
)


def _page_query(own: bool):
    """Events of one scope (partitions lo..hi) after the cursor, up to the watermark."""
    q = select(*_PAGE_COLS).where(
        _E.c.partition.between(bindparam("lo"), bindparam("hi")),
        _E.c.seq > bindparam("cur"),
        _E.c.seq <= bindparam("top"),
    )
    if not own:
        q = q.where(_E.c.pushed_by != bindparam("dev"))
    return q.order_by(_E.c.seq).limit(bindparam("lim"))


_PAGE = {own: _page_query(own) for own in (False, True)}
_COUNTS = select(_S.c.partition, _S.c.count).where(_S.c.partition.between(bindparam("lo"), bindparam("hi")))
_REF = (
    select(_R.c.rseq, _R.c.kind, _R.c.key, _R.c.data, _R.c.region, _R.c.effective_from)
    .where(_R.c.rseq > bindparam("ref"), _R.c.rseq <= bindparam("top"))
    .order_by(_R.c.rseq)
)


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
        conn = s.connection()
        seq = conn.execute(_LOCK_FEED).scalar_one()  # the feed lock (SQLite: BEGIN IMMEDIATE holds it)
        existing: dict[str, tuple[int, str]] = {}
        ids = [e.id for _, e, _ in good]
        for i in range(0, len(ids), CHUNK):  # every held id of the batch in one query per chunk
            rows = conn.execute(_HELD, {"ids": ids[i : i + CHUNK]})
            existing.update({eid: (seq, dig) for eid, seq, dig in rows})
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
            conn.execute(_E.insert(), rows_new)  # one executemany
            held_stats = set(conn.execute(_STATS_HELD, {"parts": list(stats)}).scalars())
            updates = [{"b_part": p, "b_count": c, "b_max": m} for p, (c, m) in stats.items() if p in held_stats]
            if updates:
                conn.execute(_STATS_ADD, updates)
            inserts = [{"partition": p, "count": c, "max_seq": m} for p, (c, m) in stats.items() if p not in held_stats]
            if inserts:
                conn.execute(_S.insert(), inserts)
            conn.execute(_SET_SEQ, {"b_seq": seq})
        if dead:
            conn.execute(sm.DeadLetter.__table__.insert(), dead)
        if seen:
            mark_seen(s, device.id)
        result.accepted = len(rows_new)
    result.rej.sort()
    return result


def _scope_range(scope: str) -> tuple[str, str]:
    """The partitions of a scope as a range: a village is itself, a town its villages 001..999."""
    if proto.is_town(scope):
        return scope[:9] + "001", scope[:9] + "999"
    return scope, scope


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
        conn = s.connection()
        hi, ref_hi = conn.execute(_READ_FEED).one()
        for scope in device.scopes:
            cur = min(cursors.get(scope, 0), hi)
            new_cursors[scope] = cur
            room = limit - len(out_events)
            if room <= 0 or budget <= 0:
                more = more or cur < hi
                continue
            if cur >= hi:
                continue  # idle: nothing above the watermark, no query needed
            lo, top = _scope_range(scope)
            rows = conn.execute(
                _PAGE[own], {"lo": lo, "hi": top, "cur": cur, "top": hi, "dev": device.id, "lim": room}
            ).all()
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
                lo, top = _scope_range(scope)
                counts.update({p: c for p, c in conn.execute(_COUNTS, {"lo": lo, "hi": top})})
        ref_out = _ref_changes(conn, device, ref, ref_hi)
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


def _ref_changes(conn, device: DeviceInfo, ref: int, ref_hi: int) -> dict:
    out: dict = {"v": ref_hi}
    if ref >= ref_hi:
        return out
    rows = conn.execute(_REF, {"ref": ref, "top": ref_hi})
    changes = []
    for r in rows:
        if r.kind == "notice" and not _notice_visible(device, r.region):
            continue
        item = {"n": r.rseq, "k": r.kind, "id": r.key, "d": jsonfast.loads(r.data)}
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
