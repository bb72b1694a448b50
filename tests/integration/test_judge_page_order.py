"""The judge folds a pushed page's events through their cases' chains in memory: every event is judged
in the state the events before it *in the same page* left its case, exactly as if each had come in a
push of its own. The orders a one-pass fold could get wrong, on real server databases migrated by
Alembic (SQLite, and PostgreSQL when VILLAGEDESK_TEST_PG is set), through the server's own push path."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.server_harness import PG_ENV, fresh_pg_database
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
DEV = "5c1d7a2e-3f4b-4e6a-8b9c-0d1e2f3a4b5c"
AGENT = DeviceInfo(DEV, "村1", Role.AGENT, VILLAGE)
AT = "2026-11-25"


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param(
            "pg",
            id="pg",
            marks=[pytest.mark.postgres, pytest.mark.skipif(not os.environ.get(PG_ENV), reason=f"{PG_ENV} not set")],
        ),
    ]
)
def db(request, tmp_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        database = Database.open(f"sqlite:///{tmp_path / 'server.db'}")
        yield database
        database.dispose()
    else:
        with fresh_pg_database() as url:
            database = Database.open(url)
            yield database
            database.dispose()


def push(db: Database, events: list[Event]) -> dict[int, tuple[str, str]]:
    """Push ``events`` as one page: the refusal (code, message) of each refused event, by its index."""
    result = feed.push(db, AGENT, proto.ungroup(proto.group_events(events), "push"))
    refused = {idx: (code, msg) for idx, code, msg in result.rej}
    assert all((result.ack[i] > 0) != (i in refused) for i in range(len(events)))
    return refused


def one_by_one(db: Database, events: list[Event]) -> dict[int, tuple[str, str]]:
    """The same events pushed each on its own: what a page of them must be judged like."""
    out = {}
    for i, e in enumerate(events):
        got = push(db, [e])
        if got:
            out[i] = got[0]
    return out


def _missing(prev: Event, names: list[str]) -> Event:
    return follow(prev, Role.AGENT, DEV, E.MATERIALS_MISSING, {"missing": names, "reason": "缺件", "at": AT})


def _supplied(prev: Event, names: list[str]) -> Event:
    return follow(prev, Role.AGENT, DEV, E.MATERIALS_SUPPLIED, {"received": names, "at": AT})


def test_a_second_event_valid_only_after_the_first_is_taken_in_one_page(db: Database) -> None:
    reg = registration(VILLAGE, DEV)
    missing = _missing(reg, ["经营者身份证", "申请书"])
    supplied = _supplied(missing, ["经营者身份证", "申请书"])
    submitted = follow(supplied, Role.AGENT, DEV, E.SUBMITTED, {"at": AT})
    assert push(db, [reg, missing, supplied, submitted]) == {}


def test_a_supply_is_judged_against_what_the_page_said_was_missing(db: Database) -> None:
    """The chain remembers the 一次性告知 of the same page: a 材料补齐 leaving one material is refused with
    the words it gets when the notice was stored by an earlier push; the whole supply after it is taken."""
    reg = registration(VILLAGE, DEV)
    missing = _missing(reg, ["经营者身份证", "申请书"])
    short = _supplied(missing, ["经营者身份证"])
    whole = _supplied(missing, ["经营者身份证", "申请书"])
    got = push(db, [reg, missing, short, whole])
    assert list(got) == [2] and got[2][0] == dj.PAYLOAD and "还缺少: 申请书" in got[2][1]

    reg2 = registration(VILLAGE, DEV)
    missing2 = _missing(reg2, ["经营者身份证", "申请书"])
    apart = one_by_one(db, [reg2, missing2, _supplied(missing2, ["经营者身份证"])])
    assert apart == {2: got[2]}


def test_a_refused_first_event_leaves_the_case_as_it_was_for_the_next(db: Database) -> None:
    """An invalid event changes nothing: the one after it that depends on it is judged without it."""
    bad_reg = registration(VILLAGE, DEV)
    bad_reg.payload["item_code"] = "NOSUCH1"
    note = follow(bad_reg, Role.AGENT, DEV)
    reg = registration(VILLAGE, DEV)
    bad_missing = _missing(reg, ["不在清单上的材料"])
    supplied = _supplied(bad_missing, ["不在清单上的材料"])
    after = follow(reg, Role.AGENT, DEV, E.SUBMITTED, {"at": AT})
    got = push(db, [bad_reg, note, reg, bad_missing, supplied, after])
    assert {i: code for i, (code, _m) in got.items()} == {
        0: dj.PAYLOAD,
        1: dj.UNKNOWN_CASE,
        3: dj.PAYLOAD,
        4: dj.TRANSITION,
    }
    assert "办件处于「已登记」时不能执行「材料补齐」" in got[4][1]


def test_two_cases_interleaved_in_one_page_keep_their_own_states(db: Database) -> None:
    a, b = registration(VILLAGE, DEV), registration(VILLAGE, DEV)
    a_withdrawn = follow(a, Role.AGENT, DEV, E.WITHDRAWN, {"reason": "群众不办了", "at": AT})
    b_missing = _missing(b, ["申请书"])
    a_submitted = follow(a_withdrawn, Role.AGENT, DEV, E.SUBMITTED, {"at": AT})
    b_supplied = _supplied(b_missing, ["申请书"])
    b_submitted = follow(b_supplied, Role.AGENT, DEV, E.SUBMITTED, {"at": AT})
    a_missing_on_b = _missing(b_submitted, ["申请书"])  # an agent's notice on a submitted case: the town's
    page = [a, b, a_withdrawn, b_missing, a_submitted, b_supplied, b_submitted, a_missing_on_b]
    got = push(db, page)
    assert {i: code for i, (code, _m) in got.items()} == {4: dj.TRANSITION, 7: dj.TRANSITION}


def test_a_page_continues_a_chain_an_earlier_push_stored(db: Database) -> None:
    reg = registration(VILLAGE, DEV)
    missing = _missing(reg, ["经营者身份证", "申请书"])
    assert push(db, [reg, missing]) == {}
    short = _supplied(missing, ["申请书"])
    whole = _supplied(missing, ["经营者身份证", "申请书"])
    submitted = follow(whole, Role.AGENT, DEV, E.SUBMITTED, {"at": AT})
    got = push(db, [short, whole, submitted])
    assert list(got) == [0] and got[0][0] == dj.PAYLOAD and "还缺少: 经营者身份证" in got[0][1]
