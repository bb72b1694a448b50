"""The Tab chain of the main window: through the page on show, then the navigation, then back to the page;
and the column headers of the page on show, elided rather than cut inside a word.

Two things took the keyboard off a page (issue 14): the navigation, given the focus by Tab while no entry
was current (on the case page), made its first entry current and so showed 工作台; and a table or list with
Qt's default tab key navigation kept Tab among its cells, so nothing after it was ever reached. Every page
the stack shows goes through ``keep_in_page``; the navigation is a ``NavList``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QListWidget, QPlainTextEdit, QTextEdit, QWidget


class NavList(QListWidget):
    """The navigation: the focus coming in (Tab) never changes the page; only a row chosen does."""

    def focusInEvent(self, event) -> None:
        if self.currentRow() >= 0:
            super().focusInEvent(event)
            return
        # QAbstractItemView makes the first row current when the focus comes in without one: that
        # showed 工作台 when Tab left the case page (which lights no entry)
        blocked = self.blockSignals(True)
        try:
            super().focusInEvent(event)
            if self.currentRow() >= 0:
                self.setCurrentRow(-1)
        finally:
            self.blockSignals(blocked)


def keep_in_page(page: QWidget) -> None:
    """Tab leaves every table, list and text box of ``page`` for the next widget (the arrow keys move inside); and
    a column header too narrow for its label ends in "…" (Qt centres it and cut both ends: 「tem」 for
    Item), run here as every page the stack shows comes through."""
    for view in page.findChildren(QAbstractItemView):
        if view.tabKeyNavigation():
            view.setTabKeyNavigation(False)
        if isinstance(view, QHeaderView) and view.textElideMode() == Qt.TextElideMode.ElideNone:
            view.setTextElideMode(Qt.TextElideMode.ElideRight)
    for box in page.findChildren(QPlainTextEdit) + page.findChildren(QTextEdit):
        box.setTabChangesFocus(True)  # a 情况说明 box kept Tab as a tab character (进展报送)
