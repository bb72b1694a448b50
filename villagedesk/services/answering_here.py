"""Who answers for a case on this PC: its registering person (a local account, or the same person by
name when the case was registered on another PC, e.g. the old PC of a village), then every handover this
PC confirmed after the case came here. One rule for the 交接单 and a reprinted receipt."""

from __future__ import annotations

from sqlalchemy import String, cast, func, select
from sqlalchemy.orm import Session

from villagedesk.db import models as m
from villagedesk.domain.answering import Handover, Person, read_handover


def people(s: Session) -> dict[str, Person]:
    """Account id → Person of every account of this PC, stopped ones included."""
    return {a.id: Person(a.display_name, bool(a.active), a.username) for a in s.scalars(select(m.Account))}


def handovers(s: Session) -> list[tuple[int, Handover | None]]:
    """This PC's confirmed handovers, with their place in the audit chain, in chain order."""
    chain = m.AuditChainEntry
    rows = s.execute(
        select(chain.seq, m.AuditEntry.detail)
        .join(chain, (chain.kind == "audit") & (chain.ref == cast(m.AuditEntry.id, String)))
        .where(m.AuditEntry.action == "handover")
        .order_by(chain.seq)
    )
    return [(seq, read_handover(detail)) for seq, detail in rows]


def arrivals(s: Session, event_ids: list[str]) -> dict[str, int]:
    """Event id → the chain place it got here (written or pulled): a handover before it was not about it."""
    chain = m.AuditChainEntry
    out: dict[str, int] = {}
    for start in range(0, len(event_ids), 500):
        part = event_ids[start : start + 500]
        query = select(chain.ref, func.min(chain.seq)).where(chain.kind == "event", chain.ref.in_(part))
        out.update(dict(s.execute(query.group_by(chain.ref)).all()))
    return out


def registrar(roster: dict[str, Person], author: str, agent_name: str) -> Person | None:
    """The person who registered: their account here, else (another PC's account) the one account of
    this PC with the name the registration carries; None when no account or several have that name."""
    if author in roster:
        return roster[author]
    same = [p for p in roster.values() if agent_name and p.name == agent_name]
    return same[0] if len(same) == 1 else None
