"""事项清单: every service item with its materials, limits, level and the village's role."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from villagedesk.domain.catalog import CATEGORIES
from villagedesk.services import catalog
from villagedesk.services.desk import Desk
from villagedesk.ui import case_words
from villagedesk.ui.tasks import TaskRunner
from villagedesk.ui.widgets.models import item_model, material_model


class CatalogPage(QWidget):
    def __init__(self, desk: Desk, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.runner = desk, runner
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("事项名称或编码"))
        self.category = QComboBox()
        self.category.addItem(self.tr("全部类别"), "")
        for cat in CATEGORIES:
            self.category.addItem(case_words.category_word(cat), cat)
        self.items = item_model(self)
        self.materials = material_model(self)
        self.table = QTableView()
        self.table.setModel(self.items)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        # every column but the name as wide as its content in the UI's language, the name takes what is
        # left (its tooltip holds it whole): fixed widths ran 「Promised time」 off the right edge in English
        items_header = self.table.horizontalHeader()
        items_header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        items_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setWordWrap(True)  # a cell wraps between words, its row grows (never cut)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.material_table = QTableView()
        self.material_table.setModel(self.materials)
        self.material_table.verticalHeader().setVisible(False)
        header = self.material_table.horizontalHeader()  # the name takes what the short columns leave
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.category)
        right = QVBoxLayout()
        right.addWidget(self.detail)
        right.addWidget(self.material_table, 1)
        body = QHBoxLayout()
        body.addWidget(self.table, 2)  # the list's six columns need the room more than the detail
        body.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(body, 1)
        self.search.textChanged.connect(lambda _t: self.refresh())
        self.category.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._show(cur.row()))

    def refresh(self) -> None:
        self.runner.read(
            catalog.items,
            self.desk,
            None,
            self.category.currentData() or None,
            self.search.text().strip(),
            on_done=self._loaded,
        )

    def _fit_columns(self) -> None:
        """Each column but the name as wide as its header and its longest word (a cell wraps between
        words): in English at 1024×768 fixed widths ran 「Promised time」 off the right edge."""
        header = self.table.horizontalHeader()
        metrics, head_metrics = self.table.fontMetrics(), header.fontMetrics()
        pad = 2 * self.table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self.table) + 8
        for col in range(self.items.columnCount()):
            if col == 1:
                continue
            words = [str(self.items.headerData(col, Qt.Orientation.Horizontal) or "")]
            for row in range(self.items.rowCount()):
                words += str(self.items.index(row, col).data() or "").split()
            width = max((metrics.horizontalAdvance(w) for w in words[1:]), default=0) + pad
            header.resizeSection(col, max(width, head_metrics.horizontalAdvance(words[0]) + pad + 12))

    def _loaded(self, items: list) -> None:
        self.items.set_rows(items)
        self._fit_columns()
        if items:
            self.table.selectRow(0)
            self._show(0)
        else:
            self.detail.setText(self.tr("没有符合条件的事项"))
            self.materials.set_rows([])

    def _show(self, row: int) -> None:
        it = self.items.item(row)
        if it is None:
            return
        # one fact a line: the rich text (the name is bold) collapsed the spaces between two facts, and
        # English read 「Category: Certificates Department: 市场监管」 as one run
        lines = [
            f"<b>{escape(it.name)}</b> ({escape(it.code)} v{it.version})",
            self.tr("类别: %1").replace("%1", case_words.category_word(it.category)),
            self.tr("主管部门: %1").replace("%1", it.department or "—"),
            self.tr("办结层级: %1").replace("%1", case_words.level_word(it.final_level)),
            self.tr("村级职责: %1").replace("%1", case_words.role_word(it.village_role) or "—"),
        ]
        if it.special_procedures:
            lines.append(self.tr("特别程序: %1").replace("%1", "、".join(it.special_procedures)))
        if it.in_person:
            lines.append(self.tr("须本人到场"))
        self.detail.setText("<br>".join(lines[:1] + [escape(line) for line in lines[1:]]))
        self.materials.set_rows(list(it.materials))
