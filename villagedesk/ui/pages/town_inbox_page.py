"""镇中心收件箱: cases submitted by every village of the town, overdue first, then oldest first."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from villagedesk.domain.lifecycle import CASE_STATES, STATE_LABELS
from villagedesk.domain.text_width import clip
from villagedesk.services import town
from villagedesk.services.desk import Desk
from villagedesk.ui.error_words import refusal_text
from villagedesk.ui.pages.cases_page import CaseTable
from villagedesk.ui.tasks import TaskRunner
from villagedesk.ui.vocabulary import state_name
from villagedesk.ui.widgets.case_columns import fit_columns, fit_names, fit_village
from villagedesk.ui.widgets.common import ErrorLabel, title_label
from villagedesk.ui.widgets.models import InboxModel

STAGE = "stage:"  # the state filter's entries for a stage of the inbox rather than one state
FILTER_COLUMNS = 28  # display columns of a filter entry (an item's code and a long name): the rest in its tooltip


class TownInboxPage(QWidget):
    open_case = Signal(str)
    loaded = Signal(int)  # number of cases shown

    def __init__(self, desk: Desk, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.runner = desk, runner
        self.rows: list[town.InboxRow] = []
        self._latest = 0  # only the newest request's answer is shown (filters change faster than reads)
        self.village = QComboBox()
        self.item = QComboBox()
        self.state = QComboBox()  # the stages first ("stage:<key>" of town.STAGES), then single states
        self.state.addItem(self.tr("全部待办"), STAGE + "")
        self.state.addItem(self.tr("待镇中心办理 (未作决定)"), STAGE + "handle")
        self.state.addItem(self.tr("已作决定, 待出结果"), STAGE + "issue")
        for state in STATE_LABELS:
            if state in CASE_STATES:
                self.state.addItem(state_name(state), state.value)
        self.count = QLabel()
        self.error = ErrorLabel()
        self.model = InboxModel(self)
        self.table = CaseTable()
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # overdue first
        self.table.setSortingEnabled(True)  # a click on a header sorts (in memory: the inbox is short)
        fit_columns(self.table)  # every column whole and in view at 1024×768, 事项 takes what is left
        self.table.open_case.connect(self.open_case)
        filters = QHBoxLayout()
        for label, box in ((self.tr("村"), self.village), (self.tr("事项"), self.item), (self.tr("状态"), self.state)):
            filters.addWidget(QLabel(label))
            filters.addWidget(box)
        filters.addStretch(1)
        filters.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("镇中心收件箱")))
        layout.addWidget(QLabel(self.tr("各村报送的办件: 逾期的排在最前, 其余按报送先后")))
        layout.addLayout(filters)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        for box in (self.village, self.item, self.state):
            box.currentIndexChanged.connect(lambda _i: self.reload())

    def load_filters(self) -> None:
        """Fill the village and item lists (blocking signals so the lists do not reload half-built)."""
        for box, entries, everything in (
            (self.village, town.villages(self.desk), self.tr("全部村")),
            (self.item, town.inbox_items(self.desk), self.tr("全部事项")),
        ):
            box.blockSignals(True)
            chosen = box.currentData()
            box.clear()
            box.addItem(everything, "")
            for code, name in entries:
                text = name if box is self.village else f"{code} {name}"
                box.addItem(clip(text, FILTER_COLUMNS), code)
                box.setItemData(box.count() - 1, text, Qt.ItemDataRole.ToolTipRole)
            box.setCurrentIndex(max(0, box.findData(chosen)))
            box.blockSignals(False)
            if box is self.village:
                self.model.set_villages(dict(entries))
                fit_village(self.table, [name for _code, name in entries])

    def current_filter(self) -> town.InboxFilter:
        chosen = self.state.currentData() or ""
        stage = chosen.removeprefix(STAGE) if chosen.startswith(STAGE) else ""
        return town.InboxFilter(
            village=self.village.currentData() or "",
            item=self.item.currentData() or "",
            state="" if chosen.startswith(STAGE) else chosen,
            stage=stage,
        )

    def reload(self) -> None:
        self._latest += 1
        token = self._latest
        self.runner.read(
            town.inbox,
            self.desk,
            self.current_filter(),
            on_done=lambda rows: self._show(rows) if token == self._latest else None,
            on_error=lambda err: self._failed(err) if token == self._latest else None,
        )

    def _show(self, rows: list[town.InboxRow]) -> None:
        self.error.show_error("")
        self.rows = rows
        self.model.set_rows([r.row for r in rows])
        fit_names(self.table, [r.row.applicant_name for r in rows])
        header = self.table.horizontalHeader()
        if header.sortIndicatorSection() >= 0:  # keep the order the clerk chose across reloads
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        overdue = sum(1 for r in rows if r.overdue)
        self.count.setText(
            self.tr("共 %1 件, 其中逾期 %2 件").replace("%1", str(len(rows))).replace("%2", str(overdue))
        )
        self.loaded.emit(len(rows))

    def _failed(self, err: object) -> None:
        self.error.show_error(refusal_text(err))
        self.rows = []  # never the last answer's rows under a refusal: they would read as this filter's
        self.model.set_rows([])
        self.count.setText("")
