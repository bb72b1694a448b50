"""Qt table models. The case list holds only ids and fetches rows in chunks off the GUI thread, so a
200,000-case list scrolls without loading everything; a bounded cache keeps memory flat."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFontMetrics
from PySide6.QtWidgets import QApplication

from villagedesk.domain.catalog import ItemVersion, Material
from villagedesk.domain.lifecycle import State
from villagedesk.domain.promise import promise_pending
from villagedesk.domain.validators import mask_phone
from villagedesk.services.appointments import AppointmentInfo
from villagedesk.services.queries import CaseRow
from villagedesk.ui import case_words
from villagedesk.ui.vocabulary import state_name
from villagedesk.ui.widgets.common import LIGHT_COLORS

Index = QModelIndex | QPersistentModelIndex
DISPLAY = Qt.ItemDataRole.DisplayRole
_ROOT = QModelIndex()

# The deadline's light in words; red is 逾期 exactly when domain.promise.is_overdue (one word, one rule).
LIGHT_TEXT = {
    "green": QT_TRANSLATE_NOOP("Models", "正常"),
    "yellow": QT_TRANSLATE_NOOP("Models", "临期"),
    "red": QT_TRANSLATE_NOOP("Models", "逾期"),
    "": "",
}


def light_word(light: str) -> str:
    """The light's word in the UI's language ("" when the clock does not run)."""
    text = LIGHT_TEXT[light]
    return QCoreApplication.translate("Models", text) if text else ""


SUBMIT_TEXT = {  # the village's own 3-working-day 报送 light
    "green": QT_TRANSLATE_NOOP("Models", "待报送"),
    "yellow": QT_TRANSLATE_NOOP("Models", "报送临期"),
    "red": QT_TRANSLATE_NOOP("Models", "报送超期"),
}
PROVISIONAL_DUE = QT_TRANSLATE_NOOP("Models", "预计 %1，以镇中心公布的节假日安排为准")


PROVISIONAL_SHORT = QT_TRANSLATE_NOOP("Models", "预计 %1")
# While the materials are incomplete there is no day yet (domain.promise.promise_pending): the receipt,
# the case page and the public page say so, and the lists too (short; the whole in the tooltip).
NOT_STARTED = QT_TRANSLATE_NOOP("Models", "材料补齐之日起计算")
NOT_STARTED_SHORT = QT_TRANSLATE_NOOP("Models", "补齐后起算")


def due_cell(row: CaseRow, short: bool = False) -> str:
    """The due date as the case page (whole) and the lists (``short``: the caveat in the tooltip) show
    it; a guess says so. The whole sentence made the lists' 到期日 column "…" at 1024×768."""
    if promise_pending(row.status):
        return QCoreApplication.translate("Models", NOT_STARTED_SHORT if short else NOT_STARTED)
    if row.due_on is None:
        return "—"
    if row.provisional:
        text = PROVISIONAL_SHORT if short else PROVISIONAL_DUE
        return QCoreApplication.translate("Models", text).replace("%1", row.due_on.isoformat())
    return row.due_on.isoformat()


SYNC_TEXT = {
    "waiting": QT_TRANSLATE_NOOP("Models", "待同步"),
    "synced": QT_TRANSLATE_NOOP("Models", "已同步"),
    "rejected": QT_TRANSLATE_NOOP("Models", "被拒收"),
}
LIGHT_ORDER = {"red": 0, "yellow": 1, "green": 2, "": 3}  # most urgent first when sorted ascending
SYNC_COLORS = {"waiting": "#e65100", "synced": "#2e7d32", "rejected": "#c62828"}


def _case_cell(row: CaseRow, column: str) -> str:
    if column == "light":  # the more urgent of the deadline's light and the village's 报送 light
        if row.submit_light and LIGHT_ORDER[row.submit_light] < LIGHT_ORDER[row.light]:
            return QCoreApplication.translate("Models", SUBMIT_TEXT[row.submit_light])
        return light_word(row.light)
    if column == "registered_on":
        return row.registered_on.isoformat()
    if column == "due_on":
        return due_cell(row, short=True)
    if column == "status":
        return state_name(row.status) + (" ⚠" if row.conflict else "")
    return str(getattr(row, column))


