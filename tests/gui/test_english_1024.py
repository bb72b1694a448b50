"""Cadre test, finding 4: English at 1024×768.

办件: 「Awaiting …」, 「Complete…」, 「Expected …」 were cut although the columns are fitted to the English
texts: the widths kept from an earlier start in Chinese (``ui-state.ini``) were put back over the fit.
A kept width now never makes a case list's column narrower than its content."""

from __future__ import annotations

from tests.conftest import TODAY
from tests.gui.conftest import PASSWORD, USERNAME, settle, shown_window
from tests.gui.test_english_pages import english  # noqa: F401 (the fixture)
from villagedesk.services import accounts
from villagedesk.services.desk import Desk
from villagedesk.ui import i18n
from villagedesk.ui.widgets import case_columns

SCREEN = (1024, 738)


def _cut_columns(table) -> list[str]:
    header = table.horizontalHeader()
    keys = [k for k, _ in table.model().COLUMNS]
    return [
        f"{key}: {header.sectionSize(col)} < {want}"
        for col, (key, want) in enumerate(zip(keys, case_columns.column_widths(table), strict=True))
        if key != case_columns.STRETCH and header.sectionSize(col) < want
    ]


def test_case_list_columns_kept_from_chinese_fit_english(qtbot, gui_desk) -> None:
    root = gui_desk.paths.root
    account = accounts.authenticate(gui_desk, USERNAME, PASSWORD)
    i18n.install("zh_CN")
    try:
        with shown_window(qtbot, gui_desk, account) as window:  # a day in Chinese: widths saved at close
            window.resize(*SCREEN)
            window.go(window.cases)
            settle(qtbot, window)
        i18n.uninstall()
        i18n.install("en")
        desk = Desk.open(root, today=TODAY)
        with shown_window(qtbot, desk, accounts.authenticate(desk, USERNAME, PASSWORD)) as window:
            window.resize(*SCREEN)
            window.go(window.cases)
            settle(qtbot, window)
            assert _cut_columns(window.cases.table) == []
    finally:
        i18n.uninstall()
        i18n.install(i18n.DEFAULT)
        i18n.uninstall()
