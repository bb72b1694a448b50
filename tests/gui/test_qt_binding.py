"""Guard against a Qt binding that corrupts Python's reference counts (PySide6 6.12.0 on Python 3.11).

That build returns ``None`` from void methods without taking a reference; after a few thousand calls
(one printed receipt draws hundreds of QR rectangles) the interpreter aborts with ``none_dealloc``.
pyproject.toml pins the binding below it; this test fails loudly if a broken one comes back.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QRectF


def test_void_methods_keep_none_refcount() -> None:
    obj = QObject()
    rect = QRectF()
    before = sys.getrefcount(None)
    for _ in range(500):
        obj.setObjectName("x")
        rect.setWidth(3.0)
    assert sys.getrefcount(None) - before >= -10, "the installed PySide6 drops references to None"
