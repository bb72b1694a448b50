"""Text boxes that take no more than the domain keeps.

备注 and the action dialogs' boxes took 10,000 typed characters and said 「内容过长(最多2000字)」 only at
保存: a line box has ``setMaxLength`` at the bound the domain's rule enforces, a multi-line box stops
taking text at it (what is pasted beyond is cut off) and says how much is left as it nears it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

NEAR = 0.9  # the box says 「还可输入 n 字」 once this share of it is used


def limit(widget: QWidget, most: int) -> None:
    """Let ``widget`` (a QLineEdit or QPlainTextEdit) hold at most ``most`` characters."""
    if isinstance(widget, QLineEdit):
        widget.setMaxLength(most)
    elif isinstance(widget, QPlainTextEdit):
        if widget.property("text_limit") is None:
            widget.textChanged.connect(lambda w=widget: _keep_within(w))
        widget.setProperty("text_limit", most)
        _keep_within(widget)


def bound(widget: QWidget) -> int | None:
    """The limit set on ``widget`` (None: none)."""
    if isinstance(widget, QLineEdit):
        return widget.maxLength() if widget.maxLength() != 32767 else None
    got = widget.property("text_limit")
    return int(got) if got is not None else None


def _keep_within(box: QPlainTextEdit) -> None:
    most = int(box.property("text_limit"))
    text = box.toPlainText()
    if len(text) > most:  # cut off what goes past the bound (a paste), where it was put in
        cursor = box.textCursor()
        at = cursor.position()
        cut = len(text) - most
        start = max(at - cut, 0)
        trim = QTextCursor(box.document())
        trim.setPosition(start)
        trim.setPosition(start + cut, QTextCursor.MoveMode.KeepAnchor)
        trim.removeSelectedText()
        text = box.toPlainText()
    left = most - len(text)
    hint = ""
    if len(text) >= most * NEAR:
        hint = QCoreApplication.translate("TextLimit", "还可输入 %1 字(最多 %2 字)").replace("%1", str(left))
        hint = hint.replace("%2", str(most))
    box.setToolTip(hint)
    box.setProperty("text_left", left)
