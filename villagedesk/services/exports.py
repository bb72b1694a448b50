"""Excel exports of statistics, case lists, progress reports and star ratings.

ID numbers only ever leave masked (``419001********0014``), and every export is written to the audit
trail (PIPL): who, when, what kind, which file name, how many rows; never the rows' personal data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from villagedesk.db import audit_chain
from villagedesk.db import models as m
from villagedesk.domain.audit_entries import mask_id_numbers
from villagedesk.domain.errors import ValidationError
from villagedesk.domain.metrics import METRIC_DEFINITIONS, METRIC_LABELS, Metrics
from villagedesk.domain.progress_report import ReportView
from villagedesk.domain.star_rating import INSUFFICIENT
from villagedesk.domain.validators import mask_id
from villagedesk.services import catalog, queries, satisfaction, star_rating, supervision
from villagedesk.services.desk import Desk
from villagedesk.services.metrics import TownMetrics

Sheet = tuple[str, Sequence[str], Sequence[Sequence[Any]]]  # (title, header, rows)
MAX_ROWS = 1_000_000


def record_export(desk: Desk, kind: str, path: Path, rows: int, scope: str = "") -> None:
    """Write one audit entry for an export (the PDF writer in the UI calls this too)."""
    detail = f"{kind}: {Path(path).name}, {rows} {'页' if kind.endswith('(PDF)') else '行'}" + (
        f", {scope}" if scope else ""
    )
    with desk.store.write() as s:
        audit_chain.add_audit(s, "export", detail, desk.identity.user)


def pdf_audit(desk: Desk, kind: str, scope: str = "") -> Callable[[Path, int], None]:
    """The audit callback the UI's PDF writer calls once the file is written."""

    def audit(path: Path, pages: int) -> None:
        record_export(desk, f"{kind}(PDF)", path, pages, scope)

    return audit


def _write(path: Path, title: str, sheets: Sequence[Sheet]) -> int:
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ValidationError("path", "导出文件应以 .xlsx 结尾")
    from openpyxl import Workbook  # here, not at import: openpyxl (and numpy) cost the GUI ~0.4 s at start-up
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    total = 0
    for name, header, rows in sheets:
        ws = wb.create_sheet(name[:31])
        ws.append([title])
        ws["A1"].font = Font(bold=True, size=14)
        ws.append(list(header))
        for cell in ws[2]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append([_cell(v) for v in row])
            total += 1
        for i, _ in enumerate(header, start=1):
            width = max([len(str(header[i - 1]))] + [len(str(r[i - 1])) for r in rows[:200] if i - 1 < len(r)])
            ws.column_dimensions[get_column_letter(i)].width = min(60, max(8, width * 2 + 2))
        for row_cells in ws.iter_rows(min_row=3):
            for cell in row_cells:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "A3"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    wb.save(tmp)
    tmp.replace(path)  # a half-written file never carries the final name
    return total


def _cell(value: Any) -> Any:
    if isinstance(value, date | int | float) or value is None:
        return value
    return str(value)


def _metric_rows(figures: Metrics) -> list[list[str]]:
    rows = [[label, value, METRIC_DEFINITIONS[key]] for key, label, value in figures.rows()]
    rows += [[f"类别: {k}", str(v), ""] for k, v in figures.by_category.items()]
    rows += [[f"状态: {k}", str(v), ""] for k, v in figures.by_state.items()]
    return rows


def metrics_xlsx(desk: Desk, path: Path, figures: Metrics, center: str) -> Path:
    """One center's figures for a period, each with its definition."""
    title = f"{center} {figures.period.label} 工作统计 (截至 {figures.as_of.isoformat()})"
    n = _write(path, title, [("统计指标", ["指标", "数值", "口径说明"], _metric_rows(figures))])
    record_export(desk, "统计指标", path, n, figures.period.label)
    return Path(path)


