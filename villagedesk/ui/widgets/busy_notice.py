"""The window a second VillageDesk on the same profile shows instead of opening: who holds the profile.

Why a window: started from a desktop shortcut there is no console to read the refusal on. It speaks as
the rest of the app does: its Chinese name, a 确定 button (Qt's own says OK), the time to the minute.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox


def since_text(since: str) -> str:
    """``2026-12-03T13:48:35`` (as the lock file holds it) → ``2026-12-03 13:48``, in local time."""
    try:
        moment = datetime.fromisoformat(since)
    except ValueError:
        return since
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M")


def busy_box(pid: int | None, host: str, since: str) -> QMessageBox:
    """A warning naming the holder's process, computer and start time (the caller shows it)."""
    template = QCoreApplication.translate(
        "BusyNotice", "该档案正被另一个村级便民代办台窗口使用(进程 %1, 计算机 %2, 自 %3 起): 请先关闭它。"
    )
    when = since_text(since) if since else "?"
    text = template.replace("%1", str(pid or "?")).replace("%2", host or "?").replace("%3", when)
    title = QCoreApplication.translate("BusyNotice", "村级便民代办台已在运行")
    box = QMessageBox(QMessageBox.Icon.Warning, title, text)
    ok = box.addButton(QCoreApplication.translate("BusyNotice", "确定"), QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(ok)
    return box


def show_busy(pid: int | None, host: str, since: str) -> None:
    """Show ``busy_box`` modally (creates the QApplication if none exists yet)."""
    _app = QApplication.instance() or QApplication([])
    busy_box(pid, host, since).exec()
