"""事项清单: every service item with its materials, limits, level and the village's role."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
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
        for col, width in enumerate((60, 240, 80, 70, 100)):
            self.table.horizontalHeader().resizeSection(col, width)
        self.table.horizontalHeader().setStretchLastSection(True)
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
        body.addWidget(self.table, 3)
        body.addLayout(right, 2)
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

    def _loaded(self, items: list) -> None:
        self.items.set_rows(items)
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
        lines = [
            f"<b>{it.name}</b> ({it.code} v{it.version})",
            self.tr("类别: %1    主管部门: %2")
            .replace("%1", case_words.category_word(it.category))
            .replace("%2", it.department or "—"),
            self.tr("办结层级: %1    村级职责: %2")
            .replace("%1", case_words.level_word(it.final_level))  # 市 stayed Chinese in English
            .replace("%2", case_words.role_word(it.village_role) or "—"),
        ]
        if it.special_procedures:
            lines.append(self.tr("特别程序: %1").replace("%1", "、".join(it.special_procedures)))
        if it.in_person:
            lines.append(self.tr("须本人到场"))
        self.detail.setText("<br>".join(lines))
        self.materials.set_rows(list(it.materials))
