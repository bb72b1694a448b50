"""工作进展报送 镇→市: the town clerk generates the town's month report from its villages' synced data,
writes the 情况说明 and submits it to the city; the city clerk sees every town's submitted reports and
accepts them or returns them with a reason.

The shared report page (``report_review_page.py``) at the town's level, through ``services.town_reports``
(an event stream in the town's own partition, so sync carries it to the city and to no village), with
each village's figures below the town's.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget, QWidget

from villagedesk.domain.lifecycle import Role, State
from villagedesk.domain.progress_report import ReportView, town_report_id
from villagedesk.services import catalog, exports, town_reports
from villagedesk.services.desk import Desk
from villagedesk.ui.dialogs import confirm
from villagedesk.ui.pages.report_review_page import ReportReviewPage, item, report_period
from villagedesk.ui.tasks import TaskRunner
from villagedesk.ui.vocabulary import state_name
from villagedesk.ui.widgets.report_widgets import ask_save_path
from villagedesk.ui.widgets.town_box import fill_towns, town_box

_REVIEWED = (State.REPORT_SUBMITTED, State.REPORT_ACCEPTED, State.REPORT_RETURNED)


class TownReportsPage(ReportReviewPage):
    """The town's 报送市级 page, and the city's 进展报送 page (with filters by month, town and state and an
    Excel export of what the list shows)."""

    service = town_reports
    reviewer_role = Role.CITY

    def __init__(self, desk: Desk, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(desk, runner, parent)
        self.all_reports: list[ReportView] = []
        self.month_box = QComboBox()
        self.month_box.addItem(self.tr("全部月份"), "")
        self.town_box = town_box(self, self.tr("全部乡镇"))
        city = desk.identity.region_code[:6]
        towns = sorted((r.code, r.name) for r in catalog.regions(desk, level="town") if r.code[:6] == city)
        fill_towns(self.town_box, towns, self.tr("全部乡镇"))
        self.state_box = QComboBox()
        self.state_box.addItem(self.tr("全部状态"), "")
        for state in _REVIEWED:
            self.state_box.addItem(state_name(state), state.value)
        if self.is_city:
            top = self.layout().itemAt(0).layout()
            assert isinstance(top, QHBoxLayout)
            for n, w in enumerate((QLabel(self.tr("筛选")), self.month_box, self.town_box, self.state_box)):
                top.insertWidget(1 + n, w)
        for box in (self.month_box, self.town_box, self.state_box):
            box.currentIndexChanged.connect(lambda _i: self._listed(self.all_reports))

    def shown_reports(self, reports: list[ReportView]) -> list[ReportView]:
        """The city's list as its filters choose (the town's own list is never filtered)."""
        self.all_reports = reports
        shown = super().shown_reports(reports)
        if not self.is_city:
            return shown
        months = sorted({f"{r.year:04d}-{r.month:02d}" for r in shown}, reverse=True)
        chosen = self.month_box.currentData()
        self.month_box.blockSignals(True)
        while self.month_box.count() > 1:
            self.month_box.removeItem(1)
        for m in months:
            self.month_box.addItem(m, m)
        self.month_box.setCurrentIndex(max(0, self.month_box.findData(chosen)))
        self.month_box.blockSignals(False)
        month, town, state = self.month_box.currentData(), self.town_box.currentData(), self.state_box.currentData()
        return [
            r
            for r in shown
            if (not month or f"{r.year:04d}-{r.month:02d}" == month)
            and (not town or r.partition == town)
            and (not state or r.state.value == state)
        ]

    def extra_buttons(self) -> list[QPushButton]:
        self.xlsx_button = QPushButton(self.tr("导出 Excel"))
        self.xlsx_button.setToolTip(self.tr("把列表中的报告(按所选筛选)导出为 Excel"))
        self.xlsx_button.clicked.connect(self._ask_export)
        return [self.xlsx_button]

    def _ask_export(self) -> None:
        path = ask_save_path(self, self.tr("导出"), "乡镇工作进展报送.xlsx", "Excel (*.xlsx)")
        if path is not None:
            self.export(path)

    def export(self, path: Path) -> None:
        """Write the reports the list shows (its filters applied) to ``path``."""
        scope = "; ".join(
            box.currentText() for box in (self.month_box, self.town_box, self.state_box) if box.currentData()
        )
        done = lambda p: self.status.setText(self.tr("已导出: %1").replace("%1", str(p)))  # noqa: E731
        self.runner.write(
            exports.town_reports_xlsx, self.desk, path, list(self.reports), scope, on_done=done, on_error=self._failed
        )

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
        self.xlsx_button.setEnabled(bool(self.reports))
        rows = sorted(r.villages.items()) if r is not None else []
        self.villages.setRowCount(len(rows))
        for n, (code, row) in enumerate(rows):
            self.villages.setItem(n, 0, item(self.names.get(code, code), code))
            self.villages.setItem(n, 1, item(str(row.get("cases", 0))))
            self.villages.setItem(n, 2, item(exports.ratio_text(row.get("on_time_rate"))))
            self.villages.setItem(n, 3, item(exports.ratio_text(row.get("return_rate"))))
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
        text = self.tr("把%1 %2的工作进展报送市级审批服务中心?").replace("%1", town).replace("%2", report_period(r))
        self.confirmation = confirm.ask(
            self,
            self.tr("报送市级"),
            text,
            self.tr("报送"),
            lambda: self._write(town_reports.submit, r.year, r.month, remarks),
            self.tr("报送后, 市级退回之前不能再修改。"),
        )
