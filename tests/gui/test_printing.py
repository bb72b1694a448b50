"""Printing real cases registered through the services: fonts embedded, Chinese extractable, QR exact."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import segno
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget
from stdnum.cn import ric

from villagedesk.db import models as m
from villagedesk.domain.check_code import check_code
from villagedesk.services import catalog, intake, queries
from villagedesk.ui import printing as pr
from villagedesk.ui.printing.fonts import document_font, missing_glyphs
from villagedesk.ui.printing.output import A4_MARGINS_MM

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")

OFFICE = pr.Office("示范村便民服务站", "0391-6612345")
RARE = "\U000201d4"  # 𠇔, CJK Extension B: outside the BMP


def rid(serial: int) -> str:
    body = f"41900119800101{serial:03d}"
    return body + ric.calc_check_digit(body + "0")


def register(desk, name: str, serial: int, item: str = "JY010", have: bool = False) -> str:
    materials = {}
    if have:
        materials = {m.name: intake.MaterialState("have") for m in catalog.plan(desk, item).materials}
    form = intake.IntakeForm(
        item_code=item,
        name=name,
        id_number=rid(serial),
        phone="13812345678",
        address="示范村三组12号",
        mandate_signed=True,
        materials=materials,
    )
    return intake.register(desk, form).case_no


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def pdf_fonts(path: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def page_size_pt(path: Path) -> tuple[float, float]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    w, h = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", out).groups()
    return float(w), float(h)


def test_receipt_pdf_embeds_cjk_font_and_extracts_names(qapp, desk, tmp_path: Path) -> None:
    names = ["王芳", "阿依古丽·买买提", "王" + RARE]
    for serial, name in enumerate(names, 1):
        case_no = register(desk, name, serial)
        target = tmp_path / f"receipt{serial}.pdf"
        drawn = pr.to_pdf(pr.receipt_from(queries.detail(desk, case_no), OFFICE), target)
        fonts = pdf_fonts(target)
        assert fonts, "no font in the PDF"
        assert all(row[-5] == "yes" for row in fonts), f"font not embedded: {fonts}"
        assert all("Type 3" not in " ".join(row) for row in fonts)
        text = pdf_text(target)
        assert "受理回执" in text and case_no in text and "0391-6612345" in text
        assert "419001********" in text and rid(serial) not in text  # the receipt shows the ID masked
        if name != "王" + RARE:
            assert name in text
            assert drawn.unprintable == []
            continue
        # The rare character: printed if some installed font has it, else a □ and a note to write it by hand.
        has_glyph = not missing_glyphs(RARE, document_font(11))
        if shutil.which("fc-list"):  # fontconfig is an independent witness of what is installed
            fc = subprocess.run(["fc-list", ":charset=201d4"], capture_output=True, text=True).stdout.strip()
            assert has_glyph == bool(fc)
        if has_glyph:
            # Drawn by a fallback font that has it (embedded too); Qt writes no ToUnicode entry for it,
            # printing/text_layer.py adds one, so the text layer holds the whole name too.
            assert drawn.unprintable == [] and name in text and "□" not in text
            assert len(fonts) >= 2, f"the rare character's font is not embedded: {fonts}"
        else:
            assert drawn.unprintable == [RARE]
            assert "王□" in text and "U+201D4" in text and "手写" in text


def set_public_url(desk, url: str) -> None:
    """The town's public address as a sync stores it (a reference row of kind ``public``)."""
    with desk.store.write() as s:
        data = json.dumps({"url": url, "hotline": "", "agents": {}})
        s.add(m.RefData(rseq=900, kind="public", key="page", region=None, effective_from=None, data=data))


