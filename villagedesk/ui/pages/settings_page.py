"""设置: language (applied at next start), idle lock minutes, printer, hotline printed on receipts, the
people who log in here, backups, and 加密本机数据 (a plain profile converted from the window)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from villagedesk.domain.errors import ValidationError
from villagedesk.services import encryption, preferences
from villagedesk.services.desk import Desk
from villagedesk.ui.error_words import error_text
from villagedesk.ui.tasks import TaskRunner
from villagedesk.ui.widgets.accounts_box import AccountsDialog
from villagedesk.ui.widgets.backup_box import BackupBox
from villagedesk.ui.widgets.common import ErrorLabel, title_label

if TYPE_CHECKING:
    from villagedesk.ui.dialogs.encrypt_dialog import EncryptDialog
    from villagedesk.ui.sync_controller import SyncController


def _printer_names() -> list[str]:
    try:
        from PySide6.QtPrintSupport import QPrinterInfo
    except ImportError:  # a build without QtPrintSupport
        return []
    return list(QPrinterInfo.availablePrinterNames())


class SettingsPage(QWidget):
    saved = Signal(object)  # Preferences
    enroll_requested = Signal()
    encrypted = Signal()  # the profile was converted: the window closes, the program starts again

    def __init__(self, desk: Desk, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.runner = desk, runner
        self.language = QComboBox()
        for code, label in preferences.LANGUAGES.items():
            self.language.addItem(label, code)
        self.idle = QSpinBox()
        self.idle.setRange(1, 240)
        self.idle.setSuffix(self.tr(" 分钟"))
        self.printer = QComboBox()
        self.printer.setEditable(True)
        self.printer.addItem("")
        self.printer.addItems(_printer_names())
        self.hotline = QLineEdit()
        self.errors = {k: ErrorLabel() for k in ("language", "idle_minutes", "printer", "hotline")}
        self.save_button = QPushButton(self.tr("保存设置"))
        self.message = QLabel()
        # nothing below moves when a line appears (a click aimed at 注册… or 立即备份 landed a line lower):
        # the 设置已保存 line and the errors of the typed fields keep their room while empty
        line = ErrorLabel()
        line.setText(self.tr("设置已保存"))
        one_line = line.sizeHint().height()  # a label's own height for one line (more than the font's)
        self.message.setMinimumHeight(one_line)
        for key in ("printer", "hotline"):  # language and the lock minutes are picked, never wrong
            kept = self.errors[key].sizePolicy()
            kept.setRetainSizeWhenHidden(True)
            self.errors[key].setSizePolicy(kept)
            self.errors[key].setMinimumHeight(one_line)
        form = QFormLayout()
        for key, label, w in (
            (("language", self.tr("界面语言(下次启动生效)"), self.language)),
            ("idle_minutes", self.tr("无操作自动锁定"), self.idle),
            ("printer", self.tr("打印机"), self.printer),
            ("hotline", self.tr("服务热线(打印在回执上)"), self.hotline),
        ):
            box = QVBoxLayout()
            box.addWidget(w)
            box.addWidget(self.errors[key])
            form.addRow(label, box)
        column = QWidget()  # a form, not a banner: fields of a readable width on a wide window
        column.setMaximumWidth(640)
        page = QHBoxLayout(self)
        page.addWidget(column, 1)
        page.addStretch(0)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title_label(self.tr("设置")))
        layout.addLayout(form)
        layout.addWidget(self.save_button)
        layout.addWidget(self.message)
        self.enroll_button = QPushButton(self.tr("注册到镇中心服务器…"))
        self.enroll_button.setToolTip(self.tr("本机尚未注册: 填写服务器地址和管理员给的一次性注册码"))
        self.enroll_button.hide()  # shown while this profile is not enrolled (``show_enrollment``)
        self.enroll_button.clicked.connect(self.enroll_requested)
        layout.addWidget(self.enroll_button)
        self.enroll_notice = QLabel()  # where the button was: enrolled, and to which server
        self.enroll_notice.setWordWrap(True)
        self.enroll_notice.setStyleSheet("color: #2e7d32;")
        self.enroll_notice.hide()
        layout.addWidget(self.enroll_notice)
        self.accounts_button = QPushButton(self.tr("人员账号(添加、停用、恢复、重设密码)…"))
        self.accounts_button.clicked.connect(self.open_accounts)
        layout.addWidget(self.accounts_button)
        self.backup_box = BackupBox(desk, runner)
        layout.addWidget(self.backup_box)
        self.username = ""  # the logged-in agent's login name (the main window sets it)
        self.sync: SyncController | None = None  # the window's sync (the main window sets it)
        self.encrypt_button = QPushButton(self.tr("加密本机数据(数据库、附件和备份)…"))
        self.encrypt_button.clicked.connect(self.open_encrypt)
        self.encrypt_button.setVisible(not encryption.is_encrypted(desk.paths.root))
        layout.addWidget(self.encrypt_button)
        layout.addStretch(1)
        self.save_button.clicked.connect(self.save)

    def show_enrollment(self, enrolled: bool, server: str, revoked: bool = False) -> None:
        """Whether this PC is enrolled, as it is now: 注册… while it is not, else the line saying to which
        server (after a restart too: the line came only right after enrolling, then 设置 said nothing).
        ``revoked``: the server's last answer was 401, so the line says the PC no longer syncs and the
        button is back for a new code (设置 said 已注册 long after the town had revoked the PC)."""
        self.enroll_button.setVisible(not enrolled or revoked)
        self.enroll_button.setText(self.tr("重新注册到镇中心服务器…") if revoked else self.tr("注册到镇中心服务器…"))
        if revoked:
            text = self.tr(
                "镇中心服务器 %1 已不接受本机(本机已被吊销或令牌无效): 本机的办件不再同步, 都还保存在本机。"
                "请向镇中心管理员要一个新的注册码, 重新注册"
            ).replace("%1", server)
        else:
            text = self.tr("已注册到镇中心服务器 %1: 本机的办件将自动与镇中心同步").replace("%1", server)
        self.enroll_notice.setText(text)
        self.enroll_notice.setStyleSheet("color: #c62828;" if revoked else "color: #2e7d32;")
        self.enroll_notice.setVisible(enrolled)

    def refresh(self) -> None:
        self.runner.read(preferences.load, self.desk, on_done=self._show)
        self.backup_box.refresh()

    def open_accounts(self) -> AccountsDialog:
        """The people who log in on this PC, in a dialog of its own (the page must fit a 1024×768 screen)."""
        dialog = AccountsDialog(self.desk, self.runner, self)
        dialog.open()
        return dialog

    def open_encrypt(self) -> EncryptDialog:
        """Asks the agent's password and converts the profile (as ``villagedesk encrypt``)."""
        from villagedesk.ui.dialogs.encrypt_dialog import EncryptDialog

        dialog = EncryptDialog(self.desk, self.runner, self.username, self, self.sync)
        dialog.converted.connect(self.encrypted)
        dialog.open()
        return dialog

    def _show(self, prefs: preferences.Preferences) -> None:
        self.language.setCurrentIndex(max(0, self.language.findData(prefs.language)))
        self.idle.setValue(prefs.idle_minutes)
        self.printer.setCurrentText(prefs.printer)
        self.hotline.setText(prefs.hotline)

    def save(self) -> None:
        prefs = preferences.Preferences(
            self.language.currentData(), self.idle.value(), self.printer.currentText(), self.hotline.text()
        )
        self.runner.write(preferences.save, self.desk, prefs, on_done=self._saved, on_error=self._failed)

    def _failed(self, err: object) -> None:
        for label in self.errors.values():
            label.show_error("")
        if isinstance(err, ValidationError):
            self.errors.get(err.field, self.errors["hotline"]).show_error(error_text(err.message))
        self.message.setText("")

    def _saved(self, prefs: preferences.Preferences) -> None:
        for label in self.errors.values():
            label.show_error("")
        self.message.setText(self.tr("设置已保存"))
        self.saved.emit(prefs)
