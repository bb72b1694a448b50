"""Excel exports opened again and checked cell by cell; ID numbers masked; every export audited."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest

from tests.casebuilder import TOWN, VILLAGE, VILLAGE2, Builder, person_id
from tests.casebuilder import E as Ev
from villagedesk.domain.errors import ValidationError
from villagedesk.domain.metrics import METRIC_DEFINITIONS, Period
from villagedesk.domain.star_rating import DEFAULT_RUBRIC
from villagedesk.services import catalog, exports, metrics, progress_reports, queries, star_rating

OCT = Period.month(2026, 10)


@pytest.fixture
def small(desk):
    b = Builder(desk)
    a = b.register("JY006", date(2026, 10, 12))  # person_id(1)
    b.act(a, Ev.SUBMITTED, date(2026, 10, 12))
    b.act(a, Ev.ACCEPTED, date(2026, 10, 13))
    b.act(a, Ev.DECIDED, date(2026, 10, 14), {"outcome": "approved"})
    g = b.register("JY022", date(2026, 10, 15))  # person_id(2)
    b.act(g, Ev.VILLAGE_COMPLETED, date(2026, 10, 16), {"outcome": "agreed"})
    b.register("JY006", date(2026, 10, 20), village=VILLAGE2)  # person_id(3)
    b.agent()
    return b


def _cells(path) -> list[list]:
    wb = openpyxl.load_workbook(path)
    return [[c.value for c in row] for ws in wb.worksheets for row in ws.iter_rows()]


def _no_full_ids(path) -> None:
    text = "\n".join(str(v) for row in _cells(path) for v in row if v is not None)
    for n in (1, 2, 3):
        assert person_id(n) not in text


def test_village_metrics_workbook(desk, small, tmp_path) -> None:
    out = exports.metrics_xlsx(desk, tmp_path / "十月统计.xlsx", metrics.village(desk, VILLAGE, OCT), "一村")
    ws = openpyxl.load_workbook(out)["统计指标"]
    assert ws["A1"].value == "一村 2026年10月 工作统计 (截至 2026-10-31)"
    assert [c.value for c in ws[2]] == ["指标", "数值", "口径说明"]
    assert [c.value for c in ws[3]] == ["登记办件数", "2", METRIC_DEFINITIONS["cases"]]
    assert [c.value for c in ws[4]][:2] == ["按时办结率", "100.0% (2/2)"]
    labels = [ws.cell(row=r, column=1).value for r in range(3, ws.max_row + 1)]
    assert "类别: 证照代办" in labels and "状态: 村级办结" in labels
    assert ws.cell(row=3 + labels.index("调解成功率"), column=2).value == "100.0% (1/1)"


def test_case_list_masks_ids_and_is_audited(desk, small, tmp_path) -> None:
    f = queries.CaseFilter(village=VILLAGE, registered_from=OCT.start, registered_to=OCT.end)
    out = exports.cases_xlsx(desk, tmp_path / "cases.xlsx", f)
    rows = _cells(out)
    assert rows[1] == ["办件编号", "事项", "类别", "申请人", "身份证号", "状态", "登记日期", "承诺期限"]
    body = sorted(rows[2:], key=lambda r: r[6])
    assert len(body) == 2
    assert body[0][1:6] == [
        "个体工商户设立登记",
        "证照代办",
        "王二民",
        person_id(1)[:6] + "********" + person_id(1)[-4:],
        "准予",
    ]
    assert body[0][6].date() == date(2026, 10, 12)
    assert body[1][1] == "人民调解(民事纠纷)" and body[1][5] == "村级办结"
    _no_full_ids(out)
    [entry] = exports.audit_entries(desk)
    assert entry[1:3] == ("李娜", "export")
    assert entry[3] == "办件清单: cases.xlsx, 2 行"
    assert "王二民" not in entry[3] and person_id(1) not in entry[3]


def test_town_report_and_star_workbooks(desk, small, tmp_path) -> None:
    progress_reports.draft(desk, 2026, 10, "十月正常", on=date(2026, 11, 2))
    report = progress_reports.submit(desk, 2026, 10, on=date(2026, 11, 2))
    rep = _cells(exports.report_xlsx(desk, tmp_path / "report.xlsx", report, "一村"))
    assert rep[0][0] == "一村 2026年10月 工作进展报送 (报告已报送)"
    assert rep[2][:2] == ["登记办件数", "2"]
    assert ["情况说明", "十月正常", None] in rep  # openpyxl reads an empty cell back as None
    assert [row[1] for row in rep if row[1] in ("生成进展报告", "报送进展报告")] == ["生成进展报告", "报送进展报告"]

    small.clerk()
    town = metrics.town(desk, TOWN, OCT)
    cmp_rows = _cells(exports.town_xlsx(desk, tmp_path / "town.xlsx", town, "克井镇"))
    # the town's villages as the region list names them (the seed's illustrative ones here), cases or not
    names = [catalog.region_name(desk, code) for code in (VILLAGE, VILLAGE2)]
    assert cmp_rows[1][:4] == ["指标", "全镇", *names] and "419001100201" not in cmp_rows[1]
    assert cmp_rows[2][:4] == ["登记办件数", "3", "2", "1"] and set(cmp_rows[2][4:]) <= {"0"}

    star_rating.set_manual_scores(desk, VILLAGE, 2026, {"premises": 10, "public_notices": 8, "attendance": 7})
    star_rating.score_center(desk, VILLAGE, 2026)
    path = exports.star_ratings_xlsx(desk, tmp_path / "stars.xlsx", 2026)
    ws = openpyxl.load_workbook(path)["星级考评"]
    header = [c.value for c in ws[2]]
    row = dict(zip(header, [c.value for c in ws[3]], strict=True))
    assert row["区划代码"] == VILLAGE and row["按时办结率"] == 20 and row["场所设施"] == 10
    # two cases: fewer than the rubric's minimum, so no score and no stars rather than a perfect 100
    assert (row["总分"], row["考评星级"], row["市级复核"], row["降星情形"]) == ("数据不足", "数据不足", "未复核", "无")
    assert openpyxl.load_workbook(path)["十佳代办员"].max_row == 2  # title and header: nobody ranked

    star_rating.set_rubric(desk, {**DEFAULT_RUBRIC, "min_cases": 1})
    star_rating.score_center(desk, VILLAGE, 2026)
    path = exports.star_ratings_xlsx(desk, tmp_path / "stars.xlsx", 2026)
    ws = openpyxl.load_workbook(path)["星级考评"]
    row = dict(zip(header, [c.value for c in ws[3]], strict=True))
    assert (row["总分"], row["考评星级"], row["市级复核"], row["降星情形"]) == (100, 5, "未复核", "无")
    agents = openpyxl.load_workbook(path)["十佳代办员"]
    assert [c.value for c in agents[3]][:4] == [1, "李娜", VILLAGE, 2]
    for p in ("report.xlsx", "town.xlsx", "stars.xlsx"):
        _no_full_ids(tmp_path / p)
    audited = [e[3].split(":")[0] for e in exports.audit_entries(desk)]
    assert audited == ["工作进展报送", "各村统计对比", "星级考评", "星级考评"]


def test_bad_export_path_is_refused_and_not_audited(desk, small, tmp_path) -> None:
    with pytest.raises(ValidationError, match="xlsx"):
        exports.metrics_xlsx(desk, tmp_path / "x.csv", metrics.village(desk, VILLAGE, OCT), "一村")
    assert exports.audit_entries(desk) == []
    assert not list(tmp_path.glob("x*"))
