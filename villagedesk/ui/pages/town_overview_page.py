"""镇级概览: per village, cases by state, overdue cases and cases not submitted within 3 working days."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from villagedesk.domain.lifecycle import State
from villagedesk.services import town
from villagedesk.services.desk import Desk
from villagedesk.ui.tasks import TaskRunner
from villagedesk.ui.vocabulary import state_name
from villagedesk.ui.widgets.common import title_label

SHOWN_STATES = (
    State.REGISTERED,
    State.AWAITING_MATERIALS,
    State.SUBMITTED,
    State.ACCEPTED,
    State.RETURNED,
    State.FORWARDED,
    State.IN_PROCEDURE,
    State.APPROVED,
    State.DENIED,
    State.RESULT_READY,
    State.DELIVERED,
    State.COMPLETED_IN_VILLAGE,
    State.CLOSED,
    State.REFUSED,
    State.WITHDRAWN,
)
RED = QColor("#c62828")


class TownOverviewPage(QWidget):
    loaded = Signal()

    def __init__(self, desk: Desk, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.runner = desk, runner
        headers = [self.tr("村"), self.tr("合计"), self.tr("逾期"), self.tr("逾期未报送")]
        headers += [state_name(s) for s in SHOWN_STATES]
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.totals = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("镇级概览")))
        note = self.tr("逾期未报送: 需报送镇中心的办件, 登记后3个工作日内未报送")
        layout.addWidget(QLabel(note))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals)
        self.summaries: list[town.VillageSummary] = []

    def refresh(self) -> None:
        self.runner.read(town.overview, self.desk, on_done=self._show)

    def _show(self, summaries: list[town.VillageSummary]) -> None:
        self.summaries = summaries
        self.table.setRowCount(len(summaries))
        for r, v in enumerate(summaries):
            values = [v.name, v.total, v.overdue, v.late_submission]
            values += [v.by_state.get(s.value, 0) for s in SHOWN_STATES]
            for c, value in enumerate(values):
                cell = QTableWidgetItem(str(value) if value != 0 or c == 1 else "")
                if c > 0:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if c in (2, 3) and value:
                    cell.setForeground(RED)
                self.table.setItem(r, c, cell)
        total = sum(v.total for v in summaries)
        overdue = sum(v.overdue for v in summaries)
        late = sum(v.late_submission for v in summaries)
        self.totals.setText(
            self.tr("全镇 %1 件, 逾期 %2 件, 逾期未报送 %3 件")
            .replace("%1", str(total))
            .replace("%2", str(overdue))
            .replace("%3", str(late))
        )
        self.loaded.emit()
