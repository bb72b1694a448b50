"""The three levels through a real server: village → town → city → decision → town → village, over HTTP.

One city (济源), two towns, three villages and their devices, the city clerk, and a clerk of another city.
Villages act through the services, the towns and the city through ``villagedesk act`` (the same service
path as their case pages), all sync with the real engine: a city-level item is decided by the city and
handed back down; another is returned by the city for correction, supplied, resubmitted and decided; a
third is returned by the city after its acceptance, the village records the materials supplied and the
case is the city's again without a second pass through the town; the partitions hold at every level.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import TODAY
from tests.e2e.test_case_loop import register, server_states, state, sync_all
from tests.integration.conftest import BACKENDS
from tests.integration.server_harness import running_server
from villagedesk import cli
from villagedesk.domain.lifecycle import EventType, State
from villagedesk.services import actions, city, queries
from villagedesk.services import town as town_svc
from villagedesk.services.desk import Desk

E = EventType
CITY, OTHER_CITY = "419001000000", "410100000000"
T1, VA, VB = "419001100000", "419001100201", "419001100202"  # 克井镇
T2, VC = "419001101000", "419001101201"  # 五龙口镇


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


def act(desk: Desk, case_id: str, action: str, *args: str) -> None:
    """``villagedesk act`` on the desk's own profile, as a town or city script would run it."""
    case_no = queries.rows_by_ids(desk, [case_id])[0].case_no
    assert cli.main(["--profile", str(desk.paths.root), "act", case_no, action, *args]) == 0


def ids(desk: Desk) -> set[str]:
    return {r.id for r in queries.list_cases(desk)}


@contextmanager
def enrolled_desks(srv, template_profile: Path, tmp_path: Path, *specs: tuple[str, str, str]) -> Iterator[list[Desk]]:
    """Real profiles (copies of the template) enrolled with ``srv``, one per (name, region, role); closed after."""
    from villagedesk.sync import engine

    opened: list[Desk] = []
    try:
        for name, region, role in specs:
            target = tmp_path / f"profile-{name}"
            shutil.copytree(template_profile, target)
            desk = Desk.open(target, today=TODAY)
            opened.append(desk)
            engine.enroll(desk, srv.url, srv.code(region, role, name))
        yield opened
    finally:
        for d in opened:
            d.close()


def test_city_level_items_go_up_to_the_city_and_back(backend: str, template_profile: Path, tmp_path: Path) -> None:
    with running_server(backend, tmp_path) as srv:
        specs = [("a", VA, "agent"), ("b", VB, "agent"), ("c", VC, "agent"), ("t1", T1, "clerk")]
        specs += [("t2", T2, "clerk"), ("city", CITY, "city"), ("zz", OTHER_CITY, "city")]
        with enrolled_desks(srv, template_profile, tmp_path, *specs) as desks:
            run_loop(srv, *desks)


