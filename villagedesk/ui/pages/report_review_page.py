"""工作进展报送, one page for both levels: the author (a village agent, or a town clerk) generates the
month's report from the data, writes the 情况说明 and submits it; the reviewer (the town clerk, or the city
clerk) sees the submitted reports and accepts them or returns them with a reason.

``ReportsPage`` (村→镇) and ``TownReportsPage`` (镇→市) are this page told apart by the report's level:
its service, the reviewing role, its words and what it shows beside the figures. All of it goes through
the level's service (the report is an event stream, so sync carries it); the page only shows the report
and collects the words.
"""

from __future__ import annotations

from types import ModuleType

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

from villagedesk.domain.audit_entries import mask_id_numbers
from villagedesk.domain.errors import DomainError
from villagedesk.domain.lifecycle import Role, State
from villagedesk.domain.metrics import METRIC_LABELS, Period
from villagedesk.domain.progress_report import ReportView
from villagedesk.services.desk import Desk
from villagedesk.ui import metric_words
from villagedesk.ui.error_words import refusal_text
from villagedesk.ui.tasks import TaskRunner
from villagedesk.ui.vocabulary import state_name
from villagedesk.ui.widgets.common import ErrorLabel, title_label
from villagedesk.ui.widgets.report_widgets import BusyLabel, PeriodPicker


def report_period(r: ReportView) -> str:
    """A report's month in the UI language (``ReportView.period_label`` is the prints' Chinese)."""
    return metric_words.period_text(Period.month(r.year, r.month))


def report_state(r: ReportView) -> str:
    """A report's state by its one name (``vocabulary.state_name``), not ``ReportView.state_label``."""
    return state_name(r.state) if r.state else ""


def item(text: str, tip: str = "") -> QTableWidgetItem:
    """A read-only cell, ID numbers masked as the export masks them."""
    cell = QTableWidgetItem(mask_id_numbers(text))
    cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if tip:
        cell.setToolTip(mask_id_numbers(tip))
    return cell


