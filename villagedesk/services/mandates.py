"""A case's 委托书: the one in force, a renewal recorded by the village, the check before 报送."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from villagedesk.db import store as st
from villagedesk.domain import mandate as dm
from villagedesk.domain.errors import ValidationError
from villagedesk.domain.events import Event
from villagedesk.domain.lifecycle import EventType


def current_in(session: Session, case_id: str) -> dm.Mandate | None:
    return current_of(st.case_events(session, case_id))


def current_of(events: list[Event]) -> dm.Mandate | None:
    """The latest recorded 委托书 of the case, else the one its registration carries."""
    for e in sorted(events, key=lambda x: x.hlc, reverse=True):
        if e.type is EventType.MANDATE_RECORDED:
            return dm.from_payload(e.payload.get("mandate"))
    registered = next((e.payload for e in events if e.type is EventType.CASE_REGISTERED), None)
    return dm.of_registration(registered) if registered is not None else None


def check_submission(session: Session, case_id: str, day: date) -> None:
    """Raise when the case may not go to the town on ``day`` for want of a valid 委托书."""
    problem = dm.problem_on(current_in(session, case_id), day)
    if problem:
        raise ValidationError("mandate", problem)


def renewal(session: Session, case_id: str, agent: str, fields: dict) -> dict:
    """The full record of a renewed 委托书 from what the agent enters (signed on, valid until):
    the principal and the items stay those of the case."""
    previous = current_in(session, case_id)
    registered = next(e.payload for e in st.case_events(session, case_id) if e.type is EventType.CASE_REGISTERED)
    items = [str(i.get("name", "")) for i in registered.get("items", []) if isinstance(i, dict)]
    record = {
        "principal": previous.principal if previous else str((registered.get("applicant") or {}).get("name", "")),
        "agent": agent,
        "items": [x for x in items if x] or [str(registered.get("title", "代办事项"))],
        "signed_on": fields.get("signed_on"),
        "valid_until": fields.get("valid_until") or None,
    }
    return {"mandate": dm.from_payload(record).to_payload()}
