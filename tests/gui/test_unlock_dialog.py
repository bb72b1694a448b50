"""The encrypted profile's login: the password unwraps the DB key before the DB opens (real widgets)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.conftest import TODAY
from tests.integration.test_encryption_at_rest import LINA, LINA_PW, WANG, _plain_profile
from villagedesk.db import cipher
from villagedesk.services import accounts, encryption
from villagedesk.services.desk import Desk
from villagedesk.ui.dialogs.unlock_dialog import UnlockDialog


@pytest.fixture(autouse=True)
def _no_keys_left():
    yield
    cipher.forget_keys()


def test_the_dialog_refuses_a_wrong_password_and_opens_with_the_right_one(qtbot, tmp_path: Path) -> None:
    root = _plain_profile(tmp_path / "p")
    result = encryption.encrypt_profile(root, LINA, LINA_PW)
    cipher.forget_keys()
    assert encryption.needs_unlock(root) and set(result.codes) == {LINA, WANG}
    dialog = UnlockDialog(root)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.username.setText(LINA)
    dialog.password.setText("wrong-password")
    dialog.try_unlock()
    assert dialog.error.text() == "登录名或密码错误" and dialog.login is None and dialog.password.text() == ""
    assert encryption.needs_unlock(root)
    dialog.password.setText(LINA_PW)
    dialog.try_unlock()
    assert dialog.login == (LINA, LINA_PW) and not encryption.needs_unlock(root)
    with Desk.open(root, today=TODAY) as desk:  # the same login continues inside the DB
        assert accounts.authenticate(desk, *dialog.login).username == LINA


def test_a_stopped_account_hears_why_with_its_right_password_only(qtbot, tmp_path: Path) -> None:
    root = _plain_profile(tmp_path / "p")
    result = encryption.encrypt_profile(root, LINA, LINA_PW)
    with Desk.open(root, today=TODAY) as desk:
        accounts.reset_password(desk, WANG, result.codes[WANG], "wang-new-pass")
        accounts.deactivate(desk, WANG)
    cipher.forget_keys()
    dialog = UnlockDialog(root)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.username.setText(WANG)
    dialog.password.setText("wang-guess-1")
    dialog.try_unlock()
    assert dialog.error.text() == "登录名或密码错误" and dialog.login is None
    dialog.password.setText("wang-new-pass")
    dialog.try_unlock()
    assert dialog.error.text() == "该账号已停用，请找本机管理员" and dialog.login is None
    assert encryption.needs_unlock(root)  # it opened nothing
    dialog.username.setText(LINA)
    dialog.password.setText(LINA_PW)
    dialog.try_unlock()
    assert dialog.login == (LINA, LINA_PW)


def test_a_password_in_the_environment_never_opens_the_window(qtbot, tmp_path: Path, monkeypatch) -> None:
    """VILLAGEDESK_PASSWORD is for scripts (CLI, smoke runs): set on a shared PC for a backup script, it
    logged whoever opened the window in without asking (an office's try)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from villagedesk import app

    root = _plain_profile(tmp_path / "p")
    encryption.encrypt_profile(root, LINA, LINA_PW)
    cipher.forget_keys()
    monkeypatch.setenv("VILLAGEDESK_PASSWORD", LINA_PW)
    asked: list[str] = []

    def answer() -> None:  # the person at the window: sees the login and closes it
        shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, UnlockDialog) and w.isVisible()]
        dialog = shown[0] if shown else None
        if dialog is None:
            QTimer.singleShot(50, answer)
            return
        asked.append(dialog.windowTitle())
        dialog.reject()

    QTimer.singleShot(50, answer)
    assert app._unlock(root) is False  # the dialog was shown and closed: nobody is logged in
    assert asked and encryption.needs_unlock(root)
    assert app._unlock(root, smoke=True) == (LINA, LINA_PW)  # a smoke run of a script still takes it


def test_a_damaged_db_with_the_right_password_says_restore_not_wrong_password(qtbot, tmp_path: Path) -> None:
    """Page 1 overwritten: the password opens the key file, no page opens with it; the old dialog said 登录名或
    密码错误 (the agent retried a right password for ever); now the one wording, translated like the rest."""
    root = _plain_profile(tmp_path / "p")
    encryption.encrypt_profile(root, LINA, LINA_PW)
    cipher.forget_keys()
    with (root / "villagedesk.db").open("r+b") as fh:
        fh.write(b"\x5a" * 8192)
    dialog = UnlockDialog(root)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.username.setText(LINA)
    dialog.password.setText("wrong-password")
    dialog.try_unlock()
    assert dialog.error.text() == "登录名或密码错误"  # a wrong password is still told as such
    dialog.password.setText(LINA_PW)
    dialog.try_unlock()
    assert dialog.error.text() == "数据库文件已损坏，请用 villagedesk restore 从备份恢复" and dialog.login is None
def test_a_full_disk_is_said_as_a_full_disk_not_as_a_wrong_password(qtbot, tmp_path: Path) -> None:
    """The key probe on a full disk (no room for the WAL's -shm) used to read as a wrong key."""
    import os
    import shutil
    import subprocess

    from tests.conftest import ROOT
    from tests.integration.test_encrypted_backups_office import _KILLED_SESSION, _fill, _mount_tmpfs

    root = _plain_profile(tmp_path / "p")
    encryption.encrypt_profile(root, LINA, LINA_PW)
    cipher.forget_keys()
    disk = tmp_path / "disk"
    _mount_tmpfs(disk, "8m")
    try:
        profile = shutil.copytree(root, disk / "p")
        subprocess.run([sys.executable, "-c", _KILLED_SESSION, str(profile), LINA_PW], check=True,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})  # fmt: skip
        (profile / "villagedesk.db-shm").unlink()
        _fill(disk)
        dialog = UnlockDialog(profile)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.username.setText(LINA)
        dialog.password.setText(LINA_PW)
        dialog.try_unlock()
        assert "磁盘已满" in dialog.error.text() and str(profile) in dialog.error.text(), dialog.error.text()
        assert dialog.login is None and dialog.password.text() == LINA_PW  # nothing to type again
    finally:
        cipher.forget_keys()
        subprocess.run(["umount", "-l", str(disk)], check=False)
