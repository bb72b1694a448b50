"""The main window: navigation on the left, one page at a time, lock screen over everything."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QListWidget, QMainWindow, QStackedWidget, QWidget

from villagedesk import APP_NAME
from villagedesk.domain.lifecycle import Role
from villagedesk.services import accounts, catalog, preferences
from villagedesk.services.desk import Desk
from villagedesk.ui import evaluation_pages, town_pages
from villagedesk.ui.appointments_page import AppointmentsPage
from villagedesk.ui.cases_page import CasesPage
from villagedesk.ui.catalog_page import CatalogPage
from villagedesk.ui.dashboard_page import DashboardPage
from villagedesk.ui.detail_page import DetailPage
from villagedesk.ui.enroll_dialog import EnrollDialog
from villagedesk.ui.intake_page import IntakePage
from villagedesk.ui.login import IdleWatcher, LockScreen
from villagedesk.ui.rating_page import RatingPage
from villagedesk.ui.reports_page import ReportsPage
from villagedesk.ui.servicelog_page import ServiceLogPage
from villagedesk.ui.settings_page import SettingsPage
from villagedesk.ui.stats_page import StatsPage
from villagedesk.ui.sync_controller import SyncController
from villagedesk.ui.sync_panel import SyncPanel
from villagedesk.ui.tasks import TaskRunner


class MainWindow(QMainWindow):
    def __init__(self, desk: Desk, account: accounts.AccountInfo | None, prefs: preferences.Preferences) -> None:
        super().__init__()
        self.desk = desk
        self.account = account
        self.runner = TaskRunner(self)
        ident = desk.identity
        self.setWindowTitle(f"{APP_NAME} — {catalog.region_name(desk, ident.region_code)} {ident.user}")
        self.resize(1280, 800)

        self.dashboard = DashboardPage(desk, self.runner)
        self.cases = CasesPage(desk, self.runner)
        self.intake = IntakePage(desk, self.runner)
        self.detail = DetailPage(desk, self.runner)
        self.catalog = CatalogPage(desk, self.runner)
        self.servicelog = ServiceLogPage(desk, self.runner)
        self.appointments = AppointmentsPage(desk, self.runner)
        self.settings = SettingsPage(desk, self.runner)
        self.stats = StatsPage(desk, self.runner)
        self.reports = ReportsPage(desk, self.runner)
        self.rating = RatingPage(desk, self.runner) if ident.role is Role.CLERK else None
        self.lock_screen = LockScreen(desk)
        self.sync = SyncController(desk, self.runner, parent=self)
        self.sync_panel = SyncPanel(desk, self.runner, self.sync)
        self.enroll_dialog: EnrollDialog | None = None
        self.pages: list[tuple[str, QWidget]] = [
            (self.tr("工作台"), self.dashboard),
            (self.tr("办件"), self.cases),
            (self.tr("代办登记"), self.intake),
            (self.tr("事项清单"), self.catalog),
            (self.tr("服务记录"), self.servicelog),
            (self.tr("预约"), self.appointments),
            (self.tr("统计"), self.stats),
            (self.tr("进展报送"), self.reports),
            (self.tr("设置"), self.settings),
            (self.tr("同步"), self.sync_panel),
        ]
        if self.rating is not None:  # the town's evaluation of its village centers
            self.pages.insert(self.pages.index((self.tr("设置"), self.settings)), (self.tr("星级考评"), self.rating))
        self._refresh_on_show: list[QWidget] = [p for p in (self.stats, self.reports, self.rating) if p is not None]
        self.nav = QListWidget()
        town_pages.install(self)  # the clerk's inbox and overview
        evaluation_pages.install(self)  # 差评整改
        self.nav.setFixedWidth(120)
        self.stack = QStackedWidget()
        for label, page in self.pages:
            self.nav.addItem(label)
            self.stack.addWidget(page)
        self.stack.addWidget(self.detail)
        self.stack.addWidget(self.lock_screen)
        body = QWidget()
        layout = QHBoxLayout(body)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(body)
        self.user_label = QLabel()
        self.statusBar().addPermanentWidget(self.user_label)
        who = self.tr("镇中心 %1") if ident.role.value == "clerk" else self.tr("代办员 %1")
        self.user_label.setText(who.replace("%1", ident.user))

        self.nav.currentRowChanged.connect(self.show_page)
        self.dashboard.open_case.connect(self.open_case)
        self.cases.open_case.connect(self.open_case)
        self.detail.back.connect(lambda: self.show_page(self.nav.currentRow()))
        self.detail.changed.connect(lambda _id: self._data_changed())
        self.intake.saved.connect(lambda _r: self._data_changed())
        self.servicelog.saved.connect(lambda _r: self._data_changed())
        self.appointments.arrived.connect(self._appointment_arrived)
        self.intake.saved.connect(lambda _r: self.appointments.refresh())
        self.settings.saved.connect(self._prefs_saved)
        self.runner.error.connect(lambda msg: self.statusBar().showMessage(msg, 8000))
        self.lock_screen.unlocked.connect(self.unlock)
        self._connect_sync()

        self.idle = IdleWatcher(prefs.idle_minutes, self)
        self.idle.idle.connect(self.lock)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)
        self._locked_from = 0
        self.cases.reload()  # the case list's first screen is queued before anything else
        self.nav.setCurrentRow(0)
        QTimer.singleShot(0, self, self._load_other_pages)  # once the loop runs: pages not on screen yet

    def _load_other_pages(self) -> None:
        self.cases.load_villages()
        self.intake.load_items()
        self.catalog.refresh()
        self.appointments.refresh()
        self.settings.refresh()
        self.sync.start()

    # --- navigation -------------------------------------------------------------------------------

    def show_page(self, row: int) -> None:
        if self.is_locked() or row < 0:
            return
        page = self.pages[row][1]
        self.stack.setCurrentWidget(page)
        if page is self.dashboard:
            self.dashboard.refresh()
        elif page in self._refresh_on_show:  # statistics are computed when looked at, not at start-up
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

    def _data_changed(self) -> None:
        self.cases.reload()
        self.dashboard.refresh()

    # --- sync -------------------------------------------------------------------------------------

    def _connect_sync(self) -> None:
        for signal in (self.intake.saved, self.detail.changed, self.servicelog.saved):
            signal.connect(lambda *_a: self.sync.local_write())
        self.sync.finished.connect(self._sync_finished)
        self.sync.enrolled_changed.connect(lambda on: self.settings.enroll_button.setVisible(not on))
        self.settings.enroll_button.setVisible(not self.sync.enrolled)
        self.settings.enroll_requested.connect(self.show_enroll)
        self.sync_panel.enroll_requested.connect(self.show_enroll)

    def show_enroll(self) -> EnrollDialog:
        if self.enroll_dialog is None:
            self.enroll_dialog = EnrollDialog(self.desk, self.runner, self)
            self.enroll_dialog.enrolled.connect(lambda _r: self.sync.set_enrolled(True))
        self.enroll_dialog.show()
        return self.enroll_dialog

    def _sync_finished(self, _result) -> None:
        self.cases.refresh_sync()
        self.detail.refresh_sync()
        if self.stack.currentWidget() is self.dashboard:
            self.dashboard.refresh()

    def _appointment_arrived(self, appt) -> None:
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

    def closeEvent(self, event) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.idle)
        self.sync.stop()
        self.runner.shutdown()
        super().closeEvent(event)


__all__ = ["MainWindow", "Qt"]
