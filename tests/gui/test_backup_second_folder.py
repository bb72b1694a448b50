"""设置 → 备份与恢复 with a second folder that is not there: refused when saved; a backup whose copy could
not be made says the backup is done (not 备份失败) and is listed at once, newest first; the page names the
folder the backups are in."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from tests.gui.conftest import settle
from villagedesk.services import backup_archive, maintenance


def _box(qtbot, window):
    page = window.settings
    window.go(page)
    settle(qtbot, window)
    return page.backup_box


def test_a_second_folder_that_does_not_exist_is_refused_when_saved(qtbot, window, tmp_path: Path) -> None:
    box = _box(qtbot, window)
    missing = tmp_path / "cadre-usb-missing"
    box.second.setText(str(missing))
    box.save_second_button.click()
    qtbot.waitUntil(lambda: str(missing) in box.status.text(), timeout=10_000)
    assert "不存在" in box.status.text() and "已保存" not in box.status.text(), box.status.text()
    assert maintenance.second_folder(window.desk) is None


def test_a_backup_not_copied_to_an_unplugged_stick_says_it_was_made_and_is_listed(qtbot, window, tmp_path) -> None:
    box = _box(qtbot, window)
    stick = tmp_path / "U 盘"
    stick.mkdir()
    maintenance.set_second_folder(window.desk, stick)
    stick.rmdir()  # the stick was pulled out after it was chosen
    before = box.backups.count()
    box.backup_button.click()
    qtbot.waitUntil(lambda: box.backup_button.isEnabled() and box.backups.count() == before + 1, timeout=30_000)
    text = box.status.text()
    assert text.startswith("备份已完成") and "但未复制到第二备份文件夹: 第二备份文件夹" in text, text
    assert "备份失败" not in text and text.count("未复制到第二备份文件夹") == 1, text
    (made,) = window.desk.paths.backups.glob("villagedesk-*.vdbak")
    assert made.name in box.backups.item(0).text()


def test_the_list_is_newest_first_and_the_folder_is_shown(qtbot, window) -> None:
    box = _box(qtbot, window)
    backups = window.desk.paths.backups
    assert str(backups.absolute()) in box.where.text() and box.where.isVisibleTo(window)
    for _ in range(2):
        maintenance.backup(window.desk)
    # what a restore keeps of the replaced database: numbered 0, made after every other backup
    safety = backups / "before-restore-20991204-213525-30538.vdbak"
    backup_archive.write_archive(window.desk.paths.db, None, safety, 0, datetime(2099, 12, 4, 21, 35, 25))
    box.refresh()
    settle(qtbot, window)
    rows = [box.backups.item(i).text() for i in range(box.backups.count())]
    assert len(rows) == 3 and safety.name in rows[0], rows
    assert rows[1] > rows[2], rows  # by the time each was made, the newest on top
