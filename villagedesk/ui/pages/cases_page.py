"""办件 page: filters, search-as-you-type (debounced, off the GUI thread) and the lazy case table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from villagedesk.domain.catalog import CATEGORIES
from villagedesk.domain.lifecycle import STATE_LABELS, EventType, may_author
from villagedesk.services import catalog, queries
from villagedesk.services.desk import Desk
from villagedesk.ui import case_words
from villagedesk.ui.error_words import refusal_text
from villagedesk.ui.tasks import TaskRunner
from villagedesk.ui.vocabulary import state_name
from villagedesk.ui.widgets.case_columns import fit_columns
from villagedesk.ui.widgets.common import ErrorLabel, bounded_combo
from villagedesk.ui.widgets.date_field import DateField, refused
from villagedesk.ui.widgets.models import LazyCaseModel

if TYPE_CHECKING:
    from villagedesk.ui.dialogs.import_dialog import ImportDialog

SEARCH_DEBOUNCE_MS = 250


class CaseTable(QTableView):
    """Enter (or a double click) opens the selected case."""

    open_case = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(26)
        self.horizontalHeader().setStretchLastSection(True)
        self.doubleClicked.connect(lambda index: self._open(index.row()))

    def setModel(self, model) -> None:
        super().setModel(model)
        model.modelReset.connect(self._keep_current)
        model.layoutChanged.connect(self._keep_current)

    def _keep_current(self) -> None:
        """A list that was (re)loaded has a current row while it holds rows: without one the first Enter
        (after Tab, Ctrl+F and Enter, or a click on the header) opened nothing."""
        model = self.model()
        if model is not None and model.rowCount() and not self.currentIndex().isValid():
            self.setCurrentIndex(model.index(0, 0))

    def focusInEvent(self, event) -> None:
        self._keep_current()
        super().focusInEvent(event)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._keep_current()
            if self.currentIndex().isValid():
                self._open(self.currentIndex().row())
                return
        super().keyPressEvent(event)

    def _open(self, row: int) -> None:
        case_id = self.model().index(row, 0).data(Qt.ItemDataRole.UserRole)
        if case_id:
            self.open_case.emit(case_id)


class CasesPage(QWidget):
    open_case = Signal(str)
    ids_loaded = Signal(int)  # emitted after every (re)load: number of matching cases

    def __init__(self, desk: Desk, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.runner = desk, runner
        self._latest = 0
        self._complete = False
        self._order = queries.DEFAULT_ORDER
        self._shown: tuple[queries.CaseFilter, queries.CaseOrder] = (queries.CaseFilter(), self._order)
        self.model = LazyCaseModel(self._fetch, self)
        self.model.sort_requested.connect(self._sort)

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("姓名(两个字即可)、办件编号、身份证号末四位或拼音首字母"))
        self.search.setClearButtonEnabled(True)
        self.search_error = ErrorLabel()
        self.status = QComboBox()
        self.status.addItem(self.tr("全部状态"), "")
        for state in STATE_LABELS:
            self.status.addItem(state_name(state), state.value)
        self.village = QComboBox()
        self.village.addItem(self.tr("全部村"), "")
        self.category = QComboBox()
        self.category.addItem(self.tr("全部类别"), "")
        for cat in CATEGORIES:
            self.category.addItem(case_words.category_word(cat), cat)
        bounded_combo(self.category, 8)
        self.overdue = QCheckBox(self.tr("仅逾期"))
        self.use_dates = QCheckBox(self.tr("登记日期"))
        today = QDate(desk.today().year, desk.today().month, desk.today().day)
        self.date_from = DateField(today.addMonths(-1))
        self.date_to = DateField(today)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        self.count = QLabel()
        self.import_button = QPushButton(self.tr("从表格导入…"))  # rosters (花名册): previewed first
        self.import_button.clicked.connect(self.open_import)
        # offered only to a role that may register cases (as 代办登记 and the actions list): a town or city
        # clerk's import was refused only after the file had been chosen
        self.import_button.setVisible(may_author(desk.identity.role, EventType.CASE_REGISTERED))

        # Two rows: on one row at 1024×768 the search box was squeezed to a hundred pixels.
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.import_button)
        filters = QHBoxLayout()
        for w in (self.status, self.village, self.category, self.overdue, self.use_dates, self.date_from):
            filters.addWidget(w)
        filters.addWidget(QLabel(self.tr("至")))
        filters.addWidget(self.date_to)
        filters.addStretch(1)
        self.table = CaseTable()
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        # Every column but 事项 at the width its content needs; 事项 takes what is left (its tooltip holds
        # the whole name), so 到期日 and 同步 stay in view on a 1024-pixel screen.
        fit_columns(self.table)
        header.setObjectName("state:cases-columns")  # widths kept across starts (window_state)
        self._show_order()
        self.table.setSortingEnabled(True)  # a header click re-reads the list in that order, in SQL
        self.table.open_case.connect(self.open_case)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(filters)
        layout.addWidget(self.search_error)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        for combo in (self.status, self.village, self.category):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.overdue.toggled.connect(lambda _c: self.reload())
        self.use_dates.toggled.connect(self._dates_toggled)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(lambda _d: self.use_dates.isChecked() and self.reload())
            edit.problemChanged.connect(lambda _t: self.use_dates.isChecked() and self.reload())
        self.search.returnPressed.connect(self._focus_table)

    def open_import(self) -> ImportDialog:
        """The import dialog (imported on first use); the list reloads after an import."""
        from villagedesk.ui.dialogs.import_dialog import ImportDialog

        dialog = ImportDialog(self.desk, self.runner, self)
        dialog.imported.connect(lambda _report: self.reload())
        dialog.show()
        return dialog

    def _dates_toggled(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        self.reload()

    def _focus_table(self) -> None:
        """Enter in the search: the list of what was typed (not the one before the pause ran out)."""
        if self._debounce.isActive():
            self.reload()
        self.table.setFocus()
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def load_villages(self) -> None:
        self.runner.read(catalog.regions, self.desk, "village", on_done=self._set_villages)

    def _set_villages(self, regions: list) -> None:
        self.village.blockSignals(True)
        for r in regions:
            self.village.addItem(f"{r.name}", r.code)
        self.village.blockSignals(False)

    def current_filter(self) -> queries.CaseFilter:
        return queries.CaseFilter(
            statuses=[self.status.currentData()] if self.status.currentData() else [],
            village=self.village.currentData() or None,
            category=self.category.currentData() or None,
            overdue=self.overdue.isChecked(),
            registered_from=self.date_from.date().toPython() if self.use_dates.isChecked() else None,
            registered_to=self.date_to.date().toPython() if self.use_dates.isChecked() else None,
            search=self.search.text(),
        )

    def reload(self) -> None:
        """Count and read the first window off the GUI thread; only the newest request's answer is
        shown. Later windows are read as the view scrolls, with the filter and order of this answer."""
        self._debounce.stop()
        self._latest += 1
        self._complete = False
        token = self._latest
        refused = self._dates_refused()
        if refused:  # a date that does not exist, or 从 after 至: nothing is listed as if it were the filter
            self._show_nothing(refused)
            return
        filt, order = self.current_filter(), self._order
        self.runner.read(
            queries.head_and_count,
            self.desk,
            filt,
            self.model.CHUNK,
            order,
            on_done=lambda found: self._loaded(token, filt, order, *found),
            on_error=lambda err: self._failed(token, err),
        )

    def _loaded(self, token: int, filt: queries.CaseFilter, order: queries.CaseOrder, head: list, total: int) -> None:
        if token != self._latest:
            return
        self._complete = True
        self._shown = (filt, order)
        self.search_error.show_error(self._nothing_found(filt.search) if total == 0 else "")
        self.model.reset(total, head)
        self.load_sync([r.id for r in head])
        self.count.setText(self.tr("共 %n 件", "", total))
        self.ids_loaded.emit(total)

    def _dates_refused(self) -> str:
        if not self.use_dates.isChecked():
            return ""
        wrong = refused(self.date_from, self.date_to)
        if wrong:
            return self.tr("登记日期: %1").replace("%1", wrong)
        if self.date_from.date() > self.date_to.date():
            return (
                self.tr("登记日期的起始日 %1 晚于截止日 %2, 请改正")
                .replace("%1", self.date_from.date().toString("yyyy-MM-dd"))
                .replace("%2", self.date_to.date().toString("yyyy-MM-dd"))
            )
        return ""

    def _show_nothing(self, why: str) -> None:
        """A filter or search refused: its reason, and no rows (the last answer's rows looked like a match)."""
        self._complete = True
        self.search_error.show_error(why)
        self.model.reset(0, [])
        self.count.setText("")
        self.ids_loaded.emit(0)

    def _nothing_found(self, text: str) -> str:
        """What to type when a search found nothing: an ID number is found by its last digits only
        (19800101 from the middle found nothing, and nothing said why)."""
        kind = queries.search_kind(text)
        if kind == "id_tail":
            return self.tr(
                "没有身份证号以「%1」结尾的办件: 按身份证号查找请输入号码的最后几位(至少末4位, 如 0516), "
                "号码中间的数字(如出生日期)查不到"
            ).replace("%1", "".join(text.split()))
        if kind:
            return self.tr("没有找到「%1」: 可输入姓名(两个字即可)、办件编号、身份证号末四位或拼音首字母").replace(
                "%1", text.strip()
            )
        return ""

    def _failed(self, token: int, err: object) -> None:
        if token == self._latest:  # 224 (fewer than 4 ID digits) refused: the last answer's rows go too
            self._show_nothing(refusal_text(err))

    def _sort(self, column: str, descending: bool) -> None:
        """A header click: sortable columns are re-read in SQL; the others keep the current order."""
        order = queries.CaseOrder(column, descending)
        if column not in queries.SORTABLE:
            self._show_order()
            return
        if order != self._order:
            self._order = order
            self.reload()

    def _show_order(self) -> None:
        header = self.table.horizontalHeader()
        keys = [key for key, _label in self.model.COLUMNS]
        header.blockSignals(True)
        header.setSortIndicator(
            keys.index(self._order.column),
            Qt.SortOrder.DescendingOrder if self._order.descending else Qt.SortOrder.AscendingOrder,
        )
        header.blockSignals(False)

    def _fetch(self, offset: int, limit: int, done) -> None:
        filt, order = self._shown

        def arrived(rows: list) -> None:
            done(rows)
            self.load_sync([r.id for r in rows])

        def failed(err: object) -> None:  # the window is asked for again when the view next needs it
            done(None)
            self.search_error.show_error(refusal_text(err))

        self.runner.read(queries.list_cases, self.desk, filt, limit, offset, order, on_done=arrived, on_error=failed)

    def load_sync(self, ids: list[str]) -> None:
        """Per-case sync state (waiting / synced / rejected) for these rows, read off the GUI thread."""
        if ids:
            self.runner.read(queries.case_status, self.desk, ids, on_done=self.model.merge_sync)

    def refresh_sync(self) -> None:
        """After a sync run: re-read the states of the rows already on screen or cached."""
        self.load_sync(self.model.cached_ids())