def run_loop(srv, a: Desk, b: Desk, c: Desk, t1: Desk, t2: Desk, yc: Desk, zz: Desk) -> None:
    everyone = (a, b, c, t1, t2, yc, zz)
    decided = register(a, "JY010", "王五", "419001197503030037")  # 最低生活保障: the city decides
    fixed = register(c, "JY011", "周九", "419001199207070076")  # 特困人员供养认定: returned by the city
    local = register(b, "JY012", "李四", "419001199002020024")  # 临时救助: the town's own
    supplied = register(b, "JY010", "赵六", "419001198808080056")  # returned by the city, supplied back to it
    for desk, cid in ((a, decided), (c, fixed), (b, local), (b, supplied)):
        actions.perform(desk, cid, E.SUBMITTED, {})
    sync_all(*everyone)

    # --- the towns accept and forward the city-level items; the town item stays in the town ------
    act(t1, decided, "accepted")
    act(t1, decided, "forwarded", "--field", "to=济源市民政局")
    act(t2, fixed, "accepted")
    act(t2, fixed, "转报", "--field", "to=济源市民政局")
    act(t1, local, "accepted")
    act(t1, supplied, "accepted")
    act(t1, supplied, "forwarded", "--field", "to=济源市民政局")
    sync_all(t1, t2, yc)

    # --- the city's inbox holds both towns' forwarded items, nothing of the town's own -----------
    inbox = city.inbox(yc)
    assert {r.row.id for r in inbox} == {decided, fixed, supplied}
    assert {r.town for r in inbox} == {T1, T2}
    per_town = {s.code: s for s in city.overview(yc)}
    assert per_town[T1].at_city == 2 and per_town[T2].at_city == 1
    assert {s.code for s in city.overview(yc, T2)} == {VC}
    assert E.ACCEPTED in actions.available(yc, decided) and actions.available(yc, local) == [E.NOTE_ADDED]

    # --- the city decides one and returns the other for correction --------------------------------
    act(yc, decided, "accepted")
    act(yc, decided, "decided", "--field", "outcome=准予", "--field", "certificate_no=JYS-2026-001")
    act(yc, fixed, "returned", "--field", "missing=申请书", "--reason", "缺申请书原件")
    act(yc, supplied, "accepted")
    act(yc, supplied, "补正", "--field", "missing=收入财产说明", "--reason", "缺近六个月收入财产说明")
    sync_all(yc, t1, t2, a, b, c)

    assert state(t1, decided) == state(a, decided) == State.APPROVED.value
    assert state(t2, fixed) == state(c, fixed) == State.RETURNED.value
    assert queries.detail(c, fixed).view["missing"] == ["申请书"]
    assert city.inbox(yc) == []

    # --- the city's 补正 answered from the village: the case is the city's again, where it stood -----
    assert state(b, supplied) == state(t1, supplied) == State.RETURNED.value
    assert E.MATERIALS_SUPPLIED in actions.available(b, supplied)
    assert actions.perform(b, supplied, E.MATERIALS_SUPPLIED, {"received": ["收入财产说明"]}) is State.CITY_ACCEPTED
    sync_all(b, t1, yc)
    assert state(t1, supplied) == state(yc, supplied) == State.CITY_ACCEPTED.value
    assert {r.row.id for r in city.inbox(yc)} == {supplied}
    assert queries.detail(yc, supplied).view["missing"] == []
    act(yc, supplied, "decided", "--field", "outcome=准予", "--field", "certificate_no=JYS-2026-002")

    # --- decision → town → village: the town makes the result ready, the village delivers ---------
    act(t1, decided, "result_ready", "--field", "where=村便民服务中心")
    sync_all(t1, a)
    actions.perform(a, decided, E.DELIVERED, {"method": "village_pickup", "signer": "王五"})
    actions.perform(a, decided, E.CLOSED, {})

    # --- the village supplies and resubmits; the town forwards again; the city refuses ------------
    actions.perform(c, fixed, E.NOTE_ADDED, {"text": "已补特困供养申请书原件"})
    assert actions.perform(c, fixed, E.SUBMITTED, {}) is State.SUBMITTED
    sync_all(c, t2)
    act(t2, fixed, "accepted")
    act(t2, fixed, "forwarded", "--field", "to=济源市民政局")
    sync_all(t2, yc)
    assert {r.row.id for r in city.inbox(yc)} == {fixed}
    act(yc, fixed, "accepted")
    act(yc, fixed, "decided", "--field", "outcome=不予", "--reason", "家庭收入超过认定标准")
    sync_all(*everyone)

    # --- everyone agrees; the partitions held ---------------------------------------------------------
    want = {decided: State.CLOSED, fixed: State.DENIED, local: State.ACCEPTED, supplied: State.APPROVED}
    on_server = server_states(srv.db)
    for cid, expected in want.items():
        assert on_server[cid] == (expected.value, False), cid
        assert state(yc, cid) == expected.value
    assert state(a, decided) == state(t1, decided) == State.CLOSED.value
    assert state(c, fixed) == state(t2, fixed) == State.DENIED.value
    assert "行政复议" in queries.detail(c, fixed).timeline[-1].payload["remedy"]
    assert state(b, supplied) == state(t1, supplied) == State.APPROVED.value
    assert ids(yc) == {decided, fixed, local, supplied}
    assert ids(zz) == set()  # a clerk of another city: nothing
    assert ids(t1) == {decided, local, supplied} and ids(t2) == {fixed}  # a town: nothing of the other town
    assert ids(a) == {decided} and ids(b) == {local, supplied} and ids(c) == {fixed}  # a village: only its own
    roles = {t.role for t in queries.detail(a, decided).timeline}
    assert roles == {"agent", "clerk", "city"}
    assert {r.row.id for r in town_svc.inbox(t1)} == {local, supplied}  # the city decided: the town hands it down
