"""Screenshots of every page with a demo profile, for a person to look at (clipping, missing glyphs).

Written to $VILLAGEDESK_SCREENSHOTS (default: the test's tmp folder).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtGui import QImage

from tests.gui.conftest import settle
from villagedesk.domain.lifecycle import EventType
from villagedesk.services import queries


def test_screenshot_every_page(qtbot, window, tmp_path) -> None:
    folder = Path(os.environ.get("VILLAGEDESK_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    shots = []
    for n, (label, entry) in enumerate(window.pages):
        window.go(entry)
        settle(qtbot, window)
        page = window.pages[n][1]  # pages not shown at start-up are built on first visit
        assert window.stack.currentWidget() is page
        if page is window.intake:
            page.select_item("JY001")
            settle(qtbot, window)
        qtbot.wait(50)
        shots.append((f"{n + 1:02d}-{label}.png", window.grab()))
    case = queries.list_cases(window.desk, queries.CaseFilter(statuses=["result_ready"]), limit=1)[0]
    window.open_case(case.id)
    settle(qtbot, window)
    n = len(window.pages)  # numbered after the pages, so no name is written twice
    shots.append((f"{n + 1:02d}-办件详情.png", window.grab()))
    window.detail.start_action(EventType.DELIVERED)
    shots.append((f"{n + 2:02d}-办理对话框.png", window.detail.dialog.grab()))
    window.detail.dialog.reject()
    window.lock()
    shots.append((f"{n + 3:02d}-锁定.png", window.grab()))
    for name, pixmap in shots:
        path = folder / name
        assert pixmap.save(str(path)), path
        image = QImage(str(path))
        assert image.width() >= 200 and image.height() >= 100, (name, image.size())
        # Not a blank image: a real page has many distinct colours.
        colours = {image.pixel(x, y) for x in range(0, image.width(), 17) for y in range(0, image.height(), 13)}
        assert len(colours) > 3, name
    assert len({name for name, _p in shots}) == len(shots)
    assert len(list(folder.glob("*.png"))) >= len(shots)
