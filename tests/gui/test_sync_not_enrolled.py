"""同步 before the PC is enrolled: the 待发送与自动同步 box says it is not enrolled and how to enroll (or
carry a USB bundle), instead of standing empty."""

from __future__ import annotations

from tests.gui.conftest import settle


def test_the_queue_box_says_how_to_enroll_before_enrolling(qtbot, window) -> None:
    panel = window.sync_panel
    window.go(panel)
    settle(qtbot, window)
    assert not window.sync.enrolled
    text = panel.pending_label.text()
    assert "尚未注册" in text and f"「{panel.enroll_button.text()}」" in text and "导出同步包" in text, text
    assert panel.enroll_button.isVisibleTo(panel) and panel.pending_label.isVisibleTo(panel)
    assert panel.schedule_label.text() == "注册后将自动同步"
