"""A return, a 一次性告知 or a 材料补齐 lists only materials of the case's item, on the PC as on the server.

Found in the city walk: ``act CASE returned --field missing=收入证明`` on a 最低生活保障 case (whose
checklist has 收入财产说明, not 收入证明) was taken by the city's PC and shown as 退回补正, then the server's
judge rejected it at sync (「材料「收入证明」不在该事项的材料清单中」) and the town and village never saw the
return. Fails on the old code: the act exited 0 and wrote the event.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.e2e.test_case_loop import register
from tests.integration.test_case_actions_cli import CITY, TOWN, run, status
from villagedesk.db import store as st
from villagedesk.domain.catalog import Checklists
from villagedesk.domain.errors import ValidationError
from villagedesk.domain.judge import check_materials
from villagedesk.domain.lifecycle import EventType, Role
from villagedesk.services import actions, catalog, queries


def _events(profile: Path) -> int:
    conn = sqlite3.connect(profile / "villagedesk.db")
    try:
        return conn.execute("SELECT count(*) FROM events").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def at_city(desk, profile: Path, capsys) -> str:
    """A 最低生活保障 case (decided at the city), forwarded by the town and now on the city's PC."""
    cid = register(desk, "JY010", "王五", "419001197503030037")
    case_no = queries.rows_by_ids(desk, [cid])[0].case_no
    assert run(capsys, profile, "act", case_no, "submitted")[0] == 0
    desk.setup(Role.CLERK, TOWN, "王镇")
    assert run(capsys, profile, "act", case_no, "accepted")[0] == 0
    assert run(capsys, profile, "act", case_no, "forwarded", "--field", "to=市民之家")[0] == 0
    desk.setup(Role.CITY, CITY, "市民之家")
    return case_no


def test_a_city_return_naming_a_material_the_item_lacks_is_refused(desk, profile: Path, at_city: str, capsys):
    before = _events(profile)
    args = ("act", at_city, "returned", "--field", "missing=收入证明", "--reason", "缺近六个月收入证明")
    code, _, err = run(capsys, profile, *args)
    assert code == 2 and "第 1 项材料不在该事项的材料清单中" in err and "收入财产说明" in err, err  # and the choices
    assert "收入财产说明" in err and "Traceback" not in err  # the choices are named
    assert _events(profile) == before and status(desk, at_city) == "forwarded"  # nothing written

    args = ("act", at_city, "returned", "--field", "missing=收入财产说明", "--reason", "缺近六个月收入证明")
    assert run(capsys, profile, *args)[0] == 0
    assert status(desk, at_city) == "returned"


def test_what_the_pc_takes_the_server_judge_takes_too(desk, profile: Path, at_city: str, capsys) -> None:
    """The PC's check is the judge's: a name it lets through passes ``judge.check_materials`` over the seed
    catalog the server starts from, for every event that lists materials."""
    assert run(capsys, profile, "act", at_city, "returned", "--field", "missing=银行账户", "--reason", "缺")[0] == 0
    desk.setup(Role.AGENT, "419001100201", "李娜")
    case_id = queries.detail(desk, at_city).row.id
    with pytest.raises(ValidationError) as refused:  # the case page's path (its dialog offers the checklist)
        actions.perform(desk, case_id, EventType.MATERIALS_SUPPLIED, {"received": ["银行卡"]})
    assert refused.value.field == "received"
    assert run(capsys, profile, "act", at_city, "materials_supplied", "--field", "received=银行账户")[0] == 0
    names = Checklists()
    names.add(json.loads(catalog.seed_file("catalog.json").read_text(encoding="utf-8")))
    judged = names.by_code()["JY010"]
    with desk.store.read() as s:
        events = st.case_events(s, queries.detail(desk, at_city).row.id)
    listed = [e for e in events if e.type in (EventType.RETURNED, EventType.MATERIALS_SUPPLIED)]
    assert len(listed) == 2
    for e in listed:
        check_materials(e.type, e.payload, judged)  # raises Refusal if the server would reject it


def test_custody_of_a_material_the_item_lacks_is_refused_before_it_is_written(desk, profile: Path, capsys) -> None:
    """``act CASE custody_changed --field material=…`` takes only a name of the case item's checklist, as
    the server's judge does (#12): a made-up name, markup or another item's material exits 2 with the
    Chinese sentence and the choices, and writes nothing."""
    cid = register(desk, "JY010", "王五", "419001197503030037")
    case_no = queries.rows_by_ids(desk, [cid])[0].case_no
    before = _events(profile)
    for name in ("户口簿", "<b>收入财产说明</b>", "收入财产说明(镇长已收)"):
        args = ("act", case_no, "custody_changed", "--field", f"material={name}", "--field", "holder=village")
        code, _, err = run(capsys, profile, *args)
        assert code == 2 and "原件保管变更的材料不在该事项的材料清单中" in err and "收入财产说明" in err, err
        assert "Traceback" not in err
    assert _events(profile) == before
    args = ("act", case_no, "custody_changed", "--field", "material=收入财产说明", "--field", "holder=village")
    assert run(capsys, profile, *args)[0] == 0
    assert _events(profile) == before + 1
    with desk.store.read() as s:
        events = st.case_events(s, cid)
    custody = [e for e in events if e.type is EventType.CUSTODY_CHANGED]
    names = Checklists()
    names.add(json.loads(catalog.seed_file("catalog.json").read_text(encoding="utf-8")))
    check_materials(custody[0].type, custody[0].payload, names.by_code()["JY010"])  # the server takes it