def town_xlsx(desk: Desk, path: Path, town: TownMetrics, town_name: str) -> Path:
    """A town's totals and its villages side by side (one column per village); a city's and its towns'."""
    codes = list(town.villages)
    whole, units = ("全市", "各镇") if town.is_city else ("全镇", "各村")
    header = ["指标", whole, *[town.names.get(c, c) for c in codes]]
    per_village = {c: {k: v for k, _, v in town.villages[c].rows()} for c in codes}
    rows = [[label, value, *[per_village[c][key] for c in codes]] for key, label, value in town.total.rows()]
    period = town.total.period.label
    n = _write(
        path,
        f"{town_name} {period} {units}工作统计对比",
        [
            (f"{units}对比", header, rows),
            ("指标说明", ["指标", "口径说明"], [[METRIC_LABELS[k], v] for k, v in METRIC_DEFINITIONS.items()]),
        ],
    )
    record_export(desk, f"{units}统计对比", path, n, period)
    return Path(path)


def cases_xlsx(desk: Desk, path: Path, f: queries.CaseFilter, title: str = "办件清单") -> Path:
    """A case list; the ID number column is masked whatever the user's rights."""
    ids = queries.case_ids(desk, f)
    if len(ids) > MAX_ROWS:
        raise ValidationError("filter", "导出的办件过多, 请缩小范围")
    rows = []
    for start in range(0, len(ids), 1000):
        for r in queries.rows_by_ids(desk, ids[start : start + 1000]):
            rows.append(
                [
                    r.case_no,
                    r.title,
                    r.category,
                    r.applicant_name,
                    mask_id(r.id_masked) if "*" not in r.id_masked else r.id_masked,
                    r.status_label,
                    r.registered_on,
                    r.due_on,
                ]
            )
    header = ["办件编号", "事项", "类别", "申请人", "身份证号", "状态", "登记日期", "承诺期限"]
    n = _write(path, title, [("办件清单", header, rows)])
    record_export(desk, "办件清单", path, n)
    return Path(path)


def report_xlsx(desk: Desk, path: Path, report: ReportView, center: str) -> Path:
    """A monthly progress report: its figures, remarks and review history."""
    texts = (report.metrics or {}).get("text", {})
    rows = [[label, texts.get(key, "—"), METRIC_DEFINITIONS[key]] for key, label in METRIC_LABELS.items()]
    history = [[day, action, note] for day, action, note in report.history]
    n = _write(
        path,
        f"{center} {report.period_label} 工作进展报送 ({report.state_label})",
        [
            ("进展报告", ["指标", "数值", "口径说明"], [*rows, ["情况说明", report.remarks, ""]]),
            ("报送记录", ["日期", "操作", "意见"], history),
        ],
    )
    record_export(desk, "工作进展报送", path, n, report.period_label)
    return Path(path)


def ratio_text(value: object) -> str:
    """A report's ``[num, den]`` as the pages show it: ``66.7% (2/3)``, or — without a denominator."""
    if isinstance(value, list) and len(value) == 2 and value[1]:
        return f"{100 * value[0] / value[1]:.1f}% ({value[0]}/{value[1]})"
    return "—"


def town_reports_xlsx(desk: Desk, path: Path, reports: Sequence[ReportView], scope: str = "") -> Path:
    """Towns' monthly reports to the city (as filtered): one line per report with its figures, remarks and
    review, and each village's figures. Free text passes with any ID number in it masked."""
    names = {r.code: r.name for r in catalog.regions(desk)}
    header = ["乡镇", "乡镇代码", "月份", "状态", "稿次", "报送日期", "审核日期", "审核意见", "情况说明"]
    header += list(METRIC_LABELS.values())
    rows, villages = [], []
    for r in reports:
        texts = (r.metrics or {}).get("text", {})
        rows.append(
            [names.get(r.partition, r.partition), r.partition, r.period_label, r.state_label, r.drafts,
             r.submitted_on, r.reviewed_on, mask_id_numbers(r.review_note), mask_id_numbers(r.remarks),
             *[str(texts.get(key, "—")) for key in METRIC_LABELS]]
        )  # fmt: skip
        for code, row in sorted(r.villages.items()):
            villages.append(
                [names.get(r.partition, r.partition), r.period_label, names.get(code, code), code,
                 row.get("cases", 0), ratio_text(row.get("on_time_rate")), ratio_text(row.get("return_rate")),
                 ratio_text(row.get("good_review_rate")), row.get("overdue_open", 0)]
            )  # fmt: skip
    village_header = ["乡镇", "月份", "村(社区)", "区划代码", "办件", "按时办结率", "退件率", "好评率", "超期在办"]
    n = _write(
        path,
        f"乡镇工作进展报送{(' (' + scope + ')') if scope else ''}",
        [("乡镇进展报告", header, rows), ("各村指标", village_header, villages)],
    )
    record_export(desk, "乡镇工作进展报送", path, n, scope)
    return Path(path)


