"""Registers the town clerk's pages in the main window (kept here so the window itself barely changes)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from villagedesk.domain.lifecycle import Role

if TYPE_CHECKING:
    from villagedesk.ui.main_window import MainWindow


def install(window: MainWindow) -> None:
    """For a clerk's profile: 收件箱 and 镇级概览 right after 工作台, refreshed when a case changes."""
    if window.desk.identity.role is not Role.CLERK:
        return
    from villagedesk.ui.town_inbox_page import TownInboxPage  # an agent's window never needs these
    from villagedesk.ui.town_overview_page import TownOverviewPage

    inbox = TownInboxPage(window.desk, window.runner)
    overview = TownOverviewPage(window.desk, window.runner)
    window.town_inbox, window.town_overview = inbox, overview
    window.pages[1:1] = [
        (QCoreApplication.translate("MainWindow", "收件箱"), inbox),
        (QCoreApplication.translate("MainWindow", "镇级概览"), overview),
    ]
    inbox.open_case.connect(window.open_case)
    window.lazy.when_built("detail", lambda d: d.changed.connect(lambda _id: (inbox.reload(), overview.refresh())))
    window.nav.currentRowChanged.connect(lambda row: _shown(window, row))


def _shown(window: MainWindow, row: int) -> None:
    if row < 0 or window.is_locked():
        return
    page = window.pages[row][1]
    if page is window.town_inbox:
        window.town_inbox.load_filters()
        window.town_inbox.reload()
    elif page is window.town_overview:
        window.town_overview.refresh()
