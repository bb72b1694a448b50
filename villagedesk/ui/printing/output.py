"""Where a document goes: a PDF file, a printer chosen by name, or the print preview dialog.

Every document is drawn twice (see canvas.py): a measuring pass on a PDF in memory fixes the page count
(for "第 1 页 / 共 2 页") and, on an 80 mm receipt roll, the length of paper to feed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QBuffer, QCoreApplication, QIODevice, QMarginsF, QSizeF, Qt
from PySide6.QtGui import QPagedPaintDevice, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from villagedesk.domain.errors import DomainError
from villagedesk.ui.printing import documents as docs
from villagedesk.ui.printing import preview_bar, text_layer
from villagedesk.ui.printing.canvas import Canvas, Drawn

Document = docs.Receipt | docs.Notice | docs.Mandate


class PrintError(DomainError):
    """The document could not be printed or saved (no such printer, unwritable file)."""


class Paper(StrEnum):
    A4 = "a4"
    ROLL_80 = "roll80"  # 80 mm thermal receipt printer, cut to length


ROLL_WIDTH_MM = 80.0
ROLL_MARGIN_MM = 4.0
A4_MARGINS_MM = (20.0, 18.0, 20.0, 14.0)  # left, top, right, bottom
PDF_DPI = 600


def paper_label(paper: Paper) -> str:
    if paper is Paper.ROLL_80:
        return QCoreApplication.translate("Printing", "80毫米小票")
    return QCoreApplication.translate("Printing", "A4 纸")


def document_label(doc: Document) -> str:
    """The form's name for menus and window titles (the printed form itself stays in Chinese)."""
    if isinstance(doc, docs.Receipt):
        return QCoreApplication.translate("Printing", "受理回执")
    if isinstance(doc, docs.Notice):
        return QCoreApplication.translate("Printing", "一次性告知单")
    return QCoreApplication.translate("Printing", "委托书")


def _layout(paper: Paper, roll_length_mm: float = 200.0) -> QPageLayout:
    if paper is Paper.ROLL_80:
        size = QPageSize(QSizeF(ROLL_WIDTH_MM, roll_length_mm), QPageSize.Unit.Millimeter, "80mm roll")
        m = ROLL_MARGIN_MM
        margins = QMarginsF(m, m, m, m)
    else:
        size = QPageSize(QPageSize.PageSizeId.A4)
        margins = QMarginsF(*A4_MARGINS_MM)
    return QPageLayout(size, QPageLayout.Orientation.Portrait, margins, QPageLayout.Unit.Millimeter)


def _footer(title: str, case_no: str) -> Callable[[Canvas, int, int], None]:
    def draw(c: Canvas, page: int, total: int) -> None:
        of = f" / 共 {total} 页" if total else ""
        c.text(f"{title}　办件编号 {case_no}　第 {page} 页{of}", 8, align=Qt.AlignmentFlag.AlignHCenter, advance=False)

    return draw


def _draw(doc: Document, device: QPagedPaintDevice, paper: Paper, total_pages: int = 0) -> Drawn:
    roll = paper is Paper.ROLL_80
    if roll and not isinstance(doc, docs.Receipt):
        # Forms with signature lines go on A4 (they are filed at the town); only the receipt fits a roll.
        raise PrintError(QCoreApplication.translate("Printing", "一次性告知单和委托书须用 A4 纸打印"))
    painter = QPainter()
    if not painter.begin(device):
        raise PrintError(QCoreApplication.translate("Printing", "无法开始打印(打印机或文件不可用)"))
    try:
        if isinstance(doc, docs.Receipt):
            canvas = Canvas(device, painter, continuous=roll, scale=0.85 if roll else 1.0)
            docs.draw_receipt(canvas, doc, narrow=roll)
        elif isinstance(doc, docs.Notice):
            canvas = Canvas(device, painter, total_pages=total_pages, footer=_footer("一次性告知单", doc.case_no))
            docs.draw_notice(canvas, doc)
        else:
            canvas = Canvas(device, painter, total_pages=total_pages, footer=_footer("委托书", doc.case_no))
            docs.draw_mandate(canvas, doc)
        return canvas.finish()
    finally:
        painter.end()


def _measure(doc: Document, paper: Paper) -> Drawn:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(PDF_DPI)
    writer.setPageLayout(_layout(paper, 2000.0))
    return _draw(doc, writer, paper)


def _prepare(doc: Document, paper: Paper) -> tuple[QPageLayout, int]:
    measured = _measure(doc, paper)
    length = measured.last_y_mm + 2 * ROLL_MARGIN_MM + 6  # a little paper after the last line for the cutter
    return _layout(paper, length), measured.pages


