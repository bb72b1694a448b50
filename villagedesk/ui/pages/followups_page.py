"""差评整改: every bad review and its 15-working-day follow-up, the most urgent first.

The agent sees their village's, the town clerk every village's (synced). A double click opens the case,
where 差评回访 and 差评整改完成 are recorded; the list then shows the follow-up closed, on time or late.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from villagedesk.domain.errors import DomainError
from villagedesk.services import catalog, exports, satisfaction
from villagedesk.services.desk import Desk
from villagedesk.ui import case_words
from villagedesk.ui.error_words import refusal_text
from villagedesk.ui.tasks import TaskRunner
from villagedesk.ui.widgets.common import LIGHT_COLORS, ErrorLabel, title_label
from villagedesk.ui.widgets.report_widgets import BusyLabel, ask_save_path


class FollowUpsPage(QWidget):
    loaded = Signal()
    open_case = Signal(str)

    def __init__(self, desk: Desk, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.runner = desk, runner
        self.rows: list[satisfaction.FollowUpRow] = []
        self.names = {r.code: r.name for r in catalog.regions(desk, level="village")}
        self.busy = BusyLabel()
        self.show_fixed = QCheckBox(self.tr("显示已整改"))
        self.open_button = QPushButton(self.tr("打开办件"))
        self.xlsx_button = QPushButton(self.tr("导出 Excel"))
        self.status = QLabel()
        top = QHBoxLayout()
        top.addWidget(title_label(self.tr("差评整改")))
        top.addStretch(1)
        top.addWidget(self.busy)
        top.addWidget(self.show_fixed)
        top.addWidget(self.open_button)
        top.addWidget(self.xlsx_button)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        hint = QLabel(
            self.tr(
                "差评(不满意、非常不满意)须自评价之日起 15 个工作日内回访整改。双击一行打开办件, "
                "在办件上记录「差评回访」和「差评整改完成」。"
            )
        )
        hint.setWordWrap(True)
        self.table = QTableWidget(0, 8)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("办件编号"),
                self.tr("事项"),
                self.tr("村(社区)"),
                self.tr("评价"),
                self.tr("评价日期"),
                self.tr("整改期限"),
                self.tr("回访"),
                self.tr("整改状态"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.error = ErrorLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        self.show_fixed.toggled.connect(lambda _on: self.refresh())
        self.table.cellDoubleClicked.connect(lambda row, _col: self._open(row))
        self.open_button.clicked.connect(lambda: self._open(self.table.currentRow()))
        self.xlsx_button.clicked.connect(self._ask_export)

    def refresh(self) -> None:
        self.busy.set_busy(True)
        self.runner.read(
            satisfaction.followups,
            self.desk,
            self.show_fixed.isChecked(),
            on_done=self._loaded,
            on_error=self._failed,
        )

    def _failed(self, err: object) -> None:
        self.busy.set_busy(False)
        failure = self.tr("读取失败, 详情已写入日志")
        self.error.show_error(refusal_text(err) if isinstance(err, DomainError) else failure)

    def status_text(self, row: satisfaction.FollowUpRow) -> tuple[str, str]:
        """(text, colour) of a follow-up's state as of today."""
        f = row.followup
        if f.fixed_on is not None:
            late = not f.fixed_in_time
            text = self.tr("已整改 %1").replace("%1", f.fixed_on.isoformat())
            return (text + (self.tr(" (逾期)") if late else ""), LIGHT_COLORS["yellow" if late else "green"])
        if row.overdue:
            return self.tr("逾期未整改"), LIGHT_COLORS["red"]
        left = self.desk.calendar.working_days_between(self.desk.today(), f.due_on)
        return self.tr("整改中, 剩 %1 个工作日").replace("%1", str(left)), "#1565c0"

    def _loaded(self, rows: list[satisfaction.FollowUpRow]) -> None:
        self.busy.set_busy(False)
        self.error.show_error("")
        self.rows = rows
        self.table.setRowCount(len(rows))
        for n, r in enumerate(rows):
            f = r.followup
            recorded = self.tr("未回访")
            if f.recorded_on:
                recorded = f.recorded_on.isoformat() + (self.tr(" 属实") if f.verified else "")
            status, colour = self.status_text(r)
            values = [
                r.case_no,
                r.title,
                self.names.get(r.village_code, r.village_code),
                case_words.satisfaction_word(f.level),
                f.reviewed_on.isoformat(),
                f.due_on.isoformat(),
                recorded,
                status,
            ]
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                if c == 7:
                    item.setForeground(QColor(colour))
                self.table.setItem(n, c, item)
        still_open = [r for r in rows if not r.followup.fixed]
        overdue = sum(1 for r in still_open if r.overdue)
        self.summary.setText(
            self.tr("整改中 %1 件, 其中逾期 %2 件").replace("%1", str(len(still_open))).replace("%2", str(overdue))
        )
        self.loaded.emit()

    def _open(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.open_case.emit(self.rows[row].case_id)

    def _ask_export(self) -> None:
        path = ask_save_path(self, self.tr("导出 Excel"), "差评整改台账.xlsx", "Excel (*.xlsx)")
        if path is not None:
            self.export(path)

    def export(self, path: Path) -> None:
        """The ledger of every bad review (fixed ones too), written on the task runner and audited."""
        self.runner.write(
            exports.followups_xlsx,
            self.desk,
            path,
            True,
            on_done=lambda p: self.status.setText(self.tr("已导出: %1").replace("%1", str(p))),
            on_error=lambda err: self.error.show_error(refusal_text(err)),
        )
