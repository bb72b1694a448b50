"""At 1024×768 every case table shows each of its columns whole and in view (the item name, whose tooltip
holds it, takes what is left) and the case list's search box keeps a usable width. At this size the
search box was 107 pixels, 到期日 and 同步 were past the right edge and the dashboard's dates "…"; the
town's and the city's inboxes (fixed widths for a 1280-wide window) had 状态, 登记日期, 到期日 and 同步
behind a horizontal scrollbar, the city's 村 a 12-digit code."""

from __future__ import annotations

import pytest
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


SIX = "吉祥·阿依古丽"  # six 汉字 and the ·: shown whole where there is room
LONG = "阿卜杜热合曼·买买提艾力"  # longer than any column should be: cut short, whole in the tooltip
LONG_ITEM = "JY019"  # 城乡居民养老保险丧葬补助/个人账户余额继承, the catalog's longest name


def add_long_names(desk) -> None:
    """Two submissions of one of the town's villages, with long villagers' names and the longest item
    (the profile plays the village, then the town again)."""
    from tests.e2e.test_case_loop import register as register_case
    from villagedesk.domain.lifecycle import EventType, Role
    from villagedesk.services import actions, town

    ident = desk.identity
    desk.setup(Role.AGENT, town.villages(desk)[0][0], "李娜")
    for name, body in ((SIX, "419001199207070076"), (LONG, "419001197503030037")):
        actions.perform(desk, register_case(desk, LONG_ITEM, name, body), EventType.SUBMITTED, {})
    desk.setup(Role.CLERK, ident.region_code, ident.user, ident.user_id)


@pytest.mark.parametrize("width", [1280, SCREEN[0]])
def test_the_town_inbox_fits_long_names(qtbot, clerk_template, tmp_path, width) -> None:  # noqa: F811
    """申请人 in the town inbox was as wide as four 汉字 however wide the window: 吉祥·阿依古丽 read 吉祥·阿…
    at 1280 with room to spare; now the column takes the widest listed name up to 13 display columns as
    far as 事项 can give (at 1024 it cannot), a longer name is cut with its whole in the tooltip, and
    the item filter's entries are cut by display width with the whole name in their tooltip (a long
    item's entry made the filter row as wide as the name)."""
    import shutil

    from tests.conftest import TODAY
    from tests.gui.conftest import shown_window
    from tests.gui.test_town_pages import CLERK, PASSWORD
    from villagedesk.services import accounts
    from villagedesk.services.desk import Desk
    from villagedesk.ui.widgets.case_columns import cell_padding

    shutil.copytree(clerk_template, tmp_path / "clerk")
    desk = Desk.open(tmp_path / "clerk", today=TODAY)
    add_long_names(desk)
    with shown_window(qtbot, desk, accounts.authenticate(desk, CLERK, PASSWORD)) as win:
        win.resize(width, SCREEN[1])
        win.go(win.town_inbox)
        settle(qtbot, win)
        page = win.town_inbox
        table, model = page.table, page.model
        col = [key for key, _label in model.COLUMNS].index("applicant_name")
        shown = {model.index(r, col).data(): r for r in range(model.rowCount())}
        assert SIX in shown and LONG in shown
        metrics = table.fontMetrics()
        if width > SCREEN[0]:
            assert table.columnWidth(col) >= metrics.horizontalAdvance(SIX) + cell_padding(table)
        assert table.columnWidth(col) < metrics.horizontalAdvance(LONG)  # cut short …
        assert model.index(shown[LONG], col).data(Qt.ItemDataRole.ToolTipRole) == LONG  # … whole here
        entry = page.item.findData(LONG_ITEM)
        whole = page.item.itemData(entry, Qt.ItemDataRole.ToolTipRole)
        assert whole == "JY019 城乡居民养老保险丧葬补助/个人账户余额继承"
        assert page.item.itemText(entry).endswith("…") and len(page.item.itemText(entry)) < len(whole)
        assert win.width() <= width
        _check_table(table, "收件箱")
        assert not table.horizontalScrollBar().isVisible()
