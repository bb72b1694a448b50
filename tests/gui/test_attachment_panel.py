"""The case page's attachments (issue 14, item 9): a scan is added for a chosen material, a picture is
previewed under the list, and 打开 (or Enter) hands a copy under its own name to the system's viewer
(``QDesktopServices.openUrl``; the test registers itself as the viewer of ``file:`` URLs, Qt's own hook).
Before, a scan could be added but not opened or seen, and always belonged to no material."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QColor, QDesktopServices, QImage

from tests.casebuilder import Builder
from tests.conftest import TODAY
from tests.gui.conftest import settle, shown_window
from villagedesk.services import attachments, queries
from villagedesk.services.desk import Desk


class Viewer(QObject):
    """Stands where the system's picture viewer would: records the URLs it was asked to open."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[QUrl] = []

    @Slot(QUrl)
    def show(self, url: QUrl) -> None:
        self.opened.append(url)


def test_add_for_a_material_preview_and_open(qtbot, desk, profile, tmp_path: Path) -> None:
    cid = Builder(desk).register("JY012", TODAY)
    desk.close()
    scan = tmp_path / "身份证正面.png"
    image = QImage(64, 40, QImage.Format.Format_RGB32)
    image.fill(QColor("#336699"))
    assert image.save(str(scan))
    viewer = Viewer()
    QDesktopServices.setUrlHandler("file", viewer, "show")
    try:
        with shown_window(qtbot, Desk.open(profile, today=TODAY)) as win:
            win.open_case(cid)
            settle(qtbot, win)
            page = win.detail
            choices = [page.attach_material.itemData(i) for i in range(page.attach_material.count())]
            assert "身份证" in choices and choices[0] == ""
            assert not page.open_button.isEnabled() and page.preview.isHidden()

            page.attach_material.setCurrentIndex(choices.index("身份证"))
            page.add_attachment(scan, page.attach_material.currentData())
            settle(qtbot, win)
            (info,) = attachments.list_for_case(win.desk, cid)
            assert info.material == "身份证" and info.filename == scan.name
            timeline = queries.detail(win.desk, cid, record_view=False).timeline
            assert [t.payload.get("material") for t in timeline if t.type == "attachment_added"] == ["身份证"]
            assert "身份证" in page.attachment_list.item(0).text()

            page.attachment_list.setCurrentRow(0)
            assert page.preview.isVisible() and not page.preview.pixmap().isNull()
            assert page.open_button.isEnabled()
            qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
            (url,) = viewer.opened
            opened = Path(url.toLocalFile())
            assert opened.name == scan.name and opened.read_bytes() == scan.read_bytes()
            assert opened.parent == win.desk.paths.root / attachments.OPENED
            assert page.error.text() == ""
    finally:
        QDesktopServices.unsetUrlHandler("file")
