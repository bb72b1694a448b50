"""The city clerk's pages (市级审批服务中心): 市级收件箱 across every town (overdue first) and 全市概览
per town or, for one town, per village. Installed in the main window only for a city profile."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from villagedesk.domain.lifecycle import Role, State
from villagedesk.services import city
from villagedesk.services.desk import Desk
from villagedesk.ui.error_words import refusal_text
from villagedesk.ui.pages.cases_page import CaseTable
from villagedesk.ui.tasks import TaskRunner
from villagedesk.ui.vocabulary import state_name
from villagedesk.ui.widgets.case_columns import fit_columns, fit_names, fit_village
from villagedesk.ui.widgets.common import ErrorLabel, title_label
from villagedesk.ui.widgets.models import InboxModel
from villagedesk.ui.widgets.town_box import fill_towns, town_box

if TYPE_CHECKING:
    from villagedesk.ui.main_window import MainWindow

RED = QColor("#c62828")


class CityInboxPage(QWidget):
    """Every town's forwarded city-level cases the city still has to act on: overdue first."""

    open_case = Signal(str)
    loaded = Signal(int)

    def __init__(self, desk: Desk, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.runner = desk, runner
        self.rows: list[city.InboxRow] = []
        self._latest = 0
        self.town = town_box(self, self.tr("全部乡镇"))
        self.state = QComboBox()
        self.state.addItem(self.tr("待市级办理"), "")
        # in the order a case passes them (AT_CITY is a set); the city's own 特别程序 (公示, 勘验) last
        for s in (State.FORWARDED, State.CITY_ACCEPTED, State.IN_PROCEDURE):
            self.state.addItem(state_name(s), s.value)
        self.count = QLabel()
        self.error = ErrorLabel()
        self.model = InboxModel(self)
        self.table = CaseTable()
        self.table.setModel(self.model)
        fit_columns(self.table)  # every column whole and in view at 1024×768, 事项 takes what is left
        self.table.open_case.connect(self.open_case)
        filters = QHBoxLayout()
        for label, box in ((self.tr("乡镇"), self.town), (self.tr("状态"), self.state)):
            filters.addWidget(QLabel(label))
            filters.addWidget(box)
        filters.addStretch(1)
        filters.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("市级收件箱")))
        layout.addWidget(QLabel(self.tr("各镇转报的市级事项: 逾期的排在最前, 其余按到期先后")))
        layout.addLayout(filters)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        for box in (self.town, self.state):
            box.currentIndexChanged.connect(lambda _i: self.reload())

    def load_filters(self) -> None:
        fill_towns(self.town, city.towns(self.desk), self.tr("全部乡镇"))

    def reload(self) -> None:
        self._latest += 1
        token = self._latest
        f = city.InboxFilter(town=self.town.currentData() or "", state=self.state.currentData() or "")
        self.runner.read(
            city.inbox_page,
            self.desk,
            f,
            on_done=lambda page: self._show(page) if token == self._latest else None,
            on_error=lambda err: self._failed(err) if token == self._latest else None,
        )

    def _failed(self, err: object) -> None:
        self.error.show_error(refusal_text(err))
        self.rows = []  # never the last answer's rows under a refusal: they would read as this filter's
        self.model.set_rows([])
        self.count.setText("")

    def _show(self, page: city.InboxPage) -> None:
        self.error.show_error("")
        self.rows = rows = page.rows
        self.model.set_villages(page.villages)
        self.model.set_rows([r.row for r in rows])
        fit_village(self.table, list(page.villages.values()))
        fit_names(self.table, [r.row.applicant_name for r in rows])
        text = self.tr("共 %1 件, 其中逾期 %2 件").replace("%1", str(page.total)).replace("%2", str(page.overdue))
        if page.total > len(rows):  # the first page only: the rest by the filters
            text += self.tr("; 列出最急的 %1 件, 其余请按乡镇或状态筛选").replace("%1", str(len(rows)))
        self.count.setText(text)
        self.loaded.emit(len(rows))


class CityOverviewPage(QWidget):
    """Per town (or per village of one town): the city-level cases by state, at the city, overdue."""

    loaded = Signal()

    def __init__(self, desk: Desk, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.runner = desk, runner
        self.town = town_box(self, self.tr("全市各镇"))
        self.table = QTableWidget(0, 0)
        self._set_columns(list(city.OVERVIEW_STATES))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.totals = QLabel()
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("范围")))
        top.addWidget(self.town)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("全市概览")))
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals)
        self.summaries: list[city.Summary] = []
        self.town.currentIndexChanged.connect(lambda _i: self.refresh())

    def _set_columns(self, states: list[State]) -> None:
        """合计, 待市级办理, 逾期, then one column per state (``city.overview_columns``)."""
        self.states = states
        headers = [self.tr("乡镇/村"), self.tr("合计"), self.tr("待市级办理"), self.tr("逾期")]
        headers += [state_name(s) for s in states]
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)

    def refresh(self) -> None:
        fill_towns(self.town, city.towns(self.desk), self.tr("全市各镇"))
        self.runner.read(city.overview, self.desk, self.town.currentData() or "", on_done=self._show)

    def _show(self, summaries: list[city.Summary]) -> None:
        self.summaries = summaries
        self._set_columns(city.overview_columns(summaries))
        self.table.setRowCount(len(summaries))
        for r, s in enumerate(summaries):
            values = [s.name, s.total, s.at_city, s.overdue, *(s.by_state.get(x.value, 0) for x in self.states)]
            for c, value in enumerate(values):
                cell = QTableWidgetItem(str(value) if value != 0 or c == 1 else "")
                if c > 0:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if c == 3 and value:
                    cell.setForeground(RED)
                self.table.setItem(r, c, cell)
        self.totals.setText(
            self.tr("市级事项 %1 件, 待市级办理 %2 件, 逾期 %3 件")
            .replace("%1", str(sum(s.total for s in summaries)))
            .replace("%2", str(sum(s.at_city for s in summaries)))
            .replace("%3", str(sum(s.overdue for s in summaries)))
        )
        self.loaded.emit()


def install(window: MainWindow) -> None:
    """For a city profile: 市级收件箱 and 全市概览 right after 工作台, refreshed when a case changes, and
    星级考评 (the towns' sheets to review, the city's inspections, the city-wide 十佳) before 设置."""
    if window.desk.identity.role is not Role.CITY:
        return
    from villagedesk.ui.pages.city_rating_page import CityRatingPage  # a town's or village's window never needs it
    from villagedesk.ui.pages.town_pages import add_inbox_pages

    inbox = CityInboxPage(window.desk, window.runner)
    overview = CityOverviewPage(window.desk, window.runner)
    rating = CityRatingPage(window.desk, window.runner)  # 复评, 督查, 十佳 across the city
    window.city_inbox, window.city_overview, window.city_rating = inbox, overview, rating
    rating_label = QCoreApplication.translate("MainWindow", "星级考评")
    window.pages.insert(len(window.pages) - 2, (rating_label, rating))  # before 设置, as a town's
    inbox_label = QCoreApplication.translate("MainWindow", "市级收件箱")
    overview_label = QCoreApplication.translate("MainWindow", "全市概览")
    add_inbox_pages(window, (inbox_label, inbox), (overview_label, overview), ((rating, rating.refresh),))
