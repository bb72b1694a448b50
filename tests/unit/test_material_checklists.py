"""The judge's material rule without a server: a code's checklist is the union of its catalog versions (a
bundle's, of its members'), and ``check_materials`` refuses names off the list and names twice."""

from __future__ import annotations

import pytest

from villagedesk.domain import judge as dj
from villagedesk.domain.catalog import Checklists
from villagedesk.domain.lifecycle import EventType as E

V1 = {
    "items": [
        {"code": "A1", "materials": [{"name": "申请书"}, {"name": "身份证 "}]},
        {"code": "B1", "materials": [{"name": "营业执照"}]},
    ],
    "bundles": [{"code": "BZ", "items": ["A1", "B1"]}],
}
V2 = {"items": [{"code": "A1", "materials": [{"name": "申请书(2026版)"}, {"name": "身份证"}]}, "junk"]}


def test_every_version_and_every_member_counts() -> None:
    lists = Checklists()
    for doc in (V1, V2, None, {"items": "x"}):
        lists.add(doc)
    by_code = lists.by_code()
    assert by_code["A1"] == {"申请书", "申请书(2026版)", "身份证 ", "身份证"}
    assert by_code["BZ"] == by_code["A1"] | {"营业执照"}
    assert by_code["B1"] == {"营业执照"}


@pytest.mark.parametrize(
    ("etype", "payload"),
    [
        (E.MATERIALS_MISSING, {"missing": ["户口簿"]}),
        (E.MATERIALS_MISSING, {"missing": ["申请书", "申请书"]}),
        (E.RETURNED, {"missing": ["营业执照"]}),
        (E.MATERIALS_SUPPLIED, {"received": ["申请书", "x"]}),
        (E.CASE_REGISTERED, {"materials": [{"name": "户口簿"}]}),
        (E.CASE_REGISTERED, {"materials": [{"name": "申请书"}, {"name": "申请书"}]}),
        (E.CASE_REGISTERED, {"materials": ["申请书"]}),
        (E.CASE_REGISTERED, {"materials": [{"status": "have"}]}),
    ],
)
def test_names_off_the_list_or_twice_are_refused(etype: E, payload: dict) -> None:
    checklist = Checklists()
    checklist.add(V1)
    with pytest.raises(dj.Refusal) as refused:
        dj.check_materials(etype, payload, checklist.by_code()["A1"])
    assert refused.value.code == dj.PAYLOAD


def test_names_on_the_list_pass_and_other_events_are_not_looked_at() -> None:
    names = frozenset({"申请书", "身份证"})
    dj.check_materials(E.MATERIALS_MISSING, {"missing": ["申请书", "身份证"]}, names)
    dj.check_materials(E.CASE_REGISTERED, {"materials": [{"name": "身份证", "status": "have"}]}, names)
    dj.check_materials(E.CASE_REGISTERED, {"materials": []}, None)  # nothing named: nothing to check
    dj.check_materials(E.CUSTODY_CHANGED, {"material": "身份证"}, names)
    for material in ("任意", "<b>身份证</b>"):  # free text once (#12): now a name of the checklist only
        with pytest.raises(dj.Refusal, match="原件保管变更的材料不在该事项的材料清单中"):
            dj.check_materials(E.CUSTODY_CHANGED, {"material": material}, names)
    with pytest.raises(dj.Refusal):
        dj.check_materials(E.CUSTODY_CHANGED, {"material": "身份证"}, None)
    with pytest.raises(dj.Refusal):  # an item in no catalog cannot name materials
        dj.check_materials(E.MATERIALS_MISSING, {"missing": ["申请书"]}, None)
