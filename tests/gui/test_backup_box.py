"""设置 → 备份与恢复: back up now from the real window writes a verified archive with the scans and lists it."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

from tests.gui.conftest import settle
from villagedesk.services import attachments, queries
from villagedesk.services.backup_archive import verify_archive


def test_back_up_now_lists_the_new_backup_with_its_case_count(qtbot, window, tmp_path: Path) -> None:
    case_id = queries.case_ids(window.desk, queries.CaseFilter())[0]
    scan = tmp_path / "scan.jpg"
    scan.write_bytes(random.Random(5).randbytes(20_000))
    attachments.add_file(window.desk, case_id, scan, "身份证")
    page = window.settings
    window.go(page)
    settle(qtbot, window)
    box = page.backup_box
    before = box.backups.count()
    box.backup_button.click()
    qtbot.waitUntil(lambda: box.backups.count() == before + 1 and box.backup_button.isEnabled(), timeout=30_000)
    assert "已备份到" in box.status.text()
    (archive,) = sorted(window.desk.paths.backups.glob("villagedesk-*.vdbak"))[-1:]
    digest = hashlib.sha256(scan.read_bytes()).hexdigest()
    assert f"blobs/{digest[:2]}/{digest}" in verify_archive(archive).members
    cases = queries.count_cases(window.desk)
    assert f"{cases} 件办件" in box.backups.item(0).text() and archive.name in box.backups.item(0).text()


def test_a_second_folder_chosen_in_settings_gets_a_checked_copy_of_every_backup(qtbot, window, tmp_path) -> None:
    page = window.settings
    window.go(page)
    settle(qtbot, window)
    box = page.backup_box
    stick = tmp_path / "U 盘"
    stick.mkdir()  # a missing second folder is never made
    box.second.setText(str(stick))
    box.save_second_button.click()
    qtbot.waitUntil(lambda: "已保存" in box.status.text(), timeout=10_000)
    box.backup_button.click()
    qtbot.waitUntil(lambda: "已校验" in box.status.text(), timeout=30_000)
    (copy,) = stick.glob("villagedesk-*.vdbak")
    assert verify_archive(copy).cases == queries.count_cases(window.desk)
    assert str(copy) in box.status.text()
    box.refresh()
    settle(qtbot, window)
    assert box.second.text() == str(stick)  # remembered
