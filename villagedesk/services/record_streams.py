"""The one way the shared records (星级考评, 督查, 预约, 工作进展报送) read their event streams: without
this PC's steps the server refused (``projection.standing``, as every case projection folds). A refused
step stays stored, with its reason in the outbox, but the server never holds it, so no other device folds
it; counting it here would show a score, an answer, a cancellation or a report state nobody else sees."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from villagedesk.db import models as m
from villagedesk.db import store as st
from villagedesk.domain.events import Event
from villagedesk.domain.lifecycle import EventType
from villagedesk.domain.projection import standing

__all__ = ["one", "streams"]


def one(session, record_id: str) -> list[Event]:
    """One record's standing events, in stored order (fold them with the record's own ``fold``)."""
    return st.standing_events(session, record_id)


def streams(session, opening: EventType, prefix: str | None = None) -> dict[str, list[Event]]:
    """Every record stream holding an ``opening`` event (in a partition starting with ``prefix``, if
    given): its standing events by record id."""
    query = select(m.EventRow.case_id).where(m.EventRow.type == opening.value)
    if prefix is not None:
        query = query.where(m.EventRow.partition.like(prefix + "%"))
    ids = list(session.scalars(query.distinct()))
    found: dict[str, list[Event]] = defaultdict(list)
    for i in range(0, len(ids), 500):
        rows = session.scalars(
            select(m.EventRow).where(m.EventRow.case_id.in_(ids[i : i + 500])).order_by(m.EventRow.local_seq)
        )
        for row in rows:
            found[row.case_id].append(st.row_to_event(row))
    refused = st.refused_ids(session, ids) if ids else set()
    return {rid: standing(events, refused) for rid, events in found.items()}
