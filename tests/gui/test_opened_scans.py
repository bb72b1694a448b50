"""打开 on the case page's attachments hands the system viewer the plain scan, outside the profile (issue 13).

Before: ``viewable_copy`` copied the blob's bytes raw into ``profile/opened/``. On an encrypted profile those
are sealed (VDBLOB2) bytes, which no viewer opens; on every profile the copy stayed in the profile for
ever. Now the copy is the plain scan in a per-session folder of the OS temp dir (0700, the file 0600),
deleted when the window closes and swept at the next open when the session was killed. The temp dir is
this test's own (``tempfile.tempdir``, what ``TMPDIR`` sets), so nothing else on the machine is looked at.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from sqlalchemy import select

from tests.conftest import ROOT, TODAY
from tests.gui.conftest import settle, shown_window
from tests.integration.test_encryption_at_rest import LINA, LINA_PW, _plain_profile
from tests.support.processes import kill_hard
from villagedesk.db import cipher
from villagedesk.db import models as m
from villagedesk.services import attachments, encryption, sealed_blobs, viewer_copies
from villagedesk.services.desk import Desk

SCAN = b"\x89PNG\r\n\x1a\n" + "身份证正面-司马秋菊".encode() + os.urandom(3 * 1024 * 1024 + 17)  # several records


class Viewer(QObject):
    """Stands where the system's viewer would: records the URLs it was asked to open."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[QUrl] = []

    @Slot(QUrl)
    def show(self, url: QUrl) -> None:
        self.opened.append(url)


@pytest.fixture
def temp_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "os-temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    yield folder
    viewer_copies.end_session()
    cipher.forget_keys()
    sealed_blobs.forget()


def _encrypted_profile_with_scan(root: Path, tmp_path: Path) -> str:
    _plain_profile(root)
    scan = tmp_path / "身份证正面.png"
    scan.write_bytes(SCAN)
    with Desk.open(root, today=TODAY) as desk:
        case_id = _only_case(desk)
        attachments.add_file(desk, case_id, scan, "身份证")
    scan.unlink()
    encryption.encrypt_profile(root, LINA, LINA_PW)
    (blob,) = sealed_blobs.iter_files(root / "blobs")
    assert sealed_blobs.is_sealed(blob)
    return case_id


def _only_case(desk: Desk) -> str:
    with desk.store.read() as s:
        (case_id,) = s.scalars(select(m.Case.id)).all()
    return case_id


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def test_open_on_an_encrypted_profile_gives_the_viewer_the_plain_scan_and_closing_removes_it(
    qtbot, tmp_path: Path, temp_dir: Path
) -> None:
    root = tmp_path / "profile"
    case_id = _encrypted_profile_with_scan(root, tmp_path)
    viewer = Viewer()
    QDesktopServices.setUrlHandler("file", viewer, "show")
    try:
        with shown_window(qtbot, Desk.open(root, today=TODAY)) as win:
            win.open_case(case_id)
            settle(qtbot, win)
            page = win.detail
            page.attachment_list.setCurrentRow(0)
            qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
            (url,) = viewer.opened
            opened = Path(url.toLocalFile())
            assert opened.read_bytes() == SCAN  # the old code gave the viewer the sealed bytes
            assert opened.name == "身份证正面.png" and page.error.text() == ""
            assert not opened.is_relative_to(root) and opened.is_relative_to(temp_dir)
            if os.name == "posix":
                assert stat.S_IMODE(opened.stat().st_mode) == 0o600
                assert stat.S_IMODE(opened.parent.stat().st_mode) == 0o700
            assert not (root / viewer_copies.LEGACY).exists()
            qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)  # again: one copy, not two
            assert [p.name for p in _files(temp_dir) if p.name != viewer_copies.LOCK] == [opened.name]
        assert _files(temp_dir) == [] and list(temp_dir.iterdir()) == []  # the window closed: gone
        assert not any(p.name == opened.name for p in _files(root))
    finally:
        QDesktopServices.unsetUrlHandler("file")


_OPEN_AND_DIE = """
import sys, time
from villagedesk.services import attachments
from villagedesk.services.desk import Desk
root, case_id = sys.argv[1], sys.argv[2]
desk = Desk.open(root)
(info,) = attachments.list_for_case(desk, case_id)
print(attachments.viewable_copy(desk, info), flush=True)
time.sleep(60)
"""


def test_a_killed_window_leaves_its_scan_until_the_next_open_which_sweeps_it(tmp_path: Path, temp_dir: Path) -> None:
    """A session that ends without closing (SIGKILL, a power cut) leaves the plain scan in the temp dir: the
    next open of the profile removes it, and the copies an older version left in ``profile/opened``; a
    living session's folder (another window still showing its scan) is kept."""
    root = tmp_path / "profile"
    _plain_profile(root)
    scan = tmp_path / "户口簿.png"
    scan.write_bytes(SCAN)
    with Desk.open(root, today=TODAY) as desk:
        case_id = _only_case(desk)
        attachments.add_file(desk, case_id, scan, "户口簿")
    legacy = root / viewer_copies.LEGACY
    legacy.mkdir()
    (legacy / "户口簿.png").write_bytes(SCAN)  # what the old code left in the profile for ever

    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(temp_dir), "TEMP": str(temp_dir), "TMP": str(temp_dir)}
    child = subprocess.Popen(
        [sys.executable, "-c", _OPEN_AND_DIE, str(root), case_id],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True,
    )  # fmt: skip
    try:
        opened = Path(child.stdout.readline().strip())
        assert opened.read_bytes() == SCAN and opened.is_relative_to(temp_dir), child.stderr.read()
        with Desk.open(root, today=TODAY):  # the other window is alive: its copy stays
            assert opened.is_file()
        assert not legacy.exists()
    finally:
        kill_hard(child)
        child.wait(timeout=30)
        child.stdout.close()
        child.stderr.close()
    assert opened.is_file()  # killed: nothing removed it
    with Desk.open(root, today=TODAY):  # the next start
        pass
    assert list(temp_dir.iterdir()) == []
    holding = [p.relative_to(root).parts[0] for p in _files(root) if p.read_bytes() == SCAN]
    assert holding == ["blobs"]  # a plain profile's store itself, and nothing else