def pdf_target(device: QPagedPaintDevice) -> Path | None:
    """The PDF file a QPrinter writes (the print dialog's 打印到文件 / Print to PDF), else None."""
    if not isinstance(device, QPrinter) or device.outputFormat() != QPrinter.OutputFormat.PdfFormat:
        return None
    name = device.outputFileName()
    return Path(name) if name else None


def file_stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def mend_after(device: QPagedPaintDevice, texts: Iterable[str], before: tuple[int, int] | None) -> None:
    """After a QPrinter wrote a PDF file: the same 生僻字 text-layer fix as ``to_pdf`` (text_layer.py).
    ``before``: the file's stamp before drawing (``file_stamp``); an unchanged file was not written now (the
    preview draws on its own engine while the printer still names the last file) and is left alone."""
    target = pdf_target(device)
    if target is None:
        return
    after = file_stamp(target)
    if after is not None and after != before:
        text_layer.restore(target, texts)


def render(doc: Document, device: QPagedPaintDevice, paper: Paper = Paper.A4) -> Drawn:
    """Draw ``doc`` on any paged device (a QPrinter from a dialog, a QPdfWriter); sets its page layout.
    A QPrinter printing to a PDF file gets ``to_pdf``'s text-layer fix once the file is written."""
    layout, pages = _prepare(doc, paper)
    if not device.setPageLayout(layout):
        raise PrintError(QCoreApplication.translate("Printing", "打印机不支持所选纸张"))
    target = pdf_target(device)
    before = file_stamp(target) if target is not None else None
    drawn = _draw(doc, device, paper, pages)  # ends the painter: a PDF file is complete here
    mend_after(device, text_layer.strings(doc), before)
    return drawn


def to_pdf(doc: Document, path: str | os.PathLike[str], paper: Paper = Paper.A4) -> Drawn:
    """Write ``doc`` to a PDF file (fonts embedded, so Chinese prints on any PC)."""
    target = Path(path)
    if not target.parent.is_dir():
        raise PrintError(QCoreApplication.translate("Printing", "保存位置不存在: %1").replace("%1", str(target.parent)))
    writer = QPdfWriter(str(target))
    writer.setResolution(PDF_DPI)
    writer.setCreator("VillageDesk")
    writer.setTitle(f"{document_label(doc)} {doc.case_no}")
    drawn = render(doc, writer, paper)
    del writer  # closes the file
    if not target.is_file() or target.stat().st_size == 0:
        raise PrintError(QCoreApplication.translate("Printing", "无法写入文件: %1").replace("%1", str(target)))
    text_layer.restore(target, text_layer.strings(doc))  # 生僻字 outside the BMP back into the text layer
    return drawn


def printer_names() -> list[str]:
    return [p.printerName() for p in QPrinterInfo.availablePrinters()]


def printer_named(name: str) -> QPrinter:
    """A high-resolution QPrinter for the installed printer ``name`` (the name 设置 stores)."""
    info = QPrinterInfo.printerInfo(name) if name else QPrinterInfo()
    if info.isNull():
        msg = QCoreApplication.translate("Printing", "找不到打印机「%1」, 请在设置中重新选择").replace("%1", name)
        raise PrintError(msg)
    return QPrinter(info, QPrinter.PrinterMode.HighResolution)


def to_printer(doc: Document, printer: str | QPrinter, paper: Paper = Paper.A4, copies: int = 1) -> Drawn:
    """Print ``doc`` on the printer named ``printer`` (or on a QPrinter already set up)."""
    device = printer_named(printer) if isinstance(printer, str) else printer
    device.setDocName(f"{document_label(doc)} {doc.case_no}")
    device.setCopyCount(max(1, copies))
    return render(doc, device, paper)


def preview_dialog(
    doc: Document,
    paper: Paper = Paper.A4,
    parent: QWidget | None = None,
    printer: str = "",
    save_pdf: Callable[[], object] | None = None,
) -> QPrintPreviewDialog:
    """A QPrintPreviewDialog showing ``doc``; the GUI calls ``exec()`` (printing from it uses the same drawing).
    ``save_pdf`` is what its 打印… does on a PC with no printer (see ui/printing/pdf_choice.py)."""
    device = printer_named(printer) if printer else QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintPreviewDialog(device, parent)
    dialog.setWindowTitle(
        QCoreApplication.translate("Printing", "打印预览 - %1").replace("%1", f"{document_label(doc)} {doc.case_no}")
    )
    dialog.paintRequested.connect(lambda target: render(doc, target, paper))
    dialog._printer = device  # keep the printer alive as long as the dialog
    dialog.bar_buttons = preview_bar.install(dialog, device, save_pdf)
    return dialog
