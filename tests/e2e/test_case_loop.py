"""The whole case loop through a real server: villages → town (→ city) → villages, over HTTP.

Four real profiles (two villages of one town, a village of another town, the town clerk) sync with the
real engine and act only through the real services. At the end every profile and the server agree on
every case's state, and the other town's village never saw any of it.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import TODAY
from tests.integration.conftest import BACKENDS
from tests.integration.server_harness import running_server
from villagedesk.db import models as lm
from villagedesk.domain.events import Event
from villagedesk.domain.lifecycle import EventType, State
from villagedesk.domain.projection import project
from villagedesk.server import cli as server_cli
from villagedesk.server import models as sm
from villagedesk.services import actions, catalog, intake, queries
from villagedesk.services import town as town_svc
from villagedesk.services.desk import Desk
from villagedesk.sync import engine

E = EventType
VILLAGE_A = "419001100201"  # 克井镇
VILLAGE_B = "419001100202"  # 克井镇
TOWN = "419001100000"
OTHER = "419001101201"  # a village of 五龙口镇
TOMORROW = date(2026, 11, 26)


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


def sync(desk: Desk) -> engine.SyncResult:
    """A full sync (the engine loops pages until nothing is waiting)."""
    eng = engine.SyncEngine(desk)
    try:
        result = eng.run()
    finally:
        eng.close()
    assert result.ok, result.error
    return result


def sync_all(*desks: Desk) -> None:
    for _ in range(2):  # twice round, so what one pushed reaches everyone
        for d in desks:
            sync(d)


def register(desk: Desk, code: str, name: str, id_number: str, on: date | None = None, **kw) -> str:
    plan = catalog.plan(desk, code, on)
    form = intake.IntakeForm(
        item_code=code,
        name=name,
        id_number=id_number,
        phone="13812345678",
        mandate_signed=True,
        materials={m.name: intake.MaterialState("have") for m in plan.materials},
        registered_on=on,
        **kw,
    )
    return intake.register(desk, form).case_id


def state(desk: Desk, case_id: str) -> str:
    return queries.rows_by_ids(desk, [case_id])[0].status


def server_states(db) -> dict[str, tuple[str, bool]]:
    """Project the server's own copy of every case's events (what the server holds is the truth)."""
    with db.read() as s:
        rows = s.scalars(select(sm.ServerEvent)).all()
        events = [
            Event.from_dict(
                {
                    "id": r.id,
                    "case_id": r.case_id,
                    "type": r.type,
                    "payload": json.loads(r.payload),
                    "author": r.author,
                    "device": r.device,
                    "role": r.role,
                    "partition": r.partition,
                    "hlc": r.hlc,
                    "prev": json.loads(r.prev),
                    "schema_version": r.schema_version,
                }
            )
            for r in rows
        ]
    by_case: dict[str, list[Event]] = {}
    for e in events:
        by_case.setdefault(e.case_id, []).append(e)
    out = {}
    for cid, evs in by_case.items():
        view = project(cid, evs)
        assert view.state is not None
        out[cid] = (view.state.value, view.conflict)
    return out


def notice_titles(desk: Desk) -> list[str]:
    with desk.store.read() as s:
        rows = s.scalars(select(lm.RefData).where(lm.RefData.kind == "notice")).all()
        return [json.loads(r.data)["title"] for r in rows]


def new_catalog_version(tmp: Path) -> Path:
    """JY012 临时救助 v2: one more material, a shorter limit, in effect from tomorrow."""
    seed = json.loads(Path("resources/seed/catalog.json").read_text("utf-8"))
    item = next(i for i in seed["items"] if i["code"] == "JY012")
    item = dict(item, version=2, effective_from=TOMORROW.isoformat(), promised_days=7)
    item["materials"] = [*item["materials"], {"name": "家庭收入情况说明", "necessity": "required", "form": "original"}]
    doc = {"version": 2, "effective_from": TOMORROW.isoformat(), "items": [item]}
    path = tmp / "catalog-v2.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    return path


def test_case_loop_village_town_city_village(backend: str, template_profile: Path, tmp_path: Path, capsys) -> None:
    with running_server(backend, tmp_path) as srv:
        desks: dict[str, Desk] = {}

        def enrolled(name: str, region: str, role: str = "agent") -> Desk:
            target = tmp_path / f"profile-{name}"
            shutil.copytree(template_profile, target)
            desk = Desk.open(target, today=TODAY)
            desks[name] = desk
            engine.enroll(desk, srv.url, srv.code(region, role, name))
            return desk

        try:
            a = enrolled("a", VILLAGE_A)
            b = enrolled("b", VILLAGE_B)
            other = enrolled("other", OTHER)
            clerk = enrolled("clerk", TOWN, "clerk")
            run_loop(srv, a, b, other, clerk, tmp_path, capsys)
        finally:
            for d in desks.values():
                d.close()


def run_loop(srv, a: Desk, b: Desk, other: Desk, clerk: Desk, tmp_path: Path, capsys) -> None:
    # --- the villages take in cases ---------------------------------------------------------------
    direct = register(a, "JY026", "张三", "419001198001010014")  # 政策咨询: village-direct
    town = register(a, "JY012", "李四", "419001199002020024")  # 临时救助: decided in the town
    city = register(b, "JY010", "王五", "419001197503030037")  # 最低生活保障: goes on to the city
    returned = register(b, "JY006", "赵六", "419001198504040047")  # returned, corrected, resubmitted
    withdrawn = register(a, "JY012", "钱七", "419001199105050058")
    conflicting = register(b, "JY012", "孙八", "41900119880606006X")
    foreign = register(other, "JY012", "周九", "419001199207070076")
    mine = [direct, town, city, returned, withdrawn, conflicting]

    assert actions.perform(a, direct, E.VILLAGE_COMPLETED, {"result": "已当场答复"}) is State.COMPLETED_IN_VILLAGE
    for desk, cid in ((a, town), (b, city), (b, returned), (a, withdrawn), (b, conflicting), (other, foreign)):
        actions.perform(desk, cid, E.SUBMITTED, {})
    sync_all(a, b, other, clerk)

    # --- the town sees all its villages' submitted cases, nothing of the other town -----------------
    seen = {r.id for r in queries.list_cases(clerk)}
    assert seen == set(mine)
    assert foreign not in seen
    assert state(clerk, direct) == State.COMPLETED_IN_VILLAGE.value

    actions.perform(clerk, town, E.ACCEPTED, {})
    actions.perform(clerk, city, E.ACCEPTED, {})
    actions.perform(clerk, city, E.FORWARDED, {"to": "济源市民政局"})
    actions.perform(clerk, returned, E.RETURNED, {"missing": ["经营场所使用证明"], "reason": "缺场所证明"})
    actions.perform(clerk, conflicting, E.ACCEPTED, {})
    sync_all(clerk, a, b)

    # --- the villages learn what the town did ------------------------------------------------------
    assert state(a, town) == State.ACCEPTED.value
    assert state(b, city) == State.FORWARDED.value
    assert state(b, returned) == State.RETURNED.value
    assert queries.detail(b, returned).view["missing"] == ["经营场所使用证明"]

    # --- the village corrects and resubmits; withdraws; the conflict is made offline on both sides ---
    actions.perform(b, returned, E.NOTE_ADDED, {"text": "已补经营场所使用证明"})
    assert actions.perform(b, returned, E.SUBMITTED, {}) is State.SUBMITTED
    assert actions.perform(a, withdrawn, E.WITHDRAWN, {"reason": "申请人不再需要"}) is State.WITHDRAWN
    actions.perform(b, conflicting, E.WITHDRAWN, {"reason": "申请人已外出务工"})  # village withdraws...
    decided = {"outcome": "approved", "certificate_no": "JY-2026-088"}
    actions.perform(clerk, conflicting, E.DECIDED, decided)  # ...while the town decides
    actions.perform(clerk, town, E.DECIDED, {"outcome": "approved", "certificate_no": "JY-2026-087"})
    actions.perform(clerk, town, E.RESULT_READY, {"where": "村便民服务中心"})

    # --- a catalog update mid-way: published by the town administrator, in effect from tomorrow -----
    path = new_catalog_version(tmp_path)
    db_url = srv.db.engine.url.render_as_string(hide_password=False)
    assert server_cli.main(["publish-catalog", "--db", db_url, str(path)]) == 0
    assert "已发布事项清单 v2" in capsys.readouterr().out
    notice = ["notice", "--db", db_url, "--region", TOWN, "--title", "元旦放假通知", "--body", "1月1日休息一天"]
    assert server_cli.main(notice) == 0

    sync_all(b, a, clerk)

    # both devices hold both events of the conflicting case and show it in conflict
    for desk in (b, clerk):
        row = queries.detail(desk, conflicting).row
        assert row.conflict, desk.identity.role
        kinds = [t.type for t in queries.detail(desk, conflicting).timeline]
        assert "withdrawn" in kinds and "decided" in kinds
    # a conflict with the town's decision is the town's to resolve: the village is not offered it
    assert E.CONFLICT_RESOLVED not in actions.available(b, conflicting)
    assert E.CONFLICT_RESOLVED in actions.available(clerk, conflicting)
    assert queries.case_ids(clerk, queries.CaseFilter(conflict=True)) == [conflicting]
    # an authorised person (the town clerk, after calling the village) resolves it
    resolved = actions.perform(clerk, conflicting, E.CONFLICT_RESOLVED, {"state": "withdrawn", "note": "已电话核实"})
    assert resolved is State.WITHDRAWN

    # the town finishes the resubmitted case; the village delivers and closes the decided one
    actions.perform(clerk, returned, E.ACCEPTED, {})
    actions.perform(clerk, returned, E.DECIDED, {"outcome": "denied", "reason": "经营范围不符合规定"})
    denial = queries.detail(clerk, returned).timeline[-1].payload
    assert "行政复议" in denial["remedy"] and "行政诉讼" in denial["remedy"]
    assert state(a, town) == State.RESULT_READY.value
    actions.perform(a, town, E.DELIVERED, {"method": "village_pickup", "signer": "李四"})
    actions.perform(a, town, E.EVALUATED, {"level": "满意"})
    actions.perform(a, town, E.CLOSED, {})
    actions.perform(a, direct, E.CLOSED, {})

    # --- the new catalog version reached the villages; old cases keep theirs -----------------------
    assert catalog.item(a, "JY012", version=2).promised_days == 7
    assert catalog.item(a, "JY012").version == 1  # not in effect yet today
    assert catalog.item(a, "JY012", on=TOMORROW).version == 2
    assert queries.detail(a, withdrawn).registered["item_version"] == 1
    late = register(a, "JY012", "吴十", "419001198908080088", on=TOMORROW)
    assert queries.detail(a, late).registered["item_version"] == 2
    assert "家庭收入情况说明" in {m["name"] for m in queries.detail(a, late).registered["materials"]}
    actions.perform(a, late, E.SUBMITTED, {}, on=TOMORROW)  # under its 委托书, signed that day
    mine.append(late)

    sync_all(a, b, other, clerk)

    # --- everyone agrees --------------------------------------------------------------------------
    expected = {
        direct: State.CLOSED,
        town: State.CLOSED,
        city: State.FORWARDED,
        returned: State.DENIED,
        withdrawn: State.WITHDRAWN,
        conflicting: State.WITHDRAWN,
        late: State.SUBMITTED,
    }
    on_server = server_states(srv.db)
    for cid, want in expected.items():
        assert on_server[cid] == (want.value, False), cid
        assert state(clerk, cid) == want.value
        village = a if cid in {direct, town, withdrawn, late} else b
        assert state(village, cid) == want.value
        assert not queries.rows_by_ids(village, [cid])[0].conflict
    assert on_server[foreign] == (State.SUBMITTED.value, False)
    # each village holds exactly its own cases; the other town's village never saw any of this
    assert {r.id for r in queries.list_cases(a)} == {direct, town, withdrawn, late}
    assert {r.id for r in queries.list_cases(b)} == {city, returned, conflicting}
    assert {r.id for r in queries.list_cases(other)} == {foreign}
    assert {r.id for r in queries.list_cases(clerk)} == set(mine)
    for desk in (a, b, other, clerk):
        assert engine.pending_count(desk) == 0
    # the town's notice reached its villages and its clerk, not the other town
    for desk, expected_titles in ((a, ["元旦放假通知"]), (b, ["元旦放假通知"]), (clerk, ["元旦放假通知"]), (other, [])):
        assert notice_titles(desk) == expected_titles
    # the clerk's town views tell the same story
    assert {r.row.id for r in town_svc.inbox(clerk, town_svc.InboxFilter(state="forwarded"))} == {city}
    per_village = {v.code: v for v in town_svc.overview(clerk)}
    assert per_village[VILLAGE_A].total == 4 and per_village[VILLAGE_B].total == 3
    assert OTHER not in per_village