ELIDED = ("title", "applicant_name", "village")  # may be cut short in a narrow list: whole in the tooltip


def light_both(row: CaseRow) -> str:
    """Both lights in words (the cell shows the more urgent one, to stay narrow at 1024×768)."""
    submit = QCoreApplication.translate("Models", SUBMIT_TEXT[row.submit_light]) if row.submit_light else ""
    return " / ".join(x for x in (light_word(row.light), submit) if x)


class _CaseColumns:
    COLUMNS: tuple[tuple[str, str], ...] = (
        ("light", QT_TRANSLATE_NOOP("Models", "时限")),
        ("case_no", QT_TRANSLATE_NOOP("Models", "办件编号")),
        ("title", QT_TRANSLATE_NOOP("Models", "事项")),
        ("applicant_name", QT_TRANSLATE_NOOP("Models", "申请人")),
        ("id_masked", QT_TRANSLATE_NOOP("Models", "身份证号")),
        ("status", QT_TRANSLATE_NOOP("Models", "状态")),
        ("registered_on", QT_TRANSLATE_NOOP("Models", "登记日期")),
        ("due_on", QT_TRANSLATE_NOOP("Models", "到期日")),
        ("sync", QT_TRANSLATE_NOOP("Models", "同步")),
    )
    _sync: dict[str, str] | None = None  # case id → waiting | synced | rejected (filled off-thread)

    def sync_state(self, case_id: str) -> str:
        return (self._sync or {}).get(case_id, "")

    def merge_sync(self, states: dict[str, str]) -> None:
        """New per-case sync states (after a fetch or a sync run): repaint the sync column."""
        if self._sync is None:
            self._sync = {}
        self._sync.update(states)
        rows = self.rowCount()  # type: ignore[attr-defined]
        if rows:
            col = len(self.COLUMNS) - 1
            self.dataChanged.emit(self.index(0, col), self.index(rows - 1, col))  # type: ignore[attr-defined]

    def _header(self, section: int, orientation: Qt.Orientation, role: int) -> Any:
        if role == DISPLAY and orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.COLUMNS):
            return QCoreApplication.translate("Models", self.COLUMNS[section][1])
        return None

    def _cell(self, row: CaseRow | None, column: int, role: int) -> Any:
        key = self.COLUMNS[column][0]
        if row is None:
            return "…" if role == DISPLAY and column == 1 else None
        if key == "sync":
            state = self.sync_state(row.id)
            if role == DISPLAY:
                return QCoreApplication.translate("Models", SYNC_TEXT[state]) if state else ""
            if role == Qt.ItemDataRole.ForegroundRole and state:
                return QColor(SYNC_COLORS[state])
        if role == DISPLAY:
            return _case_cell(row, key)
        if role == Qt.ItemDataRole.DecorationRole and key == "light" and row.light:
            return QColor(LIGHT_COLORS[row.light])
        if role == Qt.ItemDataRole.ForegroundRole and row.light == "red":
            return QColor(LIGHT_COLORS["red"])
        if role == Qt.ItemDataRole.ToolTipRole and key == "light":
            return light_both(row)
        if role == Qt.ItemDataRole.ToolTipRole and key in ELIDED:
            return getattr(row, key)
        if role == Qt.ItemDataRole.ToolTipRole and key == "due_on" and (row.provisional or promise_pending(row.status)):
            return due_cell(row)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None


def case_sort_key(row: CaseRow, key: str, sync: str = "", village: str = "") -> Any:
    """The value a column sorts by: dates as dates, the traffic light by urgency, the rest as text."""
    if key == "light":
        return LIGHT_ORDER.get(row.light, 9)
    if key == "registered_on":
        return row.registered_on
    if key == "due_on":
        return row.due_on or date.max
    if key == "sync":
        return sync
    if key == "village":
        return village
    return _case_cell(row, key)


