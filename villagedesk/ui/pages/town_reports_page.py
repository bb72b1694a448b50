"""工作进展报送 镇→市: the town clerk generates the town's month report from its villages' synced data,
writes the 情况说明 and submits it to the city; the city clerk sees every town's submitted reports and
accepts them or returns them with a reason.

The shared report page (``report_review_page.py``) at the town's level, through ``services.town_reports``
(an event stream in the town's own partition, so sync carries it to the city and to no village), with
each village's figures below the town's.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QTableWidget, QWidget

from villagedesk.domain.lifecycle import Role
from villagedesk.domain.progress_report import ReportView, town_report_id
from villagedesk.services import catalog, town_reports
from villagedesk.ui.dialogs import confirm
from villagedesk.ui.pages.report_review_page import ReportReviewPage, item


def _ratio(value: object) -> str:
    if isinstance(value, list) and len(value) == 2 and value[1]:
        return f"{100 * value[0] / value[1]:.1f}% ({value[0]}/{value[1]})"
    return "—"


class TownReportsPage(ReportReviewPage):
    service = town_reports
    reviewer_role = Role.CITY

    @property
    def is_city(self) -> bool:
        return self.is_reviewer

    def words(self) -> dict[str, str]:
        return {
            "title": self.tr("报送市级"),
            "review_title": self.tr("乡镇进展报送审核"),
            "generate": self.tr("根据本镇各村数据生成所选月份报告"),
            "region": self.tr("乡镇"),
            "figures": self.tr("全镇指标"),
            "placeholder": self.tr("情况说明(必填): 本月全镇工作亮点、存在问题和下月打算"),
            "submit": self.tr("报送市级"),
            "not_generated": self.tr("所选月份的报告尚未生成, 请点「根据本镇各村数据生成所选月份报告」"),
            "returned": self.tr("市级审批服务中心 %1 退回: %2"),
            "accepted": self.tr("市级审批服务中心 %1 已通过"),
            "waiting": self.tr("已于 %1 报送, 等待市级审核"),
            "draft": self.tr("草稿: 尚未报送市级"),
        }

    def region_names(self) -> dict[str, str]:
        return {r.code: r.name for r in catalog.regions(self.desk) if r.level in ("town", "village")}

    def own_report_id(self, year: int, month: int) -> str:
        return town_report_id(self.desk.identity.region_code, year, month)

    def extra_tables(self) -> list[QWidget]:
        self.villages = QTableWidget(0, 5)
        self.villages.setHorizontalHeaderLabels(
            [self.tr("村(社区)"), self.tr("办件"), self.tr("按时办结率"), self.tr("退件率"), self.tr("超期在办")]
        )
        self.villages.verticalHeader().hide()
        self.villages.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.villages.horizontalHeader().setStretchLastSection(True)
        return [self.villages]

    def show_extra(self, r: ReportView | None) -> None:
        rows = sorted(r.villages.items()) if r is not None else []
        self.villages.setRowCount(len(rows))
        for n, (code, row) in enumerate(rows):
            self.villages.setItem(n, 0, item(self.names.get(code, code), code))
            self.villages.setItem(n, 1, item(str(row.get("cases", 0))))
            self.villages.setItem(n, 2, item(_ratio(row.get("on_time_rate"))))
            self.villages.setItem(n, 3, item(_ratio(row.get("return_rate"))))
            self.villages.setItem(n, 4, item(str(row.get("overdue_open", 0))))

    def submit(self) -> None:
        """报送 asks first, naming the month; without a 情况说明 it is not sent (the service refuses too)."""
        r = self.current
        if r is None:
            return
        remarks = self.remarks.toPlainText()
        if not remarks.strip():
            self.error.show_error(self.tr("请先填写情况说明, 再报送市级"))
            return
        town = catalog.region_name(self.desk, self.desk.identity.region_code)
        text = self.tr("把%1 %2的工作进展报送市级审批服务中心?").replace("%1", town).replace("%2", r.period_label)
        self.confirmation = confirm.ask(
            self,
            self.tr("报送市级"),
            text,
            self.tr("报送"),
            lambda: self._write(town_reports.submit, r.year, r.month, remarks),
            self.tr("报送后, 市级退回之前不能再修改。"),
        )
