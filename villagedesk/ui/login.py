"""Login at start, and the idle lock: the screen is covered until the same account's password is given."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent, QWindow
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from villagedesk.services import accounts
from villagedesk.services.desk import Desk
from villagedesk.ui import i18n
from villagedesk.ui.error_words import refusal_text
from villagedesk.ui.widgets.common import ErrorLabel, title_label

# Room a title bar takes beside its text: the icon and three caption buttons (46 px each on Windows 10/11).
TITLE_BAR_RESERVE = 180
TITLE_FONT_SCALE = 1.15  # caption fonts run a little larger than the dialog's own


def title_fits_width(widget: QWidget, title: str) -> int:
    """The width at which ``title`` shows whole in a title bar (a narrow login read "登录 - …民代办台")."""
    return int(widget.fontMetrics().horizontalAdvance(title) * TITLE_FONT_SCALE) + TITLE_BAR_RESERVE


ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
}


class LoginDialog(QDialog):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.account: accounts.AccountInfo | None = None
        self.setWindowTitle(self.tr("登录 - %1").replace("%1", i18n.app_name()))
        self.person = QComboBox()  # a shared PC: pick who sits down, the login name follows
        self.person.addItem(self.tr("(选择人员或输入登录名)"), "")
        for info in accounts.accounts(desk, active_only=True):
            self.person.addItem(f"{info.display_name} ({info.username})", info.username)
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = ErrorLabel()
        self.button = QPushButton(self.tr("登录"))
        self.button.setDefault(True)
        form = QFormLayout()
        if self.person.count() > 2:
            form.addRow(self.tr("人员"), self.person)
        form.addRow(self.tr("登录名"), self.username)
        form.addRow(self.tr("密码"), self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(i18n.app_name()))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.button)
        self.button.clicked.connect(self.try_login)
        self.username.returnPressed.connect(self.password.setFocus)
        self.person.currentIndexChanged.connect(self._picked)
        self.password.returnPressed.connect(self.try_login)
        self.setMinimumWidth(title_fits_width(self, self.windowTitle()))
        self._start_focus()

    def _start_focus(self) -> None:
        """Typing starts in 登录名 (the password once a name is there): with the 人员 combo first in the
        Tab order, name, Tab, password, Enter after 注销 typed the name into the combo and failed."""
        (self.password if self.username.text() else self.username).setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._start_focus()

    def _picked(self, index: int) -> None:
        name = self.person.itemData(index)
        if name:
            self.username.setText(name)
            self.password.clear()
            self.password.setFocus()

    def try_login(self) -> None:
        # Argon2 takes a fraction of a second by design; the dialog is modal, nothing else is waiting.
        try:
            self.account = accounts.authenticate(self.desk, self.username.text(), self.password.text())
        except accounts.AccountStopped:
            self.error.show_error(self.tr("该账号已停用，请找本机管理员"))
            self.password.clear()
            return
        except accounts.AuthError as err:
            self.error.show_error(refusal_text(err))
            self.password.clear()
            self.password.setFocus()
            return
        self.accept()


class LockScreen(QWidget):
    """Shown in place of the pages while locked."""

    unlocked = Signal()

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.account_id = ""
        self.who = QLabel()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = ErrorLabel()
        self.button = QPushButton(self.tr("解锁"))
        panel = QWidget()
        panel.setFixedWidth(360)
        inner = QVBoxLayout(panel)
        inner.addWidget(title_label(self.tr("已锁定")))
        inner.addWidget(self.who)
        inner.addWidget(QLabel(self.tr("请输入密码解锁")))
        inner.addWidget(self.password)
        inner.addWidget(self.error)
        inner.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(panel, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.button.clicked.connect(self.try_unlock)
        self.password.returnPressed.connect(self.try_unlock)

    def lock_for(self, account_id: str, display_name: str) -> None:
        self.account_id = account_id
        self.who.setText(self.tr("当前用户: %1").replace("%1", display_name))
        self.password.clear()
        self.error.show_error("")
        self.password.setFocus()

    def try_unlock(self) -> None:
        if accounts.verify_password(self.desk, self.account_id, self.password.text()):
            self.password.clear()
            self.unlocked.emit()
        else:
            self.password.clear()
            self.error.show_error(self.tr("密码错误"))


class IdleWatcher(QObject):
    """Counts user input in the application's windows; after ``minutes`` without any, emits ``idle``.

    It watches top-level windows (``watch``: the main window, and each window as it takes the focus),
    not the whole application: a Python filter on the application ran for every event of every object
    (timers, paints, queued results) and its first events made PySide build over a hundred enum types,
    a 0.2-0.4 s stall of the GUI thread while the window opened."""

    idle = Signal()

    def __init__(self, minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        self.set_minutes(minutes)

    def set_minutes(self, minutes: float) -> None:
        self.timer.setInterval(max(1, int(minutes * 60_000)))
        self.timer.start()

    def watch(self, window: QWindow | None) -> None:
        """Count the input of ``window`` (installing twice is harmless: Qt keeps one filter per object)."""
        if window is not None:
            window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY and self.timer.isActive():
            self.timer.start()
        return False
