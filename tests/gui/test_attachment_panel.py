"""The case page's attachments (issue 14, item 9): a scan is added for a chosen material, a picture is
previewed under the list, and 打开 (or Enter) hands a copy under its own name to the system's viewer
(``QDesktopServices.openUrl``; the test registers itself as the viewer of ``file:`` URLs, Qt's own hook).
Before, a scan could be added but not opened or seen, and always belonged to no material."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QColor, QDesktopServices, QImage, QPainter, QPdfWriter

from tests.casebuilder import Builder
from tests.conftest import TODAY
from tests.gui.conftest import settle, shown_window
from villagedesk.services import attachments, queries, viewer_copies
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
            assert opened.parent == viewer_copies.session_folder()  # outside the profile (issue 13)
            assert page.error.text() == ""
    finally:
        QDesktopServices.unsetUrlHandler("file")


def test_remove_asks_with_the_file_and_the_villager_then_records_an_event(qtbot, desk, profile, tmp_path) -> None:
    """移除 (issue 14): the question names the file and the villager, 取消 is the default and changes
    nothing; 移除 takes the scan off the list and the timeline says 移除附件 with the file's name."""
    cid = Builder(desk).register("JY012", TODAY)
    scan = tmp_path / "错拍的户口簿.png"
    image = QImage(32, 20, QImage.Format.Format_RGB32)
    image.fill(QColor("#993366"))
    assert image.save(str(scan))
    attachments.add_file(desk, cid, scan, "户口簿")
    villager = queries.detail(desk, cid, record_view=False).applicant["name"]
    desk.close()
    with shown_window(qtbot, Desk.open(profile, today=TODAY)) as win:
        win.open_case(cid)
        settle(qtbot, win)
        page = win.detail
        assert not page.remove_button.isEnabled()  # nothing chosen yet
        page.attachment_list.setCurrentRow(0)
        assert page.remove_button.isEnabled()

        qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
        box = page.confirmation
        assert scan.name in box.text() and villager in box.text()
        assert box.defaultButton() is box.cancel_button
        box.cancel_button.click()
        settle(qtbot, win)
        assert page.attachment_list.count() == 1

        qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
        page.confirmation.confirm_button.click()
        qtbot.waitUntil(lambda: page.attachment_list.count() == 0, timeout=5000)
        assert attachments.list_for_case(win.desk, cid) == []
        labels = [page.timeline.item(n, 1).text() for n in range(page.timeline.rowCount())]
        notes = [page.timeline.item(n, 3).text() for n in range(page.timeline.rowCount())]
        assert any(label.startswith("移除附件") for label in labels)
        assert any(scan.name in note for note, label in zip(notes, labels, strict=True) if label.startswith("移除附件"))
        assert attachments.blob_path(win.desk, attachments.store_blob(win.desk, scan.read_bytes())).exists()


def _real_pdf(path: Path) -> Path:
    """A one-page PDF written by Qt itself (as the desk writes its prints)."""
    writer = QPdfWriter(str(path))
    painter = QPainter(writer)
    painter.drawText(200, 200, "户口簿 第1页")
    painter.end()
    assert path.read_bytes().startswith(b"%PDF")
    return path


def test_a_pdf_says_why_there_is_no_preview_and_what_to_click(qtbot, desk, profile, tmp_path) -> None:
    """A PDF scan (issue 14): we ship PySide6-Essentials, which has no QtPdf to draw a page; before, the
    panel showed nothing at all for a PDF, as if it were broken. Now it says to click 打开."""
    cid = Builder(desk).register("JY012", TODAY)
    attachments.add_file(desk, cid, _real_pdf(tmp_path / "户口簿.pdf"), "户口簿")
    desk.close()
    with shown_window(qtbot, Desk.open(profile, today=TODAY)) as win:
        win.open_case(cid)
        settle(qtbot, win)
        page = win.detail
        page.attachment_list.setCurrentRow(0)
        assert page.preview.isVisible()
        assert "PDF" in page.preview.text() and "「打开」" in page.preview.text()
        assert page.open_button.isEnabled()
