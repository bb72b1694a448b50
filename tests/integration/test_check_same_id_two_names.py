"""Issue 18: ``villagedesk check`` said 结论 正常 while two villagers shared one ID number under different
names (同号异名: a roster imported, then the desk registered the same number under another name, which
the desk allows with a warning). It is a warning now: 结论 有警告, the number masked, the warnings' exit
status (0, as for the other warnings check reports: quarantined downloads, steps refused by the town).
A real profile migrated by Alembic, the import and the intake a user runs, ``check`` as a subprocess.
Fails on the old code (结论 正常)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import run_cli
from tests.integration.test_import import HEADER, good_row, rid, write_csv
from villagedesk.services import catalog, importer, intake

OUYANG = rid(26, "19850202")


def _verdict(stdout: str) -> str:
    found = re.search(r"^结论 +(\S+)", stdout, re.M)
    assert found, stdout
    return found.group(1)


def test_check_warns_of_an_id_number_under_two_names(desk, tmp_path: Path) -> None:
    rows = [HEADER, good_row(26, "欧阳娜娜", 身份证号=OUYANG, 联系电话="13800000026")]
    assert importer.import_file(desk, write_csv(tmp_path / "roster.csv", rows)).ok
    profile = desk.paths.root
    clean = run_cli("check", profile=profile)
    assert clean.returncode == 0 and _verdict(clean.stdout) == "正常", clean.stdout
    assert "同号异名" not in clean.stdout

    plan = catalog.plan(desk, "JY017")
    form = intake.IntakeForm(
        item_code="JY017", name="卫十二", id_number=OUYANG, phone="13900000027", mandate_signed=True,
        materials={x.name: intake.MaterialState("have") for x in plan.materials},
    )  # fmt: skip
    result = intake.register(desk, form)
    assert result.warnings  # the desk let it through with a warning
    desk.close()

    check = run_cli("check", profile=profile)
    out = check.stdout
    assert _verdict(out) == "有警告", out  # was 正常
    assert check.returncode == 0, out  # the status check gives its other warnings (not 1: nothing is damaged)
    line = next(x for x in out.splitlines() if x.startswith("同号异名"))
    assert OUYANG[:6] + "********" + OUYANG[-4:] in line and result.case_no in line
    assert OUYANG not in out + check.stderr and "欧阳娜娜" not in out and "Traceback" not in check.stderr
    assert "警告" in out.splitlines()[-1]


def test_a_problem_still_outranks_a_warning(desk, tmp_path: Path) -> None:
    """A damaged projection beside a 同号异名: 有问题 and exit 1, the warning still listed."""
    import sqlite3

    rows = [HEADER, good_row(26, "欧阳娜娜", 身份证号=OUYANG, 联系电话="13800000026")]
    assert importer.import_file(desk, write_csv(tmp_path / "roster.csv", rows)).ok
    plan = catalog.plan(desk, "JY017")
    form = intake.IntakeForm(
        item_code="JY017", name="卫十二", id_number=OUYANG, phone="13900000027", mandate_signed=True,
        materials={x.name: intake.MaterialState("have") for x in plan.materials},
    )  # fmt: skip
    intake.register(desk, form)
    profile = desk.paths.root
    desk.close()
    con = sqlite3.connect(profile / "villagedesk.db")
    con.execute("UPDATE cases SET status = 'approved'")
    con.commit()
    con.close()
    check = run_cli("check", profile=profile)
    assert check.returncode == 1 and _verdict(check.stdout) == "有问题", check.stdout
    assert "同号异名" in check.stdout
