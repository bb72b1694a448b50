"""PDF exports render Chinese: an embedded CJK font, extractable Chinese text, pages that break."""

from __future__ import annotations

import subprocess
from datetime import date

import pytest

from tests.casebuilder import VILLAGE, Builder
from tests.casebuilder import E as Ev
from villagedesk.domain.metrics import Period
from villagedesk.services import exports, metrics, progress_reports
from villagedesk.ui.printing import report_pdf


def _run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, encoding="utf-8", check=True, timeout=60).stdout


def test_progress_report_pdf_has_chinese_text_and_font(qapp, desk, tmp_path) -> None:
    b = Builder(desk)
    c = b.register("JY022", date(2026, 10, 8))
    b.act(c, Ev.VILLAGE_COMPLETED, date(2026, 10, 9), {"outcome": "agreed"})
    b.agent()
    progress_reports.draft(desk, 2026, 10, "本月调解邻里纠纷一件, 双方签订协议。", on=date(2026, 11, 2))
    report = progress_reports.submit(desk, 2026, 10, on=date(2026, 11, 2))
    out = tmp_path / "进展报告.pdf"
    pages = report_pdf.write_pdf(
        out,
        report_pdf.progress_report_document(report, "东庄村"),
        exports.pdf_audit(desk, "工作进展报送", report.period_label),
    )
    assert pages == 1
    fonts = _run("pdffonts", str(out)).splitlines()[2:]
    assert fonts, "no fonts in the PDF"
    family = report_pdf.cjk_family()
    assert family, "no CJK font installed"
    cjk = [f for f in fonts if family.replace(" ", "") in f.replace(" ", "")]
    assert cjk and all(" yes " in f for f in cjk)  # embedded
    text = _run("pdftotext", "-layout", str(out), "-")
    assert "东庄村 2026年10月 工作进展报送" in text
    assert "按时办结率" in text and "本月调解邻里纠纷一件" in text and "报告已报送" in text
    assert "100.0% (1/1)" in text
    [entry] = exports.audit_entries(desk)
    assert entry[3] == "工作进展报送(PDF): 进展报告.pdf, 1 页, 2026年10月"
    _run("pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", str(out), str(tmp_path / "page"))
    png = next(tmp_path.glob("page*.png"))
    assert png.stat().st_size > 10_000  # a page with real content, not a blank sheet


def test_long_tables_break_across_pages(qapp, desk, tmp_path) -> None:
    rows = [[f"第{i}行", "数值", "很长的说明文字" * 6] for i in range(1, 121)]
    doc = report_pdf.PdfDocument(
        "分页测试", ["截至今日"], [("明细", report_pdf.PdfTable(["项", "值", "说明"], rows, [0.2, 0.2, 0.6]))]
    )
    seen: list[tuple[str, int]] = []
    pages = report_pdf.write_pdf(tmp_path / "long.pdf", doc, lambda p, n: seen.append((p.name, n)))
    assert pages >= 3 and seen == [("long.pdf", pages)]
    last = _run("pdftotext", "-f", str(pages), "-l", str(pages), str(tmp_path / "long.pdf"), "-")
    assert "第120行" in last and f"第 {pages} 页" in last
    assert last.split()[:3] == ["项", "值", "说明"]  # the header is repeated on every page


def test_metrics_pdf_and_bad_name(qapp, desk, tmp_path) -> None:
    Builder(desk).agent()
    figures = metrics.village(desk, VILLAGE, Period.month(2026, 10))
    with pytest.raises(Exception, match="pdf"):
        report_pdf.write_pdf(tmp_path / "x.txt", report_pdf.metrics_document(figures, "东庄村"), lambda p, n: None)
    assert not list(tmp_path.glob("x*"))
    out = tmp_path / "统计.pdf"
    report_pdf.write_pdf(out, report_pdf.metrics_document(figures, "东庄村"), exports.pdf_audit(desk, "统计指标"))
    assert "东庄村 2026年10月 工作统计" in _run("pdftotext", str(out), "-")
