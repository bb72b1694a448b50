"""设置 → 人员账号: the people who log in on this PC (人员轮换). Add one, stop one, bring a stopped one
back, reset a forgotten password with its recovery code. Every change is an audited entry (services/accounts.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from villagedesk.domain.errors import DomainError, ValidationError
from villagedesk.services import accounts
from villagedesk.services.desk import Desk
from villagedesk.ui.error_words import error_text, refusal_text
from villagedesk.ui.tasks import TaskRunner


def _password() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class AccountsBox(QGroupBox):
    def __init__(self, desk: Desk, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.runner = desk, runner
        self.setTitle(self.tr("人员账号"))
        self.people = QListWidget()
        self.people.setMaximumHeight(120)
        self.username, self.display_name = QLineEdit(), QLineEdit()
        self.password, self.password_again = _password(), _password()
        self.code = QLineEdit()
        self.code.setPlaceholderText(self.tr("创建账号时打印的恢复码"))
        self.add_button = QPushButton(self.tr("添加人员"))
        self.deactivate_button = QPushButton(self.tr("停用所选账号"))
        self.reactivate_button = QPushButton(self.tr("恢复所选账号"))
        self.reactivate_button.setToolTip(
            self.tr("已停用的账号恢复后可重新登录; 本机数据已加密时须由本人在“密码”栏输入原密码")
        )
        self.reset_button = QPushButton(self.tr("凭恢复码重设所选账号的密码"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # copy the code
        form = QFormLayout()
        form.addRow(self.tr("登录名"), self.username)
        form.addRow(self.tr("姓名"), self.display_name)
        form.addRow(self.tr("密码"), self.password)
        form.addRow(self.tr("再次输入密码"), self.password_again)
        form.addRow(self.tr("恢复码(重设密码时)"), self.code)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.deactivate_button, self.reactivate_button, self.reset_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.people)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self.add_button.clicked.connect(self.add)
        self.deactivate_button.clicked.connect(self.deactivate)
        self.reactivate_button.clicked.connect(self.reactivate)
        self.reset_button.clicked.connect(self.reset)

    def refresh(self) -> None:
        self.runner.read(accounts.accounts, self.desk, on_done=self._show)

    def _show(self, rows: list[accounts.AccountInfo]) -> None:
        self.people.clear()
        for r in rows:
            state = self.tr("在用") if r.active else self.tr("已停用")
            item = QListWidgetItem(f"{r.display_name}  ({r.username})  {state}")
            item.setData(Qt.ItemDataRole.UserRole, r.username)
            self.people.addItem(item)

    def _selected(self) -> str:
        item = self.people.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else ""

    def _passwords(self) -> str | None:
        if self.password.text() != self.password_again.text():
            self.status.setText(self.tr("两次输入的密码不一致"))
            return None
        return self.password.text()

    def add(self) -> None:
        password = self._passwords()
        if password is None:
            return
        self.runner.write(
            accounts.add_person, self.desk, self.username.text(), self.display_name.text(), password,
            on_done=self._added, on_error=self._failed,
        )  # fmt: skip

    def deactivate(self) -> None:
        name = self._selected()
        if not name:
            self.status.setText(self.tr("请先在列表中选择账号"))
            return
        self.runner.write(accounts.deactivate, self.desk, name, on_done=self._deactivated, on_error=self._failed)

    def reactivate(self) -> None:
        """The same rule as 停用 (whoever is logged in here); the password field is read only where the
        profile is encrypted (the key is sealed again under the person's own password)."""
        name = self._selected()
        if not name:
            self.status.setText(self.tr("请先在列表中选择账号"))
            return
        self.runner.write(
            accounts.reactivate, self.desk, name, self.password.text() or None,
            on_done=self._reactivated, on_error=self._failed,
        )  # fmt: skip

    def reset(self) -> None:
        name = self._selected()
        if not name:
            self.status.setText(self.tr("请先在列表中选择账号"))
            return
        password = self._passwords()
        if password is None:
            return
        self.runner.write(
            accounts.reset_password, self.desk, name, self.code.text(), password,
            on_done=self._reset_done, on_error=self._failed,
        )  # fmt: skip

    def _clear(self) -> None:
        for field in (self.username, self.display_name, self.password, self.password_again, self.code):
            field.clear()
        self.refresh()

    def _code_text(self, info: accounts.AccountInfo) -> str:
        return self.tr("恢复码: %1 (只显示这一次: 请抄下交本人保管, 忘记密码时凭它重设)").replace(
            "%1", info.recovery_code
        )

    def _added(self, info: accounts.AccountInfo) -> None:
        self._clear()
        self.status.setText(self.tr("已添加 %1. ").replace("%1", info.display_name) + self._code_text(info))

    def _deactivated(self, info: accounts.AccountInfo) -> None:
        self._clear()
        self.status.setText(self.tr("已停用 %1, 其经办记录保留").replace("%1", info.display_name))

    def _reactivated(self, info: accounts.AccountInfo) -> None:
        self._clear()
        text = self.tr("已恢复 %1, 可以重新登录").replace("%1", info.display_name)
        self.status.setText(text + (". " + self._code_text(info) if info.recovery_code else ""))

    def _reset_done(self, info: accounts.AccountInfo) -> None:
        self._clear()
        self.status.setText(self.tr("已重设 %1 的密码. ").replace("%1", info.display_name) + self._code_text(info))

    def _failed(self, err: object) -> None:
        if isinstance(err, ValidationError):
            self.status.setText(error_text(err.message))
        elif isinstance(err, DomainError):
            self.status.setText(refusal_text(err))
        else:
            self.status.setText(self.tr("操作未完成, 请重试"))


class AccountsDialog(QDialog):
    """设置 → 人员账号…: the box in a window-modal dialog."""

    def __init__(self, desk: Desk, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("人员账号"))
        self.box = AccountsBox(desk, runner)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.box)
        layout.addWidget(close)
        self.box.refresh()
