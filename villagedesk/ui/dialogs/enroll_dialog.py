"""注册到镇中心: the server address and the one-time code the town administrator handed out.
Enrollment talks to the server on the network pool; the dialog stays responsive and says why it failed."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from villagedesk.services.desk import Desk
from villagedesk.sync import engine
from villagedesk.ui import advice
from villagedesk.ui.error_words import error_text
from villagedesk.ui.tasks import TaskRunner
from villagedesk.ui.widgets.common import ErrorLabel

MAX_FIELD = 300


class EnrollDialog(QDialog):
    enrolled = Signal(dict)  # the server's reply: role, region, name, partitions

    def __init__(self, desk: Desk, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.runner = desk, runner
        self.setWindowTitle(self.tr("注册到镇中心服务器"))
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://192.168.1.10:8443")
        self.url.setMaxLength(MAX_FIELD)
        self.code = QLineEdit()
        self.code.setPlaceholderText(self.tr("管理员提供的一次性注册码"))
        self.code.setMaxLength(MAX_FIELD)
        self.fingerprint = QLineEdit()
        self.fingerprint.setPlaceholderText(self.tr("可选: 管理员提供的证书指纹"))
        self.fingerprint.setMaxLength(MAX_FIELD)
        for edit in (self.url, self.code, self.fingerprint):  # each placeholder whole (they were cut off)
            edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance(edit.placeholderText()) + 32)
        self.error = ErrorLabel()
        self.error.setWordWrap(True)
        self.status = QLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("注册"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        form = QFormLayout()
        form.addRow(self.tr("服务器地址"), self.url)
        form.addRow(self.tr("注册码"), self.code)
        form.addRow(self.tr("证书指纹"), self.fingerprint)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("注册后, 本机的办件会自动与镇中心同步。")))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

    def submit(self) -> None:
        url, code = self.url.text().strip(), "".join(self.code.text().split())
        if not url:
            self.error.show_error(self.tr("请填写服务器地址"))
            return
        if not code:
            self.error.show_error(self.tr("请填写注册码"))
            return
        self.error.show_error("")
        self.status.setText(self.tr("正在连接服务器…"))
        self.buttons.setEnabled(False)
        pin = self.fingerprint.text().strip() or None
        self.runner.network(engine.enroll, self.desk, url, code, pin, on_done=self._done, on_error=self._failed)

    def _done(self, reply: dict) -> None:
        self.buttons.setEnabled(True)
        self.status.setText(self.tr("注册成功"))
        self.enrolled.emit(reply)
        self.accept()

    def _failed(self, err: object) -> None:
        self.buttons.setEnabled(True)
        self.status.setText("")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("重试"))
        self.error.show_error(self.tr("注册失败: %1").replace("%1", self._reason(err)))

    def _reason(self, err: object) -> str:
        """A refused code is the code's fault; a 404 is a wrong address, not an invalid code; a valid code
        refused for this PC's old device or a full village is the town's to mend, and the same code then
        works (it was not spent)."""
        if isinstance(err, engine.ServerRefused) and err.status == 403 and err.code == "device_taken":
            return self.tr("本机原来的设备在镇中心仍在使用或已被接替: 请镇中心先注销原电脑, 再用同一注册码重试")
        if isinstance(err, engine.ServerRefused) and err.status == 403 and err.code == "village_full":
            return self.tr("本村已登记的电脑过多: 请镇中心先注销不用的电脑, 再用同一注册码重试")
        if isinstance(err, engine.ServerRefused) and err.status in (400, 401, 403, 410):
            return self.tr("注册码无效、已用过或已过期, 请向镇中心管理员索取新的注册码")
        if isinstance(err, engine.ServerRefused | engine.TransportError):
            return advice.for_error(err)
        if isinstance(err, ValueError):  # the address or the code's format: a refusal in the UI language
            return error_text(str(err)) or type(err).__name__
        return type(err).__name__
