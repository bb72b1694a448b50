"""A small page-layout helper over QPainter: flowing text in millimetres, rules, QR codes, page breaks.

Documents are drawn twice: once on a throw-away PDF to measure (page count, or the length of an 80 mm
roll), then on the real printer or PDF. Working in device pixels derived from the device's own DPI keeps
one drawing code right for a 1200 dpi PDF, a 203 dpi receipt printer and the preview.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import segno
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPagedPaintDevice, QPainter, QPen

from villagedesk.ui.printing.fonts import document_font, printable

MM_PER_INCH = 25.4


@dataclass
class Drawn:
    """What a pass produced: pages, the height used on the last page, where the QR codes went."""

    pages: int = 1
    last_y_mm: float = 0.0
    qr_boxes_mm: list[tuple[int, float, float, float]] = field(default_factory=list)  # page, x, y, size
    unprintable: list[str] = field(default_factory=list)


class Canvas:
    """Draws top to bottom in the device's printable area; starts a new page when the next block won't fit.

    ``continuous`` (a receipt roll) never breaks pages: the roll is cut to the measured length instead.
    ``footer`` is called for every page with (canvas, page number, total pages) when pages are known.
    """

    def __init__(
        self,
        device: QPagedPaintDevice,
        painter: QPainter,
        continuous: bool = False,
        total_pages: int = 0,
        footer=None,
        scale: float = 1.0,
    ) -> None:
        self.device = device
        self.p = painter
        self.dpi = device.logicalDpiY()
        self.continuous = continuous
        self.total_pages = total_pages
        self.footer = footer
        self.scale = scale  # font scale: receipts use smaller type than A4 forms
        self.y = 0.0
        self.page = 1
        self.drawn = Drawn()
        self.footer_mm = 8.0 if footer and not continuous else 0.0

    # --- geometry ---------------------------------------------------------------------------------

    def px(self, mm: float) -> float:
        return mm * self.dpi / MM_PER_INCH

    def to_mm(self, px: float) -> float:
        return px * MM_PER_INCH / self.dpi

    @property
    def width(self) -> float:
        return float(self.device.width())

    @property
    def bottom(self) -> float:
        if self.continuous:
            return float("inf")
        return float(self.device.height()) - self.px(self.footer_mm)

    def space(self, mm: float) -> None:
        self.y += self.px(mm)

    def keep(self, height: float) -> None:
        """Start a new page unless ``height`` px still fit on this one (a block is never split)."""
        if self.y + height > self.bottom and self.y > 0:
            self.new_page()

    def new_page(self) -> None:
        self._draw_footer()
        self.device.newPage()
        self.page += 1
        self.y = 0.0

    def finish(self) -> Drawn:
        self._draw_footer()
        self.drawn.pages = self.page
        self.drawn.last_y_mm = self.to_mm(self.y)
        return self.drawn

    def _draw_footer(self) -> None:
        if self.footer and not self.continuous:
            y = self.y
            self.y = float(self.device.height()) - self.px(self.footer_mm - 2)
            self.footer(self, self.page, self.total_pages)
            self.y = y

    # --- drawing ----------------------------------------------------------------------------------

    def text(
        self,
        text: str,
        pt: float = 11,
        bold: bool = False,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
        x_mm: float = 0.0,
        width_mm: float | None = None,
        advance: bool = True,
    ) -> float:
        """Wrapped text at the current line; returns its height in px. Undrawable characters become □."""
        font = document_font(pt * self.scale, bold)
        shown, missing = printable(text, font)
        for ch in missing:
            if ch not in self.drawn.unprintable:
                self.drawn.unprintable.append(ch)
        self.p.setFont(font)
        x = self.px(x_mm)
        width = self.px(width_mm) if width_mm is not None else self.width - x
        flags = int(align) | int(Qt.TextFlag.TextWordWrap)
        box = self.p.boundingRect(QRectF(x, 0, width, 1e6), flags, shown)
        if advance:
            self.keep(box.height())
            self.p.setFont(font)  # a page break drew the footer in its own font
        self.p.drawText(QRectF(x, self.y, width, box.height()), flags, shown)
        if advance:
            self.y += box.height()
        return box.height()

    def field(self, label: str, value: str, pt: float = 11, label_mm: float = 28, value_bold: bool = False) -> None:
        """``label  value`` with the value wrapping in its own column."""
        width_mm = self.to_mm(self.width) - label_mm
        font = document_font(pt * self.scale, value_bold)
        self.p.setFont(font)
        flags = int(Qt.AlignmentFlag.AlignLeft) | int(Qt.TextFlag.TextWordWrap)
        shown, _ = printable(value or "—", font)
        height = self.p.boundingRect(QRectF(0, 0, self.px(width_mm), 1e6), flags, shown).height()
        self.keep(height)
        self.text(label, pt, x_mm=0, width_mm=label_mm - 1, advance=False)
        self.y += self.text(value or "—", pt, bold=value_bold, x_mm=label_mm, width_mm=width_mm, advance=False)
        self.space(1.2)

    def rule(self, weight_mm: float = 0.3, dashed: bool = False) -> None:
        pen = QPen(QColor("black"))
        pen.setWidthF(self.px(weight_mm))
        if dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        self.p.setPen(pen)
        self.space(1.5)
        self.p.drawLine(0, round(self.y), round(self.width), round(self.y))
        self.space(1.5)
        self.p.setPen(QPen(QColor("black")))

    def signature(
        self, label: str, pt: float = 11, label_mm: float = 40, line_mm: float = 45, date_line: bool = True
    ) -> None:
        """``label ________   日期 ____年__月__日``: room for a hand signature."""
        self.keep(self.px(14))
        self.space(6)
        self.text(label, pt, x_mm=0, width_mm=label_mm, advance=False)
        pen = QPen(QColor("black"))
        pen.setWidthF(self.px(0.25))
        self.p.setPen(pen)
        base = self.y + self.px(pt * 0.45)
        self.p.drawLine(round(self.px(label_mm)), round(base), round(self.px(label_mm + line_mm)), round(base))
        self.p.setPen(QPen(QColor("black")))
        if date_line:
            self.text("日期：     年    月    日", pt, x_mm=label_mm + line_mm + 6, advance=False)
        self.space(pt * 0.6)

    def qr(self, data: str, size_mm: float, align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignHCenter) -> None:
        """A QR code from segno's module matrix, each dark run a filled rectangle (crisp at any DPI)."""
        code = segno.make(data, error="m", micro=False)
        matrix = [list(row) for row in code.matrix]
        border = 2  # quiet zone in modules; the page margin adds to it
        n = len(matrix) + 2 * border
        size = self.px(size_mm)
        self.keep(size)
        if align & Qt.AlignmentFlag.AlignHCenter:
            x0 = (self.width - size) / 2
        elif align & Qt.AlignmentFlag.AlignRight:
            x0 = self.width - size
        else:
            x0 = 0.0
        module = size / n
        self.p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        black = QColor("black")
        for r, row in enumerate(matrix):
            c = 0
            while c < len(row):
                if row[c]:
                    start = c
                    while c < len(row) and row[c]:
                        c += 1
                    self.p.fillRect(
                        QRectF(
                            x0 + (start + border) * module, self.y + (r + border) * module, (c - start) * module, module
                        ),
                        black,
                    )
                else:
                    c += 1
        self.drawn.qr_boxes_mm.append((self.page, self.to_mm(x0), self.to_mm(self.y), size_mm))
        self.y += size