class CaseListModel(_CaseColumns, QAbstractTableModel):
    """A short list of cases already in memory (dashboard sections, the town inbox); sortable by any
    column in memory (a click on the header)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[CaseRow] = []

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.COLUMNS):
            return
        key = self.COLUMNS[column][0]
        self.layoutAboutToBeChanged.emit()
        self._rows.sort(
            key=lambda r: case_sort_key(r, key, self.sync_state(r.id), self.village_name(r.village_code)),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
        self.layoutChanged.emit()

    def village_name(self, code: str) -> str:
        return code

    def set_rows(self, rows: Sequence[CaseRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        return self._header(section, orientation, role)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self._cell(self._rows[index.row()], index.column(), role)

    def case_id(self, row: int) -> str | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None


class InboxModel(CaseListModel):
    """The town inbox: the case list with the village each case comes from."""

    COLUMNS = (*_CaseColumns.COLUMNS[:2], ("village", QT_TRANSLATE_NOOP("Models", "村")), *_CaseColumns.COLUMNS[2:])

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.villages: dict[str, str] = {}

    def set_villages(self, names: dict[str, str]) -> None:
        self.villages = dict(names)
        if self.rowCount():
            col = 2
            self.dataChanged.emit(self.index(0, col), self.index(self.rowCount() - 1, col))

    def village_name(self, code: str) -> str:
        return self.villages.get(code, code)

    def _cell(self, row: CaseRow | None, column: int, role: int) -> Any:
        if row is not None and self.COLUMNS[column][0] == "village" and role in (DISPLAY, Qt.ItemDataRole.ToolTipRole):
            return self.village_name(row.village_code)
        return super()._cell(row, column, role)


class LazyCaseModel(_CaseColumns, QAbstractTableModel):
    """The case list: a row count from SQL and rows fetched window by window as the view scrolls
    (``fetch(offset, limit, done)``, off the GUI thread). It never holds the list's ids: at 200,000
    cases reading them all froze the window for half a second. A bounded cache keeps memory flat."""

    CHUNK = 200
    MAX_CHUNKS = 50  # at most 10,000 rows kept: memory stays flat however far one scrolls

    sort_requested = Signal(str, bool)  # column key, descending: the page re-reads in that order (SQL)

    def __init__(
        self, fetch: Callable[[int, int, Callable[[list[CaseRow] | None], None]], None], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._total = 0
        self._chunks: OrderedDict[int, list[CaseRow]] = OrderedDict()
        self._loading: set[int] = set()
        self._generation = 0
        self.requested_rows = 0  # rows asked of ``fetch`` since the last reset (tests and benchmarks)

    def reset(self, total: int, head: list[CaseRow]) -> None:
        """A new list: its size and the rows of its first window, read together with the count."""
        self.beginResetModel()
        self._total = max(total, len(head))
        self._chunks.clear()
        self._loading.clear()
        self._generation += 1
        self.requested_rows = 0
        if head or not total:
            self._chunks[0] = list(head[: self.CHUNK])
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A click on a header: the list is re-read in that order by SQL, never sorted here."""
        if 0 <= column < len(self.COLUMNS):
            self.sort_requested.emit(self.COLUMNS[column][0], order == Qt.SortOrder.DescendingOrder)

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        return self._header(section, orientation, role)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._total:
            return None
        row = self.row_at(index.row())
        if role == Qt.ItemDataRole.UserRole:
            return row.id if row is not None else None
        return self._cell(row, index.column(), role)

    def row_at(self, row: int) -> CaseRow | None:
        """The row if cached; otherwise None now and a fetch of its window is started."""
        chunk_no, offset = divmod(row, self.CHUNK)
        chunk = self._chunks.get(chunk_no)
        if chunk is None:
            self._request(chunk_no)
            return None
        self._chunks.move_to_end(chunk_no)
        return chunk[offset] if offset < len(chunk) else None

    def case_id(self, row: int) -> str | None:
        found = self.row_at(row) if 0 <= row < self._total else None
        return found.id if found is not None else None

    def cached_ids(self) -> list[str]:
        return [r.id for chunk in self._chunks.values() for r in chunk]

    def loaded_rows(self) -> int:
        return sum(len(c) for c in self._chunks.values())

    def _request(self, chunk_no: int) -> None:
        if chunk_no in self._loading:
            return
        self._loading.add(chunk_no)
        start = chunk_no * self.CHUNK
        limit = min(self.CHUNK, self._total - start)
        generation = self._generation
        self.requested_rows += limit

        def done(rows: list[CaseRow] | None) -> None:
            if generation != self._generation:
                return  # the list changed (new search, new order) while this window was loading
            self._loading.discard(chunk_no)
            if rows is None:
                return  # the read failed: asked for again the next time the view needs these rows
            self._chunks[chunk_no] = list(rows[:limit])
            while len(self._chunks) > self.MAX_CHUNKS:
                self._chunks.popitem(last=False)
            last = start + limit - 1
            self.dataChanged.emit(self.index(start, 0), self.index(last, len(self.COLUMNS) - 1))

        self._fetch(start, limit, done)


