"""The window a second VillageDesk on the same profile shows instead of opening: who holds the profile.

Why a window: started from a desktop shortcut there is no console to read the refusal on.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox


def busy_box(pid: int | None, host: str, since: str) -> QMessageBox:
    """A warning naming the holder's process, computer and start time (the caller shows it)."""
    template = QCoreApplication.translate(
        "BusyNotice", "该档案正被另一个 VillageDesk 使用(进程 %1, 计算机 %2, 自 %3 起): 请先关闭它。"
    )
    text = template.replace("%1", str(pid or "?")).replace("%2", host or "?").replace("%3", since or "?")
    title = QCoreApplication.translate("BusyNotice", "VillageDesk 已在运行")
    return QMessageBox(QMessageBox.Icon.Warning, title, text)


def show_busy(pid: int | None, host: str, since: str) -> None:
    """Show ``busy_box`` modally (creates the QApplication if none exists yet)."""
    _app = QApplication.instance() or QApplication([])
    busy_box(pid, host, since).exec()
