"""The main window's stack of pages, whose minimum width never asks for more than the screen has.

A QStackedWidget asks for the widest minimum of every page it has ever shown; one page too wide for
the screen (the 统计 page's buttons in English) grew the main window past a 1024-pixel screen and kept
it so, and every later page lost its right edge (注销, export buttons, the case page's last column of
actions). Pages are laid out to fit (tests/gui/test_english_fits_screen.py); this is the guard behind
that: a page that still needs more is squeezed inside the window rather than pushing it off screen.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QStackedWidget

from villagedesk.ui import window_state


class PageStack(QStackedWidget):
    def room(self) -> int | None:
        """The widest this stack may be with its window inside the screen's free area (None: not laid out)."""
        win = self.window()
        if win is self or not win.isVisible():
            return None
        frame = win.frameGeometry().width() - win.width()
        beside = win.width() - self.width()  # the navigation list, margins and spacing
        return max(window_state.available_rect(win).width() - frame - beside, 1)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        room = self.room()
        if room is not None and hint.width() > room:
            hint.setWidth(room)
        return hint
