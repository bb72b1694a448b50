"""Errors beside the fields of a form dialog that neither squash the fields nor outstay the mistake.

A dialog whose layout holds word-wrapped labels (the red error lines, the 复议 notice) has *height for
width*; for such a top-level widget Qt sets no minimum height at all, so after an error appeared the
dialog could be laid out shorter than its fields and squeezed them to a few pixels (the 决定 combo cut to
a sliver, the 理由 box one could not see into). ``fit_height`` gives the dialog the height its layout
asks for at its present width; ``on_change`` tells when the user changes a field, so the error about
it goes away at once.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDateTimeEdit,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QWidget,
)


def fit_height(dialog: QWidget) -> None:
    """Keep ``dialog`` at least as tall as its layout wants at its width (grow it when it is shorter)."""
    layout = dialog.layout()
    if layout is None:
        return
    need = layout.totalHeightForWidth(dialog.width()) if layout.hasHeightForWidth() else -1
    need = max(need, layout.totalSizeHint().height() if need < 0 else 0, layout.totalMinimumSize().height())
    if dialog.minimumHeight() != need:
        dialog.setMinimumHeight(need)
    if dialog.height() < need:
        dialog.resize(dialog.width(), need)


def _inputs(widget: QWidget) -> list[QWidget]:
    """The input itself, or the inputs inside a row widget (the three sub-scores of a review)."""
    kinds = (QLineEdit, QComboBox, QPlainTextEdit, QListWidget, QAbstractSpinBox, QAbstractButton)
    if isinstance(widget, kinds):
        return [widget]
    return [w for w in widget.findChildren(QWidget) if isinstance(w, kinds) and not isinstance(w.parent(), kinds)]


def on_change(widget: QWidget, callback: Callable[[], None]) -> None:
    """Call ``callback`` whenever the user changes what ``widget`` (or an input inside it) holds."""
    for w in _inputs(widget):
        if isinstance(w, QComboBox):
            w.currentIndexChanged.connect(lambda _i: callback())
            if w.isEditable():
                w.editTextChanged.connect(lambda _t: callback())
        elif isinstance(w, QLineEdit):
            w.textEdited.connect(lambda _t: callback())
        elif isinstance(w, QPlainTextEdit):
            w.textChanged.connect(callback)
        elif isinstance(w, QListWidget):
            w.itemChanged.connect(lambda _item: callback())
        elif isinstance(w, QDateTimeEdit):
            w.dateTimeChanged.connect(lambda _d: callback())
        elif isinstance(w, QAbstractSpinBox):
            w.editingFinished.connect(callback)
            if hasattr(w, "valueChanged"):
                w.valueChanged.connect(lambda _v: callback())
        elif isinstance(w, QAbstractButton):
            w.toggled.connect(lambda _c: callback())
