"""The window a second instance shows names who holds the profile (process, computer, since), in the
app's words (issue 14, finding 8: it had an English OK button, the title 「VillageDesk 已在运行」 and a raw
ISO time ``2026-12-03T13:48:35``)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from villagedesk.ui.widgets.busy_notice import busy_box


def test_the_second_window_names_the_holder(qtbot) -> None:
    box = busy_box(4242, "村委会电脑", "2026-12-03T13:48:35")
    qtbot.addWidget(box)
    assert "4242" in box.text() and "村委会电脑" in box.text() and "2026-12-03 13:48" in box.text()
    assert "T13:48" not in box.text() and ":35" not in box.text()
    assert box.windowTitle() == "村级便民代办台已在运行" and "VillageDesk" not in box.text()
    buttons = box.buttons()
    assert [b.text() for b in buttons] == ["确定"] and box.defaultButton() is buttons[0]
    assert box.buttonRole(buttons[0]) is QMessageBox.ButtonRole.AcceptRole
