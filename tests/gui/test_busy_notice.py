"""The window a second instance shows names who holds the profile (process, computer, since)."""

from __future__ import annotations

from villagedesk.ui.widgets.busy_notice import busy_box


def test_the_second_window_names_the_holder(qtbot) -> None:
    box = busy_box(4242, "村委会电脑", "2026-11-25T08:00:00")
    qtbot.addWidget(box)
    assert "4242" in box.text() and "村委会电脑" in box.text() and "2026-11-25T08:00:00" in box.text()
    assert "另一个 VillageDesk" in box.text()
