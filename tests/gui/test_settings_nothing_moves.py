"""设置: the 「设置已保存」 line and a field's error appear without moving what is below them (a click aimed
at 立即备份 landed on the next button when they pushed the page down ~21 px)."""

from __future__ import annotations

from PySide6.QtCore import QPoint

from tests.gui.conftest import settle


def _tops(page) -> list[int]:
    widgets = (page.save_button, page.backup_box.backup_button, page.backup_box.save_second_button)
    return [w.mapTo(page, QPoint(0, 0)).y() for w in widgets]


def test_saving_with_an_error_then_without_moves_nothing_below(qtbot, window) -> None:
    window.resize(1024, 768)
    page = window.settings
    window.go(page)
    settle(qtbot, window)
    before = _tops(page)
    page.hotline.setText("热线abc")
    page.save_button.click()
    qtbot.waitUntil(lambda: page.errors["hotline"].isVisible(), timeout=10_000)
    settle(qtbot, window)
    assert "服务热线" in page.errors["hotline"].text()
    assert _tops(page) == before
    page.hotline.setText("0391-6633123")
    page.save_button.click()
    qtbot.waitUntil(lambda: page.message.text() == "设置已保存", timeout=10_000)
    settle(qtbot, window)
    assert not page.errors["hotline"].isVisible() and _tops(page) == before
