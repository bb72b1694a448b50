"""PDF exports (progress reports, statistics, star-rating sheets) drawn with QPdfWriter + QPainter.

Qt embeds a subset of the CJK font it draws with, so the PDF shows Chinese on any reader; the font is
picked from the system's CJK families (fontconfig on Linux, Microsoft YaHei/SimSun on Windows).

Every export must reach the audit trail: the writers take a required ``audit`` callback, which the
caller gets from ``services.exports.pdf_audit(desk, kind, scope)`` (this module stays free of the
database layers, as the import contracts ask).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from villagedesk.domain.errors import ValidationError
from villagedesk.domain.metrics import METRIC_DEFINITIONS, METRIC_LABELS, Metrics
from villagedesk.domain.progress_report import ReportView
from villagedesk.ui.printing import text_layer

CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "SimSun",
    "PingFang SC",
    "Droid Sans Fallback",
)
DPI = 300


@dataclass
class PdfTable:
    header: list[str]
    rows: list[list[str]]
    widths: list[float]  # fractions of the text width, summing to 1


@dataclass
class PdfDocument:
    title: str
    meta: list[str] = field(default_factory=list)
    sections: list[tuple[str, PdfTable | str]] = field(default_factory=list)
    footer: str = "村级便民代办台"


def cjk_family() -> str:
    """The first installed family that covers Simplified Chinese (empty when none: Qt falls back)."""
    installed = set(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))
    for family in CJK_FAMILIES:
        if family in installed:
            return family
    return sorted(installed)[0] if installed else ""


class _Pager:
    """Draws flowing blocks top to bottom and starts a new page when one does not fit."""

    def __init__(self, writer: QPdfWriter, painter: QPainter, family: str, footer: str) -> None:
        self.writer, self.p, self.family, self.footer = writer, painter, family, footer
        rect = writer.pageLayout().paintRectPixels(writer.resolution())
        self.width, self.height = rect.width(), rect.height()
        self.y = 0.0
        self.page = 1
        self.gap = DPI * 0.06

    def font(self, size: float, bold: bool = False) -> QFont:
        f = QFont(self.family) if self.family else QFont()
        f.setPointSizeF(size)
        f.setBold(bold)
        return f

    def _footer(self) -> None:
        self.p.setFont(self.font(8))
        self.p.setPen(QPen(Qt.GlobalColor.darkGray))
        box = QRectF(0, self.height - DPI * 0.2, self.width, DPI * 0.2)
        self.p.drawText(box, Qt.AlignmentFlag.AlignCenter, f"{self.footer} · 第 {self.page} 页")
        self.p.setPen(QPen(Qt.GlobalColor.black))

    def ensure(self, needed: float) -> bool:
        """Start a new page when ``needed`` does not fit; True when it did."""
        if self.y + needed > self.height - DPI * 0.3 and self.y > 0:
            self._footer()
            self.writer.newPage()
            self.page += 1
            self.y = 0.0
            return True
        return False

    def text(self, text: str, size: float = 10.5, bold: bool = False, center: bool = False) -> None:
        self.p.setFont(self.font(size, bold))
        flags = Qt.TextFlag.TextWordWrap | (Qt.AlignmentFlag.AlignHCenter if center else Qt.AlignmentFlag.AlignLeft)
        box = self.p.boundingRect(QRectF(0, 0, self.width, 1e6), flags, text)
        self.ensure(box.height())
        self.p.drawText(QRectF(0, self.y, self.width, box.height()), flags, text)
        self.y += box.height() + self.gap

    def table(self, table: PdfTable) -> None:
        self._row(table.header, table.widths, bold=True)
        for row in table.rows:
            if self._row(row, table.widths, measure_only=True):
                self._row(table.header, table.widths, bold=True)  # repeat the header on a new page
            self._row(row, table.widths)
        self.y += self.gap

    def _row(self, cells: list[str], widths: list[float], bold: bool = False, measure_only: bool = False) -> bool:
        """Draw one table row (or, with ``measure_only``, just break the page if it would not fit)."""
        self.p.setFont(self.font(9, bold))
        pad = DPI * 0.03
        cols = [w * self.width for w in widths]
        flags = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft
        heights = [
            self.p.boundingRect(QRectF(0, 0, w - 2 * pad, 1e6), flags, str(c)).height()
            for c, w in zip(cells, cols, strict=True)
        ]
        h = max(heights) + 2 * pad
        broke = self.ensure(h)
        if measure_only:
            return broke
        x = 0.0
        for cell, w in zip(cells, cols, strict=True):
            rect = QRectF(x, self.y, w, h)
            if bold:
                self.p.fillRect(rect, Qt.GlobalColor.lightGray)
            self.p.drawRect(rect)
            self.p.drawText(rect.adjusted(pad, pad, -pad, -pad), flags, str(cell))
            x += w
        self.y += h
        return broke

    def finish(self) -> None:
        self._footer()


Audit = Callable[[Path, int], None]  # (file written, pages) -> records the export


def write_pdf(path: Path, doc: PdfDocument, audit: Audit) -> int:
    """Write ``doc`` as an A4 PDF, then record it with ``audit``; returns the number of pages."""
    path = Path(path)
    if path.suffix.lower() != ".pdf":
        raise ValidationError("path", "导出文件应以 .pdf 结尾")
    if QGuiApplication.instance() is None:
        raise RuntimeError("PDF export needs the Qt application to be running")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    writer = QPdfWriter(str(tmp))
    writer.setResolution(DPI)
    writer.setTitle(doc.title)
    writer.setCreator("VillageDesk 村级便民代办台")
    writer.setPageLayout(
        QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF(18, 18, 18, 18))
    )
    painter = QPainter(writer)
    try:
        pager = _Pager(writer, painter, cjk_family(), doc.footer)
        pager.text(doc.title, 16, bold=True, center=True)
        for line in doc.meta:
            pager.text(line, 9.5, center=True)
        pager.y += pager.gap
        for heading, body in doc.sections:
            pager.text(heading, 12, bold=True)
            if isinstance(body, PdfTable):
                pager.table(body)
            else:
                pager.text(body)
        pager.finish()
        pages = pager.page
    finally:
        painter.end()
    del painter, writer  # closes the file
    text_layer.restore(tmp, text_layer.strings(doc))  # 生僻字 outside the BMP back into the text layer
    tmp.replace(path)
    audit(path, pages)
    return pages


def _metrics_table(texts: dict[str, str]) -> PdfTable:
    rows = [
        [label, texts.get(key, "—"), METRIC_DEFINITIONS[key].split(":", 1)[1].strip()]
        for key, label in METRIC_LABELS.items()
    ]
    return PdfTable(["指标", "数值", "口径"], rows, [0.2, 0.22, 0.58])


def progress_report_document(report: ReportView, center: str) -> PdfDocument:
    snap = report.metrics or {}
    sections: list[tuple[str, PdfTable | str]] = [("一、主要指标", _metrics_table(snap.get("text", {})))]
    categories = snap.get("by_category") or {}
    if categories:
        rows = [[k, str(v)] for k, v in categories.items()]
        sections.append(("二、分类办件量", PdfTable(["事项类别", "办件数"], rows, [0.6, 0.4])))
    sections.append(("三、情况说明", report.remarks or "(无)"))
    history = [[d.isoformat(), action, note] for d, action, note in report.history]
    sections.append(("四、报送记录", PdfTable(["日期", "操作", "意见"], history, [0.2, 0.25, 0.55])))
    meta = [f"状态: {report.state_label}    数据截至: {snap.get('as_of', '')}"]
    return PdfDocument(f"{center} {report.period_label} 工作进展报送", meta, sections)


def metrics_document(figures: Metrics, center: str) -> PdfDocument:
    snap = figures.snapshot()
    return PdfDocument(
        f"{center} {figures.period.label} 工作统计",
        [f"数据截至 {figures.as_of.isoformat()}"],
        [("主要指标", _metrics_table(snap["text"]))],
    )
