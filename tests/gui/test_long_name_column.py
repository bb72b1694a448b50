"""The case list at 1280 pixels shows a long name whole (office findings, issue 14): 申请人 was sized for
four characters, so 𠮷祥·阿依古丽 read "𠮷祥·阿…" while 事项 stood mostly empty."""

from __future__ import annotations

from stdnum.cn import ric

from tests.flows import register
from tests.gui.conftest import settle
from villagedesk.ui.widgets.case_columns import cell_padding

NAMES = ("\U00020bb7祥·阿依古丽", "欧阳阿依古丽")


def test_the_name_column_shows_a_long_name_whole(qtbot, window, gui_desk) -> None:
    for serial, name in enumerate(NAMES, 1):
        body = f"41900119850203{serial:03d}"
        register(gui_desk, name=name, id_number=body + ric.calc_check_digit(body + "0"))
    window.resize(1280, 800)
    window.go(window.cases)
    page = window.cases
    for name in NAMES:
        page.search.setText(name)
        page.reload()
        settle(qtbot, window)
        table, model = page.table, page.model
        col = [key for key, _label in model.COLUMNS].index("applicant_name")
        rows = [r for r in range(model.rowCount()) if model.index(r, col).data() == name]
        assert rows, f"{name} not listed"
        needed = table.fontMetrics().horizontalAdvance(name) + cell_padding(table)
        assert table.columnWidth(col) >= needed, (name, table.columnWidth(col), needed)
        assert table.columnViewportPosition(col) + table.columnWidth(col) <= table.viewport().width()
