"""A step the server refused stops driving the PC that recorded it (issue #17's city finding, #12's rule
"no device state the server would not allow").

A real loopback server (SQLite and PostgreSQL), a village, its town and two city PCs. The first city PC
records a 退回补正 naming a material not on the item's checklist — written through the lowest service
layer, as a PC from before the local check did — and syncs: the server refuses it. The PC's case must
then stand where the server has it (市级已受理), offer the city's next steps, take the other city PC's
decision without a conflict, and keep the refused step in its timeline with the reason. A PC that still
shows such a step (an older build projected it) is put right by ``check --rebuild`` and by the next sync;
``check`` names the refused steps instead of saying 正常 without a word.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_case_loop import register, server_states, state, sync, sync_all
from tests.e2e.test_city_loop import CITY, T1, VA, enrolled_desks
from tests.integration.conftest import BACKENDS
from tests.integration.server_harness import running_server
from villagedesk import cli
from villagedesk.db import store as st
from villagedesk.domain.lifecycle import EventType, State
from villagedesk.domain.payloads import clean_payload
from villagedesk.domain.projection import project
from villagedesk.services import actions, maintenance, queries
from villagedesk.services.desk import Desk
from villagedesk.sync import engine

E = EventType
NOT_ON_CHECKLIST = "近六个月收入证明"  # the checklist of JY010 names 收入财产说明, not this


@pytest.fixture(params=BACKENDS)
def refused_world(request, template_profile: Path, tmp_path: Path):
    """(server, village, town, city PC 1, city PC 2, case id, the refused event id) after the refusal."""
    with running_server(request.param, tmp_path) as srv:
        specs = (("a", VA, "agent"), ("t1", T1, "clerk"), ("yc", CITY, "city"), ("yc2", CITY, "city"))
        with enrolled_desks(srv, template_profile, tmp_path, *specs) as (a, t1, yc, yc2):
            case_id = register(a, "JY010", "王五", "419001197503030037")  # 最低生活保障: the city decides
            actions.perform(a, case_id, E.SUBMITTED, {})
            sync_all(a, t1)
            actions.perform(t1, case_id, E.ACCEPTED, {})
            actions.perform(t1, case_id, E.FORWARDED, {"to": "济源市民政局"})
            sync_all(t1, yc, yc2)
            actions.perform(yc, case_id, E.ACCEPTED, {})
            sync_all(yc, yc2)
            refused_id = write_unchecked_return(yc, case_id)
            assert state(yc, case_id) == State.RETURNED.value  # as the old PC showed it before its sync
            result = sync(yc)
            assert result.rejected == 1
            yield srv, a, t1, yc, yc2, case_id, refused_id


def write_unchecked_return(desk: Desk, case_id: str) -> str:
    """A 退回补正 naming a material off the checklist, written the way ``act`` wrote it before the local
    material check: straight through ``Desk.new_events``, the case re-projected with it."""
    payload = clean_payload(E.RETURNED, {"missing": [NOT_ON_CHECKLIST], "reason": "缺收入证明"})
    payload["at"] = desk.today().isoformat()
    with desk.store.write() as s:
        row = s.get(st.m.Case, case_id)
        (event,) = desk.new_events(s, case_id, row.village_code, [(E.RETURNED, payload)])
        st.write_projection(s, desk.calendar, project(case_id, st.case_events(s, case_id)), desk.today())
    return event.id


def fold_everything(desk: Desk, case_id: str) -> None:
    """What a PC of an older build holds: the projection folded with its refused step."""
    with desk.store.write() as s:
        st.write_projection(s, desk.calendar, project(case_id, st.case_events(s, case_id)), desk.today())


def test_the_refused_step_no_longer_drives_the_city_pc(refused_world) -> None:
    srv, _a, t1, yc, _yc2, case_id, refused_id = refused_world
    on_server = server_states(srv.db)[case_id]
    assert on_server == (State.CITY_ACCEPTED.value, False)
    assert (state(yc, case_id), queries.rows_by_ids(yc, [case_id])[0].conflict) == on_server
    offered = actions.available(yc, case_id)
    assert E.RETURNED in offered and E.DECIDED in offered  # the city's next steps, not only 备注
    sync(t1)
    assert state(t1, case_id) == State.CITY_ACCEPTED.value  # what every other PC sees
    timeline = {t.id: t for t in queries.detail(yc, case_id).timeline}
    assert refused_id in timeline  # kept, shown
    status, reason = engine.event_status(yc, case_id)[refused_id]
    assert status == "rejected" and "材料清单" in reason and NOT_ON_CHECKLIST not in reason  # never echoed


def test_the_other_city_pcs_decision_lands_without_a_conflict(refused_world) -> None:
    srv, a, t1, yc, yc2, case_id, _refused = refused_world
    actions.perform(yc2, case_id, E.DECIDED, {"outcome": "approved", "reason": "符合条件"})
    sync_all(yc2, yc, t1, a)
    on_server = server_states(srv.db)[case_id]
    assert on_server == (State.APPROVED.value, False)
    for desk in (yc, yc2, t1, a):
        assert (state(desk, case_id), queries.rows_by_ids(desk, [case_id])[0].conflict) == on_server


def test_a_pc_still_showing_a_refused_step_is_put_right_by_check_and_by_sync(refused_world, capsys) -> None:
    srv, _a, _t1, yc, _yc2, case_id, _refused = refused_world
    case_no = queries.rows_by_ids(yc, [case_id])[0].case_no
    fold_everything(yc, case_id)
    assert state(yc, case_id) == State.RETURNED.value

    report = maintenance.check(yc)
    assert (report.refused_steps, report.refused_cases) == (1, [case_no])
    assert case_no in report.mismatched
    capsys.readouterr()
    cli.main(["--profile", str(yc.paths.root), "check", "--rebuild"])
    out = capsys.readouterr().out
    assert "被服务器拒收  本机 1 步, 涉及办件 1 件: " + case_no in out
    assert "1 件已恢复为服务器上的状态" in out
    verdict = [line for line in out.splitlines() if line.startswith("结论")]
    assert verdict == ["结论          有警告(本机有 1 步被服务器拒收, 见上)"]  # a warning, not 正常 (#18)
    assert state(yc, case_id) == State.CITY_ACCEPTED.value

    fold_everything(yc, case_id)  # again, and this time the next sync repairs it
    result = sync(yc)
    assert result.restored == 1 and "已恢复为服务器上的状态" in result.summary()
    assert state(yc, case_id) == server_states(srv.db)[case_id][0] == State.CITY_ACCEPTED.value
