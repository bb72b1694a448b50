"""设置 → 备份与恢复: back up now (scans included) and the list of backups with their date and case count.

Why in the GUI: an agent who never opens a console still needs a complete backup before a PC is
replaced. The backup runs on the writer thread; the list is read from the archives' manifests.
Restoring stays on the command line (``villagedesk restore``) for now: it needs the window closed.
"""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget

from villagedesk.services import maintenance
from villagedesk.services.desk import Desk
from villagedesk.ui.tasks import TaskRunner


class BackupBox(QGroupBox):
    def __init__(self, desk: Desk, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.runner = desk, runner
        self.setTitle(self.tr("备份与恢复"))
        self.backup_button = QPushButton(self.tr("立即备份(含附件)"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.backups = QListWidget()
        self.backups.setMaximumHeight(160)
        hint = QLabel(self.tr("恢复: 关闭本程序后运行 villagedesk restore 备份文件"))
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.backup_button)
        layout.addWidget(self.status)
        layout.addWidget(self.backups)
        layout.addWidget(hint)
        self.backup_button.clicked.connect(self.back_up)

    def refresh(self) -> None:
        self.runner.read(maintenance.list_backups, self.desk.paths.backups, on_done=self._show)

    def _show(self, found: list[maintenance.BackupInfo]) -> None:
        self.backups.clear()
        for info in reversed(found):  # newest first
            when = info.created.replace("T", " ")
            self.backups.addItem(self.tr("%1   %2 件办件   %3").replace("%1", when).replace(
                "%2", str(info.cases)).replace("%3", info.path.name))  # fmt: skip

    def back_up(self) -> None:
        self.backup_button.setEnabled(False)
        self.status.setText(self.tr("正在备份…"))
        self.runner.write(maintenance.backup, self.desk, on_done=self._done, on_error=self._failed)

    def _done(self, target) -> None:
        self.backup_button.setEnabled(True)
        self.status.setText(self.tr("已备份到 %1").replace("%1", str(target)))
        self.refresh()

    def _failed(self, err: object) -> None:
        self.backup_button.setEnabled(True)
        self.status.setText(self.tr("备份失败: %1").replace("%1", str(err)))
