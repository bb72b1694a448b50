"""Each level's part of a case, as the three levels produced it through a real server: the town's and
the city's returns counted each to its own 退件率, and ``villagedesk show`` naming who (村/镇/市) did each
step, what it said, and which level decides the item.

One city, one town, one village (and a real server, SQLite and PostgreSQL): the village submits two
city-level items and one town item; the town returns its own item once and forwards the other two; the
city returns one of them for correction. The town's 退件率 is then 1 of 3 (its own return only), the
city's 1 of 2 (of the two forwarded to it), on the town's, the village's and the city's PCs alike.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_case_loop import register, sync_all
from tests.e2e.test_city_loop import CITY, T1, VA, enrolled_desks
from tests.integration.conftest import BACKENDS
from tests.integration.server_harness import running_server
from villagedesk import cli
from villagedesk.domain.lifecycle import EventType
from villagedesk.domain.metrics import Period, Ratio, compute
from villagedesk.services import actions, metrics, queries
from villagedesk.services.desk import Desk

E = EventType
NOVEMBER = Period.month(2026, 11)


@pytest.fixture(params=BACKENDS)
def three_levels(request, template_profile: Path, tmp_path: Path):
    """(server, village, town, city) with a city-returned, a forwarded and a town-returned case."""
    with running_server(request.param, tmp_path) as srv:
        specs = (("a", VA, "agent"), ("t1", T1, "clerk"), ("city", CITY, "city"))
        with enrolled_desks(srv, template_profile, tmp_path, *specs) as (a, t1, yc):
            cases = play(a, t1, yc)
            yield srv, a, t1, yc, cases


def play(a: Desk, t1: Desk, yc: Desk) -> dict[str, str]:
    """Through the services every case page and ``villagedesk act`` use, on the desks' own day (the
    figures are as of it)."""
    back = register(a, "JY010", "王五", "419001197503030037")  # 最低生活保障: returned by the city
    kept = register(a, "JY011", "欧阳·娜", "419001199207070076")  # forwarded, the city still has it
    own = register(a, "JY012", "王𠮷", "419001199002020024")  # 临时救助: the town's own, returned by it
    for cid in (back, kept, own):
        actions.perform(a, cid, E.SUBMITTED, {})
    sync_all(a, t1)
    actions.perform(t1, own, E.RETURNED, {"missing": ["身份证"], "reason": "身份证复印件不清晰"})
    for cid in (back, kept):
        actions.perform(t1, cid, E.ACCEPTED, {})
        actions.perform(t1, cid, E.FORWARDED, {"to": "济源市民政局"})
    sync_all(t1, yc)
    actions.perform(yc, back, E.ACCEPTED, {})
    actions.perform(yc, back, E.RETURNED, {"missing": ["收入财产说明"], "reason": "缺近六个月收入财产说明"})
    sync_all(yc, t1, a)
    return {"back": back, "kept": kept, "own": own}


def test_the_city_return_counts_to_the_city_not_to_the_town(three_levels) -> None:
    _srv, a, t1, yc, _cases = three_levels
    town = metrics.town(t1, T1, NOVEMBER)
    for figures in (town.total, town.villages[VA], metrics.village(a, VA, NOVEMBER)):
        assert figures.return_rate == Ratio(1, 3)  # the town returned one of the three it got
        assert figures.city_return_rate == Ratio(1, 2)  # the city returned one of the two forwarded
        assert figures.corrections_per_case == pytest.approx(1 / 3)
    city_wide = compute(metrics.facts_for(yc, CITY, NOVEMBER.end), NOVEMBER, yc.calendar)
    assert (city_wide.return_rate, city_wide.city_return_rate) == (Ratio(1, 3), Ratio(1, 2))
    shown = {key: (label, value) for key, label, value in town.total.rows()}  # the page's and exports' rows
    assert shown["return_rate"] == ("退件率", "33.3% (1/3)")
    assert shown["city_return_rate"] == ("市级退件率", "50.0% (1/2)")
    assert town.total.snapshot()["rates"]["city_return_rate"]["num"] == 1  # what a progress report keeps


def show(desk: Desk, case_id: str, capsys) -> str:
    case_no = queries.rows_by_ids(desk, [case_id])[0].case_no
    capsys.readouterr()
    assert cli.main(["--profile", str(desk.paths.root), "show", case_no]) == 0
    return capsys.readouterr().out


def test_show_names_each_steps_level_and_reason_and_the_deciding_level(three_levels, capsys) -> None:
    _srv, a, t1, _yc, cases = three_levels
    out = show(a, cases["back"], capsys)
    assert "办理层级 市级(市级审批服务中心)决定" in out
    lines = out.splitlines()
    returned = [line for line in lines if "退回补正" in line and line.startswith("  ")]
    assert len(returned) == 1 and "[市]" in returned[0]
    assert "缺少: 收入财产说明" in returned[0] and "缺近六个月收入财产说明" in returned[0]
    assert any("[镇]" in line and "转报" in line and "济源市民政局" in line for line in lines)
    assert any("[村]" in line and "报送" in line for line in lines)

    town_item = show(t1, cases["own"], capsys)
    assert "办理层级 镇级(乡镇便民服务中心)决定" in town_item
    returned = [line for line in town_item.splitlines() if "退回补正" in line and line.startswith("  ")]
    assert len(returned) == 1 and "[镇]" in returned[0] and "身份证复印件不清晰" in returned[0]
    assert "419001199002020024" not in town_item  # the ID number stays masked
