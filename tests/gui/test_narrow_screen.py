"""At 1024×768 every case table shows each of its columns whole and in view (the item name, whose tooltip
holds it, takes what is left) and the case list's search box keeps a usable width. At this size the
search box was 107 pixels, 到期日 and 同步 were past the right edge and the dashboard's dates "…"."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.conftest import settle
from tests.gui.test_printing import register
from villagedesk.ui.pages.cases_page import CaseTable
from villagedesk.ui.widgets.models import ELIDED

SCREEN = (1024, 738)  # 1024×768 less a Windows taskbar


def _check_table(table: CaseTable, what: str) -> None:
    header, model = table.horizontalHeader(), table.model()
    width = table.viewport().width()
    for col in range(model.columnCount()):
        if table.isColumnHidden(col):
            continue
        right = header.sectionViewportPosition(col) + header.sectionSize(col)
        assert right <= width, (
            f"{what}: column {model.headerData(col, Qt.Orientation.Horizontal)} ends at {right} > {width}"
        )
        if model.COLUMNS[col][0] in ELIDED:  # cut short when long, whole in the tooltip
            for row in range(min(model.rowCount(), 5)):
                index = model.index(row, col)
                assert index.data(Qt.ItemDataRole.ToolTipRole) == index.data()
            continue
        need = table.sizeHintForColumn(col)  # Qt's own measure of the rows on screen
        label = model.headerData(col, Qt.Orientation.Horizontal)
        assert need <= header.sectionSize(col), f"{what}: {label} needs {need} > {header.sectionSize(col)}"


def test_case_tables_fit_a_1024_screen(qtbot, window) -> None:
    register(window.desk, "司马小燕", 91, item="JY002", have=True)  # a provisional due date ("预计 …")
    window._data_changed()
    window.resize(*SCREEN)
    settle(qtbot, window)
    assert window.width() <= SCREEN[0]
    window.go(window.cases)
    settle(qtbot, window)
    assert window.cases.search.width() >= 300
    _check_table(window.cases.table, "办件")
    window.go(window.dashboard)
    settle(qtbot, window)
    for key, box in window.dashboard.boxes.items():
        table = box.findChild(CaseTable)
        assert table.model().rowCount(), key
        _check_table(table, f"工作台/{key}")