class ListTableModel(QAbstractTableModel):
    """A read-only table over a list of objects, one function per column.

    A column sized to its contents is never narrower than ``samples`` (a typical value, by column) or,
    without one, four characters: an empty list squeezed its columns to their labels (日期 时间 姓名)."""

    def __init__(
        self,
        columns: Sequence[tuple[str, Callable[[Any], str]]],
        parent: QObject | None = None,
        samples: Sequence[str] = (),
    ) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._samples = list(samples)
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def item(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        if role == DISPLAY:
            return self._columns[section][0]
        if role == Qt.ItemDataRole.SizeHintRole:
            sample = self._samples[section] if section < len(self._samples) else "四个汉字"
            metrics = QFontMetrics(QApplication.font())
            width = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(self._columns[section][0]))
            return QSize(width + 3 * metrics.averageCharWidth() + 8, metrics.height() + 8)  # margins, sort arrow
        return None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role in (DISPLAY, Qt.ItemDataRole.ToolTipRole):
            return self._columns[index.column()][1](self._rows[index.row()])
        return None


def _limit(item: ItemVersion) -> str:
    if item.promised_days == 0:
        return QCoreApplication.translate("Models", "即办")
    if item.limit_unit.value == "working_days":
        text = QCoreApplication.translate("Models", "%1个工作日")
    elif item.limit_unit.value == "natural_days":
        text = QCoreApplication.translate("Models", "%1个自然日")
    else:
        text = QCoreApplication.translate("Models", "%1天")
    return text.replace("%1", str(item.promised_days))


def item_model(parent: QObject | None = None) -> ListTableModel:
    return ListTableModel(
        [
            (QCoreApplication.translate("Models", "编码"), lambda i: i.code),
            (QCoreApplication.translate("Models", "事项名称"), lambda i: i.name),
            (QCoreApplication.translate("Models", "类别"), lambda i: case_words.category_word(i.category)),
            (
                QCoreApplication.translate("Models", "办结层级"),
                lambda i: case_words.level_word(i.final_level),
            ),
            (QCoreApplication.translate("Models", "承诺时限"), _limit),
            (QCoreApplication.translate("Models", "村级职责"), lambda i: case_words.role_word(i.village_role)),
        ],
        parent,
    )


def material_model(parent: QObject | None = None) -> ListTableModel:
    return ListTableModel(
        [
            (QCoreApplication.translate("Models", "材料"), lambda x: x.name),
            (QCoreApplication.translate("Models", "要求"), lambda x: case_words.necessity_word(x.necessity)),
            (QCoreApplication.translate("Models", "原件/复印件"), lambda x: case_words.form_word(x.form) or x.form),
            (QCoreApplication.translate("Models", "份数"), lambda x: str(x.copies)),
        ],
        parent,
    )


def appointment_model(parent: QObject | None = None) -> ListTableModel:
    return ListTableModel(
        [
            (QCoreApplication.translate("Models", "日期"), lambda a: a.day.isoformat()),
            (QCoreApplication.translate("Models", "时间"), lambda a: a.slot or "—"),
            (QCoreApplication.translate("Models", "姓名"), lambda a: a.name),
            (QCoreApplication.translate("Models", "电话"), lambda a: mask_phone(a.phone)),  # as the CLI lists it
            (QCoreApplication.translate("Models", "事项"), lambda a: a.item_name),
            (QCoreApplication.translate("Models", "状态"), lambda a: state_name(a.state)),
        ],
        parent,
        samples=(
            *("2026-12-05", "09:30", "欧阳娜娜", "138****5678", "营业执照(企业设立登记)"),
            state_name(State.APPOINTMENT_BOOKED),
        ),
    )


__all__ = ["AppointmentInfo", "CaseListModel", "LazyCaseModel", "ListTableModel", "Material"]
