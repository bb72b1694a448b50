"""Small widgets shared by pages: error labels beside fields, Enter-moves-on, section titles, bounded combos."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

LIGHT_COLORS = {"green": "#2e7d32", "yellow": "#f9a825", "red": "#c62828"}


class ErrorLabel(QLabel):
    """Red text under a field; empty (and taking no space) when all is well."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet("color: #c62828;")
        self.setWordWrap(True)
        self.hide()

    def show_error(self, message: str) -> None:
        self.setText(message)
        self.setVisible(bool(message))


class EnterMovesOn(QObject):
    """Pressing Enter in a line edit moves the focus to the next field, as on paper forms."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(watched, QLineEdit)
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            focus_next(watched)
            return True
        return False


def focus_next(widget: QWidget) -> None:
    """Give the focus to the next widget in the Tab chain that can take it."""
    candidate = widget.nextInFocusChain()
    while candidate is not None and candidate is not widget:
        if (
            candidate.focusPolicy() & Qt.FocusPolicy.TabFocus
            and candidate.isVisible()
            and candidate.isEnabled()
            and not candidate.focusProxy()
        ):
            candidate.setFocus(Qt.FocusReason.TabFocusReason)
            return
        candidate = candidate.nextInFocusChain()


def title_label(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.3)
    font.setBold(True)
    label.setFont(font)
    return label


def bounded_combo(combo: QComboBox, chars: int) -> QComboBox:
    """A choice box no wider than ``chars`` characters whatever its longest entry (an English category
    name widened the 办件 page past a 1024-pixel screen); the open list still shows entries whole."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)
    combo.view().setTextElideMode(Qt.TextElideMode.ElideNone)
    combo.view().setMinimumWidth(combo.view().sizeHintForColumn(0) + 24)
    return combo
