"""The lifecycle rows added for follow-ups and progress reports, and the memoised work calendar."""

from __future__ import annotations

from datetime import date

import pytest

from villagedesk.domain.deadlines import WorkCalendar
from villagedesk.domain.errors import TransitionError
from villagedesk.domain.lifecycle import CASE_STATES, REPORT_STATES, EventType, Role, State, allowed_events, next_state


def test_report_stream_lifecycle() -> None:
    assert next_state(None, EventType.REPORT_DRAFTED, Role.AGENT) is State.REPORT_DRAFT
    assert next_state(State.REPORT_DRAFT, EventType.REPORT_SUBMITTED, Role.AGENT) is State.REPORT_SUBMITTED
    review = {EventType.REPORT_ACCEPTED, EventType.REPORT_RETURNED}
    assert review <= set(allowed_events(State.REPORT_SUBMITTED, Role.CLERK))
    assert next_state(State.REPORT_RETURNED, EventType.REPORT_DRAFTED, Role.AGENT) is State.REPORT_DRAFT
    with pytest.raises(TransitionError, match="无权"):
        next_state(State.REPORT_SUBMITTED, EventType.REPORT_ACCEPTED, Role.AGENT)
    with pytest.raises(TransitionError):
        next_state(State.REPORT_ACCEPTED, EventType.REPORT_SUBMITTED, Role.AGENT)
    assert not REPORT_STATES & CASE_STATES and State.CLOSED in CASE_STATES


def test_followups_only_after_an_evaluation_state() -> None:
    for state in (State.DELIVERED, State.COMPLETED_IN_VILLAGE, State.CLOSED):
        assert next_state(state, EventType.FOLLOWUP_RECORDED, Role.CLERK) is state
        assert next_state(state, EventType.FOLLOWUP_FIXED, Role.AGENT) is state
    with pytest.raises(TransitionError):
        next_state(State.ACCEPTED, EventType.FOLLOWUP_RECORDED, Role.AGENT)


def test_calendar_memo_follows_replaced_overrides() -> None:
    cal = WorkCalendar()
    national_day = date(2026, 10, 1)
    assert not cal.is_workday(national_day)
    cal.overrides = {national_day: True}  # a published calendar replaces the library's answer
    assert cal.is_workday(national_day)
    assert cal.is_workday(date(2026, 10, 10))  # the 调休 Saturday, from the library
