"""English mode (issue 14, item 13): the dashboard, 统计 and the 同步 page say everything in English.
The metric names, the dashboard's summaries and the sync page's results came from services (Chinese
only) and stayed Chinese; now the services return codes and numbers, and the UI words them. A label may
still hold data (a villager's or a village's name, an item's title): the walk looks at the words the
pages themselves put there, not at table cells."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QGroupBox, QLabel, QListView, QTabWidget, QWidget

from tests.gui.conftest import PASSWORD, USERNAME, settle
from villagedesk.services import accounts, preferences
from villagedesk.sync import engine
from villagedesk.ui import i18n
from villagedesk.ui.main_window import MainWindow

CJK = re.compile(r"[\u3400-\u9fff]")


@pytest.fixture
def english(qapp):
    i18n.install("en")
    yield
    i18n.uninstall()
    i18n.install(i18n.DEFAULT)
    i18n.uninstall()


def chinese_words(page: QWidget, data: tuple[str, ...] = ()) -> list[str]:
    """Every visible label, button, group title, tab and column header of ``page`` with a CJK character
    once the ``data`` in it (a village's name) is taken out."""
    found: list[str] = []
    for w in page.findChildren(QWidget):
        if not w.isVisibleTo(page):
            continue
        texts: list[str] = []
        if isinstance(w, QLabel | QAbstractButton):
            texts.append(w.text())
        if isinstance(w, QGroupBox):
            texts.append(w.title())
        if isinstance(w, QTabWidget):
            texts += [w.tabText(i) for i in range(w.count())]
        if isinstance(w, QAbstractItemView) and not isinstance(w, QListView) and w.model() is not None:
            m = w.model()
            texts += [str(m.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(m.columnCount())]
        for t in texts:
            for d in data:
                t = t.replace(d, "")
            if CJK.search(t):
                found.append(f"{type(w).__name__}: {t}")
    return found


def test_dashboard_stats_and_sync_pages_in_english(qtbot, english, gui_desk) -> None:
    account = accounts.authenticate(gui_desk, USERNAME, PASSWORD)
    win = MainWindow(gui_desk, account, preferences.load(gui_desk))
    qtbot.addWidget(win)
    win.show()
    settle(qtbot, win)
    try:
        seen = {}
        for name in ("dashboard", "stats", "sync_panel"):
            page = (
                win.lazy.resolve(win.lazy.placeholders[name]) if name in win.lazy.placeholders else getattr(win, name)
            )
            win.go(page)
            settle(qtbot, win)
            if name == "sync_panel":  # what a run that moved records and scans reports (the controller's call)
                result = engine.SyncResult(ok=True, pushed=3, pulled=2, attachments_up=1, seconds=1.5)
                result.finished_at = "2026-11-25T02:00:00+00:00"
                page._finished(result)
            seen[name] = chinese_words(page, (getattr(page, "region_name", "") or "\x00",))
        assert seen == {"dashboard": [], "stats": [], "sync_panel": []}
        stats = win.lazy.built["stats"]
        assert stats.cards["followups_open"].text().endswith("overdue)")
    finally:
        win.ask_before_close = False
        win.close()


def test_the_translatable_metric_names_are_the_tables() -> None:
    from villagedesk.domain.metrics import METRIC_LABELS
    from villagedesk.ui import metric_words

    assert tuple(METRIC_LABELS.values()) == metric_words.TRANSLATABLE


def _case_page_words(page) -> list[str]:
    """The case page's own words: labels and buttons (less the villager's and the item's data), and the
    table columns the page words itself (the timeline's step and level, a material's state and holder)."""
    d = page.detail
    a = d.applicant
    data = [a.get(k, "") for k in ("name", "id_number", "phone", "group", "address")]
    data += [d.row.title, d.row.case_no]
    data += [m["name"] for m in d.registered.get("materials", [])]
    data += list(d.view.get("missing") or [])
    data = sorted((x for x in data if x), key=len, reverse=True)
    found = chinese_words(page, tuple(data))
    for table, columns in ((page.timeline, (1, 2)), (page.materials, (1, 2))):
        for r in range(table.rowCount()):
            for c in columns:
                item = table.item(r, c)
                if item is not None and CJK.search(item.text()):
                    found.append(f"{table.objectName() or 'table'}[{r},{c}]: {item.text()}")
    return found


def test_the_case_page_in_english_in_several_states(qtbot, english, gui_desk) -> None:
    from villagedesk.services import queries

    account = accounts.authenticate(gui_desk, USERNAME, PASSWORD)
    win = MainWindow(gui_desk, account, preferences.load(gui_desk))
    qtbot.addWidget(win)
    win.show()
    settle(qtbot, win)
    try:
        seen = {}
        for status in ("registered", "awaiting_materials", "submitted", "accepted", "delivered", "closed"):
            found = queries.list_cases(gui_desk, queries.CaseFilter(statuses=[status]), limit=1)
            if not found:
                continue
            win.open_case(found[0].id)
            settle(qtbot, win)
            seen[status] = _case_page_words(win.detail)
        assert len(seen) >= 4, seen.keys()
        assert all(words == [] for words in seen.values()), seen
    finally:
        win.ask_before_close = False
        win.close()


def test_the_translatable_case_words_are_the_tables() -> None:
    from villagedesk.domain.case_steps import ROLE_LEVELS
    from villagedesk.domain.catalog import FORM_LABELS, LEVEL_LABELS
    from villagedesk.domain.custody import HOLDER_LABELS
    from villagedesk.domain.lifecycle import EVENT_LABELS
    from villagedesk.ui import case_words, event_words

    assert tuple(EVENT_LABELS.values()) == event_words.TRANSLATABLE
    tables = {*ROLE_LEVELS.values(), *LEVEL_LABELS.values(), *FORM_LABELS.values(), *HOLDER_LABELS.values()}
    assert tables <= set(case_words.TRANSLATABLE)


def test_the_programs_name_is_english_in_english(qtbot, english, gui_desk) -> None:
    from PySide6.QtGui import QGuiApplication

    from villagedesk.ui.login import LoginDialog

    assert QGuiApplication.applicationDisplayName() == "VillageDesk"  # Qt appends it to every title
    login = LoginDialog(gui_desk)
    qtbot.addWidget(login)
    assert login.windowTitle() == "Log in - VillageDesk"
    assert chinese_words(login) == []


def test_the_dashboards_last_sync_is_english(qtbot, english, gui_desk) -> None:
    import json

    from villagedesk.db import store as st
    from villagedesk.services import syncinfo

    with gui_desk.store.write() as s:  # what the engine leaves after a good run
        st.set_setting(
            s, syncinfo.LAST_RESULT_KEY, json.dumps({"ok": True, "finished_at": "2026-11-25T08:30:00+00:00"})
        )
    account = accounts.authenticate(gui_desk, USERNAME, PASSWORD)
    win = MainWindow(gui_desk, account, preferences.load(gui_desk))
    qtbot.addWidget(win)
    win.show()
    settle(qtbot, win)
    try:
        text = win.dashboard.sync_label.text()
        assert "synced" in text and not CJK.search(text), text
    finally:
        win.ask_before_close = False
        win.close()


def test_the_catalogs_level_is_english(qtbot, english, gui_desk) -> None:
    account = accounts.authenticate(gui_desk, USERNAME, PASSWORD)
    win = MainWindow(gui_desk, account, preferences.load(gui_desk))
    qtbot.addWidget(win)
    win.show()
    settle(qtbot, win)
    try:
        win.go(win.lazy.placeholders["catalog"])
        settle(qtbot, win)
        text = win.lazy.built["catalog"].detail.text()
        level = text.split("Decided at: ", 1)[1].split("<br>", 1)[0].split(" ", 1)[0]  # one fact a line
        assert level in ("Village", "Town", "City"), text
    finally:
        win.ask_before_close = False
        win.close()
