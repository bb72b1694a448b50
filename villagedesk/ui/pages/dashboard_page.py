"""工作台: overdue (red), due soon, awaiting materials, returned by the town, waiting to sync, notices."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QVBoxLayout, QWidget

from villagedesk.domain.lifecycle import State
from villagedesk.services import dashboard
from villagedesk.services.desk import Desk
from villagedesk.ui.pages.cases_page import CaseTable
from villagedesk.ui.tasks import TaskRunner
from villagedesk.ui.vocabulary import state_name
from villagedesk.ui.widgets.common import title_label
from villagedesk.ui.widgets.models import CaseListModel

# Sections named by state use the one table of state names (待补材料 / 待补正 / 退回补正 were three
# names for the same two states); the time sections are not states (marked for lupdate, translated by
# _title at run time).
SECTIONS = (
    ("overdue", QT_TRANSLATE_NOOP("DashboardPage", "逾期")),  # domain.promise.is_overdue
    ("due_soon", QT_TRANSLATE_NOOP("DashboardPage", "即将到期")),
    ("awaiting", State.AWAITING_MATERIALS),
    ("returned", State.RETURNED),
    ("submit_late", QT_TRANSLATE_NOOP("DashboardPage", "报送超期")),  # past the village's 3 working days
)
HIDDEN_COLUMNS = (0, 4, 5, 6, 8)  # light, ID, status, registered on, sync state


def _title(label: str | State) -> str:
    if isinstance(label, State):
        return state_name(label)
    return QCoreApplication.translate("DashboardPage", label)


class DashboardPage(QWidget):
    open_case = Signal(str)
    loaded = Signal()

    def __init__(self, desk: Desk, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.runner = desk, runner
        self.models: dict[str, CaseListModel] = {}
        self.boxes: dict[str, QGroupBox] = {}
        grid = QGridLayout()
        for n, (key, label) in enumerate(SECTIONS):
            box = QGroupBox(_title(label))
            if key == "overdue":
                box.setStyleSheet("QGroupBox { color: #c62828; font-weight: bold; }")
            model = CaseListModel(self)
            table = CaseTable()
            table.setModel(model)
            # Shown: number, item, applicant, due date. The case list has the rest; the light is the
            # section itself (its heading, red rows): with it the due date was off the box at 1024×768.
            for col in HIDDEN_COLUMNS:
                table.hideColumn(col)
            header = table.horizontalHeader()  # half a window wide: every column whole, the item takes the rest
            header.setStretchLastSection(False)
            for col in (1, 3, 7):
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
            header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
            header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # as the service ordered them, until clicked
            table.setSortingEnabled(True)
            table.open_case.connect(self.open_case)
            QVBoxLayout(box).addWidget(table)
            grid.addWidget(box, n // 2, n % 2)
            self.models[key], self.boxes[key] = model, box
        self.sync_label = QLabel()
        self.sync_label.setWordWrap(True)  # a clock note is one long sentence
        self.notices = QLabel()
        self.notices.setWordWrap(True)
        self.notices.setAlignment(Qt.AlignmentFlag.AlignTop)
        bottom = QHBoxLayout()
        sync_box = QGroupBox(self.tr("同步"))
        QVBoxLayout(sync_box).addWidget(self.sync_label)
        notice_box = QGroupBox(self.tr("通知公告"))
        QVBoxLayout(notice_box).addWidget(self.notices)
        bottom.addWidget(sync_box, 1)
        bottom.addWidget(notice_box, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("工作台")))
        layout.addLayout(grid, 1)
        layout.addLayout(bottom)

    def refresh(self) -> None:
        self.runner.read(dashboard.summary, self.desk, on_done=self._show)

    def _show(self, board: dashboard.Dashboard) -> None:
        for key, label in SECTIONS:
            self.models[key].set_rows(getattr(board, key))
            self.boxes[key].setTitle(f"{_title(label)} ({board.counts.get(key, 0)})")
        last = self._last_sync_words(board)
        text = (
            self.tr("待同步办件 %1 件 (%2 条记录)")
            .replace("%1", str(board.outbox_cases))
            .replace("%2", str(board.outbox_events))
        )
        text += "\n" + self.tr("上次同步: %1").replace("%1", last)
        if board.rejected_events:
            text += "\n" + self.tr("被服务器拒收 %1 条, 请检查").replace("%1", str(board.rejected_events))
        run = board.last_run
        if run is not None and (run.skew_ms is not None or run.restamped):
            from villagedesk.ui import advice  # the sync client's words: not loaded for the first screen

            clock = advice.clock_note(run.skew_ms, run.restamped)
            if clock:  # the PC clock is off: said where the agent works, not only on the 同步 page
                text += "\n⚠ " + clock
        self.sync_label.setText(text)
        lines = self._calendar_lines(board) + board.notices  # the calendar's state first: it changes due dates
        self.notices.setText("\n".join(lines) if lines else self.tr("暂无通知"))
        self.loaded.emit()

    def _last_sync_words(self, board: dashboard.Dashboard) -> str:
        """The last run in the UI's language (the service's sentence was Chinese in English mode)."""
        run = board.last_run
        if run is None:
            return board.last_sync or self.tr("尚未同步")
        if run.outcome == "ok":
            return self.tr("%1 同步成功").replace("%1", run.when)
        if run.outcome == "cancelled":
            return self.tr("%1 同步已取消(已完成的部分已保存)").replace("%1", run.when)
        return self.tr("%1 同步未完成: %2").replace("%1", run.when).replace("%2", run.error or self.tr("未知原因"))

    def _calendar_lines(self, board: dashboard.Dashboard, shown: int = 10) -> list[str]:
        """Unconfirmed holiday years and the cases a new schedule moved, worded here (the service gives
        the figures: its own Chinese lines stayed Chinese in English mode)."""
        lines = []
        if board.unconfirmed_years:
            years = ", ".join(str(y) for y in board.unconfirmed_years)
            lines.append(
                self.tr("%1 年节假日安排尚未确认(镇中心未公布): 落在该年的到期日为预计日期, 公布后自动重算").replace(
                    "%1", years
                )
            )
        last = board.recompute
        if last is not None and last.moved:
            moved = "; ".join(f"{x.case_no} {x.old or '—'} → {x.new or '—'}" for x in last.moved[:shown])
            if len(last.moved) > shown:
                moved += self.tr(" 等 %1 件").replace("%1", str(len(last.moved)))
            lines.append(
                self.tr("已按镇中心公布的 %1 年节假日安排重算到期日, %2 件有变动: %3")
                .replace("%1", ", ".join(str(y) for y in last.years))
                .replace("%2", str(len(last.moved)))
                .replace("%3", moved)
            )
        return lines