class ReportReviewPage(QWidget):
    """The shared page; a level's subclass sets ``service`` and ``reviewer_role`` and gives its words."""

    loaded = Signal()
    changed = Signal(object)  # the ReportView after a draft, submit, accept or return

    service: ModuleType  # services.progress_reports or services.town_reports
    reviewer_role: Role

    def words(self) -> dict[str, str]:
        """The level's own words: title, review_title, generate, region, figures, placeholder, submit,
        not_generated, returned (%1 day, %2 reason), accepted (%1), waiting (%1), draft."""
        raise NotImplementedError

    def region_names(self) -> dict[str, str]:
        raise NotImplementedError

    def own_report_id(self, year: int, month: int) -> str:
        raise NotImplementedError

    def extra_tables(self) -> list[QWidget]:
        """Tables shown below the figures (a town's villages)."""
        return []

    def extra_buttons(self) -> list[QPushButton]:
        """Buttons at the right of the action row (exports)."""
        return []

    def show_extra(self, r: ReportView | None) -> None:
        """Fill what ``extra_tables``/``extra_buttons`` added, for ``r`` or for none."""

    def __init__(self, desk: Desk, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.runner = desk, runner
        self.is_reviewer = desk.identity.role is self.reviewer_role
        self.reports: list[ReportView] = []
        self.current: ReportView | None = None
        self.names = self.region_names()
        w = self.words()
        self.w = w

        self.picker = PeriodPicker(desk.today(), whole_year=False)
        self.busy = BusyLabel()
        self.generate_button = QPushButton(w["generate"])
        top = QHBoxLayout()
        top.addWidget(title_label(w["review_title"] if self.is_reviewer else w["title"]))
        top.addStretch(1)
        top.addWidget(self.busy)
        choose = QHBoxLayout()  # a row of its own: beside the title it was wider than 1024 in English
        choose.addStretch(1)
        if not self.is_reviewer:
            choose.addWidget(self.picker)
            choose.addWidget(self.generate_button)

        self.list = QTableWidget(0, 4)
        self.list.setHorizontalHeaderLabels([w["region"], self.tr("月份"), self.tr("状态"), self.tr("报送日期")])
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
        self.outcome = QLabel()  # the reviewer's answer, where the author cannot miss it
        self.outcome.setWordWrap(True)
        self.figures = QTableWidget(0, 2)
        self.figures.setHorizontalHeaderLabels([w["figures"], self.tr("数值")])
        self.figures.verticalHeader().hide()
        self.figures.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.figures.horizontalHeader().setStretchLastSection(True)
        self.figures.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.remarks = QPlainTextEdit()
        self.remarks.setPlaceholderText(w["placeholder"])
        self.remarks.setMaximumHeight(110)
        self.history = QLabel()
        self.history.setWordWrap(True)
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("审核意见 (退回时必须填写原因)"))
        self.submit_button = QPushButton(w["submit"])
        self.accept_button = QPushButton(self.tr("通过"))
        self.return_button = QPushButton(self.tr("退回"))
        self.error = ErrorLabel()
        self.status = QLabel()
        self.status.setWordWrap(True)  # a long English sentence wraps, the window stays on screen

        extra = self.extra_tables()
        if extra:
            tables: QWidget = QSplitter(Qt.Orientation.Vertical)
            for table in [self.figures, *extra]:
                tables.addWidget(table)
        else:
            tables = self.figures
        detail = QWidget()
        d = QVBoxLayout(detail)
        d.addWidget(self.heading)
        d.addWidget(self.outcome)
        d.addWidget(tables, 1)
        d.addWidget(QLabel(self.tr("情况说明")))
        d.addWidget(self.remarks)
        d.addWidget(self.history)
        if self.is_reviewer:
            d.addWidget(self.note)
        buttons = QHBoxLayout()
        if self.is_reviewer:
            buttons.addWidget(self.accept_button)
            buttons.addWidget(self.return_button)
        else:
            buttons.addWidget(self.submit_button)
        buttons.addStretch(1)
        for button in self.extra_buttons():
            buttons.addWidget(button)
        d.addLayout(buttons)
        d.addWidget(self.error)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(detail)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([370, 770])

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
        self.runner.read(self.service.list_reports, self.desk, on_done=self._listed, on_error=self._failed)

    def _failed(self, err: object) -> None:
        self.busy.set_busy(False)
        failure = self.tr("操作失败, 详情已写入日志")
        self.error.show_error(refusal_text(err) if isinstance(err, DomainError) else failure)

    def shown_reports(self, reports: list[ReportView]) -> list[ReportView]:
        """The reports the list shows: the reviewer sees what was submitted; drafts stay with the author."""
        if self.is_reviewer:
            return [r for r in reports if r.state is not State.REPORT_DRAFT]
        return reports

    def _listed(self, reports: list[ReportView]) -> None:
        self.busy.set_busy(False)
        keep = self.current.report_id if self.current else None
        reports = self.shown_reports(reports)
        self.reports = reports
        self.list.blockSignals(True)
        self.list.setRowCount(len(reports))
        for n, r in enumerate(reports):
            self.list.setItem(n, 0, item(self.names.get(r.partition, r.partition)))
            self.list.setItem(n, 1, item(report_period(r)))
            self.list.setItem(n, 2, item(report_state(r)))
            self.list.setItem(n, 3, item(r.submitted_on.isoformat() if r.submitted_on else "—"))
        self.list.blockSignals(False)
        chosen = next((n for n, r in enumerate(reports) if r.report_id == keep), None)
        if chosen is None and not self.is_reviewer:
            period = self.picker.period()
            rid = self.own_report_id(period.start.year, period.start.month)
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
        self.show_extra(r)
        if r is None:
            self.heading.setText(self.tr("请选择一份报告") if self.is_reviewer else self.w["not_generated"])
            self.figures.setRowCount(0)
            self.outcome.setText("")
            self.history.setText("")
            self.remarks.setPlainText("")
            for b in (self.submit_button, self.accept_button, self.return_button):
                b.setEnabled(False)
            return
        self.heading.setText(f"{self.names.get(r.partition, r.partition)} {report_period(r)} — {report_state(r)}")
        texts = (r.metrics or {}).get("text", {})
        self.figures.setRowCount(len(METRIC_LABELS))
        for n, (key, label) in enumerate(METRIC_LABELS.items()):
            self.figures.setItem(n, 0, item(label, metric_words.definition(key)))
            self.figures.setItem(n, 1, item(str(texts.get(key, "—")), metric_words.definition(key)))
        editable = not self.is_reviewer and r.state in (State.REPORT_DRAFT, State.REPORT_RETURNED)
        # the author edits its own draft as written; read-only, the 情况说明 is shown as the export has it
        self.remarks.setPlainText(r.remarks if editable else mask_id_numbers(r.remarks))
        self.remarks.setReadOnly(not editable)
        self.history.setText(
            "\n".join(
                f"{day.isoformat()} {action}" + (f": {mask_id_numbers(note)}" if note else "")
                for day, action, note in r.history
            )
        )
        self.submit_button.setEnabled(editable)
        self._show_outcome(r)
        waiting = self.is_reviewer and r.state is State.REPORT_SUBMITTED
        self.accept_button.setEnabled(waiting)
        self.return_button.setEnabled(waiting)

    def _show_outcome(self, r: ReportView) -> None:
        """The reviewer's answer in colour: returned (with its reason and what to do), accepted, or waiting."""
        day = r.reviewed_on.isoformat() if r.reviewed_on else ""
        if r.state is State.REPORT_RETURNED:
            text = self.w["returned"].replace("%1", day).replace("%2", r.review_note)
            if not self.is_reviewer:
                text += "\n" + self.tr("请根据意见修改情况说明(或重新生成)后再次报送。")
            colour = "#c62828"
        elif r.state is State.REPORT_ACCEPTED:
            text = self.w["accepted"].replace("%1", day) + (f": {r.review_note}" if r.review_note else "")
            colour = "#2e7d32"
        elif r.state is State.REPORT_SUBMITTED:
            text = self.w["waiting"].replace("%1", r.submitted_on.isoformat() if r.submitted_on else "")
            colour = "#1565c0"
        else:
            text, colour = self.w["draft"], "#616161"
        self.outcome.setText(mask_id_numbers(text))  # the review note is free text
        self.outcome.setStyleSheet(f"color: {colour}; font-weight: bold;")

    # --- actions ----------------------------------------------------------------------------------

    def _write(self, fn, *args) -> None:
        self.busy.set_busy(True)
        self.error.show_error("")
        self.runner.write(fn, self.desk, *args, on_done=self._written, on_error=self._failed)

    def _written(self, view: ReportView) -> None:
        self.busy.set_busy(False)
        self.current = view
        self.status.setText(f"{report_period(view)}: {report_state(view)}")
        self.changed.emit(view)
        self.refresh()

    def generate(self) -> None:
        period = self.picker.period()
        self._write(self.service.draft, period.start.year, period.start.month, self.remarks.toPlainText())

    def submit(self) -> None:
        raise NotImplementedError

    def accept(self) -> None:
        if self.current is not None:
            self._write(self.service.accept, self.current.report_id, self.note.text())

    def return_current(self) -> None:
        if self.current is None:
            return
        if not self.note.text().strip():
            self.error.show_error(self.tr("退回时请填写退回原因"))
            return
        self._write(self.service.return_report, self.current.report_id, self.note.text())
