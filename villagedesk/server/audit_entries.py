"""The entries of each village PC's audit trail, received and judged (留痕上报; docs/audit.md).

A device sends its entries after the last one the town holds (``aud.e``); the token names the device,
so a PC can only ever add to its own trail. Each entry is judged (``domain/audit_entries``); one that
does not verify is stored as refused with an alert. The batch must link to the entry the town holds
before it: if it does not, nothing is stored and the reply names the entry the town holds there, so the
PC sends again from its start. Where a PC's entries depart from the town's at some seq (an older backup
restored, then new work), the town's entries from there on are kept as superseded, an alert is raised,
and the PC's entries become the trail: the restore is visible and its syncs go on.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from villagedesk.domain import audit_chain as ac
from villagedesk.domain import audit_entries as ae
from villagedesk.domain.lifecycle import Role
from villagedesk.server import models as sm
from villagedesk.server.db import Database
from villagedesk.sync import protocol as proto

log = logging.getLogger(__name__)
E = sm.AuditEntryRow


def _current(s, device_id: str):
    # branch 0 is what superseded_at NULL means (both change together in _supersede): with it the
    # (device, branch, seq) index finds the trail's top in one probe instead of walking the device's entries
    return select(E).where(E.device_id == device_id, E.branch == 0, E.superseded_at.is_(None))


def _top(s, device_id: str) -> tuple[int, str]:
    """(seq, hash) of the last entry the town holds for the device (0 and the genesis hash if none)."""
    row = s.execute(_current(s, device_id).with_only_columns(E.seq, E.hash).order_by(E.seq.desc()).limit(1)).first()
    return (row[0], row[1]) if row else (0, ac.GENESIS)


def _supersede(s, device_id: str, after: int, now: datetime) -> None:
    """The town's entries after ``after`` are no longer the PC's trail: kept, marked, out of the way of
    the unique (device, branch, seq) index (``branch`` 0 is the current trail, ``-id`` a kept one)."""
    s.execute(
        update(E)
        .where(E.device_id == device_id, E.branch == 0, E.superseded_at.is_(None), E.seq > after)
        .values(superseded_at=now, branch=-E.id)
    )


def alert(s, device_id: str, kind: str, message: str, now: datetime) -> None:
    exists = s.scalars(
        select(sm.AuditAlert.id).where(
            sm.AuditAlert.device_id == device_id, sm.AuditAlert.kind == kind, sm.AuditAlert.message == message
        )
    ).first()
    if exists is None:
        s.add(sm.AuditAlert(at=now, device_id=device_id, kind=kind, message=message))
        log.warning("audit alert for device %s: %s", device_id[:8], kind)


def receive(db: Database, device_id: str, raw: object, head: tuple[int, str], said: bool = False) -> dict:
    """Judge and keep a batch (``raw`` = ``aud.e``, may be None); ``head`` is the chain head the same
    request claims. Returns the reply's ``es``/``eh``: the last entry the town now holds of what the PC
    sent (the PC sends from after it next time if its own hash there is the same, else from its start).
    ``said``: the heads of the same request raised ``rollback`` or ``rewritten`` (no second alert)."""
    try:
        batch = ae.parse(raw)
    except ae.Malformed as err:
        with db.write() as s:
            alert(s, device_id, "malformed", f"留痕条目: {err}", datetime.now())
            seq, h = _top(s, device_id)
        return {"es": seq, "eh": h}
    try:
        return _receive(db, device_id, batch, head, said)
    except IntegrityError:  # the same device's two requests in flight at once: the other one stored them
        with db.read() as s:
            seq, h = _top(s, device_id)
        return {"es": seq, "eh": h}


def _receive(db: Database, device_id: str, batch: ae.Batch | None, head: tuple[int, str], said: bool) -> dict:
    now = datetime.now()
    if batch is None or not batch.entries:
        with db.read() as s:  # the usual sync: nothing new, nothing to write
            top, top_hash = _top(s, device_id)
        if head[0] >= top:
            return {"es": top, "eh": top_hash}
    with db.write() as s:
        top, top_hash = _top(s, device_id)
        if batch is None or not batch.entries:
            return _cut_tail(s, device_id, head, top, top_hash, now)
        f = batch.first
        if f > top + 1:  # a gap: the PC believes the town holds more than it does
            return {"es": top, "eh": top_hash}
        last_sent = f - 1 + len(batch.entries)
        held = {
            r.seq: r.hash
            for r in s.execute(
                select(E.seq, E.hash).where(
                    E.device_id == device_id, E.branch == 0, E.superseded_at.is_(None),
                    E.seq >= f - 1, E.seq <= last_sent,
                )
            )
        }
        link = ac.GENESIS if f == 1 else held.get(f - 1, "")
        if batch.prev != link:  # departs before this batch: the PC sends again from its first entry
            return {"es": f - 1, "eh": link}
        if batch.entries[-1].seq > head[0]:
            alert(s, device_id, "malformed", "留痕条目超出同一请求所报的留痕长度", now)
            return {"es": top, "eh": top_hash}
        judged = ae.judge(batch)
        events = _event_cases(s, [e.ref for e, why in judged if e.kind in ac.EVENT_KINDS and not why])
        scopes = _scopes(s, device_id)
        cases = _case_partitions(s, [c for e, why in judged if e.kind == ac.KIND_AUDIT and not why
                                     for c in ae.case_nos_in(e.detail)])  # fmt: skip
        judged = [(e, why or _outside(scopes, e, events, cases)) for e, why in judged]
        forked = False
        rows: list[dict] = []  # inserted together after the loop: a fork's supersede precedes any of them
        for e, why in judged:
            if not forked and e.seq in held:
                if held[e.seq] == e.hash:
                    continue  # sent before (a lost reply or a retry)
                forked = True
                _supersede(s, device_id, e.seq - 1, now)
                if not (said or _heads_said(s, device_id)):
                    alert(
                        s, device_id, "diverged",
                        f"留痕自第{e.seq}条起与镇中心保存的不同(镇中心保存到第{top}条): 本机数据库可能从较早的"
                        f"备份恢复或被替换, 或留痕被改写; 镇中心原有的第{e.seq}至{top}条已保留备查",
                        now,
                    )  # fmt: skip
            elif not forked and e.seq <= top:
                continue
            rows.append(_row(device_id, e, why, events, now))
            if why:
                alert(s, device_id, "entry_refused", f"第{e.seq}条留痕未被采信: {ae.REASONS[why]}", now)
        if rows:  # one executemany: ORM objects for 200 entries a round cost more than the rest of the round
            s.execute(E.__table__.insert(), rows)
        last = batch.entries[-1]
        if last.seq == head[0] and last.hash == head[1] and top > last.seq and not forked:
            _supersede(s, device_id, last.seq, now)
        return {"es": last.seq, "eh": last.hash}


def _heads_said(s, device_id: str) -> bool:
    """A ``rollback``/``rewritten`` alert since the town last took entries of this device: the heads
    already told of this change (one tampering, one alert)."""
    since = s.scalar(select(func.max(E.received_at)).where(E.device_id == device_id))
    if since is None:
        return False
    found = s.scalars(
        select(sm.AuditAlert.id).where(
            sm.AuditAlert.device_id == device_id,
            sm.AuditAlert.kind.in_(("rollback", "rewritten")),
            sm.AuditAlert.at >= since,
        )
    ).first()
    return found is not None


def _cut_tail(s, device_id: str, head: tuple[int, str], top: int, top_hash: str, now: datetime) -> dict:
    """No entries sent: the PC holds all it sent. A shorter chain whose head the town holds here was
    cut back (the heads' ``rollback`` alert says so): the town's later entries are kept as superseded."""
    seq, h = head
    if seq >= top:
        return {"es": top, "eh": top_hash}
    at = s.scalar(_current(s, device_id).with_only_columns(E.hash).where(E.seq == seq)) if seq else ac.GENESIS
    if at == h:
        _supersede(s, device_id, seq, now)
        return {"es": seq, "eh": h}
    return {"es": seq, "eh": at or ""}


def _event_cases(s, refs: list[str]) -> dict[str, tuple[str, str, str | None, str]]:
    """event id → (type, author, case number, partition) for the events the town holds (an entry names
    an event)."""
    if not refs:
        return {}
    found: dict[str, tuple[str, str, str | None, str]] = {}
    unique = sorted(set(refs))
    for i in range(0, len(unique), 500):
        rows = s.execute(
            select(
                sm.ServerEvent.id, sm.ServerEvent.type, sm.ServerEvent.author, sm.ServerCase.case_no,
                sm.ServerEvent.partition,
            )
            .outerjoin(sm.ServerCase, sm.ServerCase.case_id == sm.ServerEvent.case_id)
            .where(sm.ServerEvent.id.in_(unique[i : i + 500]))
        ).all()  # fmt: skip
        found.update({r[0]: (r[1], r[2], r[3], r[4]) for r in rows})
    return found


def _scopes(s, device_id: str) -> list[str]:
    """The regions the device may act in (its village; a clerk's town, the city's city)."""
    device = s.get(sm.Device, device_id)
    if device is None:
        return []
    try:
        return proto.scopes_for(Role(device.role), device.region)
    except ValueError:
        return []


def _case_partitions(s, numbers: list[str]) -> dict[str, str]:
    """case number → partition for the cases the town holds among ``numbers``."""
    found: dict[str, str] = {}
    unique = sorted(set(numbers))
    for i in range(0, len(unique), 500):
        rows = s.execute(
            select(sm.ServerCase.case_no, sm.ServerCase.partition).where(sm.ServerCase.case_no.in_(unique[i : i + 500]))
        )
        found.update({r[0]: r[1] for r in rows})
    return found


def _outside(scopes: list[str], e: ae.WireEntry, events: dict, cases: dict[str, str]) -> str:
    """``partition`` when an entry that verified is about an event or a case outside the sending device's
    scope: a village PC's (consistent) entry about another village's case is never that case's trail.
    An event the town does not hold yet is judged when it is read (``audit_view``)."""
    if e.kind in ac.EVENT_KINDS:
        event = events.get(e.ref)
        return "partition" if event is not None and not _in(scopes, event[3]) else ""
    for case_no in ae.case_nos_in(e.detail):
        held = cases.get(case_no)
        if held is not None:
            if not _in(scopes, held):
                return "partition"
        elif not any(_in([scope], scope[:6] + case_no[:6]) for scope in scopes):
            return "partition"  # a number the town has no case for, of a village outside the scope
    return ""


def _in(scopes: list[str], partition: str) -> bool:
    return any(proto.in_scope(scope, partition) for scope in scopes)


def _row(device_id: str, e: ae.WireEntry, why: str, events: dict, now: datetime) -> dict:
    """The entry as the town keeps it (the ``audit_entries`` row's values); ``why`` a ``REASONS`` code
    ("" when it verified)."""
    if e.kind == ac.KIND_AUDIT:
        actor, action, detail = e.actor, e.action, ae.mask_detail(e.detail)
        case_no = ae.case_no_in(detail)
    elif e.kind in ac.EVENT_KINDS and why != "partition":
        # the event itself is on the server: its type, author and case are the town's, not the PC's word
        kind, author, case_no, _partition = events.get(e.ref, ("", "", None, ""))
        actor, action, detail = author, kind or "(镇中心没有此事件)", ""
    else:  # another village's event: nothing of it is copied into this PC's trail
        actor, action, detail, case_no = "", "", "", None
    if why in ("partition", "text", "form", "actor"):
        case_no = None  # never listed as the trail of the case it names
    # at, kind, ref and content are what the program writes (parse judged them) or cleaned (a flawed entry)
    return dict(
        device_id=device_id, branch=0, seq=e.seq, at=e.at, kind=e.kind, ref=e.ref,
        content=e.content, hash=e.hash,
        actor=ae.mask_detail(actor)[: ae.MAX_NAME], action=ae.mask_detail(action)[: ae.MAX_ACTION],
        detail=detail, case_no=case_no, refused=ae.REASONS[why] if why else "", received_at=now,
        superseded_at=None,
    )  # fmt: skip
