"""Draw the application icon (resources/icons/villagedesk.png and .ico) with Qt, so no image editor or
binary source file is needed to change it: a green rounded square with a white 办.

Run by hand when the design changes: ``QT_QPA_PLATFORM=offscreen python tools/make_icon.py``.
The .ico holds 16–256 px for Windows' executables (build.spec); the .png is the window icon.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter

OUT = Path(__file__).resolve().parents[1] / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#1f7a4d"))
    margin = size * 0.04
    painter.drawRoundedRect(QRectF(margin, margin, size - 2 * margin, size - 2 * margin), size * 0.18, size * 0.18)
    font = QFont("WenQuanYi Micro Hei")
    font.setPixelSize(int(size * 0.66))
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, "办")
    painter.end()
    return image


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    if not draw(256).save(str(OUT / "villagedesk.png")):
        print("错误: 无法写入 PNG 图标", file=sys.stderr)
        return 1
    # Qt's ico writer stores one image per call; Windows wants several sizes in one file, written here.
    write_ico(OUT / "villagedesk.ico", [draw(s) for s in SIZES])
    print(f"icons written to {OUT}")
    return 0


def write_ico(path: Path, images: list[QImage]) -> None:
    """An .ico of PNG-compressed entries (Windows Vista and later read them at every size)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    blobs = []
    for image in images:
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        blobs.append((image.width(), bytes(data.data())))
    header = (0).to_bytes(2, "little") + (1).to_bytes(2, "little") + len(blobs).to_bytes(2, "little")
    offset = 6 + 16 * len(blobs)
    entries, payload = b"", b""
    for size, blob in blobs:
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += bytes([side, side, 0, 0]) + (1).to_bytes(2, "little") + (32).to_bytes(2, "little")
        entries += len(blob).to_bytes(4, "little") + offset.to_bytes(4, "little")
        offset += len(blob)
        payload += blob
    path.write_bytes(header + entries + payload)


if __name__ == "__main__":
    sys.exit(main())
