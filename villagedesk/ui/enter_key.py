"""Enter on a focused button presses that button, in the main window and in every dialog.

Qt presses a focused button on Enter only in a dialog and only when the button is an "auto default"
one; anywhere else Enter went to the dialog's default button (a cadre who had tabbed to 确认撤回 got 取消)
or, in the main window, did nothing at all (the case page's actions, 设置's buttons). Space always
pressed it. Windows users press Enter on what has the focus; so does this filter, installed once on the
application (``install``). The dialogs keep their default button for Enter typed in a field.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QPushButton

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class EnterPressesFocusedButton(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QPushButton):
            return False
        assert isinstance(event, QKeyEvent)
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() not in ENTER_KEYS or mods != Qt.KeyboardModifier.NoModifier:
            return False
        if not (watched.hasFocus() and watched.isEnabled() and watched.isVisible()):
            return False
        if not event.isAutoRepeat():  # a held key presses once
            watched.click()
        return True


def install(app: QApplication | None = None) -> None:
    """Install the filter on the application once (later calls do nothing)."""
    app = app or QApplication.instance()  # type: ignore[assignment]
    if app is None or getattr(app, "_enter_presses_focused", None) is not None:
        return
    filt = EnterPressesFocusedButton(app)
    app.installEventFilter(filt)
    app._enter_presses_focused = filt  # type: ignore[attr-defined]  # kept alive with the application
