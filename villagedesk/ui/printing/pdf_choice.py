"""Printing on a PC with no printer installed: a PDF saved where the cadre chooses, never ``~/print.pdf``.

Qt's print dialog on such a PC offers only "print to file" with ``~/print.pdf`` filled in, so a stray Enter
wrote the form there without a word. Every print path of the app asks ``printers_installed()`` first and,
when there is none, opens the app's own save dialog instead: a name that says what and whose
(``受理回执-JY-….pdf``) in the Documents folder (the profile's ``exports`` when there is none). Nothing is
written until the cadre presses 保存 there; 取消 writes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtWidgets import QDialog, QWidget

from villagedesk.services.desk import Desk
from villagedesk.ui.dialogs import file_dialogs


def printers_installed() -> bool:
    return bool(QPrinterInfo.availablePrinters())


def pdf_folder(desk: Desk) -> Path:
    """Where a PDF is offered: the user's Documents folder, else the profile's ``exports`` folder."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir() and Path(documents) != Path.home():
        return Path(documents)
    folder = desk.paths.exports
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def pdf_name(*parts: str) -> str:
    """``受理回执-JY-20261125-0001.pdf``: the parts joined, characters Windows refuses in names replaced."""
    stem = "-".join(p for p in parts if p)
    return re.sub(r'[\\/:*?"<>|\s]+', "_", stem) + ".pdf"


def ask_pdf(
    parent: QWidget | None, desk: Desk, name: str, chosen: Callable[[Path], object], title: str = ""
) -> QDialog:
    """The save dialog for ``name`` in ``pdf_folder``, window-modal (returns at once); ``chosen(path)``
    runs with a ``.pdf`` path once 保存 is pressed, never on 取消."""
    title = title or QCoreApplication.translate("PdfChoice", "保存为 PDF")

    def accepted(path: str) -> None:
        target = Path(path)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        chosen(target)

    return file_dialogs.save_file_then(parent, title, pdf_folder(desk) / name, "PDF (*.pdf)", accepted)


def pdf_printer(printer: QPrinter, path: Path) -> QPrinter:
    """``printer`` set to write the PDF ``path`` (the preview and the recovery slip draw on it)."""
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer
