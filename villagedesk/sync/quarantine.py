"""Pulled events this device cannot apply are set aside, never allowed to stop a sync.

The server judges every event, but a client trusts no server either: an event that fails the domain's
checks, or whose case cannot be projected and stored (whatever the reason), is kept in the
``quarantine`` table with the reason, together with every later event of the same case; the rest of
the page and every later sync go on. The 同步 page and ``villagedesk check`` show what is held.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from villagedesk.db import models as m
from villagedesk.domain import judge as dj
from villagedesk.domain.events import Event, canonical_json

log = logging.getLogger(__name__)

HELD_CASE = "held_case"
UNAPPLIABLE = "unappliable"


def _raw(e: Event) -> str:
    try:
        return json.dumps(e.to_dict(), ensure_ascii=True)[:20_000]
    except (TypeError, ValueError, RecursionError):
        return ascii(e)[:20_000]


def hold(session: Session, events: Iterable[Event], code: str, reason: str) -> int:
    """Put ``events`` into quarantine (once each); returns how many were new there."""
    at = datetime.now(UTC).isoformat(timespec="seconds")
    n = 0
    for e in events:
        if session.get(m.QuarantinedEvent, e.id[:64]) is not None:
            continue
        session.add(
            m.QuarantinedEvent(
                event_id=e.id[:64],
                case_id=e.case_id[:64],
                partition=e.partition[:12],
                server_seq=e.server_seq if isinstance(e.server_seq, int) else None,
                code=code[:16],
                reason=reason[:2000],
                raw=_raw(e),
                at=at,
            )
        )
        n += 1
    if n:
        session.flush()
        log.warning("quarantined %d pulled event(s): %s", n, code)  # ids and counts only, never content
    return n


def screen(
    session: Session, events: list[Event], payloads: dict[str, str] | None = None
) -> tuple[list[Event], int]:
    """The events that may be applied; the others go to quarantine (bad alone, or of a held case).
    ``payloads``, if given, receives each applicable event's canonical payload text (event id → text),
    the key its verdict was judged by and what the events table stores: encoded once, not twice."""
    held_cases = set()
    case_ids = sorted({e.case_id for e in events})
    for i in range(0, len(case_ids), 500):
        held_cases.update(
            session.scalars(
                select(m.QuarantinedEvent.case_id).where(m.QuarantinedEvent.case_id.in_(case_ids[i : i + 500]))
            )
        )
    ok: list[Event] = []
    held = 0
    verdicts = dj.ContentVerdicts(0)  # a page repeats small payloads: each distinct one judged once
    for e in events:
        if e.case_id in held_cases:
            held += hold(session, [e], HELD_CASE, "同一办件的事件已被隔离")
            continue
        try:
            dj.check_envelope(e, 0, clock=False)  # the server judged the clock with its own; ours may be wrong
            text = _canonical(e.payload)
            if text is None:
                dj.check_content(e.type, e.partition, e.payload, None, 0)
            else:
                verdicts.check(e, text)
        except dj.Refusal as exc:
            held += hold(session, [e], exc.code, exc.message)
            held_cases.add(e.case_id)
            continue
        if payloads is not None and text is not None:
            payloads[e.id] = text
        ok.append(e)
    return ok, held


def _canonical(payload: object) -> str | None:
    """The payload's canonical JSON (the key of its verdict), or None when the encoder refuses it (too
    deep, a lone surrogate): such a payload is judged on its values, never from a shared verdict."""
    try:
        return canonical_json(payload)
    except (ValueError, RecursionError, UnicodeEncodeError, TypeError):
        return None


def count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(m.QuarantinedEvent)) or 0


def counts_by_partition(session: Session) -> dict[str, int]:
    rows = session.execute(
        select(m.QuarantinedEvent.partition, func.count()).group_by(m.QuarantinedEvent.partition)
    ).all()
    return {p: n for p, n in rows}


def listing(session: Session, limit: int = 200) -> list[m.QuarantinedEvent]:
    return list(session.scalars(select(m.QuarantinedEvent).order_by(m.QuarantinedEvent.at).limit(limit)))


def overview(desk) -> tuple[int, list[tuple[str, int]]]:
    """How many pulled events are held, and the reasons with their counts (what the 同步 page shows)."""
    with desk.store.read() as s:
        total = count(s)
        rows = s.execute(
            select(m.QuarantinedEvent.reason, func.count())
            .group_by(m.QuarantinedEvent.reason)
            .order_by(func.count().desc())
            .limit(5)
        ).all()
    return total, [(reason, n) for reason, n in rows]
