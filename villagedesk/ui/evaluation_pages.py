"""The evaluation pages that are not in the main window itself (差评整改), for both roles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:
    from villagedesk.ui.followups_page import FollowUpsPage
    from villagedesk.ui.main_window import MainWindow


def install(window: MainWindow) -> None:
    """差评整改 right after 统计, as a placeholder until first shown (start-up builds no more pages)."""
    at = next(n for n, (_label, p) in enumerate(window.pages) if p is window.lazy.placeholders.get("stats")) + 1
    label = QCoreApplication.translate("MainWindow", "差评整改")
    window.pages.insert(at, (label, window.lazy.placeholder("followups")))


def build_followups(window: MainWindow) -> FollowUpsPage:
    """The page itself, refreshed when shown; opening a case shows its detail."""
    from villagedesk.ui.followups_page import FollowUpsPage

    page = FollowUpsPage(window.desk, window.runner)
    page.open_case.connect(window.open_case)
    return page
