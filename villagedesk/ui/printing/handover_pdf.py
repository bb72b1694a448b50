"""The printed 交接单: the leaving agent's open cases, originals in custody, appointments and what has
not reached the town, with signature lines for both (A4, drawn by report_pdf, CJK font embedded)."""

from __future__ import annotations

from pathlib import Path

from villagedesk.services.handover import HandoverSheet, tamper_warning
from villagedesk.ui.printing.report_pdf import Audit, PdfDocument, PdfTable, write_pdf

CASE_WIDTHS = [0.2, 0.22, 0.12, 0.16, 0.3]  # the last: the promise as the receipt prints it (预计 …)
VISIT_WIDTHS = [0.22, 0.18, 0.3, 0.3]
ORIGINAL_WIDTHS = [0.26, 0.16, 0.4, 0.18]  # the last: who holds the original now (domain/custody.py)


def document(sheet: HandoverSheet, center: str = "") -> PdfDocument:
    doc = PdfDocument(
        "代办员工作交接单",
        meta=[
            f"{center}  交接日期 {sheet.made_on.isoformat()}".strip(),
            f"移交人 {sheet.leaving.display_name}({sheet.leaving.username})    "
            f"接收人 {sheet.taking.display_name}({sheet.taking.username})",
        ],
    )
    none = "(无)"
    warning = tamper_warning(sheet)
    if warning:  # first, before anything on the sheet is counted as handed over
        doc.sections.append(("⚠ 记录被改动, 不可信", warning + "。\n" + "\n".join(sheet.tampered[:10])))
    doc.sections.append(
        (
            f"一、在办件 {len(sheet.cases)} 件",
            PdfTable(
                ["办件编号", "事项", "申请人", "状态", "承诺办结"],
                [list(c) for c in sheet.cases],
                CASE_WIDTHS,
            )
            if sheet.cases
            else none,
        )
    )
    doc.sections.append(
        (
            f"二、不在群众手中的材料原件 {len(sheet.originals)} 份",
            PdfTable(["办件编号", "申请人", "材料", "现由谁保管"], [list(o) for o in sheet.originals], ORIGINAL_WIDTHS)
            if sheet.originals
            else none,
        )
    )
    doc.sections.append(
        (
            f"三、已预约未到访 {len(sheet.appointments)} 个",
            PdfTable(
                ["日期", "时段", "预约人", "事项编码"], [list(a) for a in sheet.appointments], [0.22, 0.18, 0.3, 0.3]
            )
            if sheet.appointments
            else none,
        )
    )
    doc.sections.append(("四、未同步的工作", sheet.advice))  # the advice names refused events itself
    doc.sections.append(
        (
            "五、签字确认",
            "以上在办件、原件和预约已当面清点交接。\n\n"
            "移交人(签字): ____________    日期: ____________\n\n"
            "接收人(签字): ____________    日期: ____________",
        )
    )
    return doc


def write(path: Path, sheet: HandoverSheet, audit: Audit, center: str = "") -> int:
    """Write the sheet as a PDF (recorded through ``audit``); returns the number of pages."""
    return write_pdf(path, document(sheet, center), audit)
