"""The evaluation pages that are not in the main window itself: 差评整改 for both roles, the village's
考评督查 (its rating and the inspections it answers) and the town's 市级督查 (the city's inspections of the
town, which its clerks answer)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from villagedesk.domain.lifecycle import Role

if TYPE_CHECKING:
    from villagedesk.ui.main_window import MainWindow
    from villagedesk.ui.pages.followups_page import FollowUpsPage
    from villagedesk.ui.pages.records_page import RecordsPage


def install(window: MainWindow) -> None:
    """差评整改 right after 统计, as a placeholder until first shown (start-up builds no more pages)."""
    at = next(n for n, (_label, p) in enumerate(window.pages) if p is window.lazy.placeholders.get("stats")) + 1
    label = QCoreApplication.translate("MainWindow", "差评整改")
    window.pages.insert(at, (label, window.lazy.placeholder("followups")))
    if window.desk.identity.role is Role.AGENT:  # 考评督查 right after 进展报送
        at = next(n for n, (_label, p) in enumerate(window.pages) if p is window.lazy.placeholders.get("reports")) + 1
        label = QCoreApplication.translate("MainWindow", "考评督查")
        window.pages.insert(at, (label, window.lazy.placeholder("village_records")))
    elif window.desk.identity.role is Role.CLERK:  # 市级督查 (the city's inspections of the town) after 报送市级
        after = window.lazy.placeholders.get("town_reports")
        at = next(n for n, (_label, p) in enumerate(window.pages) if p is after) + 1
        label = QCoreApplication.translate("MainWindow", "市级督查")
        window.pages.insert(at, (label, window.lazy.placeholder("village_records")))


def build_followups(window: MainWindow) -> FollowUpsPage:
    """The page itself, refreshed when shown; opening a case shows its detail."""
    from villagedesk.ui.pages.followups_page import FollowUpsPage

    page = FollowUpsPage(window.desk, window.runner)
    page.open_case.connect(window.open_case)
    return page


def build_records(window: MainWindow) -> RecordsPage:
    """The village's 考评督查 page, refreshed when shown."""
    from villagedesk.ui.pages.records_page import RecordsPage

    return RecordsPage(window.desk, window.runner)
