"""工作进展报送: the agent generates the month's report from the data, adds remarks and submits it; the
town clerk sees the submitted reports and accepts them or returns them with a reason.

All of it goes through ``services.progress_reports`` (the report is an event stream, so sync carries it);
this page only shows the report and collects the words.
"""

from __future__ import annotations

from pathlib import Path

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
from villagedesk.domain.progress_report import ReportView, report_id
from villagedesk.services import catalog, exports, progress_reports
from villagedesk.services.desk import Desk
from villagedesk.ui.dialogs import confirm
from villagedesk.ui.printing import report_pdf
from villagedesk.ui.tasks import TaskRunner
from villagedesk.ui.widgets.common import ErrorLabel, title_label
from villagedesk.ui.widgets.report_widgets import BusyLabel, PeriodPicker, ask_save_path


def _item(text: str, tip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if tip:
        item.setToolTip(tip)
    return item


class ReportsPage(QWidget):
    loaded = Signal()
    changed = Signal(object)  # the ReportView after a draft, submit, accept or return

    def __init__(self, desk: Desk, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.runner = desk, runner
        self.is_town = desk.identity.role is Role.CLERK
        self.reports: list[ReportView] = []
        self.current: ReportView | None = None
        self.names = {r.code: r.name for r in catalog.regions(desk, level="village")}

        today = desk.today()
        self.picker = PeriodPicker(today, whole_year=False)
        self.busy = BusyLabel()
        self.generate_button = QPushButton(self.tr("根据数据生成所选月份报告"))
        top = QHBoxLayout()
        top.addWidget(title_label(self.tr("工作进展报送") if not self.is_town else self.tr("工作进展报送审核")))
        top.addStretch(1)
        top.addWidget(self.busy)
        if not self.is_town:
            top.addWidget(self.picker)
            top.addWidget(self.generate_button)

        self.list = QTableWidget(0, 4)
        self.list.setHorizontalHeaderLabels(
            [self.tr("村(社区)"), self.tr("月份"), self.tr("状态"), self.tr("报送日期")]
        )
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
        self.figures = QTableWidget(0, 2)
        self.figures.setHorizontalHeaderLabels([self.tr("指标"), self.tr("数值")])
        self.figures.verticalHeader().hide()
        self.figures.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.figures.horizontalHeader().setStretchLastSection(True)
        self.figures.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.remarks = QPlainTextEdit()
        self.remarks.setPlaceholderText(self.tr("情况说明: 本月工作亮点、存在问题和下月打算"))
        self.remarks.setMaximumHeight(110)
        self.history = QLabel()
        self.history.setWordWrap(True)
        self.outcome = QLabel()  # the town's answer, where the agent cannot miss it
        self.outcome.setWordWrap(True)
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("审核意见 (退回时必须填写原因)"))
        self.submit_button = QPushButton(self.tr("报送镇中心"))
        self.accept_button = QPushButton(self.tr("通过"))
        self.return_button = QPushButton(self.tr("退回"))
        self.xlsx_button = QPushButton(self.tr("导出 Excel"))
        self.pdf_button = QPushButton(self.tr("导出 PDF"))
        self.error = ErrorLabel()
        self.status = QLabel()
        self.status.setWordWrap(True)  # a long English sentence wraps, the window stays on screen

        detail = QWidget()
        d = QVBoxLayout(detail)
        d.addWidget(self.heading)
        d.addWidget(self.outcome)
        d.addWidget(self.figures, 1)
        d.addWidget(QLabel(self.tr("情况说明")))
        d.addWidget(self.remarks)
        d.addWidget(self.history)
        if self.is_town:
            d.addWidget(self.note)
        buttons = QHBoxLayout()
        if self.is_town:
            buttons.addWidget(self.accept_button)
            buttons.addWidget(self.return_button)
        else:
            buttons.addWidget(self.submit_button)
        buttons.addStretch(1)
        buttons.addWidget(self.xlsx_button)
        buttons.addWidget(self.pdf_button)
        d.addLayout(buttons)
        d.addWidget(self.error)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(detail)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([380, 760])

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)

        self.generate_button.clicked.connect(self.generate)
        self.submit_button.clicked.connect(self.submit)
        self.accept_button.clicked.connect(self.accept)
        self.return_button.clicked.connect(self.return_current)
        self.list.itemSelectionChanged.connect(self._selected)
        self.xlsx_button.clicked.connect(lambda: self._ask_export("xlsx"))
        self.pdf_button.clicked.connect(lambda: self._ask_export("pdf"))
        self._show_report(None)

    # --- loading ----------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.busy.set_busy(True)
        self.runner.read(progress_reports.list_reports, self.desk, on_done=self._listed, on_error=self._failed)

    def _failed(self, err: object) -> None:
        self.busy.set_busy(False)
        self.error.show_error(str(err) if isinstance(err, DomainError) else self.tr("操作失败, 详情已写入日志"))

    def _listed(self, reports: list[ReportView]) -> None:
        self.busy.set_busy(False)
        keep = self.current.report_id if self.current else None
        if self.is_town:  # the town reviews what was submitted; drafts stay in the village
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
        if chosen is None and not self.is_town:
            period = self.picker.period()
            rid = report_id(self.desk.identity.region_code, period.start.year, period.start.month)
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
        has = r is not None
        for b in (self.xlsx_button, self.pdf_button):
            b.setEnabled(has)
        if r is None:
            self.heading.setText(
                self.tr("请选择一份报告")
                if self.is_town
                else self.tr("所选月份的报告尚未生成, 请点「根据数据生成所选月份报告」")
            )
            self.figures.setRowCount(0)
            self.outcome.setText("")
            self.history.setText("")
            self.remarks.setPlainText("")
            self.submit_button.setEnabled(False)
            self.accept_button.setEnabled(False)
            self.return_button.setEnabled(False)
            return
        name = self.names.get(r.partition, r.partition)
        self.heading.setText(f"{name} {r.period_label} — {r.state_label}")
        texts = (r.metrics or {}).get("text", {})
        self.figures.setRowCount(len(METRIC_LABELS))
        for n, (key, label) in enumerate(METRIC_LABELS.items()):
            self.figures.setItem(n, 0, _item(label, METRIC_DEFINITIONS[key]))
            self.figures.setItem(n, 1, _item(texts.get(key, "—"), METRIC_DEFINITIONS[key]))
        self.remarks.setPlainText(r.remarks)
        editable = not self.is_town and r.state in (State.REPORT_DRAFT, State.REPORT_RETURNED)
        self.remarks.setReadOnly(not editable)
        self.history.setText(
            "\n".join(f"{day.isoformat()} {action}" + (f": {note}" if note else "") for day, action, note in r.history)
        )
        self.submit_button.setEnabled(editable)
        self._show_outcome(r)
        waiting = self.is_town and r.state is State.REPORT_SUBMITTED
        self.accept_button.setEnabled(waiting)
        self.return_button.setEnabled(waiting)

    def _show_outcome(self, r: ReportView) -> None:
        """The town's answer in colour: returned (with its reason and what to do), accepted, or waiting."""
        day = r.reviewed_on.isoformat() if r.reviewed_on else ""
        if r.state is State.REPORT_RETURNED:
            text = self.tr("镇中心 %1 退回: %2").replace("%1", day).replace("%2", r.review_note)
            if not self.is_town:
                text += "\n" + self.tr("请根据意见修改情况说明(或重新生成)后再次报送。")
            colour = "#c62828"
        elif r.state is State.REPORT_ACCEPTED:
            text = self.tr("镇中心 %1 已通过").replace("%1", day) + (f": {r.review_note}" if r.review_note else "")
            colour = "#2e7d32"
        elif r.state is State.REPORT_SUBMITTED:
            text = self.tr("已于 %1 报送, 等待镇中心审核").replace(
                "%1", r.submitted_on.isoformat() if r.submitted_on else ""
            )
            colour = "#1565c0"
        else:
            text, colour = self.tr("草稿: 尚未报送镇中心"), "#616161"
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
        self._write(progress_reports.draft, period.start.year, period.start.month, self.remarks.toPlainText())

    def submit(self) -> None:
        """报送 asks first, naming the month; an empty 情况说明 is said out loud, not sent silently."""
        r = self.current
        if r is None:
            return
        remarks = self.remarks.toPlainText()
        village = catalog.region_name(self.desk, self.desk.identity.region_code)
        text = self.tr("把%1 %2的工作进展报送镇中心?").replace("%1", village).replace("%2", r.period_label)
        detail = (
            self.tr("情况说明还没有填写。镇中心会看到一份没有说明的报告。")
            if not remarks.strip()
            else self.tr("报送后, 镇中心退回之前不能再修改。")
        )
        self.confirmation = confirm.ask(
            self,
            self.tr("报送镇中心"),
            text,
            self.tr("报送"),
            lambda: self._write(progress_reports.submit, r.year, r.month, remarks),
            detail,
        )

    def accept(self) -> None:
        if self.current is not None:
            self._write(progress_reports.accept, self.current.report_id, self.note.text())

    def return_current(self) -> None:
        if self.current is None:
            return
        if not self.note.text().strip():
            self.error.show_error(self.tr("退回时请填写退回原因"))
            return
        self._write(progress_reports.return_report, self.current.report_id, self.note.text())

    # --- exports ----------------------------------------------------------------------------------

    def _ask_export(self, kind: str) -> None:
        r = self.current
        if r is None:
            return
        stem = f"{self.names.get(r.partition, r.partition)}-{r.period_label}-工作进展报送"
        pattern = "PDF (*.pdf)" if kind == "pdf" else "Excel (*.xlsx)"
        path = ask_save_path(self, self.tr("导出"), f"{stem}.{kind}", pattern)
        if path is not None:
            self.export(kind, path)

    def export(self, kind: str, path: Path) -> None:
        r = self.current
        assert r is not None
        center = self.names.get(r.partition, r.partition)
        done = lambda p: self.status.setText(self.tr("已导出: %1").replace("%1", str(p)))  # noqa: E731
        if kind == "pdf":
            try:
                doc = report_pdf.progress_report_document(r, center)
                report_pdf.write_pdf(path, doc, exports.pdf_audit(self.desk, "工作进展报送", r.period_label))
            except Exception as err:  # a full disk or a bad name: tell the user, keep the page
                self.error.show_error(str(err))
                return
            done(path)
        else:
            self.runner.write(exports.report_xlsx, self.desk, path, r, center, on_done=done, on_error=self._failed)
