"""设置 → 加密本机数据: the real window converts its plain profile with the agent's password (issue 13).

On the old code 设置 has no such action (the attribute is missing) and the profile's scans stay plain.
"""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import pytest

from tests.gui.conftest import PASSWORD, USERNAME, settle
from villagedesk.db import cipher
from villagedesk.services import attachments, encryption, queries, sealed_blobs

MARKER = "户口簿-司马秋菊".encode()


@pytest.fixture(autouse=True)
def _no_keys_left():
    yield
    cipher.forget_keys()
    sealed_blobs.forget()


def test_the_window_encrypts_its_profile_shows_the_codes_and_closes(qtbot, window, tmp_path: Path) -> None:
    case_id = queries.case_ids(window.desk, queries.CaseFilter())[0]
    scan = tmp_path / "hukou.png"
    scan.write_bytes(MARKER + random.Random(3).randbytes(50_000))
    attachments.add_file(window.desk, case_id, scan, "户口簿")
    digest = hashlib.sha256(scan.read_bytes()).hexdigest()
    page = window.settings
    window.go(page)
    settle(qtbot, window)
    assert page.encrypt_button.isVisible()
    dialog = page.open_encrypt()
    assert dialog.username.text() == USERNAME  # the logged-in agent
    dialog.password.setText("not-the-password")
    dialog.start_button.click()
    qtbot.waitUntil(lambda: dialog.start_button.isEnabled() and bool(dialog.error.text()), timeout=30_000)
    assert dialog.error.text() == "登录名或密码错误"
    assert not encryption.is_encrypted(window.desk.paths.root)
    dialog.password.setText(PASSWORD)
    dialog.start_button.click()
    qtbot.waitUntil(lambda: dialog.finish_button.isVisible(), timeout=120_000)
    assert "加密完成" in dialog.status.text() and "1 个附件文件" in dialog.status.text()
    assert f"{USERNAME} 的新恢复码" in dialog.codes.toPlainText()
    root = window.desk.paths.root
    assert encryption.is_encrypted(root)
    blob = attachments.blob_path(window.desk, digest)
    assert MARKER not in blob.read_bytes() and sealed_blobs.is_sealed(blob)
    assert sealed_blobs.read_verified(root, digest) == scan.read_bytes()
    with qtbot.waitSignal(page.encrypted, timeout=5_000):
        dialog.finish_button.click()
    assert window.encrypted_now and not window.isVisible()  # the program ends: it is started again


def test_an_encrypted_profile_offers_no_conversion(qtbot, window) -> None:
    window.desk.close()
    encryption.encrypt_profile(window.desk.paths.root, USERNAME, PASSWORD)
    from villagedesk.ui.pages.settings_page import SettingsPage

    page = SettingsPage(window.desk, window.runner)
    qtbot.addWidget(page)
    assert page.encrypt_button.isHidden()


def test_the_conversion_waits_for_no_running_sync_and_holds_the_next_off(qtbot, gui_desk, tmp_path: Path) -> None:
    """A sync on a real loopback server runs while 加密本机数据 is asked for: the dialog refuses in Chinese and
    changes nothing; once the run is over the conversion goes through, no sync starts during it, and every
    case the sync moved is still there, encrypted. On the old code the conversion started under the
    running sync (the DB file it was writing replaced beneath it)."""
    from sqlalchemy import func, select

    from tests.integration.server_harness import running_server
    from villagedesk.db import models as m
    from villagedesk.services import accounts, preferences
    from villagedesk.sync import engine
    from villagedesk.ui.main_window import MainWindow

    with running_server("sqlite", tmp_path / "srv") as server:
        region = gui_desk.identity.region_code
        engine.enroll(gui_desk, server.url, server.code(region, "agent", "李娜"))
        with gui_desk.store.read() as s:
            cases = s.scalar(select(func.count()).select_from(m.Case))
        account = accounts.authenticate(gui_desk, USERNAME, PASSWORD)
        win = MainWindow(gui_desk, account, preferences.load(gui_desk))
        win.sync.auto = False
        qtbot.addWidget(win)
        win.show()
        settle(qtbot, win)
        try:
            win.go(win.settings)
            settle(qtbot, win)
            dialog = win.settings.open_encrypt()
            dialog.password.setText(PASSWORD)
            with qtbot.waitSignal(win.sync.finished, timeout=120_000) as first:
                assert win.sync.sync_now()  # the run is under way (its result comes back through this loop)
                dialog.start_button.click()
                assert "正在与镇中心同步" in dialog.error.text() and dialog.start_button.isEnabled()
                assert not encryption.is_encrypted(gui_desk.paths.root)
            assert first.args[0].ok, first.args[0].error
            settle(qtbot, win)
            dialog.start_button.click()
            assert not win.sync.sync_now()  # held off while the DB is being replaced
            qtbot.waitUntil(lambda: dialog.finish_button.isVisible(), timeout=180_000)
            assert "加密完成" in dialog.status.text() and f"{cases} 件办件" in dialog.status.text()
            assert encryption.is_encrypted(gui_desk.paths.root) and not win.sync.running
        finally:
            win.ask_before_close = False
            win.close()
