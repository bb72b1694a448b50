"""Printing the 受理回执, 一次性告知单 and 委托书: to a PDF, a named printer, or the preview dialog.

Use: build the document from the services' plain data, then send it somewhere::

    detail = queries.detail(desk, case_no)
    doc = receipt_from(detail, Office("某某村便民服务站", "0391-1234567"))
    to_pdf(doc, path, Paper.ROLL_80)          # or to_printer(doc, "HP LaserJet"), preview_dialog(doc).exec()

A QGuiApplication must exist (fonts come from Qt's font database).
"""

from villagedesk.ui.printing.dialog import PrintDialog, office_for, print_case
from villagedesk.ui.printing.documents import (
    Mandate,
    MissingMaterial,
    NothingToNotify,
    Notice,
    Office,
    Receipt,
    mandate_from,
    notice_from,
    receipt_from,
)
from villagedesk.ui.printing.output import (
    Document,
    Paper,
    PrintError,
    document_label,
    paper_label,
    preview_dialog,
    printer_named,
    printer_names,
    render,
    to_pdf,
    to_printer,
)

__all__ = [
    "Document",
    "Mandate",
    "MissingMaterial",
    "NothingToNotify",
    "Notice",
    "Office",
    "Paper",
    "PrintDialog",
    "PrintError",
    "Receipt",
    "document_label",
    "mandate_from",
    "notice_from",
    "office_for",
    "paper_label",
    "preview_dialog",
    "print_case",
    "printer_named",
    "printer_names",
    "receipt_from",
    "render",
    "to_pdf",
    "to_printer",
]
