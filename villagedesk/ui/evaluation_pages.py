"""Registers the evaluation pages that are not in the main window itself (差评整改), for both roles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from villagedesk.ui.followups_page import FollowUpsPage

if TYPE_CHECKING:
    from villagedesk.ui.main_window import MainWindow


def install(window: MainWindow) -> None:
    """差评整改 right after 统计; refreshed when shown, opening a case shows its detail."""
    page = FollowUpsPage(window.desk, window.runner)
    window.followups = page
    at = next(n for n, (_label, p) in enumerate(window.pages) if p is window.stats) + 1
    window.pages.insert(at, (QCoreApplication.translate("MainWindow", "差评整改"), page))
    window._refresh_on_show.append(page)
    page.open_case.connect(window.open_case)
