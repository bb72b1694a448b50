"""#13: one person per ID number. A roster row or an intake whose ID number is on file under another
name is refused with a sentence naming the row; every page of a case names the person its own
registration names (an old profile whose person row is shared by two names included)."""

from __future__ import annotations

import uuid
from pathlib import Path

from tests.conftest import run_cli
from tests.integration.test_import import HEADER, good_row, messages, rid, write_csv
from villagedesk.db import store as st
from villagedesk.domain.lifecycle import EventType
from villagedesk.services import catalog, importer, intake, queries

OUYANG = rid(26, "19850202")


def _ouyang(desk, tmp_path: Path) -> None:
    rows = [HEADER, good_row(26, "欧阳娜娜", 身份证号=OUYANG, 联系电话="13800000026")]
    assert importer.import_file(desk, write_csv(tmp_path / "first.csv", rows)).ok


def test_import_refuses_an_id_number_on_file_under_another_name(desk, tmp_path: Path) -> None:
    _ouyang(desk, tmp_path)
    rows = [HEADER, good_row(1, "张三"), good_row(27, "卫十二", 身份证号=OUYANG, 联系电话="13900000027")]
    report = importer.import_file(desk, write_csv(tmp_path / "second.csv", rows))
    assert not report.ok and not report.imported
    [(row, column, message)] = messages(report)
    assert (row, column) == (3, "身份证号")
    assert "已登记为「欧***」" in message and "卫十二" in message and OUYANG not in message
    assert [r.applicant_name for r in queries.list_cases(desk, queries.CaseFilter())] == ["欧阳娜娜"]
    # the same number under its own name is the same villager: a second item is welcome
    again = [HEADER, good_row(26, "欧阳娜娜", 事项编码="JY017", 身份证号=OUYANG, 联系电话="13800000026")]
    assert importer.import_file(desk, write_csv(tmp_path / "third.csv", again)).ok


def test_cli_import_names_the_row(desk, tmp_path: Path) -> None:
    _ouyang(desk, tmp_path)
    profile = desk.paths.root
    desk.close()
    source = write_csv(tmp_path / "cli.csv", [HEADER, good_row(27, "卫十二", 身份证号=OUYANG)])
    result = run_cli("import", str(source), profile=profile)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "第2行 [身份证号]" in result.stderr and "与姓名「卫十二」不符" in result.stderr
    assert "Traceback" not in result.stderr and OUYANG not in result.stderr + result.stdout


def test_intake_warns_of_the_same_rule_and_the_case_names_its_own_person(desk, tmp_path: Path) -> None:
    """At the desk the villager's card is in hand and the name on file may be the one typed wrong: the
    registration goes through with the warning (no dead end), and its case names 卫十二, not 欧阳娜娜."""
    _ouyang(desk, tmp_path)
    plan = catalog.plan(desk, "JY017")
    form = intake.IntakeForm(
        item_code="JY017",
        name="卫十二",
        id_number=OUYANG,
        phone="13900000027",
        mandate_signed=True,
        materials={x.name: intake.MaterialState("have") for x in plan.materials},
    )
    result = intake.register(desk, form)
    assert any("与姓名「卫十二」不符" in w and "已登记为「欧***」" in w and OUYANG not in w for w in result.warnings)
    shown = queries.detail(desk, result.case_no)
    assert shown.applicant["name"] == "卫十二" and shown.applicant["phone"] == "13900000027"


def test_every_page_names_the_case_own_person_when_a_person_row_is_shared(desk, tmp_path: Path) -> None:
    """What the old code wrote: 卫十二's case pointing at 欧阳娜娜's person row (same ID number)."""
    _ouyang(desk, tmp_path)
    [first] = queries.list_cases(desk, queries.CaseFilter())
    ouyang = queries.detail(desk, first.case_no, record_view=False)
    registered = dict(ouyang.registered)
    with desk.store.read() as s:
        shared_id = s.get(st.m.Case, first.id).applicant_id
    with desk.store.write() as s:
        payload = dict(st.case_events(s, first.id)[0].payload)
        applicant = dict(payload["applicant"], id=shared_id, name="卫十二", phone="13900000027")
        case_no = payload["case_no"][:-4] + "9999"
        payload.update(applicant=applicant, case_no=case_no, item_code="JY017")
        case_id = str(uuid.uuid4())
        desk.new_events(s, case_id, payload["applicant"]["village_code"], [(EventType.CASE_REGISTERED, payload)], [])
        st.reproject(s, desk.calendar, case_id, desk.today())
    assert registered["applicant"]["name"] == "欧阳娜娜"
    shown = queries.detail(desk, case_no, record_view=False)
    assert shown.row.applicant_name == "卫十二"
    assert (shown.applicant["name"], shown.applicant["phone"]) == ("卫十二", "13900000027")
    profile = desk.paths.root
    desk.close()
    result = run_cli("show", case_no, profile=profile)
    assert result.returncode == 0, result.stderr
    assert "卫十二" in result.stdout and "欧阳娜娜" not in result.stdout
    check = run_cli("check", profile=profile)
    assert "同号异名" in check.stdout and case_no in check.stdout and OUYANG not in check.stdout, check.stdout


def test_a_case_pulled_from_the_town_names_its_own_person(enrolled) -> None:
    """Two PCs of a village each took the same ID number under another name: each PC, and the town clerk's,
    names each case's own person and phone, and ``check`` on the PC that pulled the other says 同号异名."""
    from tests.integration.test_sync_roundtrip import TOWN, VILLAGE_A, sync

    a, b = enrolled("a", VILLAGE_A), enrolled("b", VILLAGE_A)
    clerk = enrolled("clerk", TOWN, "clerk")
    plan = catalog.plan(a, "JY006")

    def take(desk, name: str, phone: str) -> str:
        form = intake.IntakeForm(
            item_code="JY006", name=name, id_number=OUYANG, phone=phone, mandate_signed=True,
            materials={x.name: intake.MaterialState("have") for x in plan.materials},
        )  # fmt: skip
        return intake.register(desk, form).case_no

    ouyang, wei = take(a, "欧阳娜娜", "13800000026"), take(b, "卫十二", "13900000027")
    for desk in (a, b, a, clerk):
        sync(desk)
    for desk in (a, clerk):
        for case_no, person in ((ouyang, ("欧阳娜娜", "13800000026")), (wei, ("卫十二", "13900000027"))):
            shown = queries.detail(desk, case_no, record_view=False)
            assert (shown.applicant["name"], shown.applicant["phone"]) == person
            assert shown.row.applicant_name == person[0]
    profile = a.paths.root
    a.close()
    check = run_cli("check", profile=profile)
    assert "同号异名" in check.stdout and ouyang in check.stdout and wei in check.stdout, check.stdout
