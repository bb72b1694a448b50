"""The login of an encrypted profile: its password unwraps the DB key before the DB can be opened.

Why not the usual login dialog: that one lists the accounts, which live inside the encrypted DB. This
one asks the login name and password, opens the key file's wrap with them (services/encryption.py), and
hands them on so the same login continues inside without being asked twice.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from villagedesk.services import encryption, failures, keyfile
from villagedesk.ui import i18n
from villagedesk.ui.widgets.common import ErrorLabel, title_label


class UnlockDialog(QDialog):
    def __init__(self, root: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.root = root
        self.login: tuple[str, str] | None = None  # (login name, password) once the key is unwrapped
        self.setWindowTitle(self.tr("登录 - %1").replace("%1", i18n.app_name()))
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = ErrorLabel()
        self.button = QPushButton(self.tr("登录"))
        self.button.setDefault(True)
        form = QFormLayout()
        form.addRow(self.tr("登录名"), self.username)
        form.addRow(self.tr("密码"), self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(i18n.app_name()))
        layout.addWidget(QLabel(self.tr("本机数据已加密: 请用本机代办员的账号登录")))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(
            QLabel(self.tr("忘记密码: 用恢复码在命令行运行 villagedesk accounts reset 登录名 --code 恢复码"))
        )
        layout.addWidget(self.button)
        self.button.clicked.connect(self.try_unlock)
        self.username.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.try_unlock)

    def try_unlock(self) -> None:
        # Argon2id takes a fraction of a second by design; the dialog is modal, nothing else is waiting.
        name = self.username.text().strip()
        try:
            wrap = encryption.unlock(self.root, self.password.text(), name or None)
        except keyfile.StoppedAccount:  # only the right password of a stopped account hears this
            self.error.show_error(self.tr("该账号已停用，请找本机管理员"))
            self.password.clear()
            return
        except encryption.DamagedDatabase:  # the password was right, the DB file is not: restore is the way out
            self.error.show_error(self.tr("数据库文件已损坏，请用 villagedesk restore 从备份恢复"))
            self.password.clear()
            return
        except keyfile.KeyFileError:
            self.error.show_error(self.tr("登录名或密码错误"))
            self.password.clear()
            self.password.setFocus()
            return
        except failures.STORAGE_ERRORS as err:  # the disk or the folder, not the password: said as such
            failures.log_failure(err, self.root / "logs", "unlock")
            if failures.explain(err, self.root) == failures.full_at(self.root):
                why = self.tr("档案文件夹 %1 所在的磁盘已满, 无法打开数据库: 请清理该磁盘后再登录; 数据未丢失")
            else:
                why = self.tr("无法打开档案文件夹 %1 中的数据库(磁盘、权限或被其他程序占用): 详情已写入日志")
            self.error.show_error(why.replace("%1", str(self.root)))
            return
        self.login = (wrap.username, self.password.text())
        self.accept()
