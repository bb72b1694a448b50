"""工作进展报送 镇→市, the city's list and export: ``villagedesk town-report list`` filters the towns'
reports by month, town and state and ``--xlsx`` writes what it lists (openpyxl), 𠮷 and · intact and any
ID number typed into a 情况说明 masked; a state it does not know is one Chinese line and exit 2."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import TODAY
from villagedesk import cli
from villagedesk.domain.lifecycle import Role, State
from villagedesk.services import town_reports
from villagedesk.services.desk import Desk

T1, T2, CITY = "419001100000", "419001101000", "419001000000"
ID = "419001199002020024"
REMARKS = f"𠮷·村站人手不足; 误填身份证号 {ID}"


@pytest.fixture
def city_profile(template_profile: Path, tmp_path: Path) -> Path:
    """Two towns' reports in one database (as sync brings them to the city), then the city's identity."""
    root = tmp_path / "city"
    shutil.copytree(template_profile, root)
    with Desk.open(root, today=TODAY) as desk:
        desk.setup(Role.CLERK, T1, "赵敏")
        town_reports.draft(desk, 2026, 10)
        town_reports.submit(desk, 2026, 10, REMARKS)
        town_reports.draft(desk, 2026, 11, "十一月")
        town_reports.submit(desk, 2026, 11)
        desk.setup(Role.CLERK, T2, "钱进")
        town_reports.draft(desk, 2026, 10)
        town_reports.submit(desk, 2026, 10, "五龙口镇十月")
        town_reports.draft(desk, 2026, 11)  # a draft: listed only when asked for
        desk.setup(Role.CITY, CITY, "孙市")
        town_reports.accept(desk, town_reports.town_report_id(T1, 2026, 11), "同意")
    return root


def run(profile: Path, *args: str, capsys) -> tuple[int, str]:
    capsys.readouterr()
    code = cli.main(["--profile", str(profile), "town-report", "list", *args])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_the_city_filters_and_exports_the_towns_reports(city_profile: Path, tmp_path: Path, capsys) -> None:
    path = tmp_path / "乡镇报告.xlsx"
    code, out = run(city_profile, "--month", "2026-10", "--state", "已报送", "--xlsx", str(path), capsys=capsys)
    assert code == 0 and "乡镇进展报告: 2 份" in out and "已导出" in out, out
    ws = load_workbook(path)["乡镇进展报告"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=3)]
    assert sorted(r[1] for r in rows) == [T1, T2] and {r[2] for r in rows} == {"2026年10月"}
    remarks = {r[1]: r[8] for r in rows}
    assert remarks[T1] == "𠮷·村站人手不足; 误填身份证号 419001********0024"  # 𠮷 and · intact, the ID masked
    assert ID not in " ".join(str(c.value) for sheet in load_workbook(path) for row in sheet.iter_rows() for c in row)

    code, out = run(city_profile, "--town", T1, capsys=capsys)
    assert code == 0 and "乡镇进展报告: 2 份" in out and T2 not in out, out
    code, out = run(city_profile, "--state", "报告已通过", capsys=capsys)
    assert code == 0 and "乡镇进展报告: 1 份" in out and "2026-11" in out and T1 in out, out
    code, out = run(city_profile, "--state", "草稿", "--town", T2, capsys=capsys)
    assert code == 0 and "乡镇进展报告: 1 份" in out, out
    with Desk.open(city_profile, today=TODAY) as desk:
        november = town_reports.filter_reports(desk, (2026, 11))
    assert sorted((r.partition, r.state) for r in november) == [(T1, State.REPORT_ACCEPTED), (T2, State.REPORT_DRAFT)]

    code, out = run(city_profile, "--state", "办结", capsys=capsys)
    assert code == 2 and "状态应为" in out and "Traceback" not in out, out
    code, out = run(city_profile, "--xlsx", str(tmp_path / "x.csv"), capsys=capsys)
    assert code == 2 and ".xlsx" in out, out
