"""Writing and reading the audit chain (留痕) in the caller's transaction.

Appending reads only the last entry (its primary key) and inserts the new ones in one ``executemany``;
the hashing is one SHA-256 per entry (figures in docs/audit.md). The head is also kept in ``settings``
(``audit.head``), a second copy a hand edit of the chain table easily misses.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from villagedesk.db import models as m
from villagedesk.domain import audit_chain as ac

K_HEAD = "audit.head"  # "seq:hash" of the last entry written by the app
K_STARTED = "audit.started"  # set when the chain began: an empty chain after that was emptied by hand
K_SERVER = "audit.server"  # "seq:hash" the town server last confirmed it holds


def _setting(session: Session, key: str) -> str | None:
    row = session.get(m.Setting, key)
    return row.value if row else None


def _put(session: Session, key: str, value: str) -> None:
    row = session.get(m.Setting, key)
    if row:
        row.value = value
    else:
        session.add(m.Setting(key=key, value=value))


def parse_head(text: str | None) -> tuple[int, str] | None:
    if not text or ":" not in text:
        return None
    seq, _, h = text.partition(":")
    return (int(seq), h) if seq.isdigit() else None


def last_entry(session: Session) -> tuple[int, str]:
    row = session.execute(
        select(m.AuditChainEntry.seq, m.AuditChainEntry.hash).order_by(m.AuditChainEntry.seq.desc()).limit(1)
    ).first()
    return (row[0], row[1]) if row else (0, ac.GENESIS)


def append(session: Session, items: Iterable[tuple[str, str, str]], at: str | None = None) -> tuple[int, str]:
    """Chain ``(kind, ref, content digest)`` items after the last entry; returns the new head."""
    batch = list(items)
    seq, prev = last_entry(session)
    if not batch:
        return seq, prev
    first = seq == 0
    stamp = at or datetime.now().isoformat(timespec="seconds")
    rows = []
    for kind, ref, content in batch:
        seq += 1
        h = ac.entry_hash(prev, stamp, kind, ref, content)
        rows.append((seq, stamp, kind, ref, content, prev, h))
        prev = h
    session.connection().exec_driver_sql(
        "INSERT INTO audit_chain (seq, at, kind, ref, content, prev, hash) VALUES (?, ?, ?, ?, ?, ?, ?)", rows
    )
    _put(session, K_HEAD, f"{seq}:{prev}")
    if first and _setting(session, K_STARTED) is None:
        _put(session, K_STARTED, stamp)
    return seq, prev


def append_events(session: Session, values: Sequence[dict], kind: str = ac.KIND_EVENT) -> None:
    """Entries for event rows just written (``store.event_values`` dicts)."""
    append(session, [(kind, v["id"], ac.event_digest(v)) for v in values])


def add_audit(session: Session, action: str, detail: str, actor: str, at: datetime | None = None) -> m.AuditEntry:
    """One audit_log row and its chain entry (the only writer of audit_log)."""
    row = m.AuditEntry(at=at or datetime.now(), actor=actor, action=action, detail=detail)
    session.add(row)
    session.flush()
    append(session, [(ac.KIND_AUDIT, str(row.id), audit_row_digest(row))])
    return row


def audit_row_digest(row: object) -> str:
    at = row.at  # type: ignore[attr-defined]
    stamp = at.isoformat() if isinstance(at, datetime) else str(at)
    return ac.audit_digest(stamp, row.actor, row.action, row.detail)  # type: ignore[attr-defined]


def entries(session: Session) -> list[ac.Entry]:
    """The whole chain in seq order (a plain cursor: ORM rows cost three times as much)."""
    sql = "SELECT seq, at, kind, ref, content, prev, hash FROM audit_chain ORDER BY seq"
    return [ac.Entry(*r) for r in session.connection().exec_driver_sql(sql).fetchall()]


def latest_digests(session: Session, refs: Sequence[str], kinds: Sequence[str]) -> dict[str, str]:
    """The chain's latest digest of each of ``refs`` (entries of ``kinds``), by the ``ref`` index."""
    if not refs:
        return {}
    stmt = (
        select(m.AuditChainEntry.ref, m.AuditChainEntry.content)
        .where(m.AuditChainEntry.ref.in_(list(refs)), m.AuditChainEntry.kind.in_(list(kinds)))
        .order_by(m.AuditChainEntry.seq)
    )
    return dict(session.execute(stmt).all())  # later entries overwrite earlier ones


def hash_at(session: Session, seq: int) -> str:
    return session.scalar(select(m.AuditChainEntry.hash).where(m.AuditChainEntry.seq == seq)) or ""


def recorded_head(session: Session) -> tuple[int, str] | None:
    return parse_head(_setting(session, K_HEAD))


def server_head(session: Session) -> tuple[int, str] | None:
    return parse_head(_setting(session, K_SERVER))


def set_server_head(session: Session, seq: int, h: str) -> None:
    _put(session, K_SERVER, f"{seq}:{h}")


def started(session: Session) -> bool:
    return _setting(session, K_STARTED) is not None


K_SENT = "audit.sent"  # "seq": the last entry the town said it holds of this chain's entries (留痕上报)


def sent_seq(session: Session) -> int:
    text = _setting(session, K_SENT) or "0"
    return int(text) if text.isdigit() else 0


def set_sent(session: Session, seq: int) -> None:
    _put(session, K_SENT, str(max(0, seq)))


def entries_after(session: Session, seq: int, limit: int) -> list[ac.Entry]:
    """The next ``limit`` entries after ``seq`` (what the sync sends to the town)."""
    sql = "SELECT seq, at, kind, ref, content, prev, hash FROM audit_chain WHERE seq > ? ORDER BY seq LIMIT ?"
    return [ac.Entry(*r) for r in session.connection().exec_driver_sql(sql, (seq, limit)).fetchall()]


def audit_rows(session: Session, ids: list[str]) -> dict[str, tuple[str, str, str, str]]:
    """audit_log rows by id as (at, actor, action, detail), ``at`` as its digest reads it."""
    numbers = [int(i) for i in ids if i.isdigit()]
    if not numbers:
        return {}
    rows = session.scalars(select(m.AuditEntry).where(m.AuditEntry.id.in_(numbers)))
    out = {}
    for r in rows:
        stamp = r.at.isoformat() if isinstance(r.at, datetime) else str(r.at)
        out[str(r.id)] = (stamp, r.actor, r.action, r.detail)
    return out
