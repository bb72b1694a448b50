"""The shortcuts a Windows user expects: Ctrl+S save, Ctrl+N new intake, Ctrl+F search, Ctrl+P print.

Each acts on the page on screen now (Ctrl+P prints the case shown, Ctrl+S saves the intake form) and does
nothing while the window is locked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut

if TYPE_CHECKING:
    from villagedesk.ui.main_window import MainWindow


def install(window: MainWindow) -> dict[str, QShortcut]:
    """Create the window-wide shortcuts; returned by name for tests and the help text."""
    made: dict[str, QShortcut] = {}
    for name, key, slot in (
        ("save", QKeySequence.StandardKey.Save, lambda: _save(window)),
        ("new", QKeySequence.StandardKey.New, lambda: _new_intake(window)),
        ("find", QKeySequence.StandardKey.Find, lambda: _find(window)),
        ("print", QKeySequence.StandardKey.Print, lambda: _print(window)),
    ):
        shortcut = QShortcut(QKeySequence(key), window)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(slot)
        made[name] = shortcut
    return made


def _save(window: MainWindow) -> None:
    if not window.is_locked() and window.lazy.is_built("intake") and window.stack.currentWidget() is window.intake:
        window.intake.save_button.click()  # the same checks and confirmation as the button


def _new_intake(window: MainWindow) -> None:
    if window.is_locked() or not window.offers_intake():
        return
    window.go(window.intake)
    window.intake.item_search.setFocus(Qt.FocusReason.ShortcutFocusReason)
    window.intake.item_search.selectAll()  # typing replaces the last item searched for


def _find(window: MainWindow) -> None:
    if window.is_locked():
        return
    window.go(window.cases)
    window.cases.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
    window.cases.search.selectAll()


def _print(window: MainWindow) -> None:
    if not window.is_locked() and window.lazy.is_built("detail") and window.stack.currentWidget() is window.detail:
        window.detail.print_current()
