"""Every print's text layer holds a name with a character outside the BMP (𠮷, U+20BB7) and the middle
dot of a Uyghur name, as ``pdftotext`` reads it. Fails on the old code: Qt's PDF writer draws 𠮷 with the
fallback font that has it but maps that glyph to nothing, so pdftotext gave 祥·阿依古丽 (text_layer.py).

Real cases registered through the services, the real PDF writers, poppler's pdftotext."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.gui.test_printing import OFFICE, pdf_fonts, pdf_text, rid
from villagedesk.domain.lifecycle import Role
from villagedesk.services import accounts, catalog, handover, intake, queries
from villagedesk.ui import printing as pr
from villagedesk.ui.printing import handover_pdf
from villagedesk.ui.printing.fonts import document_font, missing_glyphs

NAME = "𠮷祥·阿依古丽"

pytestmark = [
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed"),
    pytest.mark.skipif(
        shutil.which("fc-list") is None
        or not subprocess.run(["fc-list", ":charset=20bb7"], capture_output=True, text=True).stdout.strip(),
        reason="no installed font draws 𠮷 (Debian: fonts-hanazono)",
    ),
]


def _register(desk) -> str:
    form = intake.IntakeForm(
        item_code="JY005", name=NAME, id_number=rid(77), phone="13812345678", mandate_signed=True
    )  # JY005 with nothing handed in: the 一次性告知单 has missing materials to list
    return intake.register(desk, form).case_no


def _flat(text: str) -> str:
    return "".join(text.split())


def test_every_print_extracts_the_whole_name(qapp, desk, tmp_path: Path) -> None:
    assert not missing_glyphs("𠮷", document_font(11))  # drawn, not a □: the point is the text layer
    case_no = _register(desk)
    detail = queries.detail(desk, case_no, reveal_id=True)
    prints = {
        "receipt": pr.receipt_from(detail, OFFICE),
        "notice": pr.notice_from(detail, OFFICE, catalog.plan(desk, "JY005")),
        "mandate": pr.mandate_from(detail, OFFICE),
    }
    for kind, doc in prints.items():
        target = tmp_path / f"{kind}.pdf"
        drawn = pr.to_pdf(doc, target)
        assert drawn.unprintable == [], kind
        text = pdf_text(target)
        assert NAME in _flat(text), (kind, text)
        assert all(row[-5] == "yes" for row in pdf_fonts(target)), kind  # still every font embedded

    region = desk.identity.region_code
    accounts.create_account(desk, "jixiang", "𠮷祥", "secret-1", Role.AGENT, region)
    accounts.create_account(desk, "wangqiang", "王强", "secret-2", Role.AGENT, region)
    accounts.authenticate(desk, "jixiang", "secret-1")
    _register(desk)
    sheet = handover.prepare(desk, "jixiang", "wangqiang")
    target = tmp_path / "handover.pdf"
    handover_pdf.write(target, sheet, lambda _p, _n: None)
    text = _flat(pdf_text(target))
    assert "移交人𠮷祥(jixiang)" in text and NAME in text, text
    assert not list(tmp_path.glob("*.text")) and not list(tmp_path.glob("*.part"))


def _pdf_printer(target: Path):
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)  # the print dialog's 打印到文件 (PDF)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    return printer


def test_printing_to_a_pdf_file_through_the_print_dialog_keeps_the_name(qapp, desk, tmp_path: Path) -> None:
    """Issue 18: a QPrinter set to a PDF file (the system print dialog's print to file, the preview's
    print button) wrote Qt's text layer without the 𠮷 fix: pdftotext gave 祥·阿依古丽."""
    from PySide6.QtPrintSupport import QPrintPreviewWidget

    detail = queries.detail(desk, _register(desk), reveal_id=True)
    receipt = pr.receipt_from(detail, OFFICE)
    direct = tmp_path / "printer.pdf"
    pr.to_printer(receipt, _pdf_printer(direct))  # what 打印 does with a printer set to print to a file
    assert NAME in _flat(pdf_text(direct)), pdf_text(direct)

    dialog = pr.preview_dialog(pr.mandate_from(detail, OFFICE))  # the preview, then its print button
    previewed = tmp_path / "preview.pdf"
    dialog._printer.setOutputFormat(dialog._printer.OutputFormat.PdfFormat)
    dialog._printer.setOutputFileName(str(previewed))
    dialog.findChild(QPrintPreviewWidget).print()
    assert NAME in _flat(pdf_text(previewed)), pdf_text(previewed)
    dialog.deleteLater()


def test_the_recovery_slip_printed_to_a_pdf_file_keeps_the_name(qapp, desk, tmp_path: Path) -> None:
    """The first-run wizard's 恢复码 slip (QTextDocument.print_ on the QPrinter the dialog chose)."""
    from villagedesk.ui import wizard

    info = accounts.create_account(desk, "yili", NAME, "secret-1", Role.AGENT, desk.identity.region_code)
    dialog = wizard.RecoveryCodeDialog(desk, info)  # what 打印恢复码 shows; the chooser hands print_to a printer
    target = tmp_path / "slip.pdf"
    dialog.print_to(_pdf_printer(target))
    assert dialog.status.text() == f"已保存到 {target}", dialog.status.text()  # a PDF file is named, not 已打印
    assert NAME in _flat(pdf_text(target)), pdf_text(target)
    dialog.deleteLater()
