"""The audit trail (留痕) as use cases: record an action, start the chain, verify it.

``record`` is how every audited action (export, print, backup, account change, a full ID number shown)
reaches ``audit_log`` and the chain; event rows are chained where they are stored (db/store.py).
``verify`` is what ``villagedesk check`` and each sync run use: the chain's links, every event row and
audit row against its entry, and the head against this PC's copy and the head the town confirmed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, select, text

from villagedesk.db import audit_chain as chain
from villagedesk.db import models as m
from villagedesk.domain import audit_chain as ac
from villagedesk.domain import jsonfast
from villagedesk.domain.lifecycle import EVENT_LABELS, EventType

if TYPE_CHECKING:  # Desk.open runs this module: a runtime import would be a circle
    from sqlalchemy.orm import Session

    from villagedesk.services.desk import Desk

VIEW_ID = "view_id"  # a full ID number was shown (case detail, printed mandate)
PRINT = "print"

_EVENTS_SQL = f"SELECT {', '.join(ac.EVENT_COLUMNS)} FROM events ORDER BY local_seq"

# what a sync run reports to the town: the first findings only (each sentence is short)
REPORTED_FINDINGS = 20


@dataclass(frozen=True)
class Verdict:
    entries: int
    head: tuple[int, str]
    findings: tuple[ac.Finding, ...]
    edited_cases: frozenset[str] = frozenset()  # case ids with an event row edited behind the app's back
    gutted_cases: frozenset[str] = frozenset()  # case ids with an event row deleted behind the app's back

    @property
    def ok(self) -> bool:
        return not self.findings


def record(desk: Desk, action: str, detail: str) -> None:
    """One audited action by the logged-in person, in its own transaction."""
    with desk.store.write() as s:
        chain.add_audit(s, action, detail, desk.identity.user)


FORMS = {"receipt": "受理回执", "notice": "一次性告知单", "mandate": "委托书"}


def record_print(desk: Desk, form: str, case_no: str, target: str) -> None:
    """A form (``FORMS`` key) printed or saved as PDF; ``target`` is a printer or a file's bare name
    (never its folder). The mandate carries the full ID number, so it says so."""
    detail = f"{FORMS.get(form, form)}: {case_no} → {target}" + (", 含完整身份证号" if form == "mandate" else "")
    record(desk, PRINT, detail)


def ensure_started(desk: Desk) -> int:
    """Chain the rows a profile had before the chain existed (once, at the first open after 0009).

    An empty chain on a profile where it had already started is left empty: re-chaining then would
    launder whatever was done to the rows; ``verify`` reports it instead."""
    with desk.store.read() as s:
        if chain.started(s) or s.scalar(select(func.count()).select_from(m.AuditChainEntry)):
            return 0
        has_rows = s.scalar(select(func.count()).select_from(m.EventRow)) or s.scalar(
            select(func.count()).select_from(m.AuditEntry)
        )
    with desk.store.write() as s:
        if chain.started(s):
            return 0
        if not has_rows:
            chain.append(s, [])  # nothing to chain yet
            s.add(m.Setting(key=chain.K_STARTED, value=datetime.now().isoformat(timespec="seconds")))
            return 0
        t = m.EventRow.__table__
        items = [
            (ac.KIND_EVENT, r["id"], ac.event_digest(r))
            for r in s.execute(select(t).order_by(t.c.local_seq)).mappings()
        ]
        items += [
            (ac.KIND_AUDIT, str(a.id), chain.audit_row_digest(a))
            for a in s.scalars(select(m.AuditEntry).order_by(m.AuditEntry.id))
        ]
        chain.append(s, items)
        return len(items)


def verify(desk: Desk) -> Verdict:
    """Judge the chain and the rows it covers; every finding says in Chinese what was done."""
    with desk.store.read() as s:
        entries = chain.entries(s)
        recorded = chain.recorded_head(s)
        confirmed = chain.server_head(s)
        begun = chain.started(s)
        raw = s.connection().exec_driver_sql(_EVENTS_SQL).fetchall()  # a plain cursor: ORM rows cost 3x
        numbers = dict(s.execute(select(m.Case.id, m.Case.case_no)).all())
        counted = s.execute(select(m.Case.id, m.Case.event_count)).all()  # the projection's own tally
        # each event named as a person reads it: the case number and the action in words, then the id's head
        events = [(r[0], ac.event_digest_row(r), _event_label(r, numbers)) for r in raw]
        case_of = {r[0]: r[1] for r in raw}
        audits = [
            (str(a.id), chain.audit_row_digest(a), f"第{a.id}条({a.action})")
            for a in s.scalars(select(m.AuditEntry).order_by(m.AuditEntry.id))
        ]
    findings: list[ac.Finding] = []
    if begun and not entries and (events or audits or recorded):
        findings.append(ac.Finding("deleted", "留痕被全部删除(本机已开始留痕, 现在一条都没有)"))
    findings += ac.verify_links(entries)
    findings += ac.verify_tail(entries, recorded, "本机")
    findings += ac.verify_tail(entries, confirmed, "镇中心")
    findings += ac.verify_rows(entries, ac.EVENT_KINDS, events, "事件")
    findings += ac.verify_rows(entries, (ac.KIND_AUDIT,), audits, "操作记录")
    head = (entries[-1].seq, entries[-1].hash) if entries else (0, ac.GENESIS)
    latest = {e.ref: e.content for e in entries if e.kind in ac.EVENT_KINDS}
    edited = frozenset(case_of[ref] for ref, digest, _ in events if ref in latest and latest[ref] != digest)
    gone = {ref for ref in latest if ref not in case_of}
    gutted = {r[1] for r in raw if gone and _names_any(r[9], gone)}
    kept: dict[str, int] = {}
    for r in raw:
        kept[r[1]] = kept.get(r[1], 0) + 1
    if gone:  # a case counting more events than it keeps lost its last one only if the chain lost one
        gutted |= {cid for cid, count in counted if kept.get(cid, 0) < (count or 0)}
    return Verdict(len(entries), head, tuple(findings), edited, frozenset(gutted))


def _names_any(prev: str, ids: set[str]) -> bool:
    """Whether an event's stored ``prev`` (a JSON list of event ids) names one of ``ids``."""
    return prev not in ("", "[]") and any(p in ids for p in jsonfast.loads(prev))


