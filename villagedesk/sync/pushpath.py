"""The push hot path: outbox rows straight to wire items, and the server's acks back in bulk.

A pushed event was validated when it was written, and its payload is stored as canonical JSON, so
the wire item is built from the row as it is (the payload goes out as ``RawJSON``, never parsed and
written again) instead of through an ``Event`` and ``protocol.event_to_wire``; the items are the same.
Acks are written with one ``executemany`` per statement on the DB-API cursor: building SQLAlchemy
parameters per acked row cost more than the update itself.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import orjson
from sqlalchemy.orm import Session

from villagedesk.domain import jsonfast
from villagedesk.domain.events import SCHEMA_VERSION

_PENDING = (
    "SELECT e.local_seq, e.id, e.case_id, e.type, e.payload, e.author, e.device, e.role, e.partition,"
    " e.hlc, e.prev, e.schema_version FROM events e JOIN outbox o ON o.event_id = e.id"
    " WHERE o.status = 'pending' AND e.local_seq > ? ORDER BY e.local_seq LIMIT ?"
)
_ACK = "UPDATE events SET server_seq = ? WHERE id = ?"
_UNQUEUE = "DELETE FROM outbox WHERE event_id = ?"
_REFUSE = "UPDATE outbox SET status = 'rejected', reason = ?, attempts = attempts + 1 WHERE event_id = ?"


class Outgoing(NamedTuple):
    """One pushed event as the apply step needs it (it only reads ``id``, as of an ``Event``)."""

    id: str
    local_seq: int


class PushBatch(list):
    """``Outgoing`` items in WIRE order (group by group, as the server numbers its acks), with the
    wire groups themselves, the raw JSON budget they used and the local_seq range read."""

    def __init__(self, after: int) -> None:
        super().__init__()
        self.groups: list[dict[str, Any]] = []
        self.cost = 0
        self.after = after  # read from just past this local_seq
        self.last = after  # ... up to this one


def _payload(text: str) -> Any:
    if text.startswith("{"):
        return jsonfast.RawJSON(text)  # canonical JSON of an object, as written: verbatim on the wire
    try:  # never written by this program; the server judges it (a dead letter, not a stuck outbox)
        return jsonfast.loads(text)
    except ValueError:
        return text


def _prev(text: str) -> Any:
    try:  # a list of event ids as written by store.prev_json: no number for jsonfast's checks
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return jsonfast.loads(text)  # (raises ValueError for garbage, as reading it always did)


def read_push_batch(session: Session, after: int, budget: int, skip: set[str]) -> tuple[PushBatch, bool]:
    """Pending outbox events with local_seq > ``after``, oldest first, up to ``budget`` bytes of JSON
    (payload + 160 per event, at least one event); ``skip``: ids not to send again this run. Returns the
    batch and whether more is waiting. The cut is exactly the one ``offline._outbox_batches`` makes."""
    cap = len(skip) + max(64, budget // 100)
    # the cap guesses 100 bytes an event; rows are fetched as the batch uses them
    cur = session.connection().connection.driver_connection.execute(_PENDING, (after, cap))
    batch = PushBatch(after)
    groups: dict[tuple[str, str, str], tuple[list[dict[str, Any]], list[Outgoing]]] = {}
    size = read = 0
    rest = full = False
    try:
        while not full:
            rows = cur.fetchmany(512)
            if not rows:
                rest = read == cap and bool(groups)  # the cap cut the read: more may be waiting
                break
            for seq, eid, case_id, etype, payload, author, device, role, partition, hlc, prev, sv in rows:
                read += 1
                if eid in skip:
                    continue
                cost = len(payload) + 160
                if groups and size + cost > budget:
                    rest = full = True
                    break
                item = {"i": eid, "c": case_id, "t": etype, "a": author, "h": hlc, "p": _payload(payload)}
                if prev != "[]":
                    item["r"] = _prev(prev)
                if sv != SCHEMA_VERSION:
                    item["s"] = sv
                key = (partition, device, role)
                group = groups.get(key)
                if group is None:
                    group = groups[key] = ([], [])
                group[0].append(item)
                group[1].append(Outgoing(eid, seq))
                size += cost
                batch.last = seq
    finally:
        cur.close()
    for (p, d, o), (items, out) in groups.items():
        batch.groups.append({"p": p, "d": d, "o": o, "e": items})
        batch.extend(out)
    batch.cost = size
    return batch, rest


def write_acks(session: Session, acked: list[tuple[int, str]], refused: list[tuple[str, str]]) -> None:
    """``acked``: (server seq, event id): the event takes its server number and leaves the outbox;
    ``refused``: (reason, event id): kept in the outbox as rejected, with the reason shown to a person."""
    conn = session.connection()
    if acked:
        conn.exec_driver_sql(_ACK, acked)
        conn.exec_driver_sql(_UNQUEUE, [(eid,) for _, eid in acked])
    if refused:
        conn.exec_driver_sql(_REFUSE, refused)
