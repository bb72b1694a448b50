"""Office test: one ID number under two names on a roster, imported with ``--skip-invalid``: the first row
(郑六) was registered and only the second (冯七) rejected 「与第11行身份证号相同, 姓名却不同」. The office cannot
know from the sheet which name is right, so both rows are held back, both in the reject file."""

from __future__ import annotations

import csv
from pathlib import Path

from tests.conftest import run_cli
from tests.integration.test_import import HEADER, good_row, rid, write_csv
from villagedesk.services import queries


def test_both_rows_of_one_id_under_two_names_are_held_back(desk, tmp_path: Path) -> None:
    people = ["张三", "李四", "王五", "赵一", "钱二", "孙三", "周四", "吴五", "陈八"]
    rows = [good_row(n, name) for n, name in enumerate(people, 1)]  # rows 2..10
    rows += [good_row(50, "郑六"), good_row(50, "冯七", 联系电话="13800000099")]  # rows 11, 12: one number
    source = write_csv(tmp_path / "roster.csv", [HEADER, *rows])
    profile = desk.paths.root
    desk.close()
    result = run_cli("import", str(source), "--skip-invalid", profile=profile)
    assert result.returncode == 0, result.stderr
    assert "已登记 9 件办件" in result.stdout, result.stdout
    assert "第11行" in result.stderr and "第12行" in result.stderr, result.stderr
    assert rid(50) not in result.stdout + result.stderr  # masked
    with (tmp_path / "roster.未导入.csv").open(encoding="utf-8-sig", newline="") as f:
        held = {r["姓名"]: r["问题"] for r in csv.DictReader(f)}
    assert set(held) == {"郑六", "冯七"}, held
    assert "与第12行身份证号相同, 姓名却不同" in held["郑六"] and "与第11行" in held["冯七"]
    from villagedesk.services.desk import Desk

    with Desk.open(profile) as again:
        names = {r.applicant_name for r in queries.list_cases(again, queries.CaseFilter(), limit=100)}
    assert "郑六" not in names and "冯七" not in names and len(names) == 9
