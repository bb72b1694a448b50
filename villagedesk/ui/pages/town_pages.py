"""Registers the town clerk's pages in the main window (kept here so the window itself barely changes),
and the helper the city's pages share with it: an inbox and an overview right after 工作台."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from villagedesk.domain.lifecycle import Role

if TYPE_CHECKING:
    from villagedesk.ui.main_window import MainWindow


def install(window: MainWindow) -> None:
    """For a clerk's profile: 收件箱 and 镇级概览 right after 工作台, refreshed when a case changes."""
    if window.desk.identity.role is not Role.CLERK:
        return
    from villagedesk.ui.pages.town_inbox_page import TownInboxPage  # an agent's window never needs these
    from villagedesk.ui.pages.town_overview_page import TownOverviewPage

    inbox = TownInboxPage(window.desk, window.runner)
    overview = TownOverviewPage(window.desk, window.runner)
    window.town_inbox, window.town_overview = inbox, overview
    inbox_label = QCoreApplication.translate("MainWindow", "收件箱")
    overview_label = QCoreApplication.translate("MainWindow", "镇级概览")
    add_inbox_pages(window, (inbox_label, inbox), (overview_label, overview))


def add_inbox_pages(
    window: MainWindow,
    inbox: tuple[str, Any],
    overview: tuple[str, Any],
    more: tuple[tuple[QWidget, Callable[[], None]], ...] = (),
) -> None:
    """Put (label, page) ``inbox`` and ``overview`` right after 工作台: the inbox opens its cases, both
    reload when a case changes and when shown (as do the pages of ``more``, with their own refresh)."""
    (_l, box), (_m, view) = inbox, overview
    window.pages[1:1] = [inbox, overview]
    box.open_case.connect(window.open_case)
    window.lazy.when_built("detail", lambda d: d.changed.connect(lambda _id: (box.reload(), view.refresh())))
    on_show: dict[int, Callable[[], None]] = {
        id(box): lambda: (box.load_filters(), box.reload()),
        id(view): view.refresh,
    }
    on_show.update({id(page): refresh for page, refresh in more})
    window.nav.currentRowChanged.connect(lambda row: _shown(window, row, on_show))


def _shown(window: MainWindow, row: int, on_show: dict[int, Callable[[], None]]) -> None:
    if row < 0 or window.is_locked():
        return
    refresh = on_show.get(id(window.pages[row][1]))
    if refresh is not None:
        refresh()
