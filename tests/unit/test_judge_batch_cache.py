"""What the judge keeps for one pushed batch (content verdicts, day verdicts, the case ledgers read once
per batch) never hides a rule: an event is judged against what the same batch did before it, the same
way as against what an earlier push stored. Real pushes into a server database migrated by Alembic."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from tests.support.events import follow, registration
from villagedesk.domain import judge as dj
from villagedesk.domain.events import Event
from villagedesk.domain.lifecycle import EventType as E
from villagedesk.domain.lifecycle import Role
from villagedesk.server import feed
from villagedesk.server.auth import DeviceInfo
from villagedesk.server.db import Database
from villagedesk.sync import protocol as proto

VILLAGE = "419001100201"
DEV = "0d6f3f0e-5b7a-4c1e-9a53-3c1f5d2b7a41"
AGENT = DeviceInfo(DEV, "村1", Role.AGENT, VILLAGE)
NOW_MS = 1_795_000_000_000  # 2026-11-17 (UTC)


@pytest.fixture
def db(tmp_path: Path):
    database = Database.open(f"sqlite:///{tmp_path / 'server.db'}")
    yield database
    database.dispose()


def push(db: Database, events: list[Event]) -> dict[int, str]:
    """Push ``events`` as one batch; the refusal code of each refused event, by its index."""
    result = feed.push(db, AGENT, proto.ungroup(proto.group_events(events), "push"))
    refused = {idx: code for idx, code, _msg in result.rej}
    assert all((result.ack[i] > 0) != (i in refused) for i in range(len(events)))
    return refused


def test_an_event_sees_the_registration_earlier_in_its_batch(db: Database) -> None:
    reg = registration(VILLAGE, DEV)
    submitted = follow(reg, Role.AGENT, DEV, E.SUBMITTED, {"at": "2026-11-25"})
    assert push(db, [reg, follow(reg, Role.AGENT, DEV), submitted]) == {}


def test_an_event_before_its_cases_registration_in_the_batch_is_refused(db: Database) -> None:
    reg = registration(VILLAGE, DEV)
    note = follow(reg, Role.AGENT, DEV)
    assert push(db, [note, reg]) == {0: dj.UNKNOWN_CASE}


def test_an_event_is_judged_in_the_state_an_earlier_event_of_its_batch_left(db: Database) -> None:
    reg = registration(VILLAGE, DEV)
    withdrawn = follow(reg, Role.AGENT, DEV, E.WITHDRAWN, {"reason": "群众不办了", "at": "2026-11-25"})
    submitted = follow(withdrawn, Role.AGENT, DEV, E.SUBMITTED, {"at": "2026-11-25"})
    assert push(db, [reg, withdrawn, submitted]) == {2: dj.TRANSITION}


def test_the_same_verdict_across_two_pushes(db: Database) -> None:
    reg = registration(VILLAGE, DEV)
    withdrawn = follow(reg, Role.AGENT, DEV, E.WITHDRAWN, {"reason": "群众不办了", "at": "2026-11-25"})
    assert push(db, [reg, withdrawn]) == {}
    assert push(db, [follow(withdrawn, Role.AGENT, DEV, E.SUBMITTED, {"at": "2026-11-25"})]) == {0: dj.TRANSITION}


def test_a_second_registration_in_the_batch_is_refused(db: Database) -> None:
    reg = registration(VILLAGE, DEV)
    again = registration(VILLAGE, DEV, case_id=reg.case_id)
    taken = registration(VILLAGE, DEV)
    same_number = Event(
        str(uuid.uuid4()), str(uuid.uuid4()), E.CASE_REGISTERED, dict(taken.payload), "u1", DEV,
        Role.AGENT, VILLAGE, taken.hlc,
    )  # fmt: skip
    assert push(db, [reg, again, taken, same_number]) == {1: dj.DUPLICATE_CASE, 3: dj.DUPLICATE_CASE}


def test_equal_payloads_of_two_types_get_each_types_verdict() -> None:
    verdicts = dj.ContentVerdicts(NOW_MS)
    reg = registration(VILLAGE, DEV)
    text = '{"at":"2026-11-25"}'
    verdicts.check(follow(reg, Role.AGENT, DEV, E.SUBMITTED, {"at": "2026-11-25"}), text)
    with pytest.raises(dj.Refusal):  # a note needs its text: the submission's verdict is not the note's
        verdicts.check(follow(reg, Role.AGENT, DEV, E.NOTE_ADDED, {"at": "2026-11-25"}), text)


def test_a_days_verdict_is_kept_for_its_clock_only() -> None:
    """``check_dates`` remembers verdicts per day and last day allowed: a day a year and three days
    after 2026-11-17 is too far then, and fine a week later."""
    later = NOW_MS + 7 * 86_400_000
    dj.check_dates({"at": "2027-11-20"}, later)
    with pytest.raises(dj.Refusal):
        dj.check_dates({"at": "2027-11-20"}, NOW_MS)
    dj.check_dates({"at": "2027-11-20"}, later)
    with pytest.raises(dj.Refusal):
        dj.check_dates({"at": "2026-02-30"}, later)
    with pytest.raises(dj.Refusal):  # not text: never remembered, still refused
        dj.check_dates({"at": 20261125}, later)
