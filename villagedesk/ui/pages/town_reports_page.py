"""工作进展报送 镇→市: the town clerk generates the town's month report from its villages' synced data,
writes the 情况说明 and submits it to the city; the city clerk sees every town's submitted reports and
accepts them or returns them with a reason.

The village's page (``reports_page.py``) in the town's and the city's shapes: all of it goes through
``services.town_reports`` (an event stream in the town's own partition, so sync carries it to the city
and to no village); this page only shows the report and collects the words.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from villagedesk.domain.errors import DomainError
from villagedesk.domain.lifecycle import Role, State
from villagedesk.domain.metrics import METRIC_DEFINITIONS, METRIC_LABELS
from villagedesk.domain.progress_report import ReportView, town_report_id
from villagedesk.services import catalog, town_reports
from villagedesk.services.desk import Desk
from villagedesk.ui.dialogs import confirm
from villagedesk.ui.tasks import TaskRunner
from villagedesk.ui.widgets.common import ErrorLabel, title_label
from villagedesk.ui.widgets.report_widgets import BusyLabel, PeriodPicker


def _item(text: str, tip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if tip:
        item.setToolTip(tip)
    return item


def _ratio(value: object) -> str:
    if isinstance(value, list) and len(value) == 2 and value[1]:
        return f"{100 * value[0] / value[1]:.1f}% ({value[0]}/{value[1]})"
    return "—"


class TownReportsPage(QWidget):
    loaded = Signal()
    changed = Signal(object)  # the ReportView after a draft, submit, accept or return

    def __init__(self, desk: Desk, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.runner = desk, runner
        self.is_city = desk.identity.role is Role.CITY
        self.reports: list[ReportView] = []
        self.current: ReportView | None = None
        self.names = {r.code: r.name for r in catalog.regions(desk) if r.level in ("town", "village")}

        self.picker = PeriodPicker(desk.today(), whole_year=False)
        self.busy = BusyLabel()
        self.generate_button = QPushButton(self.tr("根据本镇各村数据生成所选月份报告"))
        top = QHBoxLayout()
        top.addWidget(title_label(self.tr("乡镇进展报送审核") if self.is_city else self.tr("报送市级")))
        top.addStretch(1)
        top.addWidget(self.busy)
        choose = QHBoxLayout()  # a row of its own: beside the title it was wider than 1024 in English
        choose.addStretch(1)
        if not self.is_city:
            choose.addWidget(self.picker)
            choose.addWidget(self.generate_button)

        self.list = QTableWidget(0, 4)
        self.list.setHorizontalHeaderLabels([self.tr("乡镇"), self.tr("月份"), self.tr("状态"), self.tr("报送日期")])
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.verticalHeader().hide()
        self.list.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.list.horizontalHeader().setStretchLastSection(True)

        self.heading = QLabel()
        self.heading.setWordWrap(True)  # a long English sentence wraps, the window stays on screen
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.outcome = QLabel()  # the city's answer, where the town cannot miss it
        self.outcome.setWordWrap(True)
        self.figures = QTableWidget(0, 2)
        self.figures.setHorizontalHeaderLabels([self.tr("全镇指标"), self.tr("数值")])
        self.figures.verticalHeader().hide()
        self.figures.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.figures.horizontalHeader().setStretchLastSection(True)
        self.villages = QTableWidget(0, 5)
        self.villages.setHorizontalHeaderLabels(
            [self.tr("村(社区)"), self.tr("办件"), self.tr("按时办结率"), self.tr("退件率"), self.tr("超期在办")]
        )
        self.villages.verticalHeader().hide()
        self.villages.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.villages.horizontalHeader().setStretchLastSection(True)
        self.remarks = QPlainTextEdit()
        self.remarks.setPlaceholderText(self.tr("情况说明(必填): 本月全镇工作亮点、存在问题和下月打算"))
        self.remarks.setMaximumHeight(110)
        self.history = QLabel()
        self.history.setWordWrap(True)
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("审核意见 (退回时必须填写原因)"))
        self.submit_button = QPushButton(self.tr("报送市级"))
        self.accept_button = QPushButton(self.tr("通过"))
        self.return_button = QPushButton(self.tr("退回"))
        self.error = ErrorLabel()
        self.status = QLabel()
        self.status.setWordWrap(True)  # a long English sentence wraps, the window stays on screen

        tables = QSplitter(Qt.Orientation.Vertical)
        tables.addWidget(self.figures)
        tables.addWidget(self.villages)
        detail = QWidget()
        d = QVBoxLayout(detail)
        d.addWidget(self.heading)
        d.addWidget(self.outcome)
        d.addWidget(tables, 1)
        d.addWidget(QLabel(self.tr("情况说明")))
        d.addWidget(self.remarks)
        d.addWidget(self.history)
        if self.is_city:
            d.addWidget(self.note)
        buttons = QHBoxLayout()
        if self.is_city:
            buttons.addWidget(self.accept_button)
            buttons.addWidget(self.return_button)
        else:
            buttons.addWidget(self.submit_button)
        buttons.addStretch(1)
        d.addLayout(buttons)
        d.addWidget(self.error)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(detail)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([360, 780])

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(choose)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)

        self.generate_button.clicked.connect(self.generate)
        self.submit_button.clicked.connect(self.submit)
        self.accept_button.clicked.connect(self.accept)
        self.return_button.clicked.connect(self.return_current)
        self.list.itemSelectionChanged.connect(self._selected)
        self._show_report(None)

    # --- loading ----------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.busy.set_busy(True)
        self.runner.read(town_reports.list_reports, self.desk, on_done=self._listed, on_error=self._failed)

    def _failed(self, err: object) -> None:
        self.busy.set_busy(False)
        self.error.show_error(str(err) if isinstance(err, DomainError) else self.tr("操作失败, 详情已写入日志"))

    def _listed(self, reports: list[ReportView]) -> None:
        self.busy.set_busy(False)
        keep = self.current.report_id if self.current else None
        if self.is_city:  # the city reviews what was submitted; drafts stay in the town
            reports = [r for r in reports if r.state is not State.REPORT_DRAFT]
        self.reports = reports
        self.list.blockSignals(True)
        self.list.setRowCount(len(reports))
        for n, r in enumerate(reports):
            self.list.setItem(n, 0, _item(self.names.get(r.partition, r.partition)))
            self.list.setItem(n, 1, _item(r.period_label))
            self.list.setItem(n, 2, _item(r.state_label))
            self.list.setItem(n, 3, _item(r.submitted_on.isoformat() if r.submitted_on else "—"))
        self.list.blockSignals(False)
        chosen = next((n for n, r in enumerate(reports) if r.report_id == keep), None)
        if chosen is None and not self.is_city:
            period = self.picker.period()
            rid = town_report_id(self.desk.identity.region_code, period.start.year, period.start.month)
            chosen = next((n for n, r in enumerate(reports) if r.report_id == rid), None)
        if chosen is not None:
            self.list.selectRow(chosen)
            self._show_report(reports[chosen])
        else:
            self._show_report(None)
        self.loaded.emit()

    def _selected(self) -> None:
        rows = self.list.selectionModel().selectedRows()
        if rows:
            self._show_report(self.reports[rows[0].row()])

    def _show_report(self, r: ReportView | None) -> None:
        self.current = r
        self.error.show_error("")
        if r is None:
            self.heading.setText(
                self.tr("请选择一份报告")
                if self.is_city
                else self.tr("所选月份的报告尚未生成, 请点「根据本镇各村数据生成所选月份报告」")
            )
            for table in (self.figures, self.villages):
                table.setRowCount(0)
            self.outcome.setText("")
            self.history.setText("")
            self.remarks.setPlainText("")
            for b in (self.submit_button, self.accept_button, self.return_button):
                b.setEnabled(False)
            return
        self.heading.setText(f"{self.names.get(r.partition, r.partition)} {r.period_label} — {r.state_label}")
        texts = (r.metrics or {}).get("text", {})
        self.figures.setRowCount(len(METRIC_LABELS))
        for n, (key, label) in enumerate(METRIC_LABELS.items()):
            self.figures.setItem(n, 0, _item(label, METRIC_DEFINITIONS[key]))
            self.figures.setItem(n, 1, _item(str(texts.get(key, "—")), METRIC_DEFINITIONS[key]))
        rows = sorted(r.villages.items())
        self.villages.setRowCount(len(rows))
        for n, (code, row) in enumerate(rows):
            self.villages.setItem(n, 0, _item(self.names.get(code, code), code))
            self.villages.setItem(n, 1, _item(str(row.get("cases", 0))))
            self.villages.setItem(n, 2, _item(_ratio(row.get("on_time_rate"))))
            self.villages.setItem(n, 3, _item(_ratio(row.get("return_rate"))))
            self.villages.setItem(n, 4, _item(str(row.get("overdue_open", 0))))
        self.remarks.setPlainText(r.remarks)
        editable = not self.is_city and r.state in (State.REPORT_DRAFT, State.REPORT_RETURNED)
        self.remarks.setReadOnly(not editable)
        self.history.setText(
            "\n".join(f"{day.isoformat()} {action}" + (f": {note}" if note else "") for day, action, note in r.history)
        )
        self.submit_button.setEnabled(editable)
        self._show_outcome(r)
        waiting = self.is_city and r.state is State.REPORT_SUBMITTED
        self.accept_button.setEnabled(waiting)
        self.return_button.setEnabled(waiting)

    def _show_outcome(self, r: ReportView) -> None:
        """The city's answer in colour: returned (with its reason and what to do), accepted, or waiting."""
        day = r.reviewed_on.isoformat() if r.reviewed_on else ""
        if r.state is State.REPORT_RETURNED:
            text = self.tr("市级审批服务中心 %1 退回: %2").replace("%1", day).replace("%2", r.review_note)
            if not self.is_city:
                text += "\n" + self.tr("请根据意见修改情况说明(或重新生成)后再次报送。")
            colour = "#c62828"
        elif r.state is State.REPORT_ACCEPTED:
            text = self.tr("市级审批服务中心 %1 已通过").replace("%1", day)
            text += f": {r.review_note}" if r.review_note else ""
            colour = "#2e7d32"
        elif r.state is State.REPORT_SUBMITTED:
            text = self.tr("已于 %1 报送, 等待市级审核").replace(
                "%1", r.submitted_on.isoformat() if r.submitted_on else ""
            )
            colour = "#1565c0"
        else:
            text, colour = self.tr("草稿: 尚未报送市级"), "#616161"
        self.outcome.setText(text)
        self.outcome.setStyleSheet(f"color: {colour}; font-weight: bold;")

    # --- actions ----------------------------------------------------------------------------------

    def _write(self, fn, *args) -> None:
        self.busy.set_busy(True)
        self.error.show_error("")
        self.runner.write(fn, self.desk, *args, on_done=self._written, on_error=self._failed)

    def _written(self, view: ReportView) -> None:
        self.busy.set_busy(False)
        self.current = view
        self.status.setText(f"{view.period_label}: {view.state_label}")
        self.changed.emit(view)
        self.refresh()

    def generate(self) -> None:
        period = self.picker.period()
        self._write(town_reports.draft, period.start.year, period.start.month, self.remarks.toPlainText())

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

    def accept(self) -> None:
        if self.current is not None:
            self._write(town_reports.accept, self.current.report_id, self.note.text())

    def return_current(self) -> None:
        if self.current is None:
            return
        if not self.note.text().strip():
            self.error.show_error(self.tr("退回时请填写退回原因"))
            return
        self._write(town_reports.return_report, self.current.report_id, self.note.text())
