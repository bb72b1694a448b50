"""Issue 14, finding 1: 材料补齐 with nothing ticked ended 待补正 while the missing materials stayed 缺少,
and the case could then be sent to the town. One domain rule (``payloads.check_supply``, after
``clean_payload``) now refuses a supply that names nothing or leaves a missing material out: in the
service (``villagedesk act``), in the case page's dialog and in the judge (server and pulling clients)."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from tests.unit.test_judge import NOW_MS, ev, registration
from villagedesk import cli
from villagedesk.domain import judge as dj
from villagedesk.domain.errors import ValidationError
from villagedesk.domain.lifecycle import EventType as E
from villagedesk.domain.lifecycle import State
from villagedesk.services import actions, catalog, intake, queries

BOTH = ["户口簿", "结婚证"]


def _awaiting(desk) -> tuple[str, str]:
    """A 婚姻登记 (JY001) case registered with 户口簿 and 结婚证 missing: 待补正."""
    plan = catalog.plan(desk, "JY001")
    mats = {m.name: intake.MaterialState("missing" if m.name in BOTH else "have") for m in plan.materials}
    form = intake.IntakeForm("JY001", "张三", "419001198503120010", "13800138000", mandate_signed=True, materials=mats)
    result = intake.register(desk, form)
    assert queries.detail(desk, result.case_id).view["missing"] == BOTH
    return result.case_id, result.case_no


@pytest.mark.parametrize("received", [[], ["户口簿"]], ids=["nothing", "one-of-two"])
def test_the_service_refuses_a_supply_that_leaves_materials_missing(desk, received) -> None:
    case_id, _ = _awaiting(desk)
    before = len(queries.detail(desk, case_id).timeline)
    with pytest.raises(ValidationError) as err:
        actions.perform(desk, case_id, E.MATERIALS_SUPPLIED, {"received": received})
    assert err.value.field == "received"
    assert ("结婚证" in err.value.message) if received else ("勾选" in err.value.message)
    detail = queries.detail(desk, case_id)
    assert detail.row.status == State.AWAITING_MATERIALS.value and len(detail.timeline) == before
    assert E.SUBMITTED not in actions.available(desk, case_id)
    assert actions.perform(desk, case_id, E.MATERIALS_SUPPLIED, {"received": BOTH}) is State.REGISTERED


def test_act_on_the_command_line_refuses_it_in_one_chinese_line(desk, profile: Path, capsys) -> None:
    case_id, case_no = _awaiting(desk)
    for fields in ([], ["--field", "received=户口簿"]):
        code = cli.main(["--profile", str(profile), "act", case_no, "materials_supplied", *fields])
        err = capsys.readouterr().err
        assert code == 2 and "Traceback" not in err and ("结婚证" in err if fields else "勾选" in err), err
    assert queries.detail(desk, case_id).row.status == State.AWAITING_MATERIALS.value


def test_the_judge_refuses_it_where_the_author_stood() -> None:
    case = str(uuid.uuid4())
    reg = registration(case)
    ledger = dj.CaseLedger(case, [reg])
    missing = ev(E.MATERIALS_MISSING, case, {"missing": ["申请书", "身份证"]}, prev=[reg.id])
    ledger.admit(missing)
    for payload in ({}, {"received": []}, {"received": ["申请书"]}):
        with pytest.raises(dj.Refusal) as info:
            bad = ev(E.MATERIALS_SUPPLIED, case, payload, prev=[missing.id])
            dj.check_event(bad, NOW_MS)
            ledger.admit(bad)
        assert info.value.code == dj.PAYLOAD, payload
    assert ledger.view is not None and ledger.view.state is State.AWAITING_MATERIALS
    ledger.admit(ev(E.MATERIALS_SUPPLIED, case, {"received": ["申请书", "身份证"]}, prev=[missing.id]))
    assert ledger.view.state is State.REGISTERED
