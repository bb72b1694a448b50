"""The main window: navigation on the left, one page at a time, lock screen over everything."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QWidget,
)

from villagedesk.domain.lifecycle import EventType, Role, may_author
from villagedesk.services import accounts, calendars, catalog, preferences, viewer_copies
from villagedesk.services.desk import Desk
from villagedesk.ui import enter_key, shortcuts, window_state
from villagedesk.ui.dialogs import confirm
from villagedesk.ui.error_words import error_text
from villagedesk.ui.login import IdleWatcher, LockScreen
from villagedesk.ui.pages import evaluation_pages
from villagedesk.ui.pages.cases_page import CasesPage
from villagedesk.ui.pages.dashboard_page import DashboardPage
from villagedesk.ui.pages.lazy_pages import LazyPage, LazyPages
from villagedesk.ui.sync_controller import SyncController
from villagedesk.ui.tasks import TaskRunner
from villagedesk.ui.widgets.page_stack import PageStack
from villagedesk.ui.widgets.tab_chain import NavList, keep_in_page

if TYPE_CHECKING:  # the other pages are imported when first built (start-up time)
    from villagedesk.ui.dialogs.enroll_dialog import EnrollDialog
    from villagedesk.ui.pages.appointments_page import AppointmentsPage
    from villagedesk.ui.pages.catalog_page import CatalogPage
    from villagedesk.ui.pages.detail_page import DetailPage
    from villagedesk.ui.pages.followups_page import FollowUpsPage
    from villagedesk.ui.pages.intake_page import IntakePage
    from villagedesk.ui.pages.rating_page import RatingPage
    from villagedesk.ui.pages.records_page import RecordsPage
    from villagedesk.ui.pages.reports_page import ReportsPage
    from villagedesk.ui.pages.servicelog_page import ServiceLogPage
    from villagedesk.ui.pages.settings_page import SettingsPage
    from villagedesk.ui.pages.stats_page import StatsPage
    from villagedesk.ui.pages.sync_panel import SyncPanel
    from villagedesk.ui.pages.town_reports_page import TownReportsPage


def nav_width(nav: QListWidget, labels: list[str]) -> int:
    """120 px, or the longest single word: a long entry wraps onto a second line (a fixed 120 px without
    wrapping cut "Ratings and inspect…"; a list as wide as the whole entry pushed 办件 past 1024 px)."""
    nav.setWordWrap(True)
    words = [w for label in labels for w in label.split()]
    text = max((nav.fontMetrics().horizontalAdvance(w) for w in words), default=0)
    return max(120, text + 2 * nav.frameWidth() + 24)  # the item's padding and room for a scroll bar's edge


class MainWindow(QMainWindow):
    backup_failed = Signal(str)  # the daily automatic backup, from its own thread: told to the agent here
    # Built on first use (pages/lazy_pages.py): the dashboard and the case list are the first screen.
    intake: IntakePage = LazyPage("_make_intake")  # type: ignore[assignment]
    detail: DetailPage = LazyPage("_make_detail")  # type: ignore[assignment]
    catalog: CatalogPage = LazyPage("_make_catalog")  # type: ignore[assignment]
    servicelog: ServiceLogPage = LazyPage("_make_servicelog")  # type: ignore[assignment]
    appointments: AppointmentsPage = LazyPage("_make_appointments")  # type: ignore[assignment]
    settings: SettingsPage = LazyPage("_make_settings")  # type: ignore[assignment]
    stats: StatsPage = LazyPage("_make_stats")  # type: ignore[assignment]
    reports: ReportsPage | TownReportsPage = LazyPage("_make_reports")  # type: ignore[assignment]
    town_reports: TownReportsPage = LazyPage("_make_town_reports")  # type: ignore[assignment]
    rating: RatingPage | None = LazyPage("_make_rating")  # type: ignore[assignment]
    sync_panel: SyncPanel = LazyPage("_make_sync_panel")  # type: ignore[assignment]
    followups: FollowUpsPage = LazyPage("_make_followups")  # type: ignore[assignment]
    village_records: RecordsPage = LazyPage("_make_village_records")  # type: ignore[assignment]

    def __init__(self, desk: Desk, account: accounts.AccountInfo | None, prefs: preferences.Preferences) -> None:
        super().__init__()
        self.desk = desk
        self.account = account
        self.runner = TaskRunner(self)
        self.lazy = LazyPages(self)
        ident = desk.identity
        # Qt appends the application's display name (application.py) to every window title itself:
        # naming it here too showed "村级便民代办台 — … — 村级便民代办台".
        self.setWindowTitle(f"{catalog.region_name(desk, ident.region_code)} {ident.user}")
        self.ui_state = window_state.settings_for(desk)
        window_state.restore(self, self.ui_state)  # where it was, or what fits; always on screen
        self.lazy.on_built = lambda page: window_state.restore_parts(page, self.ui_state)

        self.dashboard = DashboardPage(desk, self.runner)
        self.cases = CasesPage(desk, self.runner)
        self.lock_screen = LockScreen(desk)
        self.sync = SyncController(desk, self.runner, parent=self)
        self.enroll_dialog: EnrollDialog | None = None
        slot = self.lazy.placeholder
        self.pages: list[tuple[str, QWidget]] = [
            (self.tr("工作台"), self.dashboard),
            (self.tr("办件"), self.cases),
            *([(self.tr("代办登记"), slot("intake"))] if self.offers_intake() else []),
            (self.tr("事项清单"), slot("catalog")),
            (self.tr("服务记录"), slot("servicelog")),
            (self.tr("预约"), slot("appointments")),
            (self.tr("统计"), slot("stats")),
            (self.tr("进展报送"), slot("reports")),
            (self.tr("设置"), slot("settings")),
            (self.tr("同步"), slot("sync_panel")),
        ]
        if ident.role is Role.CLERK:  # the town's evaluation of its village centers, before 设置
            self.pages.insert(len(self.pages) - 2, (self.tr("星级考评"), slot("rating")))
            # 镇→市: the town's own monthly report to the city, right after its villages' reports
            reports = self.lazy.placeholders["reports"]
            after = next(n for n, (_l, p) in enumerate(self.pages) if p is reports) + 1
            self.pages.insert(after, (self.tr("报送市级"), slot("town_reports")))
        self._refresh_on_show = ("stats", "reports", "town_reports", "rating", "followups", "village_records")
        self.nav = NavList()  # Tab into it never shows a page (tab_chain)
        self._case_from = 0  # the navigation row a case was opened from (返回 goes back there)
        office = ident.role in (Role.CLERK, Role.CITY)
        if office:  # an agent's window never imports these (the audit trail's reader pulls in sync.engine)
            from villagedesk.ui.pages import audit_page, city_pages, town_pages

            town_pages.install(self)  # the clerk's inbox and overview
            city_pages.install(self)  # the city clerk's inbox across towns and overview
        evaluation_pages.install(self)  # 差评整改
        if office:
            audit_page.install(self)  # 留痕: the clerk reads the village PCs' audit trails
        self.stack = PageStack()  # its minimum width never pushes the window off screen
        for label, page in self.pages:
            self.nav.addItem(label)
            self.stack.addWidget(page)
        self.nav.setFixedWidth(nav_width(self.nav, [label for label, _p in self.pages]))
        self.stack.addWidget(self.lock_screen)
        self.stack.currentChanged.connect(lambda _n: keep_in_page(self.stack.currentWidget()))
        keep_in_page(self.stack.currentWidget())  # 工作台, current before the signal was connected
        body = QWidget()
        layout = QHBoxLayout(body)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(body)
        self.user_label = QLabel()
        self.statusBar().addPermanentWidget(self.user_label)
        who = {"clerk": self.tr("镇中心 %1"), "city": self.tr("市级审批服务中心 %1")}.get(ident.role.value)
        who = who or self.tr("代办员 %1")
        self.user_label.setText(who.replace("%1", ident.user))
        self.logged_out = False  # closed by 注销: the program shows the login again (application.launch)
        self.logout_button = QPushButton(self.tr("注销"))
        self.logout_button.setToolTip(self.tr("退出当前账号, 回到登录 (程序不退出)"))
        self.logout_button.clicked.connect(self.logout)
        self.logout_button.setVisible(account is not None)
        self.statusBar().addPermanentWidget(self.logout_button)

        self.nav.currentRowChanged.connect(self.show_page)
        self.dashboard.open_case.connect(self.open_case)
        self.cases.open_case.connect(self.open_case)
        self.runner.error.connect(lambda msg: self.statusBar().showMessage(msg, 8000))
        self.backup_failed.connect(self._tell_backup_failed)
        self.backup_notice: QMessageBox | None = None
        self.restore_notice: QMessageBox | None = None
        self.lock_screen.unlocked.connect(self.unlock)
        self._connect_sync()
        self.shortcuts = shortcuts.install(self)
        enter_key.install()  # Enter on a focused button presses it, here and in every dialog
        self.ask_before_close = True  # closing with a half-filled intake form asks first
        self.encrypted_now = False  # 设置 → 加密本机数据 finished: the program ends instead of logging in again

        self.idle = IdleWatcher(prefs.idle_minutes, self)
        self.idle.idle.connect(self.lock)
        app = QApplication.instance()
        self._watching = app is not None
        if app is not None:  # each window the user turns to (dialogs too); the main window when shown
            app.focusWindowChanged.connect(self.idle.watch)
        self._locked_from = 0
        window_state.restore_parts(self, self.ui_state)
        self.cases.reload()  # the case list's first screen is queued before anything else
        self.nav.setCurrentRow(0)
        QTimer.singleShot(0, self, self._load_other_pages)  # once the loop runs: pages not on screen yet

    def offers_intake(self) -> bool:
        """代办登记 only for a role the lifecycle lets register a case: a town clerk's registration was
        refused only at 保存登记, after the whole form had been filled in."""
        return may_author(self.desk.identity.role, EventType.CASE_REGISTERED)

    def _load_other_pages(self) -> None:
        self.cases.load_villages()
        self.sync.start()

    # --- pages built on first use (each factory builds, wires and starts loading one page) ---------

    def _make_intake(self) -> IntakePage:
        from villagedesk.ui.pages.intake_page import IntakePage

        page = IntakePage(self.desk, self.runner)
        page.saved.connect(lambda _r: self._data_changed())
        page.saved.connect(lambda _r: self.lazy.is_built("appointments") and self.appointments.refresh())
        page.saved.connect(lambda *_a: self.sync.local_write())
        page.load_items()
        return page

    def _make_detail(self) -> DetailPage:
        from villagedesk.ui.pages.detail_page import DetailPage

        page = DetailPage(self.desk, self.runner)
        page.back.connect(self._back_from_case)
        page.changed.connect(lambda _id: self._data_changed())
        page.changed.connect(lambda *_a: self.sync.local_write())
        return page

    def _make_catalog(self) -> CatalogPage:
        from villagedesk.ui.pages.catalog_page import CatalogPage

        page = CatalogPage(self.desk, self.runner)
        page.refresh()
        return page

    def _make_servicelog(self) -> ServiceLogPage:
        from villagedesk.ui.pages.servicelog_page import ServiceLogPage

        page = ServiceLogPage(self.desk, self.runner)
        page.saved.connect(lambda _r: self._data_changed())
        page.saved.connect(lambda *_a: self.sync.local_write())
        return page

    def _make_appointments(self) -> AppointmentsPage:
        from villagedesk.ui.pages.appointments_page import AppointmentsPage

        page = AppointmentsPage(self.desk, self.runner)
        page.arrived.connect(self._appointment_arrived)
        page.refresh()
        return page

    def _make_settings(self) -> SettingsPage:
        from villagedesk.ui.pages.settings_page import SettingsPage

        page = SettingsPage(self.desk, self.runner)
        page.saved.connect(self._prefs_saved)
        self._show_enrollment(page)
        self.sync.enrolled_changed.connect(lambda _on: self._show_enrollment(page))
        self.sync.finished.connect(lambda _result: self._show_enrollment(page))  # a 401 says: revoked
        page.enroll_requested.connect(self.show_enroll)
        page.username = self.account.username if self.account is not None else ""
        page.sync = self.sync  # a conversion waits for no sync: it refuses while one runs
        page.encrypted.connect(self._encrypted)
        page.refresh()
        return page

    def _make_stats(self) -> StatsPage:
        from villagedesk.ui.pages.stats_page import StatsPage

        return StatsPage(self.desk, self.runner)

    def _make_reports(self) -> ReportsPage | TownReportsPage:
        if self.desk.identity.role is Role.CITY:  # the city reviews the towns' reports (镇→市)
            return self._make_town_reports()
        from villagedesk.ui.pages.reports_page import ReportsPage

        return ReportsPage(self.desk, self.runner)

    def _make_town_reports(self) -> TownReportsPage:
        from villagedesk.ui.pages.town_reports_page import TownReportsPage

        return TownReportsPage(self.desk, self.runner)

    def _make_rating(self) -> RatingPage | None:
        if self.desk.identity.role is not Role.CLERK:
            return None
        from villagedesk.ui.pages.rating_page import RatingPage

        return RatingPage(self.desk, self.runner)

    def _make_followups(self) -> FollowUpsPage:
        return evaluation_pages.build_followups(self)

    def _make_village_records(self) -> RecordsPage:
        return evaluation_pages.build_records(self)

    def _make_sync_panel(self) -> SyncPanel:
        from villagedesk.ui.pages.sync_panel import SyncPanel

        page = SyncPanel(self.desk, self.runner, self.sync)
        page.enroll_requested.connect(self.show_enroll)
        page.bundles.imported.connect(self._bundle_imported)
        if self.sync.last is not None:  # what happened before the panel existed
            page._finished(self.sync.last)
        return page

    # --- navigation -------------------------------------------------------------------------------

    def show_page(self, row: int) -> None:
        if self.is_locked() or row < 0:
            return
        page = self.lazy.resolve(self.pages[row][1])
        self.stack.setCurrentWidget(page)
        if page is self.dashboard:
            self.dashboard.refresh()
        elif any(self.lazy.built.get(n) is page for n in self._refresh_on_show):  # computed when looked at
            page.refresh()

    def go(self, page: QWidget) -> None:
        for n, (_label, p) in enumerate(self.pages):
            if p is page:
                self.nav.setCurrentRow(n)
                self.show_page(n)

    def open_case(self, case_id: str) -> None:
        if self.is_locked():
            return
        self.detail.show_case(case_id)
        self.stack.setCurrentWidget(self.detail)
        self._unmark_nav()

    def _unmark_nav(self) -> None:
        """The case page is no entry of the navigation: none is highlighted while it shows (工作台 stayed
        lit after opening a case from it), and a click on any entry, the one it came from too, goes there."""
        if self.nav.currentRow() >= 0:
            self._case_from = self.nav.currentRow()
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(-1)
        self.nav.blockSignals(False)

    def _back_from_case(self) -> None:
        """返回: to the page the case was opened from, highlighted again."""
        self.nav.setCurrentRow(max(self._case_from, 0))  # shows it (currentRowChanged)

    def _data_changed(self) -> None:
        self.cases.reload()
        self.dashboard.refresh()

    # --- sync -------------------------------------------------------------------------------------

    def _connect_sync(self) -> None:
        # local writes, enrollment buttons: wired as each page is built (_make_*)
        self.sync.finished.connect(self._sync_finished)

    def show_enroll(self) -> EnrollDialog:
        if self.enroll_dialog is None:
            from villagedesk.ui.dialogs.enroll_dialog import EnrollDialog

            self.enroll_dialog = EnrollDialog(self.desk, self.runner, self)
            self.enroll_dialog.enrolled.connect(self._enrolled)
        self.enroll_dialog.show()
        return self.enroll_dialog

    def _tell_backup_failed(self, sentence: str) -> None:
        """The day's automatic backup was not made: a box the agent must close, not a passing status line
        (a damaged database must be restored before more work goes into it)."""
        text = self.tr("今天的自动备份没有完成: %1").replace("%1", error_text(sentence))
        self.backup_notice = self._warn(self.tr("自动备份"), text)

    def tell_restore_note(self, sentence: str) -> None:
        """What a restore killed before its report never said (the cases it set aside), once, at start."""
        self.restore_notice = self._warn(self.tr("恢复"), error_text(sentence))

    def _warn(self, title: str, text: str) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self)
        box.setModal(False)
        box.show()
        self.statusBar().showMessage(text)
        return box

    def _show_enrollment(self, page: SettingsPage) -> None:
        last = self.sync.last
        revoked = last is not None and last.error_code == "revoked"
        page.show_enrollment(self.sync.enrolled, self.sync.server_url, revoked)

    def _enrolled(self, _reply: dict) -> None:
        """Say that the enrollment took, in the status bar and on 设置 where its button was."""
        assert self.enroll_dialog is not None
        server = self.enroll_dialog.url.text().strip()
        text = self.tr("已注册到镇中心服务器 %1: 本机的办件将自动与镇中心同步").replace("%1", server)
        self.statusBar().showMessage(text, 15_000)
        self.sync.enrolled_anew(server)  # 设置 shows it (``SettingsPage.show_enrollment``)

    def _sync_finished(self, _result) -> None:
        self.runner.write(calendars.refresh, self.desk)  # a schedule that arrived: due dates recomputed
        self.cases.refresh_sync()
        if self.lazy.is_built("detail"):
            self.detail.refresh_sync()
        if self.stack.currentWidget() is self.dashboard:
            self.dashboard.refresh()

    def _bundle_imported(self) -> None:
        """A USB acknowledgement bundle brought acks and the town's changes: show them everywhere."""
        self._sync_finished(None)
        self._data_changed()
        self.sync_panel.refresh()

    def _appointment_arrived(self, appt) -> None:
        """到访登记 fills the intake form with the booking; a half-filled form is asked about first, as
        清空, 注销 and closing do, and stays as it is on 取消."""
        if not self.offers_intake():
            return
        lost = self.unsaved_input()
        if not lost:
            self._fill_intake_from(appt)
            return
        detail = self.tr("登记表将换成「%1」的预约, 已填写的内容将丢失。要保留, 请点「取消」, 然后到「代办登记」保存。")
        confirm.ask(
            self,
            self.tr("到访登记"),
            lost,
            self.tr("不保存, 登记到访"),
            lambda: self._fill_intake_from(appt),
            detail.replace("%1", appt.name),
        )

    def _fill_intake_from(self, appt) -> None:
        self.go(self.intake)
        self.intake.start_from_appointment(appt)

    def _prefs_saved(self, prefs: preferences.Preferences) -> None:
        self.idle.set_minutes(prefs.idle_minutes)

    # --- lock -------------------------------------------------------------------------------------

    def is_locked(self) -> bool:
        return self.stack.currentWidget() is self.lock_screen

    def lock(self) -> None:
        if self.account is None or self.is_locked():
            return  # a profile without accounts (smoke runs) has nothing to unlock with
        self._locked_from = self.stack.currentIndex()
        for dialog in self.findChildren(QWidget):
            if dialog.isWindow() and dialog is not self and dialog.isVisible():
                dialog.close()
        self.nav.setEnabled(False)
        self.lock_screen.lock_for(self.account.id, self.account.display_name)
        self.stack.setCurrentWidget(self.lock_screen)

    def unlock(self) -> None:
        self.nav.setEnabled(True)
        self.stack.setCurrentIndex(self._locked_from)
        self.idle.timer.start()

    def logout(self) -> None:
        """注销: back to the login without quitting; a half-filled form is asked about first."""
        if self.is_locked():
            return  # the lock screen is the way back in
        lost = self.unsaved_input()
        if not lost:
            self._logout_confirmed()
            return
        confirm.ask(
            self,
            self.tr("注销"),
            lost,
            self.tr("不保存, 注销"),
            self._logout_confirmed,
            self._keep_hint(self.tr("注销后这些内容将丢失。要保留, 请点「%1」, 然后点「%2」。")),
        )

    def _logout_confirmed(self) -> None:
        self.logged_out = True
        self._close_confirmed()

    def _close_confirmed(self) -> None:
        self.ask_before_close = False
        self.close()

    def _encrypted(self) -> None:
        """设置 converted the profile: this window's DB connection was made for a plain file, so the program
        ends and is started again (its login then asks the password that opens the key)."""
        self.encrypted_now = True
        self._close_confirmed()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        window_state.clamp(self)  # the frame's size is known only once shown
        self.idle.watch(self.windowHandle())

    def _keep_hint(self, template: str) -> str:
        """A question's 「点「取消」, 然后点「保存登记」」 with the buttons' own texts (the English sentence,
        written apart, named a "Save registration" button the form does not have)."""
        cancel = QCoreApplication.translate("Confirm", "取消")
        return template.replace("%1", cancel).replace("%2", self.intake.save_button.text())

    def unsaved_input(self) -> str:
        """What closing now would lose ('' if nothing): a half-filled 代办登记 form."""
        if not self.lazy.is_built("intake") or not self.intake.has_input():
            return ""
        name = self.intake.applicant.name.text().strip()
        if name and not self.is_locked():  # never a villager's name over the lock screen
            return self.tr("「%1」的代办登记尚未保存。").replace("%1", name)
        return self.tr("代办登记表中有尚未保存的内容。")

    def closeEvent(self, event) -> None:
        lost = self.unsaved_input() if self.ask_before_close else ""
        if lost:
            event.ignore()  # ask first; the close is repeated once confirmed
            confirm.ask(
                self,
                self.tr("关闭程序"),
                lost,
                self.tr("不保存, 关闭"),
                self._close_confirmed,
                self._keep_hint(self.tr("关闭后这些内容将丢失。要保留, 请点「%1」, 然后点「%2」。")),
            )
            return
        window_state.save(self, self.ui_state)
        app = QApplication.instance()
        if app is not None and self._watching:
            app.focusWindowChanged.disconnect(self.idle.watch)
            self._watching = False
        self.sync.stop()
        self.runner.shutdown()
        viewer_copies.end_session()  # the plain scans opened in the system viewer go with the window
        super().closeEvent(event)


__all__ = ["MainWindow", "Qt"]