def star_ratings_xlsx(desk: Desk, path: Path, year: int) -> Path:
    """The year's score sheets (one line per center), inspections and the 十佳 rankings."""
    ratings = star_rating.ratings(desk, year)
    keys = [(c.key, c.label) for c in star_rating.active_rubric(desk).metric] + [
        (c.key, c.label) for c in star_rating.active_rubric(desk).manual
    ]
    header = ["村(社区)", "区划代码", *[label for _, label in keys], "督查扣分", "总分", "评分星级", "降星情形"]
    header += ["考评星级", "市级复核", "复核意见", "十佳便民服务中心"]
    rows = []
    for r in ratings:
        points = {line[0]: line[4] for line in r.sheet.get("lines", [])}
        downs = "; ".join(f"{d[0]}×{d[1]}(-{d[2]}星)" for d in r.sheet.get("downgrades", []))
        rows.append(
            [
                r.village_name,
                r.village_code,
                *[points.get(k) for k, _ in keys],
                r.sheet.get("deduction"),
                r.score if r.score is not None else INSUFFICIENT,
                r.sheet.get("stars_by_score"),
                downs or "无",
                r.stars if r.score is not None else INSUFFICIENT,
                r.city_stars if r.city_stars is not None else "未复核",
                r.city_note,
                "是" if r.top_center else "",
            ]
        )
    inspections = [
        [x.village_code, x.kind_label, x.on, x.inspector, x.findings, x.deduction, x.fix_by, x.fixed_on, x.result]
        for x in supervision.list_for(desk, year=year)
    ]
    agents = [
        [i + 1, a.agent_name, a.village_code, a.cases, a.points, a.on_time, a.good_reviews]
        for i, a in enumerate(star_rating.agent_ranking(desk, year))
    ]
    n = _write(
        path,
        f"{year} 年度村级便民服务中心星级考评",
        [
            ("星级考评", header, rows),
            ("督查记录", ["区划代码", "方式", "日期", "督查人", "发现问题", "扣分", "整改期限", "整改日期", "整改结果"],
             inspections),
            ("十佳代办员", ["名次", "代办员", "所在村", "办件数", "指标得分", "按时办结率", "好评率"], agents),
        ],
    )  # fmt: skip
    record_export(desk, "星级考评", path, n, f"{year}年度")
    return Path(path)


def followups_xlsx(desk: Desk, path: Path, include_fixed: bool = True) -> Path:
    """差评整改台账: every bad review, its 15-working-day deadline and how it ended (no personal data)."""
    today = desk.today()
    names = {r.code: r.name for r in catalog.regions(desk, level="village")}
    rows = []
    for r in satisfaction.followups(desk, include_fixed):
        f = r.followup
        if f.fixed_on is not None:
            state = "按期整改" if f.fixed_in_time else "逾期整改"
        else:
            state = "逾期未整改" if r.overdue else "整改中"
        rows.append(
            [r.case_no, r.title, names.get(r.village_code, r.village_code), f.level, f.reviewed_on, f.due_on,
             f.recorded_on, "是" if f.verified else "否", f.fixed_on, state]
        )  # fmt: skip
    header = [
        "办件编号",
        "事项",
        "村(社区)",
        "评价",
        "评价日期",
        "整改期限",
        "回访日期",
        "差评属实",
        "整改完成",
        "状态",
    ]
    n = _write(path, f"差评整改台账 (截至 {today.isoformat()})", [("差评整改", header, rows)])
    record_export(desk, "差评整改台账", path, n)
    return Path(path)


def audit_entries(desk: Desk) -> list[tuple[datetime, str, str, str]]:
    with desk.store.read() as s:
        return [(a.at, a.actor, a.action, a.detail) for a in s.scalars(select(m.AuditEntry).order_by(m.AuditEntry.id))]