def test_receipt_qr_code_holds_the_query_url_with_the_check_code(qapp, desk, tmp_path: Path) -> None:
    case_no = register(desk, "张伟", 1, have=True)
    set_public_url(desk, "https://cx.town.example.cn")
    detail = queries.detail(desk, case_no)
    code = check_code(detail.row.id)
    url = f"https://cx.town.example.cn/q/{case_no}?k={code}"
    target = tmp_path / "receipt.pdf"
    drawn = pr.to_pdf(pr.receipt_from(detail, OFFICE), target)
    assert f"查询码 {code[:4]}-{code[4:]}" in pdf_text(target)
    dpi = 200
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-gray", str(target), str(tmp_path / "page")], check=True)
    image = QImage(str(tmp_path / "page-1.png"))
    assert not image.isNull()
    ((page, x_mm, y_mm, size_mm),) = drawn.qr_boxes_mm
    assert page == 1
    matrix = [list(row) for row in segno.make(url, error="m", micro=False).matrix]
    n = len(matrix) + 4  # the drawn box includes a 2-module quiet zone on each side
    left, top = A4_MARGINS_MM[0] + x_mm, A4_MARGINS_MM[1] + y_mm
    module = size_mm / n
    wrong = 0
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            px = round((left + (c + 2.5) * module) * dpi / 25.4)
            py = round((top + (r + 2.5) * module) * dpi / 25.4)
            wrong += (image.pixelColor(px, py).lightness() < 128) != bool(dark)
    assert wrong == 0


def test_receipt_without_a_public_address_prints_the_code_and_says_so(qapp, desk, tmp_path: Path) -> None:
    case_no = register(desk, "张伟", 1, have=True)
    detail = queries.detail(desk, case_no)
    code = check_code(detail.row.id)
    target = tmp_path / "receipt.pdf"
    drawn = pr.to_pdf(pr.receipt_from(detail, OFFICE), target)
    text = "".join(pdf_text(target).split())
    assert drawn.qr_boxes_mm == []  # no QR that would lead nowhere
    assert case_no in text and f"查询码{code[:4]}-{code[4:]}" in text and "未设置公开查询地址" in text


def test_receipt_on_80mm_roll_is_cut_to_length(qapp, desk, tmp_path: Path) -> None:
    case_no = register(desk, "多吉次仁", 2, item="BZ-QYSL", have=True)
    target = tmp_path / "roll.pdf"
    pr.to_pdf(pr.receipt_from(queries.detail(desk, case_no), OFFICE), target, pr.Paper.ROLL_80)
    width, height = page_size_pt(target)
    assert abs(width - 80 / 25.4 * 72) < 1
    assert 80 / 25.4 * 72 < height < 297 / 25.4 * 72  # longer than wide, shorter than A4: fits its content
    text = pdf_text(target)
    assert case_no in text and "多证联办" in text and "承诺办结" in text
    assert subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True).stdout.count("Pages:") == 1


def test_notice_lists_every_missing_material_once(qapp, desk, tmp_path: Path) -> None:
    case_no = register(desk, "李秀英", 3, item="JY005")  # nothing handed in: required missing, photo 容缺
    detail = queries.detail(desk, case_no)
    notice = pr.notice_from(detail, OFFICE, catalog.plan(desk, "JY005"))
    names = [m.name for m in notice.materials]
    assert names == ["身份证/户口簿", "残疾评定表", "2寸照片"]
    target = tmp_path / "notice.pdf"
    pr.to_pdf(notice, target)
    text = pdf_text(target)
    for i, name in enumerate(names, 1):
        assert len(re.findall(rf"{i}\. {re.escape(name)}", text)) == 1
    assert "容缺后补" in text and "共 3 项" in text
    assert "办事群众签字" in text and "李秀英" in text and "李娜" in text and "2026年11月25日" in text
    assert "第 1 页 / 共 1 页" in text


def test_notice_refused_when_nothing_is_missing(qapp, desk) -> None:
    case_no = register(desk, "赵强", 4, item="JY006", have=True)
    with pytest.raises(pr.NothingToNotify, match="没有缺少的材料"):
        pr.notice_from(queries.detail(desk, case_no), OFFICE)


