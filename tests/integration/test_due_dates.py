"""Due dates of real cases through the services on the 2025 schedule: acceptance starts the promised
clock; 待补正, 退回补正 and 特别程序 pause it; an extension moves it; lights and the overdue filter follow."""

from __future__ import annotations

from datetime import date

import pytest

from tests.flows import VALID_PAYLOAD, as_role, drive, register
from villagedesk.domain.lifecycle import EventType, Role
from villagedesk.services import actions, queries
from villagedesk.services.desk import Desk

E = EventType
A, C = Role.AGENT, Role.CLERK
D = date


@pytest.fixture
def desk2025(profile):
    d = Desk.open(profile, today=D(2025, 10, 31))
    d.setup(Role.AGENT, "419001100201", "李娜")
    yield d
    d.close()


def _row(desk, case_id):
    return queries.detail(desk, case_id).row


def _step(desk, case_id, role, event, on, payload=None):
    as_role(desk, role)
    actions.perform(desk, case_id, event, payload if payload is not None else VALID_PAYLOAD[event], on=on)


def _accepted_case(desk):
    """临时救助 (10 working days), registered 09-22, submitted 09-23, accepted Monday 2025-09-29."""
    case = register(desk, "JY012", registered_on=D(2025, 9, 22))
    _step(desk, case.case_id, A, E.SUBMITTED, D(2025, 9, 23))
    # before acceptance: provisional = registration + 3 working days to reach the town + 10
    assert _row(desk, case.case_id).due_on == D(2025, 10, 15)
    _step(desk, case.case_id, C, E.ACCEPTED, D(2025, 9, 29))
    return case


def test_acceptance_starts_the_clock_over_national_day(desk2025) -> None:
    case = _accepted_case(desk2025)
    # 09-30, 10-09, 10-10, 10-11 (worked Saturday), 10-13 .. 10-17, 10-20
    row = _row(desk2025, case.case_id)
    assert row.due_on == D(2025, 10, 20)
    assert row.light == "red"  # today is 2025-10-31
    assert case.case_id in queries.case_ids(desk2025, queries.CaseFilter(overdue=True))


def test_special_procedure_pauses_the_clock(desk2025) -> None:
    case = _accepted_case(desk2025)
    _step(desk2025, case.case_id, C, E.PROCEDURE_STARTED, D(2025, 10, 13))
    row = _row(desk2025, case.case_id)
    assert row.light == ""  # paused: no light, never overdue
    assert case.case_id not in queries.case_ids(desk2025, queries.CaseFilter(overdue=True))
    _step(desk2025, case.case_id, C, E.PROCEDURE_ENDED, D(2025, 10, 15))
    # 10-14 and 10-15 did not count: two working days later than 10-20
    assert _row(desk2025, case.case_id).due_on == D(2025, 10, 22)
    assert _row(desk2025, case.case_id).status == "accepted"


def test_extension_moves_the_due_date(desk2025) -> None:
    case = _accepted_case(desk2025)
    _step(desk2025, case.case_id, C, E.EXTENSION_GRANTED, D(2025, 10, 16), {"days": 5, "reason": "需入户核查"})
    assert _row(desk2025, case.case_id).due_on == D(2025, 10, 27)


def test_return_after_acceptance_pauses_and_does_not_restart_the_clock(desk2025) -> None:
    case = _accepted_case(desk2025)
    _step(desk2025, case.case_id, C, E.RETURNED, D(2025, 10, 9))
    assert _row(desk2025, case.case_id).light == ""
    _step(desk2025, case.case_id, A, E.SUBMITTED, D(2025, 10, 13))
    _step(desk2025, case.case_id, C, E.ACCEPTED, D(2025, 10, 14))
    # paused (10-09, 10-13]: 10-10, 10-11 (worked Saturday), 10-13 -> three working days after 10-20
    assert _row(desk2025, case.case_id).due_on == D(2025, 10, 23)


def test_village_item_counts_natural_days_from_registration_with_materials_pause(desk2025) -> None:
    plain = register(desk2025, "JY022", registered_on=D(2025, 9, 1))
    assert _row(desk2025, plain.case_id).due_on == D(2025, 10, 9)  # 10-01 is a holiday -> 10-09
    from villagedesk.services import intake

    as_role(desk2025, A)
    form = intake.IntakeForm(
        item_code="JY022",
        name="王五",
        id_number="419001196508150033",
        phone="0391-6633123",
        registered_on=D(2025, 9, 1),
    )
    waiting = intake.register(desk2025, form)
    assert waiting.missing and _row(desk2025, waiting.case_id).status == "awaiting_materials"
    drive(desk2025, waiting.case_id, [(A, E.MATERIALS_SUPPLIED, {"received": waiting.missing})], on=D(2025, 9, 11))
    # ten natural days paused: 09-01 + 30 + 10 = 10-11, a worked Saturday
    assert _row(desk2025, waiting.case_id).due_on == D(2025, 10, 11)


def test_immediate_item_is_due_on_acceptance_day(desk2025) -> None:
    case = register(desk2025, "JY016", registered_on=D(2025, 10, 28))  # 医保参保登记, 即办
    _step(desk2025, case.case_id, A, E.SUBMITTED, D(2025, 10, 28))
    _step(desk2025, case.case_id, C, E.ACCEPTED, D(2025, 10, 30))
    row = _row(desk2025, case.case_id)
    assert row.due_on == D(2025, 10, 30)
    assert row.light == "red"


def test_case_due_in_an_unknown_year_does_not_crash(profile) -> None:
    with Desk.open(profile, today=D(2031, 3, 3)) as desk:
        desk.setup(Role.AGENT, "419001100201", "李娜")
        case = register(desk, "JY012", registered_on=D(2031, 3, 3))
        _step(desk, case.case_id, A, E.SUBMITTED, D(2031, 3, 3))
        _step(desk, case.case_id, C, E.ACCEPTED, D(2031, 3, 3))
        assert _row(desk, case.case_id).due_on == D(2031, 3, 17)  # weekends only
        assert 2031 in desk.calendar.uncertain_years
