"""设置 → 备份与恢复: back up now (scans included) and the list of backups with their date and case count.

Why in the GUI: an agent who never opens a console still needs a complete backup before a PC is
replaced. The backup runs on the writer thread; the list is read from the archives' manifests.
Restoring stays on the command line (``villagedesk restore``) for now: it needs the window closed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from villagedesk.services import maintenance
from villagedesk.services.desk import Desk
from villagedesk.ui.dialogs import file_dialogs
from villagedesk.ui.error_words import refusal_text
from villagedesk.ui.tasks import TaskRunner


class BackupBox(QGroupBox):
    def __init__(self, desk: Desk, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.runner = desk, runner
        self.setTitle(self.tr("备份与恢复"))
        self.backup_button = QPushButton(self.tr("立即备份(含附件)"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        # where the backups are: an agent asked to copy one to a stick must be able to find them
        self.where = QLabel(self.tr("备份保存在: %1").replace("%1", str(desk.paths.backups.absolute())))
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.backups = QListWidget()
        self.backups.setMaximumHeight(160)
        # what a restore does, plainly: it replaces everything on this PC, and keeps what it replaces
        self.restore_hint = hint = QLabel(
            self.tr(
                "恢复: 用所选备份替换本机现有的全部数据。替换前, 本机当前的数据会自动另存为一份安全副本"
                "(在备份文件夹里), 备份之后新登记的办件也留在这份安全副本里。恢复时请先关闭本程序, "
                "再运行 villagedesk restore 备份文件"
            )
        )
        hint.setWordWrap(True)
        self.second = QLineEdit()
        self.second.setPlaceholderText(self.tr("第二备份文件夹(U 盘或另一块硬盘), 可不填"))
        self.choose_button = QPushButton(self.tr("选择…"))
        self.save_second_button = QPushButton(self.tr("保存"))
        row = QHBoxLayout()
        row.addWidget(self.second, 1)
        row.addWidget(self.choose_button)
        row.addWidget(self.save_second_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.backup_button)
        layout.addWidget(self.status)
        layout.addWidget(self.where)
        layout.addWidget(self.backups)
        layout.addWidget(hint)
        self.backup_button.clicked.connect(self.back_up)
        self.choose_button.clicked.connect(self._choose)
        self.save_second_button.clicked.connect(self.save_second)

    def refresh(self) -> None:
        self.runner.read(maintenance.list_backups, self.desk.paths.backups, on_done=self._show)
        self.runner.read(maintenance.second_folder, self.desk, on_done=self._show_second)

    def _show_second(self, folder: Path | None) -> None:
        self.second.setText(str(folder) if folder else "")

    def _choose(self) -> None:
        chosen = file_dialogs.folder(self, self.tr("第二备份文件夹"))
        if chosen:
            self.second.setText(chosen)

    def save_second(self) -> None:
        text = self.second.text().strip()
        folder = Path(text) if text else None
        self.runner.write(
            maintenance.set_second_folder,
            self.desk,
            folder,
            on_done=lambda _: self.status.setText(
                self.tr("第二备份文件夹已保存") if folder else self.tr("不再复制到第二个文件夹")
            ),
            on_error=lambda err: self.status.setText(refusal_text(err)),
        )

    def _show(self, found: list[maintenance.BackupInfo]) -> None:
        self.backups.clear()
        # newest first by when it was made: a safety copy a restore kept (before-restore-…) carries the
        # replaced database's own numbering, so the creation order of the folder is not its order by time
        for info in sorted(found, key=lambda b: (b.created, b.seq), reverse=True):
            when = info.created.replace("T", " ")
            self.backups.addItem(self.tr("%1   %2 件办件   %3").replace("%1", when).replace(
                "%2", str(info.cases)).replace("%3", info.path.name))  # fmt: skip

    def back_up(self) -> None:
        self.backup_button.setEnabled(False)
        self.status.setText(self.tr("正在备份…"))
        self.runner.write(maintenance.backup_with_copy, self.desk, on_done=self._done, on_error=self._failed)

    def _done(self, made: tuple[Path, Path | None]) -> None:
        target, copy = made
        self.backup_button.setEnabled(True)
        text = self.tr("已备份到 %1").replace("%1", str(target))
        if copy is not None:
            text += self.tr(", 并已复制到 %1(已校验)").replace("%1", str(copy))
        self.status.setText(text)
        self.refresh()

    def _failed(self, err: object) -> None:
        self.backup_button.setEnabled(True)
        if isinstance(err, maintenance.CopyNotMade):  # the backup was made: not a failure, but half done
            self.status.setText(
                self.tr("备份已完成(%1), 但未复制到第二备份文件夹: %2")
                .replace("%1", str(err.made))
                .replace("%2", refusal_text(maintenance.RestoreError(err.reason)))
            )
        else:
            self.status.setText(self.tr("备份失败: %1").replace("%1", refusal_text(err)))
        self.refresh()  # a failure after the backup was written (a copy, a re-sealing) still lists it
