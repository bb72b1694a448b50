"""``encrypt`` and ``backup`` seal scans as VDBLOB2 records, and a backup holding VDBLOB1 and VDBLOB2 scans
restores onto a fresh encrypted and onto a fresh plain profile (issue 13).

Before: ``encrypt`` (``conform``), the backup's re-sealing and restore sealed or unsealed each scan whole in
memory as VDBLOB1 (157 MB of Python memory for a 50 MB scan; docs/performance.md). The first test fails on
that code: the files ``encrypt`` leaves and the member the backup seals are VDBLOB1. Real profiles migrated
by Alembic, the real CLI in subprocesses.
"""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from pathlib import Path

import pytest

from tests.conftest import HOME_VILLAGE, TODAY, run_cli
from tests.flows import register
from tests.integration.test_sealed_scans import LINA, LINA_PW, MARKER, _env, _holding_marker, _ok, _scan
from villagedesk.db import cipher
from villagedesk.domain.lifecycle import Role
from villagedesk.services import accounts, attachments, catalog, encryption, sealed_blobs
from villagedesk.services.desk import Desk


@pytest.fixture(autouse=True)
def _no_keys_left():
    yield
    cipher.forget_keys()
    sealed_blobs.forget()


def _head(path: Path) -> bytes:
    return path.read_bytes()[:8]


def _members(archive: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(archive) as zf:
        return {n.rsplit("/", 1)[1]: zf.read(n)[:8] for n in zf.namelist() if n.startswith("blobs/")}


def _fresh(root: Path, encrypted: bool) -> Path:
    """A new PC's profile: set up, one account, plain or encrypted with its own key."""
    with Desk.open(root, today=TODAY) as desk:
        catalog.seed_reference_data(desk)
        desk.setup(Role.AGENT, HOME_VILLAGE, "李娜")
        accounts.add_person(desk, LINA, "李娜", LINA_PW)
    if encrypted:
        encryption.encrypt_profile(root, LINA, LINA_PW)
    cipher.forget_keys()
    sealed_blobs.forget()
    return root


def test_encrypt_and_backup_write_vdblob2_and_the_mixed_backup_restores_onto_fresh_profiles(tmp_path: Path) -> None:
    scans = [_scan(tmp_path, f"s{n}.png", size=size, seed=n) for n, size in ((1, 2_500_000), (2, 90_000), (3, 70_000))]
    root = tmp_path / "p"
    with Desk.open(root, today=TODAY) as desk:
        catalog.seed_reference_data(desk)
        desk.setup(Role.AGENT, HOME_VILLAGE, "李娜")
        case = register(desk)
        accounts.add_person(desk, LINA, "李娜", LINA_PW)
        for scan in scans:
            attachments.add_file(desk, case.case_id, scan, "身份证")
    digests = [hashlib.sha256(s.read_bytes()).hexdigest() for s in scans]
    encryption.encrypt_profile(root, LINA, LINA_PW)
    files = [sealed_blobs.path_of(root / "blobs", d) for d in digests]
    assert [_head(f) for f in files] == [b"VDBLOB2\n"] * 3  # the old encrypt sealed them whole: VDBLOB1

    key = sealed_blobs.profile_key(root)
    assert key is not None
    files[1].write_bytes(sealed_blobs.seal(scans[1].read_bytes(), digests[1], key))  # as an older version sealed it
    shutil.copyfile(scans[2], files[2])  # left plain by a killed conversion
    cipher.forget_keys()
    sealed_blobs.forget()
    archive = tmp_path / "mixed.vdbak"
    _ok(run_cli("backup", str(archive), profile=root, env=_env()))
    heads = _members(archive)
    assert heads == {digests[0]: b"VDBLOB2\n", digests[1]: b"VDBLOB1\n", digests[2]: b"VDBLOB2\n"}  # old: VDBLOB1
    assert MARKER not in archive.read_bytes()

    for encrypted in (True, False):
        target = _fresh(tmp_path / ("new-encrypted" if encrypted else "new-plain"), encrypted)
        out = _ok(run_cli("restore", str(archive), profile=target, env=_env()))
        assert "Traceback" not in out
        assert _ok(run_cli("check", profile=target, env=_env())).strip().endswith("正常")
        restored = {p.name: _head(p) for p in sealed_blobs.iter_files(target / "blobs")}
        assert set(restored) == set(digests) and all(h in (b"VDBLOB1\n", b"VDBLOB2\n") for h in restored.values())
        assert [p for p in _holding_marker(target) if not p.startswith("backups")] == []
        if encryption.needs_unlock(target):  # the archive's DB and key file came with it
            encryption.unlock(target, LINA_PW, LINA)
        with Desk.open(target, today=TODAY) as desk:  # the scans read back as they were attached
            assert [attachments.read_bytes(desk, d) for d in digests] == [s.read_bytes() for s in scans]
        cipher.forget_keys()
        sealed_blobs.forget()
