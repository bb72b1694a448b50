"""``intake.register_many``: the bulk path stores what ``register`` would, all or nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from villagedesk.db import models as m
from villagedesk.services import catalog, intake, maintenance, queries


def _form(name: str, id_number: str, **over) -> intake.IntakeForm:
    base = dict(item_code="JY006", name=name, id_number=id_number, phone="13812345678", mandate_signed=True)
    base.update(over)
    return intake.IntakeForm(**base)


def test_bulk_continues_numbers_reuses_applicants_and_matches_rebuild(desk) -> None:
    have = {x.name: intake.MaterialState("have") for x in catalog.item(desk, "JY022").materials}
    first = intake.register(desk, _form("张三", "419001198001010014"))
    results = intake.register_many(
        desk,
        [
            _form("张三", "419001198001010014"),  # known villager: same applicant record
            _form("李娜", "419001198001010022", materials={"申请书": intake.MaterialState("have")}),
            _form("李娜", "419001198001010022", item_code="JY022", mandate_signed=False, materials=have),
        ],
    )
    numbers = [first.case_no] + [r.case_no for r in results]
    assert [n[-3:] for n in numbers] == ["001", "002", "003", "004"]
    assert results[0].missing == ["经营者身份证", "经营场所使用证明", "申请书"]
    assert results[1].missing == ["经营者身份证", "经营场所使用证明"]
    assert results[2].missing == []
    with desk.store.read() as s:
        assert s.scalar(select(func.count()).select_from(m.Applicant)) == 2
        assert s.scalar(select(func.count()).select_from(m.OutboxEntry)) == 2 + 2 + 2 + 1
    statuses = {r.case_no: r.status for r in queries.list_cases(desk)}
    assert statuses[results[2].case_no] == "registered" and statuses[results[0].case_no] == "awaiting_materials"
    assert maintenance.check(desk).ok
    after = intake.register(desk, _form("王芳", "419001198001010030"))
    assert after.case_no[-3:] == "005"  # the bulk path saved its counter and clock


def test_one_bad_form_saves_none(desk) -> None:
    with pytest.raises(intake.FormErrors):
        intake.register_many(desk, [_form("张三", "419001198001010014"), _form("李娜", "123")])
    assert queries.count_cases(desk) == 0
