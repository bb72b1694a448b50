"""The city (市级) role over real HTTP: a city clerk enrolled for 6-digit city code + 000000 pulls every
village of every town of its city and nothing else; the partitions below it still hold (a town sees
nothing of the other town, a village nothing of another village, another city nothing at all)."""

from __future__ import annotations

import uuid

import pytest

from tests.e2e.test_case_loop import register, sync_all
from tests.security.harness import Raw, Verdict, event, group
from villagedesk.domain.lifecycle import EventType, Role
from villagedesk.server import auth
from villagedesk.server import cli as server_cli
from villagedesk.services import actions, queries
from villagedesk.sync import engine

E = EventType
CITY = "419001000000"  # 济源
OTHER_CITY = "410100000000"
TOWN1, VA, VB = "419001100000", "419001100201", "419001100202"
TOWN2, VC = "419001101000", "419001101201"


def ids(desk) -> set[str]:
    return {r.id for r in queries.list_cases(desk)}


def test_enrolling_the_city_takes_only_a_city_code(server, capsys) -> None:
    for wrong in (TOWN1, VA, "000000000000"):
        with pytest.raises(ValueError, match="市级"):
            auth.create_code(server.db, wrong, Role.CITY, "市民之家")
    for wrong in (CITY, VA):
        with pytest.raises(ValueError):
            auth.create_code(server.db, wrong, Role.CLERK, "镇中心")
    url = server.db.engine.url.render_as_string(hide_password=False)
    assert server_cli.main(["enroll", "--db", url, "--role", "city", "--region", TOWN1, "--name", "x"]) == 2
    assert "市级代码" in capsys.readouterr().err
    assert server_cli.main(["enroll", "--db", url, "--role", "city", "--region", CITY, "--name", "市民之家"]) == 0
    assert "注册码" in capsys.readouterr().out


def test_city_sees_its_towns_and_partitions_below_it_hold(enrolled, server) -> None:
    a, b, c = enrolled("a", VA), enrolled("b", VB), enrolled("c", VC)
    town1, town2 = enrolled("t1", TOWN1, "clerk"), enrolled("t2", TOWN2, "clerk")
    city, other_city = enrolled("city", CITY, "city"), enrolled("zz", OTHER_CITY, "city")
    assert city.identity.role is Role.CITY and city.identity.region_code == CITY
    in_a = register(a, "JY010", "王五", "419001197503030037")  # 最低生活保障: decided at the city
    in_b = register(b, "JY012", "李四", "419001199002020024")  # 临时救助: the town's
    in_c = register(c, "JY010", "周九", "419001199207070076")
    for desk, cid in ((a, in_a), (b, in_b), (c, in_c)):
        actions.perform(desk, cid, E.SUBMITTED, {})
    sync_all(a, b, c, town1, town2, city, other_city)

    assert ids(city) == {in_a, in_b, in_c}  # every village of both towns
    for region, want in ((CITY, {in_a, in_b, in_c}), (TOWN2, {in_c}), (VB, {in_b})):  # 办件 filters
        assert {r.id for r in queries.list_cases(city, queries.CaseFilter(village=region))} == want, region
        assert set(queries.case_ids(city, queries.CaseFilter(village=region))) == want, region
    assert ids(other_city) == set()  # another city: nothing
    assert ids(town1) == {in_a, in_b} and ids(town2) == {in_c}
    assert ids(a) == {in_a} and ids(b) == {in_b} and ids(c) == {in_c}

    # the other city's clerk writes into a village of this city: refused by partition, nothing stored
    token = engine.server_config(other_city).token
    dev = other_city.identity.device_id
    note = event(in_a, "note_added", {"text": "越权"}, str(uuid.uuid4()), dev[:12])
    verdict = Verdict.of(Raw(server.url, token).sync(push=[group(VA, dev, "city", [note])]), 1)
    assert verdict.rejected(0) and verdict.rej[0][0] == "partition"
    # the city clerk acts on a town-level item: refused by the judge (the lifecycle's level rule)
    actions.perform(town1, in_b, E.ACCEPTED, {})
    actions.perform(town1, in_b, E.FORWARDED, {"to": "济源市民政局"})
    sync_all(town1, city)
    assert actions.available(city, in_b) == [E.NOTE_ADDED]
    token, dev = engine.server_config(city).token, city.identity.device_id
    head = queries.detail(city, in_b).timeline[-1].id
    accept = event(in_b, "accepted", {"at": "2026-11-25"}, str(uuid.uuid4()), dev[:12], r=[head])
    verdict = Verdict.of(Raw(server.url, token).sync(push=[group(VB, dev, "city", [accept])]), 1)
    assert verdict.rejected(0) and verdict.rej[0][0] == "transition", verdict.rej
    assert "市级" in verdict.rej[0][1]
    sync_all(a, b, c, town1, town2, city, other_city)
    assert ids(other_city) == set() and ids(town2) == {in_c} and ids(a) == {in_a}


def test_the_server_takes_exactly_the_citys_transitions(enrolled, server) -> None:
    """Over HTTP, on a forwarded city-level case: the city may accept, the town may not take the city's
    step (accepting a forwarded case), the city may not decide before accepting, nor do the town's or the
    village's work (result, registration); each refusal has its code, the honest event goes through."""
    a, town, yc = enrolled("a", VA), enrolled("t1", TOWN1, "clerk"), enrolled("city", CITY, "city")
    cid = register(a, "JY010", "王五", "419001197503030037")
    actions.perform(a, cid, E.SUBMITTED, {})
    sync_all(a, town)
    actions.perform(town, cid, E.ACCEPTED, {})
    actions.perform(town, cid, E.FORWARDED, {"to": "济源市民政局"})
    sync_all(town, yc)
    head = queries.detail(yc, cid).timeline[-1].id

    def push(desk, role: str, type_: str, payload: dict) -> Verdict:
        token, dev = engine.server_config(desk).token, desk.identity.device_id
        ev = event(cid, type_, {"at": "2026-11-25", **payload}, str(uuid.uuid4()), dev[:12], r=[head])
        return Verdict.of(Raw(server.url, token).sync(push=[group(VA, dev, role, [ev])]), 1)

    for desk, role, type_, payload, code in (
        (town, "clerk", "accepted", {}, "transition"),  # the city's step, not the town's
        (yc, "city", "decided", {"outcome": "approved"}, "transition"),  # accept first
        (yc, "city", "result_ready", {"where": "村"}, "type"),  # the town hands results down
        (yc, "city", "withdrawn", {"reason": "x"}, "type"),  # only the applicant's agent withdraws
        (yc, "clerk", "note_added", {"text": "冒充镇中心"}, "role"),  # the token's role, not the claimed one
    ):
        verdict = push(desk, role, type_, payload)
        assert verdict.rejected(0) and verdict.rej[0][0] == code, (type_, role, verdict.rej)
    assert push(yc, "city", "accepted", {}).accepted(0)
    sync_all(yc, town, a)
    assert queries.rows_by_ids(a, [cid])[0].status == "city_accepted"
    assert queries.rows_by_ids(town, [cid])[0].status == "city_accepted"
