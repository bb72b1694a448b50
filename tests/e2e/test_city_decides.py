"""Once the deployment has a city, a town cannot decide what the city decides (#17/#12).

A real server (SQLite and PostgreSQL) on loopback, real tokens: a village agent, a town clerk and, later,
a city clerk enrolled. Before the city device, the town records the decision of a forwarded city-level
case itself (the single-town deployment). After it, ``villagedesk act … decided`` at the town desk is
refused before anything is written (the desk learnt of the city from the server's ``city`` reference
row), and a town's ``decided`` pushed anyway with the town's token is refused by the server's judge
(``transition`` and the same sentence in ``rej``); the case stays in the city's inbox, which decides it.
A push outside a device's partitions names the code's level: a town's own partition is no village."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import TODAY
from tests.e2e.test_case_loop import register, server_states, state, sync_all
from tests.e2e.test_city_loop import act, enrolled_desks
from tests.integration.conftest import BACKENDS
from tests.integration.test_sync_guarantees import note, transport_for
from villagedesk import cli
from villagedesk.db import models as m
from villagedesk.domain.errors import TransitionError
from villagedesk.domain.lifecycle import CITY_DECIDES, CITY_HOLDS, PROCEDURE_OWNER, EventType, Role, State
from villagedesk.domain.payloads import clean_payload
from villagedesk.server import feed
from villagedesk.services import actions, city, queries
from villagedesk.services.desk import Desk
from villagedesk.sync import protocol

E = EventType
CITY = "419001000000"
T1, VA = "419001100000", "419001100201"
T2 = "419001101000"


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


def act_refused(desk: Desk, case_id: str, capsys, *args: str) -> str:
    """``villagedesk act`` that must be refused: exit 2, one line on stderr (returned)."""
    case_no = queries.rows_by_ids(desk, [case_id])[0].case_no
    capsys.readouterr()
    assert cli.main(["--profile", str(desk.paths.root), "act", case_no, *args]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


def events_of(desk: Desk, case_id: str) -> int:
    with desk.store.read() as s:
        return len(s.scalars(select(m.EventRow.id).where(m.EventRow.case_id == case_id)).all())


def forwarded(a: Desk, t1: Desk, name: str, id_number: str, forward: bool = True) -> str:
    """A city-level item (最低生活保障, JY010) the village submits and the town accepts (and forwards)."""
    cid = register(a, "JY010", name, id_number)
    actions.perform(a, cid, E.SUBMITTED, {})
    sync_all(a, t1)
    act(t1, cid, "accepted")
    if forward:
        act(t1, cid, "forwarded", "--field", "to=济源市民政局")
    return cid


def test_town_decides_only_without_a_city(backend: str, template_profile: Path, tmp_path: Path, capsys) -> None:
    from tests.integration.server_harness import running_server

    with running_server(backend, tmp_path) as srv:
        specs = [("a", VA, "agent"), ("t1", T1, "clerk")]
        with enrolled_desks(srv, template_profile, tmp_path, *specs) as (a, t1):
            # --- a single-town deployment: the town records the department's decision itself ------
            alone = forwarded(a, t1, "王五", "419001197503030037")
            act(t1, alone, "decided", "--field", "outcome=准予")
            sync_all(t1, a)
            assert state(t1, alone) == state(a, alone) == State.APPROVED.value
            assert server_states(srv.db)[alone][0] == State.APPROVED.value

            # --- the city enrolls: from the next sync the town desk knows it ---------------------
            with enrolled_desks(srv, template_profile, tmp_path / "city", ("yc", CITY, "city")) as (yc,):
                run_with_city(srv, a, t1, yc, capsys)


def run_with_city(srv, a: Desk, t1: Desk, yc: Desk, capsys) -> None:
    case = forwarded(a, t1, "赵六", "419001198808080056")
    assert E.DECIDED not in actions.available(t1, case)
    before = events_of(t1, case)
    err = act_refused(t1, case, capsys, "decided", "--field", "outcome=准予")
    assert CITY_DECIDES in err
    assert events_of(t1, case) == before and state(t1, case) == State.FORWARDED.value  # nothing written

    # not yet forwarded: a city-level item is still not the town's to decide
    early = forwarded(a, t1, "周九", "419001199207070076", forward=False)
    assert E.DECIDED not in actions.available(t1, early)
    assert CITY_DECIDES in act_refused(t1, early, capsys, "decided", "--field", "outcome=准予")
    assert state(t1, early) == State.ACCEPTED.value

    # --- a town desk that does not know (an older version) pushes its decision anyway ------------
    with t1.store.write() as s:
        clean = clean_payload(E.DECIDED, {"outcome": "approved"})
        clean["at"] = TODAY.isoformat()
        t1.new_events(s, case, VA, [(E.DECIDED, clean)])
    sync_all(t1, yc)
    letters = [d for d in feed.dead_letters(srv.db) if d.device_id == t1.identity.device_id]
    assert [(d.code, d.message) for d in letters] == [("transition", CITY_DECIDES)]
    assert server_states(srv.db)[case][0] == State.FORWARDED.value
    assert case in {r.row.id for r in city.inbox(yc)}  # still the city's

    # --- the city decides it; the town's own items are untouched ---------------------------------
    act(yc, case, "accepted")
    act(yc, case, "decided", "--field", "outcome=准予")
    sync_all(yc, t1, a)
    assert server_states(srv.db)[case][0] == State.APPROVED.value
    assert state(a, case) == State.APPROVED.value

    held_by_city(srv, a, t1, yc)


def held_by_city(srv, a: Desk, t1: Desk, yc: Desk) -> None:
    """A forwarded city-level case's time limit is the city's: the town neither extends it (延期) nor
    pauses it (特别程序), at the desk or by a push; the city extends it once it has accepted the case."""
    held = forwarded(a, t1, "钱七", "419001199002020024")
    steps = ((E.EXTENSION_GRANTED, {"days": 5, "reason": "需补充调查"}), (E.PROCEDURE_STARTED, {"procedure": "公示"}))
    for event, payload in steps:
        assert event not in actions.available(t1, held)
        with pytest.raises(TransitionError, match=CITY_HOLDS):
            actions.perform(t1, held, event, dict(payload))
    assert state(t1, held) == State.FORWARDED.value

    with t1.store.write() as s:  # an older town desk pushes its 延期 anyway
        clean = clean_payload(E.EXTENSION_GRANTED, dict(steps[0][1]))
        clean["at"] = TODAY.isoformat()
        t1.new_events(s, held, VA, [(E.EXTENSION_GRANTED, clean)])
    sync_all(t1, yc)
    letters = [d.message for d in feed.dead_letters(srv.db) if d.device_id == t1.identity.device_id]
    assert letters.count(CITY_HOLDS) == 1, letters

    act(yc, held, "accepted")
    assert E.EXTENSION_GRANTED in actions.available(yc, held)
    actions.perform(yc, held, E.EXTENSION_GRANTED, dict(steps[0][1]))
    sync_all(yc, t1)
    assert server_states(srv.db)[held][0] == State.CITY_ACCEPTED.value

    # the city's own 特别程序: its inbox lists the case under 特别程序中, and only the city ends it
    actions.perform(yc, held, E.PROCEDURE_STARTED, {"procedure": "公示"})
    assert held in {r.row.id for r in city.inbox(yc, city.InboxFilter(state=State.IN_PROCEDURE.value))}
    sync_all(yc, t1)
    assert state(t1, held) == State.IN_PROCEDURE.value
    assert E.PROCEDURE_ENDED not in actions.available(t1, held)
    with pytest.raises(TransitionError, match=PROCEDURE_OWNER):
        actions.perform(t1, held, E.PROCEDURE_ENDED, {})
    assert E.PROCEDURE_ENDED in actions.available(yc, held)
    assert actions.perform(yc, held, E.PROCEDURE_ENDED, {}) is State.CITY_ACCEPTED
    sync_all(yc, t1, a)
    assert server_states(srv.db)[held][0] == State.CITY_ACCEPTED.value
    assert state(a, held) == State.CITY_ACCEPTED.value


def test_partition_refusal_names_the_level(backend: str, template_profile: Path, tmp_path: Path) -> None:
    from tests.integration.server_harness import running_server

    with running_server(backend, tmp_path) as srv:
        specs = [("a", VA, "agent"), ("t1", T1, "clerk")]
        with enrolled_desks(srv, template_profile, tmp_path, *specs) as (a, t1):
            cases = [
                (a, Role.AGENT, T1, "无权写入该镇的数据: 419001100000"),  # a town's own partition
                (t1, Role.CLERK, T2, "无权写入该镇的数据: 419001101000"),  # another town's
                (t1, Role.CLERK, "419001101201", "无权写入该村的数据: 419001101201"),  # another town's village
            ]
            for desk, role, partition, sentence in cases:
                dev = desk.identity.device_id
                e = note(partition, role, dev, etype=E.INSPECTION_ANSWERED if role is Role.CLERK else E.NOTE_ADDED)
                t = transport_for(srv, desk)
                try:
                    reply = t.post("/api/v1/sync", {"v": 1, "push": protocol.group_events([e])}).data
                finally:
                    t.close()
                assert reply["rej"] == [[0, protocol.REJECT_PARTITION, sentence]], partition


def test_a_city_enrolled_before_the_row_is_announced_at_start(backend: str, template_profile: Path, tmp_path) -> None:
    """A city device enrolled by an older version published no ``city`` row: the server's start does."""
    from sqlalchemy import delete

    from tests.integration.server_harness import running_server
    from villagedesk.server import models as sm
    from villagedesk.server.app import create_app

    def rows() -> list[str]:
        with srv.db.read() as s:
            return list(s.scalars(select(sm.RefRow.key).where(sm.RefRow.kind == "city")))

    with (
        running_server(backend, tmp_path) as srv,
        enrolled_desks(srv, template_profile, tmp_path, ("yc", CITY, "city"), ("yc2", CITY, "city")),
    ):
        assert rows() == [CITY]  # once per city, not per device
        with srv.db.write() as s:
            s.execute(delete(sm.RefRow).where(sm.RefRow.kind == "city"))
        create_app(srv.db)
        create_app(srv.db)
        assert rows() == [CITY]
