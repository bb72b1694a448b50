"""设置 → 加密本机数据: convert this plain profile to an encrypted one from the window.

Why here too: an agent who never opens a console must be able to encrypt the PC's data. The conversion
is the CLI's (``encryption.encrypt_profile``: backup first, the DB, the scans and the backups sealed, a
new recovery code for every account), run on the window's writer thread while this window holds the
profile's lock, as ``villagedesk encrypt`` does. Not while the window syncs: a sync writes the plain DB
and its scans while the conversion copies and replaces them, so the dialog refuses while a run is under
way (the agent waits for it or cancels it) and holds the next runs off until the conversion ends. The
codes are shown the moment they are durable (also when the conversion then fails). The open window's
database connection was made for a plain file, so the program must be started again afterwards: the
dialog says so and closes the window.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from villagedesk.domain.errors import DomainError
from villagedesk.services import encryption
from villagedesk.services.desk import Desk
from villagedesk.ui.error_words import refusal_text
from villagedesk.ui.tasks import TaskRunner
from villagedesk.ui.widgets.common import ErrorLabel, title_label

if TYPE_CHECKING:
    from villagedesk.ui.sync_controller import SyncController


class EncryptDialog(QDialog):
    converted = Signal()  # the profile is encrypted: the window must close (the program restarts)

    def __init__(
        self,
        desk: Desk,
        runner: TaskRunner,
        username: str = "",
        parent: QWidget | None = None,
        sync: SyncController | None = None,
    ) -> None:
        super().__init__(parent)
        self.desk, self.runner, self.sync = desk, runner, sync
        self._codes: dict[str, str] = {}
        self._lock = threading.Lock()
        self.done_ok = False
        self.setWindowTitle(self.tr("加密本机数据"))
        explain = QLabel(
            self.tr(
                "加密后, 数据库、附件扫描件和备份都只能用本机代办员的登录密码(或恢复码)打开。"
                "加密前会先自动备份。每个账号会得到一个新的恢复码, 只显示这一次, 请打印或抄下交本人保管。"
                "加密完成后本程序会关闭, 请重新打开并用密码登录。"
            )
        )
        explain.setWordWrap(True)
        self.username = QLineEdit(username)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = ErrorLabel()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.codes = QPlainTextEdit()
        self.codes.setReadOnly(True)
        self.codes.hide()
        self.start_button = QPushButton(self.tr("开始加密"))
        self.start_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("取消"))
        self.finish_button = QPushButton(self.tr("已抄下恢复码, 关闭程序"))
        self.finish_button.hide()
        form = QFormLayout()
        form.addRow(self.tr("登录名"), self.username)
        form.addRow(self.tr("密码"), self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("加密本机数据")))
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        layout.addWidget(self.codes)
        layout.addWidget(self.start_button)
        layout.addWidget(self.cancel_button)
        layout.addWidget(self.finish_button)
        self.start_button.clicked.connect(self.start)
        self.password.returnPressed.connect(self.start)
        self.cancel_button.clicked.connect(self.reject)
        self.finish_button.clicked.connect(self._finish)

    def _keep_codes(self, codes: dict[str, str]) -> None:  # on the writer thread, the moment they are durable
        with self._lock:
            self._codes = dict(codes)

    def start(self) -> None:
        name, password = self.username.text().strip(), self.password.text()
        if not name or not password:
            self.error.show_error(self.tr("请填写登录名和密码"))
            return
        if self.sync is not None and not self.sync.hold():
            self.error.show_error(
                self.tr("正在与镇中心同步, 同步时不能加密。请等同步结束(或在「同步」页取消同步)后再点开始加密")
            )
            return
        self.error.show_error("")
        for w in (self.start_button, self.cancel_button, self.username, self.password):
            w.setEnabled(False)
        self.status.setText(self.tr("正在加密(先备份, 数据较多时需要几分钟), 请不要关闭程序…"))
        self.runner.write(
            encryption.encrypt_profile, self.desk.paths.root, name, password, self._keep_codes,
            on_done=self._done, on_error=self._failed,
        )  # fmt: skip

    def _show_codes(self) -> None:
        with self._lock:
            codes = dict(self._codes)
        if not codes:
            return
        lines = [self.tr("%1 的新恢复码: %2").replace("%1", user).replace("%2", code) for user, code in codes.items()]
        lines.append(self.tr("以上恢复码只显示这一次, 旧恢复码已作废: 请打印或抄下交本人保管"))
        self.codes.setPlainText("\n".join(lines))
        self.codes.show()

    def _done(self, result: encryption.EncryptResult) -> None:
        self.done_ok = True
        self._show_codes()
        self.status.setText(
            self.tr("加密完成: %1 件办件、%2 个附件文件已加密。请抄下恢复码, 然后关闭程序并重新打开, 用密码登录。")
            .replace("%1", str(result.cases)).replace("%2", str(result.blobs_sealed))
        )  # fmt: skip
        self.finish_button.show()
        self.finish_button.setFocus()

    def _failed(self, err: object) -> None:
        self._show_codes()  # the DB stayed plain, but its recovery hashes may be the new codes already
        if self.sync is not None:
            self.sync.release()  # still the plain DB this window opened: syncing may go on
        for w in (self.start_button, self.cancel_button, self.username, self.password):
            w.setEnabled(True)
        self.status.setText("")
        if isinstance(err, DomainError):
            self.error.show_error(refusal_text(err))
        else:
            failed = self.tr("加密没有完成, 数据库仍未加密(详情见日志): 请关闭其他 VillageDesk 程序后重试")
            self.error.show_error(failed)
        self.password.clear()

    def _finish(self) -> None:
        self.accept()
        self.converted.emit()
