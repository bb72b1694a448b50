"""The 委托书 is a record (who entrusted whom with which items, signed when, valid until when), not a
yes/no flag, and a case whose 委托书 has lapsed cannot be 报送 until the village records a renewed one."""

from __future__ import annotations

import dataclasses
import time
from datetime import date

import pytest

from tests.conftest import TODAY
from tests.flows import as_role, drive, register
from villagedesk.db import store as st
from villagedesk.domain import judge
from villagedesk.domain import mandate as dm
from villagedesk.domain.errors import ValidationError
from villagedesk.domain.lifecycle import EventType, Role, State
from villagedesk.services import actions, intake, mandates
from villagedesk.services.desk import Desk

E = EventType
LATER = date(2026, 12, 9)


def _registration(desk: Desk, case_id: str) -> dict:
    with desk.store.read() as s:
        return st.case_events(s, case_id)[0].payload


def test_the_registration_carries_the_record_and_it_reads_back_whole(desk) -> None:
    case = register(desk, "JY012", name="王𠮷", mandate_signed_on=date(2026, 11, 24))
    payload = _registration(desk, case.case_id)
    assert payload["mandate"] == {"signed_on": "2026-11-24", "valid_until": None}
    with desk.store.read() as s:
        record = mandates.current_in(s, case.case_id)
    assert record == dm.Mandate("王𠮷", "李娜", record.items, date(2026, 11, 24), None)
    assert record.items and record.validity_text() == "至事项办结"


def test_a_lapsed_mandate_cannot_be_registered(desk) -> None:
    with pytest.raises(intake.FormErrors) as caught:
        register(desk, "JY012", mandate_signed_on=date(2026, 10, 1), mandate_valid_until=date(2026, 11, 1))
    assert "委托书已于 2026-11-01 到期" in caught.value.by_field()["mandate_signed"]
    with pytest.raises(intake.FormErrors):
        register(desk, "JY012", mandate_signed_on=date(2026, 11, 26))  # tomorrow


def test_a_lapsed_mandate_blocks_submission_until_a_renewal_is_recorded(desk) -> None:
    case = register(desk, "JY012", mandate_valid_until=date(2026, 11, 30))
    with pytest.raises(ValidationError) as caught:
        actions.perform(desk, case.case_id, E.SUBMITTED, {}, on=LATER)
    assert caught.value.field == "mandate" and "2026-11-30 到期" in caught.value.message
    with pytest.raises(ValidationError):  # a renewal signed in the future is refused
        actions.perform(desk, case.case_id, E.MANDATE_RECORDED, {"signed_on": "2026-12-10"}, on=LATER)
    actions.perform(desk, case.case_id, E.MANDATE_RECORDED, {"signed_on": "2026-12-08"}, on=LATER)
    assert actions.perform(desk, case.case_id, E.SUBMITTED, {}, on=LATER) is State.SUBMITTED
    with desk.store.read() as s:
        events = st.case_events(s, case.case_id)
        record = mandates.current_in(s, case.case_id)
    assert record.signed_on == date(2026, 12, 8) and record.agent == "李娜" and record.principal == "张三"
    now = int(time.time() * 1000)
    ledger = judge.CaseLedger(case.case_id)  # what the town server will judge
    for e in events:
        judge.check_event(e, now)
        ledger.admit(e)


def test_a_returned_case_is_resubmitted_only_under_a_valid_mandate(desk) -> None:
    case = register(desk, "JY012", mandate_valid_until=date(2026, 11, 27))
    returned = {"missing": ["身份证"], "reason": "请补正"}
    drive(desk, case.case_id, [(Role.AGENT, E.SUBMITTED, {}), (Role.CLERK, E.RETURNED, returned)])
    as_role(desk, Role.AGENT)
    with pytest.raises(ValidationError):
        actions.perform(desk, case.case_id, E.SUBMITTED, {}, on=LATER)
    assert E.MANDATE_RECORDED in actions.available(desk, case.case_id)


def test_a_legacy_flag_reads_as_a_mandate_until_the_case_ends() -> None:
    legacy = {"at": "2025-03-02", "mandate_signed": True, "applicant": {"name": "李·娜"}, "agent_name": "赵敏"}
    record = dm.of_registration({**legacy, "title": "低保"})
    assert record == dm.Mandate("李·娜", "赵敏", ("低保",), date(2025, 3, 2), None)
    assert dm.problem_on(record, date(2030, 1, 1)) is None
    assert dm.of_registration({"at": "2025-03-02"}) is None
    assert "没有委托书" in dm.problem_on(None, TODAY)


@pytest.mark.parametrize(
    "mandate",
    [
        {"signed_on": "2026-11-25", "valid_until": "2026-11-01"},  # ends before it starts
        {"signed_on": "2026-02-30", "valid_until": None},
        {"signed_on": 20261125},
        {"signed_on": "2026-11-25", "principal": "别人"},  # who and what are the registration's own
        "yes",
        [],
    ],
)
def test_the_judge_refuses_a_registration_with_a_malformed_record(desk, mandate) -> None:
    case = register(desk, "JY012")
    e = _event(desk, case.case_id)
    forged = dataclasses.replace(e, payload={**e.payload, "mandate": mandate})
    with pytest.raises(judge.Refusal):
        judge.check_event(forged, int(time.time() * 1000))


def _event(desk: Desk, case_id: str):
    with desk.store.read() as s:
        return st.case_events(s, case_id)[0]
