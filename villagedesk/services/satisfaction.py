"""好差评 follow-ups: which bad reviews still need fixing, and by when (15 working days)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from villagedesk.db import models as m
from villagedesk.db import store as st
from villagedesk.domain.errors import ValidationError
from villagedesk.domain.events import Event
from villagedesk.domain.lifecycle import EventType, State
from villagedesk.domain.satisfaction import FollowUp, followup_of
from villagedesk.services import actions
from villagedesk.services.desk import Desk


@dataclass(frozen=True)
class FollowUpRow:
    case_id: str
    case_no: str
    title: str
    village_code: str
    followup: FollowUp
    overdue: bool


def followups(desk: Desk, include_fixed: bool = False) -> list[FollowUpRow]:
    """Every case with a bad review in this profile's database, the most urgent first."""
    with desk.store.read() as s:
        bad_cases = set(
            s.scalars(
                select(m.EventRow.case_id).where(
                    m.EventRow.type == EventType.EVALUATED.value,
                    m.EventRow.payload.like('%"level":"%不满意"%'),
                )
            )
        )
        streams: dict[str, list[Event]] = defaultdict(list)
        for row in s.scalars(select(m.EventRow).where(m.EventRow.case_id.in_(bad_cases))):
            streams[row.case_id].append(st.row_to_event(row))
        cases = {c.id: c for c in s.scalars(select(m.Case).where(m.Case.id.in_(bad_cases)))}
    today = desk.today()
    out = []
    for case_id, events in streams.items():
        follow = followup_of(events, desk.calendar)
        case = cases.get(case_id)
        if follow is None or case is None or (follow.fixed and not include_fixed):
            continue
        out.append(FollowUpRow(case_id, case.case_no, case.title, case.village_code, follow, follow.overdue(today)))
    return sorted(out, key=lambda r: (r.followup.fixed, r.followup.due_on, r.case_no))


def perform_with_evaluation(desk: Desk, case_id: str, event: EventType, payload: dict, on: date | None = None) -> State:
    """An action (the delivery) with the villager's review taken at the same moment.

    The review (``payload["evaluation"]``) is checked before anything is written, so a bad review form
    refuses the delivery too and nothing is half recorded; without one this is ``actions.perform``.
    """
    payload = dict(payload)
    review = payload.pop("evaluation", None)
    if review is not None:
        if not isinstance(review, dict):
            raise ValidationError("level", "请选择评价等级")
        actions.clean_payload(EventType.EVALUATED, review)
    state = actions.perform(desk, case_id, event, payload, on)
    if review is not None:
        state = actions.perform(desk, case_id, EventType.EVALUATED, review, on)
    return state
