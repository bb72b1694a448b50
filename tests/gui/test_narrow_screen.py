"""At 1024×768 every case table shows each of its columns whole and in view (the item name, whose tooltip
holds it, takes what is left) and the case list's search box keeps a usable width. At this size the
search box was 107 pixels, 到期日 and 同步 were past the right edge and the dashboard's dates "…"; the
town's and the city's inboxes (fixed widths for a 1280-wide window) had 状态, 登记日期, 到期日 and 同步
behind a horizontal scrollbar, the city's 村 a 12-digit code."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.conftest import settle
from tests.gui.test_city_pages import city_window  # noqa: F401 (fixture)
from tests.gui.test_printing import register
from tests.gui.test_town_pages import clerk_template, clerk_window  # noqa: F401 (fixtures)
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


def test_the_town_inbox_fits_a_1024_screen(qtbot, clerk_window) -> None:  # noqa: F811
    win = clerk_window
    win.resize(*SCREEN)
    win.go(win.town_inbox)
    settle(qtbot, win)
    assert win.width() <= SCREEN[0] and win.town_inbox.model.rowCount()
    _check_table(win.town_inbox.table, "收件箱")
    assert not win.town_inbox.table.horizontalScrollBar().isVisible()


def test_the_city_inbox_fits_a_1024_screen_and_names_its_villages(qtbot, city_window) -> None:  # noqa: F811
    from villagedesk.services import catalog

    win = city_window[0]
    with win.desk.store.write() as s:  # the villages as the published region list names them
        catalog.load_regions(
            s,
            [
                {"code": "419001101201", "name": "东马庄村", "level": "village", "parent": "419001101000"},
                {"code": "419001100201", "name": "上后头村民委员会第二居民小组", "level": "village"},
            ],
        )
    win.resize(*SCREEN)
    win.go(win.city_inbox)
    settle(qtbot, win)
    table = win.city_inbox.table
    model = table.model()
    assert model.rowCount()
    col = [key for key, _label in model.COLUMNS].index("village")
    shown = {model.index(r, col).data() for r in range(model.rowCount())}
    assert shown == {"东马庄村", "上后头村民委员会第二居民小组"}  # names, not codes (the long one cut short)
    _check_table(table, "市级收件箱")
