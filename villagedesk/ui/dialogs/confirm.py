"""Confirmation before an irreversible step, naming the villager and the case number.

The safe button (取消 / 返回修改) is the default, so Enter or a stray Space never confirms: to a WeChat
user 撤回 means "undo my last step", and an Enter on 撤回 used to end the case.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget


class Confirmation(QMessageBox):
    """A window-modal question; ``yes`` runs only when the person clicks the named confirm button."""

    def __init__(self, parent: QWidget, title: str, text: str, confirm_text: str, detail: str = "") -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(title)
        self.setText(text)
        if detail:
            self.setInformativeText(detail)
        self.confirm_button: QPushButton = self.addButton(confirm_text, QMessageBox.ButtonRole.DestructiveRole)
        self.cancel_button: QPushButton = self.addButton(
            QCoreApplication.translate("Confirm", "取消"), QMessageBox.ButtonRole.RejectRole
        )
        self.setDefaultButton(self.cancel_button)
        self.setEscapeButton(self.cancel_button)
        self.confirm_button.setAutoDefault(False)

    def confirmed(self) -> bool:
        return self.clickedButton() is self.confirm_button


def ask(
    parent: QWidget,
    title: str,
    text: str,
    confirm_text: str,
    on_yes: Callable[[], None],
    detail: str = "",
    on_no: Callable[[], None] | None = None,
) -> Confirmation:
    """Open the question (returns at once); ``on_yes`` runs after a click on ``confirm_text``."""
    box = Confirmation(parent, title, text, confirm_text, detail)

    def finished(_result: int) -> None:
        if box.confirmed():
            on_yes()
        elif on_no is not None:
            on_no()
        box.deleteLater()

    box.finished.connect(finished)
    parent.confirmation = box  # type: ignore[attr-defined]  # the open question, for tests and the lock
    box.open()
    return box


def who_and_case(name: str, case_no: str) -> str:
    """「张三」的办件 100200-261126-33006: how every confirmation names what it acts on."""
    return QCoreApplication.translate("Confirm", "「%1」的办件 %2").replace("%1", name).replace("%2", case_no)
