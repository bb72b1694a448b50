"""English everywhere, backing up and unlocking (issue 14): 设置 → 备份与恢复 and the encrypted profile's
login, walked in English through every message they show — a backup made, one whose second folder is
not plugged in, the unlock's wrong password and stopped account. The services' sentences (「第二备份文件夹
… 不存在(U盘或移动硬盘没有接上?)…」, 「该账号已停用，请找本机管理员」) were shown as they were; the
folder names and the backup's file name are data."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gui.conftest import settle
from tests.gui.test_english_every_page import chinese_on
from tests.gui.test_english_pages import CJK, english  # noqa: F401 (the fixture)
from tests.integration.test_encryption_at_rest import LINA, LINA_PW, WANG, _plain_profile
from villagedesk.db import cipher
from villagedesk.services import accounts, encryption
from villagedesk.services.desk import Desk
from villagedesk.ui.dialogs.unlock_dialog import UnlockDialog


def test_backup_box_in_english(qtbot, english, window, tmp_path: Path) -> None:  # noqa: F811
    page = window.settings
    window.go(page)
    settle(qtbot, window)
    box = page.backup_box
    stick = tmp_path / "stick-not-plugged-in"
    box.second.setText(str(stick))
    box.save_second_button.click()  # a folder that is not there is refused when saved, in English
    qtbot.waitUntil(lambda: bool(box.status.text()), timeout=10_000)
    assert str(stick) in box.status.text() and not CJK.search(box.status.text().replace(str(stick), ""))
    stick.mkdir()
    box.status.setText("")
    box.save_second_button.click()
    qtbot.waitUntil(lambda: bool(box.status.text()), timeout=10_000)
    assert not CJK.search(box.status.text()), box.status.text()
    stick.rmdir()  # then the stick is pulled out: a missing second folder is not created by the backup
    before = box.backups.count()
    box.status.setText("")
    box.backup_button.click()
    qtbot.waitUntil(lambda: box.backup_button.isEnabled() and bool(box.status.text()), timeout=30_000)
    settle(qtbot, window)
    said = box.status.text()
    assert str(stick) in said and not CJK.search(said.replace(str(stick), "")), said  # was 第二备份文件夹 … 不存在
    box.refresh()  # the backup itself was made before the copy failed: listed
    qtbot.waitUntil(lambda: box.backups.count() >= before + 1, timeout=10_000)
    assert not chinese_on(box, [str(stick)]), chinese_on(box, [str(stick)])

    stick.mkdir()
    box.backup_button.click()
    qtbot.waitUntil(lambda: str(stick) in box.status.text() and "(" in box.status.text(), timeout=30_000)
    assert not chinese_on(box, [str(stick)]), chinese_on(box, [str(stick)])


@pytest.fixture
def _no_keys_left():
    yield
    cipher.forget_keys()


def test_unlock_dialog_in_english(qtbot, english, tmp_path: Path, _no_keys_left) -> None:  # noqa: F811
    root = _plain_profile(tmp_path / "p")
    result = encryption.encrypt_profile(root, LINA, LINA_PW)
    with Desk.open(root) as desk:
        accounts.reset_password(desk, WANG, result.codes[WANG], "wang-new-pass")
        accounts.deactivate(desk, WANG)
    cipher.forget_keys()
    dialog = UnlockDialog(root)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not chinese_on(dialog, [])
    for user, password in ((LINA, "wrong-password"), ("nobody", "whatever-1"), (WANG, "wang-new-pass")):
        dialog.username.setText(user)
        dialog.password.setText(password)
        dialog.try_unlock()
        said = dialog.error.text()
        assert said and dialog.login is None and not CJK.search(said), (user, said)  # was 该账号已停用…
        assert not chinese_on(dialog, [])
    dialog.username.setText(LINA)
    dialog.password.setText(LINA_PW)
    dialog.try_unlock()
    assert dialog.login == (LINA, LINA_PW)


def test_the_daily_backups_notice_in_english(qtbot, english, window) -> None:  # noqa: F811
    """The day's automatic backup refused on a damaged database: the box names the backup to restore,
    in English (it was 「…已损坏…: 请用最新的完好备份恢复: villagedesk restore …」 under an English title)."""
    import os

    from villagedesk import app
    from villagedesk.services import maintenance

    desk = window.desk
    good = maintenance.backup(desk, desk.paths.backups / "by-hand.vdbak")
    fd = os.open(desk.paths.db, os.O_RDWR)
    try:
        os.pwrite(fd, b"\xaa" * 4096, 5 * 4096)  # page 6, as a failing sector
    finally:
        os.close(fd)
    app.daily_backup(desk, window.backup_failed.emit).join(120)
    qtbot.waitUntil(lambda: window.backup_notice is not None, timeout=10_000)
    text = window.backup_notice.text()
    assert str(good) in text and not CJK.search(text.replace(str(good), "")), text
