"""The case list's 状态 is as wide as the longest case state name (issue 14): it was sized by a
four-character sample (退回补正), so 市级已受理 — and every longer English name — was cut short. Checked in
Chinese and in English, with the conflict mark, in the table's own font and cell padding."""

from __future__ import annotations

import pytest

from tests.gui.conftest import PASSWORD, USERNAME, settle
from villagedesk.domain.lifecycle import CASE_STATES, STATE_LABELS, State
from villagedesk.services import accounts, preferences
from villagedesk.ui import i18n
from villagedesk.ui.main_window import MainWindow
from villagedesk.ui.vocabulary import state_name
from villagedesk.ui.widgets.case_columns import CONFLICT_MARK, cell_padding


@pytest.fixture(params=["zh_CN", "en"])
def language(request, qapp):
    i18n.install(request.param)
    yield request.param
    i18n.uninstall()
    i18n.install(i18n.DEFAULT)
    i18n.uninstall()


def test_status_is_wide_enough_for_every_state_name(qtbot, language, gui_desk) -> None:
    account = accounts.authenticate(gui_desk, USERNAME, PASSWORD)
    win = MainWindow(gui_desk, account, preferences.load(gui_desk))
    qtbot.addWidget(win)
    win.show()
    settle(qtbot, win)
    try:
        table = win.cases.table
        col = [key for key, _label in table.model().COLUMNS].index("status")
        width = table.horizontalHeader().sectionSize(col)
        names = [state_name(s) + CONFLICT_MARK for s in CASE_STATES]
        if language == "en":
            assert state_name(State.CITY_ACCEPTED) != STATE_LABELS[State.CITY_ACCEPTED]  # really English
        need = {n: table.fontMetrics().horizontalAdvance(n) + cell_padding(table) for n in names}
        assert {n: w for n, w in need.items() if w > width} == {}
        assert state_name(State.CITY_ACCEPTED) + CONFLICT_MARK in need
    finally:
        win.ask_before_close = False
        win.close()
