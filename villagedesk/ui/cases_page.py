"""办件 page: filters, search-as-you-type (debounced, off the GUI thread) and the lazy case table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from villagedesk.domain.catalog import CATEGORIES
from villagedesk.domain.lifecycle import STATE_LABELS
from villagedesk.services import catalog, queries
from villagedesk.services.desk import Desk
from villagedesk.sync import engine
from villagedesk.ui.common import ErrorLabel
from villagedesk.ui.models import LazyCaseModel
from villagedesk.ui.tasks import TaskRunner
from villagedesk.ui.vocabulary import state_name

if TYPE_CHECKING:
    from villagedesk.ui.import_dialog import ImportDialog

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

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
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
        self.model = LazyCaseModel(self._fetch, self)

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
            self.category.addItem(cat, cat)
        self.overdue = QCheckBox(self.tr("仅超期"))
        self.use_dates = QCheckBox(self.tr("登记日期"))
        today = QDate(desk.today().year, desk.today().month, desk.today().day)
        self.date_from = QDateEdit(today.addMonths(-1))
        self.date_to = QDateEdit(today)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        self.count = QLabel()
        self.import_button = QPushButton(self.tr("从表格导入…"))  # rosters (花名册): previewed first
        self.import_button.clicked.connect(self.open_import)

        bar = QHBoxLayout()
        bar.addWidget(self.search, 3)
        for w in (
            self.status,
            self.village,
            self.category,
            self.overdue,
            self.use_dates,
            self.date_from,
            QLabel(self.tr("至")),
            self.date_to,
            self.import_button,
        ):
            bar.addWidget(w)
        self.table = CaseTable()
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        for col, width in enumerate((64, 190, 260, 90, 160, 90, 96, 96, 72)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setObjectName("state:cases-columns")  # widths kept across starts (window_state)
        self.table.open_case.connect(self.open_case)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
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
        self.date_from.dateChanged.connect(lambda _d: self.use_dates.isChecked() and self.reload())
        self.date_to.dateChanged.connect(lambda _d: self.use_dates.isChecked() and self.reload())
        self.search.returnPressed.connect(self._focus_table)

    def open_import(self) -> ImportDialog:
        """The import dialog (imported on first use); the list reloads after an import."""
        from villagedesk.ui.import_dialog import ImportDialog

        dialog = ImportDialog(self.desk, self.runner, self)
        dialog.imported.connect(lambda _report: self.reload())
        dialog.show()
        return dialog

    def _dates_toggled(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        self.reload()

    def _focus_table(self) -> None:
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
        """Run the filter off the GUI thread; only the newest request's answer is shown."""
        self._debounce.stop()
        self._latest += 1
        self._complete = False
        token = self._latest
        filt = self.current_filter()
        if filt.search.strip():  # ids and first screen in one job: searches are typed, every ms shows
            self.runner.read(
                queries.ids_and_head,
                self.desk,
                filt,
                self.model.CHUNK,
                on_done=lambda found: self._loaded(token, *found),
                on_error=lambda err: self._failed(token, err),
            )
            return
        # The first screen (one indexed page) goes first; the full id list is read after it, so the
        # two do not compete for the two cores at start-up, and a superseded filter never reads it.
        self.runner.read(
            queries.list_cases,
            self.desk,
            filt,
            self.model.CHUNK,
            on_done=lambda rows: self._preview(token, filt, rows),
            on_error=lambda err: (self._failed(token, err), self._load_ids(token, filt)),
        )

    def _load_ids(self, token: int, filt: queries.CaseFilter) -> None:
        if token != self._latest:
            return
        self.runner.read(
            queries.case_ids,
            self.desk,
            filt,
            on_done=lambda ids: self._loaded(token, ids),
            on_error=lambda err: self._failed(token, err),
        )

    def _preview(self, token: int, filt: queries.CaseFilter, rows: list) -> None:
        if token == self._latest and not self._complete:
            self.model.set_preview(rows)
            self.load_sync([r.id for r in rows])
            self.count.setText(self.tr("正在统计…"))
        self._load_ids(token, filt)

    def _loaded(self, token: int, ids: list[str], head: list | None = None) -> None:
        if token != self._latest:
            return
        self._complete = True
        self.search_error.show_error("")
        self.model.set_ids(ids, head)
        self.count.setText(self.tr("共 %n 件", "", len(ids)))
        self.ids_loaded.emit(len(ids))

    def _failed(self, token: int, err: object) -> None:
        if token == self._latest:
            self.search_error.show_error(str(err))

    def _fetch(self, ids: list[str], done) -> None:
        self.runner.read(queries.rows_by_ids, self.desk, ids, on_done=done)
        self.load_sync(ids)

    def load_sync(self, ids: list[str]) -> None:
        """Per-case sync state (waiting / synced / rejected) for these rows, read off the GUI thread."""
        if ids:
            self.runner.read(engine.case_status, self.desk, ids, on_done=self.model.merge_sync)

    def refresh_sync(self) -> None:
        """After a sync run: re-read the states of the rows already on screen or cached."""
        self.load_sync(self.model.cached_ids())
