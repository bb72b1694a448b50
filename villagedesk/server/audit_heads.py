"""The town's view of each village PC's audit chain (留痕): the heads it was sent, and tamper alerts.

The server sees only heads, so a device's claim is judged against the heads it sent before: the chain
may only grow (a lower seq is a cut tail or a replaced database), the same seq must keep its hash, and
the device proves it still holds the head the server last confirmed by sending its hash at that seq
(``known``). Anything else is an alert for the town; the head is then taken as the new baseline, so one
tampering raises one alert, and the sync of the events goes on whatever the claim says.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select

from villagedesk.server import audit_entries, audit_roster
from villagedesk.server import models as sm
from villagedesk.server.db import Database
from villagedesk.sync.protocol import AuditClaim

log = logging.getLogger(__name__)


def _latest(s, device_id: str) -> sm.AuditHead | None:
    return s.scalars(
        select(sm.AuditHead).where(sm.AuditHead.device_id == device_id).order_by(sm.AuditHead.id.desc()).limit(1)
    ).first()


def _at(s, device_id: str, seq: int) -> sm.AuditHead | None:
    return s.scalars(
        select(sm.AuditHead)
        .where(sm.AuditHead.device_id == device_id, sm.AuditHead.seq == seq)
        .order_by(sm.AuditHead.id.desc())
        .limit(1)
    ).first()


def judge(last: sm.AuditHead | None, at_known: sm.AuditHead | None, claim: AuditClaim) -> list[tuple[str, str]]:
    """(kind, Chinese message) for each way the claim does not extend what this server saw."""
    out: list[tuple[str, str]] = []
    if claim.malformed:
        return [("malformed", claim.malformed)]
    for finding in claim.findings:
        out.append(("self_check", f"本机自检: {finding}"))
    if last is None:
        return out
    if claim.seq < last.seq:
        out.append(("rollback", f"留痕从第{last.seq}条退回到第{claim.seq}条(末尾被删除, 或数据库被替换/恢复)"))
    elif claim.known_seq is not None and at_known is not None and claim.known_seq <= claim.seq:
        if claim.known_hash != at_known.hash:
            out.append(("rewritten", f"本机第{claim.known_seq}条留痕与镇中心记录的不同(之前的留痕被改写或删除)"))
        elif claim.seq == last.seq and claim.hash != last.hash:
            out.append(("rewritten", f"第{claim.seq}条留痕的哈希与上次同步时不同(留痕被改写)"))
    elif claim.seq == last.seq and claim.hash != last.hash:
        out.append(("rewritten", f"第{claim.seq}条留痕的哈希与上次同步时不同(留痕被改写)"))
    elif claim.seq > last.seq:  # every seq a server confirmed is kept here: the device could have proved it
        out.append(("unproven", f"本机未证明仍保留镇中心上次确认的第{last.seq}条留痕"))
    return out


MAX_TRAIL_BATCHES = 100  # a USB bundle's ``trail``: entry batches after ``aud.e`` (each ≤ 200 entries)


def observe(db: Database, device_id: str, claim: AuditClaim | None, trail: object = None) -> dict | None:
    """Judge and keep a device's head; returns the reply's ``aud`` (the head held now) or None.
    ``trail``: a bundle's further entry batches after ``aud.e``, taken in order while each links.

    Never raises: a fault here is logged and the sync reply goes out without ``aud``."""
    if claim is None:
        return None
    try:
        reply, kinds = _observe(db, device_id, claim)
        if reply is not None and not claim.malformed and claim.entries is not None:
            said = bool(kinds & {"rollback", "rewritten"})  # one tampering, one alert: the heads said it
            head = (claim.seq, claim.hash)
            reply.update(audit_entries.receive(db, device_id, claim.entries, head, said))
            before = claim.entries
            for batch in _trail(trail):
                if not _took_all(reply, before):
                    break  # the batch before did not link: the rest waits for the PC to send again
                reply.update(audit_entries.receive(db, device_id, batch, head, said))
                before = batch
        if reply is not None and not claim.malformed and claim.roster is not None:
            audit_roster.receive(db, device_id, claim.roster, claim.logins)
        return reply
    except Exception:  # the events of this sync were stored already; the audit check must not cost them
        log.exception("audit head of a device could not be judged")
        return None


def _trail(value: object) -> list:
    """A bundle's ``trail`` (a list of ``aud.e`` batches); anything else carries none."""
    if not isinstance(value, list):
        return []
    return value[:MAX_TRAIL_BATCHES]


def _took_all(reply: dict, batch: object) -> bool:
    """The town now holds the whole of ``batch`` (its ``es`` is the batch's last entry)."""
    rows = batch.get("r") if isinstance(batch, dict) else None
    first = batch.get("f") if isinstance(batch, dict) else None
    if not isinstance(rows, list) or not rows or not isinstance(first, int) or isinstance(first, bool):
        return False
    return reply.get("es") == first - 1 + len(rows)


def _observe(db: Database, device_id: str, claim: AuditClaim) -> tuple[dict | None, set[str]]:
    """The reply's ``aud`` and the kinds of alert this claim raised."""
    with db.read() as s:
        last = _latest(s, device_id)
        known = _at(s, device_id, claim.known_seq) if claim.known_seq is not None else None
        same = last is not None and last.seq == claim.seq and last.hash == claim.hash
        problems = judge(last, known, claim)
        if same and not problems:
            return {"s": last.seq, "h": last.hash}, set()
    kinds = {kind for kind, _m in problems}
    now = datetime.now()
    with db.write() as s:
        for kind, message in problems:
            exists = s.scalars(
                select(sm.AuditAlert.id).where(
                    sm.AuditAlert.device_id == device_id, sm.AuditAlert.kind == kind, sm.AuditAlert.message == message
                )
            ).first()
            if exists is None:
                s.add(sm.AuditAlert(at=now, device_id=device_id, kind=kind, message=message))
                log.warning("audit alert for device %s: %s", device_id[:8], kind)
        if claim.malformed:
            latest = _latest(s, device_id)
            return ({"s": latest.seq, "h": latest.hash} if latest else None), kinds
        if not same:
            s.add(sm.AuditHead(device_id=device_id, seq=claim.seq, hash=claim.hash, seen_at=now))
    return {"s": claim.seq, "h": claim.hash}, kinds


def alerts(db: Database, limit: int = 1000) -> list[tuple[sm.AuditAlert, str]]:
    """The newest alerts with the device's name."""
    with db.read() as s:
        rows = s.execute(
            select(sm.AuditAlert, sm.Device.name)
            .outerjoin(sm.Device, sm.Device.id == sm.AuditAlert.device_id)
            .order_by(sm.AuditAlert.id.desc())
            .limit(limit)
        ).all()
        return [(a, name or "") for a, name in rows]