def test_long_notice_breaks_pages_with_numbers(qapp, tmp_path: Path) -> None:
    from datetime import date

    materials = tuple(pr.MissingMaterial(f"证明材料第{i}号") for i in range(1, 61))
    notice = pr.Notice(
        "100201-261125-ES009", "测试事项", "王芳", "419001********0014", date(2026, 11, 25), "李娜", OFFICE, materials
    )
    target = tmp_path / "long.pdf"
    drawn = pr.to_pdf(notice, target)
    assert drawn.pages >= 2
    text = pdf_text(target)
    assert f"第 {drawn.pages} 页 / 共 {drawn.pages} 页" in text
    for i in range(1, 61):
        assert len(re.findall(rf"\b{i}\. 证明材料第{i}号", text)) == 1


def test_mandate_shows_full_id_only_from_an_authorised_detail(qapp, desk, tmp_path: Path) -> None:
    case_no = register(desk, "阿依古丽·买买提", 5)
    full = pr.mandate_from(queries.detail(desk, case_no, reveal_id=True), OFFICE)
    pr.to_pdf(full, tmp_path / "full.pdf")
    text = pdf_text(tmp_path / "full.pdf")
    assert "委托书" in text and rid(5) in text and "阿依古丽·买买提" in text and "李娜" in text
    masked = pr.mandate_from(queries.detail(desk, case_no), OFFICE)
    assert masked.id_number == ""
    pr.to_pdf(masked, tmp_path / "blank.pdf")
    blank = pdf_text(tmp_path / "blank.pdf")
    assert rid(5) not in blank and "********" not in blank
    with pytest.raises(pr.PrintError):
        pr.to_pdf(full, tmp_path / "roll.pdf", pr.Paper.ROLL_80)


def test_printer_path_and_bad_targets(qapp, desk, tmp_path: Path) -> None:
    case_no = register(desk, "王芳", 6)
    doc = pr.receipt_from(queries.detail(desk, case_no), OFFICE)
    with pytest.raises(pr.PrintError, match="找不到打印机「不存在的打印机」"):
        pr.to_printer(doc, "不存在的打印机")
    with pytest.raises(pr.PrintError, match="保存位置不存在"):
        pr.to_pdf(doc, tmp_path / "no" / "such" / "dir" / "x.pdf")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)  # what the print dialog hands back
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printer.pdf"))
    drawn = pr.to_printer(doc, printer)
    del printer
    assert drawn.pages == 1
    assert case_no in pdf_text(tmp_path / "printer.pdf")


def test_preview_dialog_renders_the_document(qapp, qtbot, desk) -> None:
    case_no = register(desk, "王芳", 7)
    dialog = pr.preview_dialog(pr.receipt_from(queries.detail(desk, case_no), OFFICE), pr.Paper.ROLL_80)
    qtbot.addWidget(dialog)
    assert case_no in dialog.windowTitle() and "受理回执" in dialog.windowTitle()
    dialog.show()
    preview = dialog.findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: preview.pageCount() == 1)
    dialog.close()


def test_mandate_prints_the_record_signed_on_and_valid_until(qapp, desk, tmp_path: Path) -> None:
    """The 委托书 printed "valid until the case ends, 登记日期 …" whatever the villager had signed."""
    from datetime import date

    from villagedesk.domain.lifecycle import EventType
    from villagedesk.services import actions

    form = intake.IntakeForm(
        item_code="JY010",
        name="王𠮷",
        id_number=rid(8),
        phone="13812345678",
        mandate_signed=True,
        mandate_signed_on=date(2026, 11, 20),
        mandate_valid_until=date(2026, 12, 31),
    )
    case = intake.register(desk, form)
    text = _mandate_text(desk, case.case_no, tmp_path / "m1.pdf")
    assert "至2026年12月31日止有效" in text and "签署日期：2026年11月20日" in text and "办结之日止" not in text
    renewed = {"signed_on": "2026-11-25", "valid_until": None}
    actions.perform(desk, case.case_id, EventType.MANDATE_RECORDED, renewed)
    text = _mandate_text(desk, case.case_no, tmp_path / "m2.pdf")
    assert "至该事项办结之日止有效" in text and "签署日期：2026年11月25日" in text


def _mandate_text(desk, case_no: str, target: Path) -> str:
    pr.to_pdf(pr.mandate_from(queries.detail(desk, case_no), OFFICE), target)
    return re.sub(r"\s+", "", pdf_text(target))
