"""Every file and folder chooser of the app: Qt's own (non-native) dialog, labelled in the UI language.

Qt's ``qtbase_zh_CN.qm`` leaves some of the dialog in English ("Look in:", "Files of type:"), and the
static ``QFileDialog.get…`` functions give a native dialog on some desktops and Qt's on others. One
dialog everywhere, with the labels Qt does not translate set from our own strings, reads the same on
every PC and in both languages.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

Label = QFileDialog.DialogLabel


def make(
    parent: QWidget | None,
    title: str,
    start: str | Path = "",
    pattern: str = "",
    mode: QFileDialog.FileMode = QFileDialog.FileMode.ExistingFile,
    save: bool = False,
) -> QFileDialog:
    """The dialog, not yet shown (``choose`` runs it; tests look at it)."""
    dialog = QFileDialog(parent, title)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setFileMode(mode)
    if mode is QFileDialog.FileMode.Directory:
        dialog.setOption(QFileDialog.Option.ShowDirsOnly)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen)
    if pattern:
        dialog.setNameFilter(pattern)
    start = Path(start) if str(start) else Path.home()
    if start.is_dir():
        dialog.setDirectory(str(start))
    else:
        dialog.setDirectory(str(start.parent))
        dialog.selectFile(start.name)
    dialog.setLabelText(Label.LookIn, QCoreApplication.translate("FileDialogs", "查找范围:"))
    dialog.setLabelText(
        Label.FileName,
        QCoreApplication.translate("FileDialogs", "文件夹:")
        if mode is QFileDialog.FileMode.Directory
        else QCoreApplication.translate("FileDialogs", "文件名:"),
    )
    dialog.setLabelText(Label.FileType, QCoreApplication.translate("FileDialogs", "文件类型:"))
    dialog.setLabelText(
        Label.Accept,
        QCoreApplication.translate("FileDialogs", "保存")
        if save
        else QCoreApplication.translate("FileDialogs", "选择")
        if mode is QFileDialog.FileMode.Directory
        else QCoreApplication.translate("FileDialogs", "打开"),
    )
    dialog.setLabelText(Label.Reject, QCoreApplication.translate("FileDialogs", "取消"))
    return dialog


def choose(dialog: QFileDialog) -> str:
    """Run the dialog; the chosen path, or '' when cancelled."""
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return ""
    return dialog.selectedFiles()[0]


def open_file(parent: QWidget | None, title: str, start: str | Path = "", pattern: str = "") -> str:
    return choose(make(parent, title, start, pattern))


def save_file(parent: QWidget | None, title: str, start: str | Path = "", pattern: str = "") -> str:
    return choose(make(parent, title, start, pattern, QFileDialog.FileMode.AnyFile, save=True))


def save_file_then(
    parent: QWidget | None, title: str, start: str | Path, pattern: str, chosen: Callable[[str], object]
) -> QDialog:
    """The save dialog, window-modal (returns at once, unlike ``save_file``): ``chosen(path)`` runs once
    保存 is pressed, never on 取消. The dialog is returned (tests and callers look at it)."""
    dialog = make(parent, title, start, pattern, QFileDialog.FileMode.AnyFile, save=True)
    dialog.fileSelected.connect(chosen)
    dialog.open()
    return dialog


def folder(parent: QWidget | None, title: str, start: str | Path = "") -> str:
    return choose(make(parent, title, start, mode=QFileDialog.FileMode.Directory))
