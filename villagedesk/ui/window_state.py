"""Window geometry, splitter and column state, kept in the profile and clamped to the screen.

The window always opened at 1280×800: on a 1366×768 screen 保存登记 sat under the Windows taskbar, on
1024×768 the title-bar buttons were off screen. State lives in ``ui-state.ini`` in the profile folder
(never the user's registry), so each profile and each test has its own.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect, QSettings, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHeaderView, QSplitter, QTableView, QWidget

from villagedesk.services.desk import Desk
from villagedesk.ui.widgets import case_columns

FILE_NAME = "ui-state.ini"
PREFERRED = QSize(1280, 800)  # on a larger screen; never more than the screen's free area
TASKBAR_ALLOWANCE = 40  # px left free below when the platform reports the full screen as available


def settings_for(desk: Desk) -> QSettings:
    return QSettings(str(desk.paths.root / FILE_NAME), QSettings.Format.IniFormat)


def available_rect(widget: QWidget | None = None) -> QRect:
    """The free area of the screen the widget is on (or the primary one)."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    if screen is None:
        return QRect(0, 0, PREFERRED.width(), PREFERRED.height())
    avail = screen.availableGeometry()
    if avail == screen.geometry():  # no taskbar reported (X without a panel, offscreen): leave room anyway
        avail = avail.adjusted(0, 0, 0, -TASKBAR_ALLOWANCE)
    return avail


def clamp(widget: QWidget, avail: QRect | None = None) -> QRect:
    """Shrink and move the widget so that all of its frame is inside the free area of its screen."""
    avail = avail or available_rect(widget)
    frame = widget.frameGeometry()
    extra_w = frame.width() - widget.width()
    extra_h = frame.height() - widget.height()
    width = max(min(widget.width(), avail.width() - extra_w), 1)
    height = max(min(widget.height(), avail.height() - extra_h), 1)
    if (width, height) != (widget.width(), widget.height()):
        widget.resize(width, height)
    frame = widget.frameGeometry()
    x = min(max(frame.x(), avail.left()), avail.right() + 1 - frame.width())
    y = min(max(frame.y(), avail.top()), avail.bottom() + 1 - frame.height())
    if (x, y) != (frame.x(), frame.y()):
        widget.move(x, y)
    return widget.frameGeometry()


def default_size(avail: QRect) -> QSize:
    return QSize(min(PREFERRED.width(), avail.width()), min(PREFERRED.height(), avail.height() - 30))


def restore(window: QWidget, settings: QSettings, key: str = "main") -> bool:
    """Put the window where it was (or a size that fits), then clamp it; True if a saved state was used."""
    saved = settings.value(f"{key}/geometry")
    used = isinstance(saved, QByteArray) and window.restoreGeometry(saved)
    if not used:
        avail = available_rect(window)
        window.resize(default_size(avail))
        window.move(avail.topLeft())
    clamp(window)
    return used


def restore_parts(window: QWidget, settings: QSettings, key: str = "main") -> None:
    """Splitters and table headers with an objectName get back their sizes and sort order."""
    for part in _parts(window):
        saved = settings.value(f"{key}/{part.objectName()}")
        if isinstance(saved, QByteArray):
            part.restoreState(saved)
            table = part.parent()
            if isinstance(part, QHeaderView) and isinstance(table, QTableView) and hasattr(table.model(), "COLUMNS"):
                case_columns.widen_to_fit(table)  # a case list's column never narrower than its content


def save(window: QWidget, settings: QSettings, key: str = "main") -> None:
    settings.setValue(f"{key}/geometry", window.saveGeometry())
    for part in _parts(window):
        settings.setValue(f"{key}/{part.objectName()}", part.saveState())
    settings.sync()


def _parts(window: QWidget) -> list[QSplitter | QHeaderView]:
    parts: list[QSplitter | QHeaderView] = []
    for kind in (QSplitter, QHeaderView):
        parts += [p for p in window.findChildren(kind) if p.objectName().startswith("state:")]
    return parts