def edited_events(session: Session, case_id: str) -> frozenset[str]:
    """The ids of one case's events whose row is not what the chain says the app wrote (edited in the
    database): the case page and ``show`` mark those steps, so a forged decision never reads as real."""
    sql = text(f"SELECT {', '.join(ac.EVENT_COLUMNS)} FROM events WHERE case_id = :c")
    rows = session.execute(sql, {"c": case_id}).fetchall()
    latest = chain.latest_digests(session, [r[0] for r in rows], ac.EVENT_KINDS)
    return frozenset(r[0] for r in rows if r[0] in latest and latest[r[0]] != ac.event_digest_row(r))


def events_deleted(session: Session, case_id: str) -> bool:
    """Whether an event of this case was deleted from the database behind the app's back: one of its
    events names in ``prev`` an event the chain recorded and no row holds, or the case row counted more
    events than are left (the last one deleted). A rebuild from what is left would be a false record."""
    rows = session.execute(select(m.EventRow.id, m.EventRow.prev).where(m.EventRow.case_id == case_id)).all()
    have = {r[0] for r in rows}
    named = {p for _id, prev in rows if prev not in ("", "[]") for p in jsonfast.loads(prev)} - have
    if named and chain.latest_digests(session, sorted(named), ac.EVENT_KINDS):
        return True
    counted = session.scalar(select(m.Case.event_count).where(m.Case.id == case_id)) or 0
    if len(rows) >= counted:
        return False
    # fewer rows than the case counted: its last event deleted, or only the count edited (a projection
    # tamper, which --rebuild mends); the chain tells them apart: it recorded more events than rows hold
    recorded = session.scalar(
        select(func.count(func.distinct(m.AuditChainEntry.ref))).where(m.AuditChainEntry.kind.in_(ac.EVENT_KINDS))
    )
    return (recorded or 0) > (session.scalar(select(func.count()).select_from(m.EventRow)) or 0)


def untrusted_cases(session: Session, case_ids: list[str]) -> frozenset[str]:
    """The ids among ``case_ids`` with an event row edited or deleted behind the app's back."""
    return frozenset(c for c in case_ids if edited_events(session, c) or events_deleted(session, c))


def _event_label(row, numbers: dict[str, str]) -> str:
    """``办件 J2004 的"作出决定"记录(a8715888…)``: which case, which action, and the event for support."""
    try:
        action = EVENT_LABELS[EventType(row[2])]
    except (KeyError, ValueError):
        action = str(row[2])[:32]
    number = numbers.get(row[1])
    where = f"办件 {number} 的" if number else ""
    return f'{where}"{action}"记录({str(row[0])[:8]}…)'


def log_rows(desk: Desk, limit: int = 500) -> list[tuple[datetime, str, str, str]]:
    """The newest audited actions (when, who, what, detail) for the 留痕 view."""
    with desk.store.read() as s:
        rows = s.scalars(select(m.AuditEntry).order_by(m.AuditEntry.id.desc()).limit(limit))
        return [(a.at, a.actor, a.action, a.detail) for a in rows]
