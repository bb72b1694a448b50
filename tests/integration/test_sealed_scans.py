"""Attachment scans sealed at rest on an encrypted profile (issue 13, docs/encryption.md).

Before this change an encrypted profile kept ``blobs/`` in clear and its backups carried the scans as
they were scanned: a copied folder showed a villager's ID card. Each test here fails on that code: the
marker bytes of the scan are found in ``blobs/`` and in the archive, a tampered file is not "sealed", a
plain backup restored onto an encrypted profile puts plain scans back.

Real profiles migrated by Alembic, the real CLI in subprocesses, SIGKILL through tests/support/processes.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from tests.conftest import HOME_VILLAGE, ROOT, TODAY, run_cli
from tests.flows import register
from tests.support.processes import kill_hard
from villagedesk.db import cipher
from villagedesk.domain.lifecycle import Role
from villagedesk.services import accounts, attachments, catalog, encryption
from villagedesk.services.desk import Desk

LINA, LINA_PW = "lina", "lina-pass-1"
MARKER = "身份证正面-司马秋菊-419001198001010014".encode()  # what a scan shows: never on disk in clear


@pytest.fixture(autouse=True)
def _no_keys_left():
    yield
    cipher.forget_keys()
    try:
        from villagedesk.services import sealed_blobs
    except ImportError:  # the code before sealed scans (to see these tests fail there)
        return
    sealed_blobs.forget()


def _scan(folder: Path, name: str, size: int = 60_000, seed: int = 1) -> Path:
    """A recognisable PNG-like scan: the PNG signature, the marker text, then noise (as a scan compresses)."""
    body = b"\x89PNG\r\n\x1a\n" + MARKER + random.Random(seed).randbytes(size) + MARKER
    path = folder / name
    path.write_bytes(body)
    return path


def _env(password: str = LINA_PW) -> dict:
    return {"VILLAGEDESK_PASSWORD": password, "VILLAGEDESK_USER": LINA}


def _ok(result) -> str:
    assert result.returncode == 0, (result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    return result.stdout


def _plain_profile(root: Path, scans: list[Path]) -> tuple[Path, str]:
    with Desk.open(root, today=TODAY) as desk:
        catalog.seed_reference_data(desk)
        desk.setup(Role.AGENT, HOME_VILLAGE, "李娜")
        case = register(desk)
        accounts.add_person(desk, LINA, "李娜", LINA_PW)
        for scan in scans:
            attachments.add_file(desk, case.case_id, scan, "身份证")
    return root, case.case_no


def _holding_marker(root: Path) -> list[str]:
    """Every file under ``root`` (and every member of every zip there) whose bytes show the scan."""
    found = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if MARKER in data:
            found.append(str(path.relative_to(root)))
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as zf:
                found += [f"{path.name}:{n}" for n in zf.namelist() if MARKER in zf.read(n)]
    return found


def _digests(root: Path) -> set[str]:
    return {p.name for p in (root / "blobs").rglob("*") if p.is_file() and len(p.name) == 64}


def test_an_encrypted_profiles_scans_and_backups_hold_no_plain_bytes(tmp_path: Path) -> None:
    first = _scan(tmp_path, "id-front.png", seed=1)
    profile, case_no = _plain_profile(tmp_path / "p", [first])
    assert _holding_marker(profile)  # the probe sees the plain scan (and the plain backup made below)
    out = _ok(run_cli("encrypt", profile=profile, env=_env()))
    second = _scan(tmp_path, "id-back.png", seed=2)
    _ok(run_cli("attach", case_no, str(second), "--material", "身份证", profile=profile, env=_env()))
    _ok(run_cli("backup", profile=profile, env=_env()))
    usb = tmp_path / "usb.vdbak"
    _ok(run_cli("backup", str(usb), profile=profile, env=_env()))
    assert len(_digests(profile)) == 2
    assert _holding_marker(profile) == []  # blobs/, backups/ (the one made before encrypting re-sealed too)
    assert MARKER not in usb.read_bytes()
    with zipfile.ZipFile(usb) as zf:
        blobs = [n for n in zf.namelist() if n.startswith("blobs/")]
        assert len(blobs) == 2 and all(MARKER not in zf.read(n) for n in blobs)
    assert not list((profile / "blobs").rglob("*.part")) and not list((profile / "blobs").rglob("*.sealing"))
    assert _ok(run_cli("check", profile=profile, env=_env())).strip().endswith("正常")
    assert "已加密 1 个附件文件" in out


def test_attach_open_export_backup_restore_on_a_new_pc_round_trip(tmp_path: Path) -> None:
    scan = _scan(tmp_path, "hukou.png", size=300_000, seed=3)
    profile, case_no = _plain_profile(tmp_path / "p", [])
    _ok(run_cli("encrypt", profile=profile, env=_env()))
    _ok(run_cli("attach", case_no, str(scan), profile=profile, env=_env()))
    digest = hashlib.sha256(scan.read_bytes()).hexdigest()
    encryption.unlock(profile, LINA_PW, LINA)
    with Desk.open(profile, today=TODAY) as desk:
        assert attachments.read_bytes(desk, digest) == scan.read_bytes()  # opened / previewed in clear
        copy = attachments.export_file(desk, digest, tmp_path / "copy.png")
        assert copy.read_bytes() == scan.read_bytes()
        assert MARKER not in attachments.blob_path(desk, digest).read_bytes()
    archive = tmp_path / "carry.vdbak"
    _ok(run_cli("backup", str(archive), profile=profile, env=_env()))
    cipher.forget_keys()
    new_pc = tmp_path / "new-pc"
    assert "1 个附件文件" in _ok(run_cli("restore", str(archive), profile=new_pc, env=_env()))
    assert _holding_marker(new_pc) == []
    assert _ok(run_cli("check", profile=new_pc, env=_env())).strip().endswith("正常")
    encryption.unlock(new_pc, LINA_PW, LINA)
    with Desk.open(new_pc, today=TODAY) as desk:
        assert attachments.read_bytes(desk, digest) == scan.read_bytes()


def test_a_tampered_or_swapped_sealed_scan_is_reported_by_check_in_chinese(tmp_path: Path) -> None:
    a, b = _scan(tmp_path, "a.png", seed=4), _scan(tmp_path, "b.png", seed=5)
    profile, _ = _plain_profile(tmp_path / "p", [a, b])
    _ok(run_cli("encrypt", profile=profile, env=_env()))
    first, second = sorted(p for p in (profile / "blobs").rglob("*") if p.is_file())
    assert _sealed(first) and _sealed(second)  # the old code kept them plain: nothing sealed to tamper with
    damaged = bytearray(first.read_bytes())
    damaged[len(damaged) // 2] ^= 0x01  # one bit in the ciphertext
    first.write_bytes(bytes(damaged))
    result = run_cli("check", profile=profile, env=_env())
    assert result.returncode != 0 and "Traceback" not in result.stdout + result.stderr
    assert "1 个附件文件内容已损坏" in result.stdout + result.stderr
    shutil.copyfile(second, first)  # a whole sealed blob put under another attachment's name
    result = run_cli("check", profile=profile, env=_env())
    assert "1 个附件文件内容已损坏" in result.stdout + result.stderr and "Traceback" not in result.stderr


def test_a_plain_backup_restored_onto_an_encrypted_profile_puts_sealed_scans_back(tmp_path: Path) -> None:
    profile, _ = _plain_profile(tmp_path / "p", [_scan(tmp_path, "a.png", seed=6)])
    plain_backup = tmp_path / "old-plain.vdbak"
    _ok(run_cli("backup", str(plain_backup), profile=profile))
    assert MARKER in plain_backup.read_bytes()
    _ok(run_cli("encrypt", profile=profile, env=_env()))
    shutil.rmtree(profile / "blobs")  # the scans come back from the plain backup only
    _ok(run_cli("restore", str(plain_backup), profile=profile, env=_env()))
    assert len(_digests(profile)) == 1
    assert [p for p in _holding_marker(profile) if not p.startswith("backups")] == []
    assert _ok(run_cli("check", profile=profile, env=_env())).strip().endswith("正常")


def test_a_plain_profile_still_writes_plain_scans(tmp_path: Path) -> None:
    scan = _scan(tmp_path, "a.png", seed=7)
    profile, _ = _plain_profile(tmp_path / "p", [scan])
    (stored,) = [p for p in (profile / "blobs").rglob("*") if p.is_file()]
    assert stored.read_bytes() == scan.read_bytes()


@pytest.mark.slow
def test_a_conversion_killed_anywhere_leaves_every_scan_readable(tmp_path: Path) -> None:
    scans = [_scan(tmp_path, f"s{i:02d}.png", size=700_000, seed=100 + i) for i in range(40)]
    template, _ = _plain_profile(tmp_path / "template", scans)
    wanted = {hashlib.sha256(s.read_bytes()).hexdigest(): s.read_bytes() for s in scans}
    env = {**os.environ, "PYTHONPATH": str(ROOT), **_env()}
    timing = shutil.copytree(template, tmp_path / "timing")
    start = time.monotonic()
    _ok(run_cli("encrypt", profile=timing, env=_env()))
    whole = time.monotonic() - start
    rng = random.Random(1313)
    for trial in range(6):
        profile = shutil.copytree(template, tmp_path / f"kill-{trial}")
        child = subprocess.Popen(
            [sys.executable, "-m", "villagedesk", "--profile", str(profile), "encrypt"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        if trial % 2:  # anywhere in the run
            time.sleep(rng.uniform(0.3, whole))
        else:  # while the scans are being sealed: the DB has just become encrypted
            while child.poll() is None and not cipher.is_encrypted(profile / "villagedesk.db"):
                time.sleep(0.002)
            time.sleep(rng.uniform(0.0, 0.25))
        kill_hard(child)
        child.communicate(timeout=60)
        if cipher.is_encrypted(profile / "villagedesk.db"):
            encryption.unlock(profile, LINA_PW, LINA)
        with Desk.open(profile, today=TODAY) as desk:
            for digest, plain in wanted.items():  # plain or sealed, each one opens whole
                assert attachments.read_bytes(desk, digest) == plain, (trial, digest[:12])
        if cipher.is_encrypted(profile / "villagedesk.db"):
            assert encryption.encrypt_profile(profile, LINA, "").already  # the rerun seals what is left
        else:
            encryption.encrypt_profile(profile, LINA, LINA_PW)
        assert all(_sealed(p) for p in (profile / "blobs").rglob("*") if p.is_file())
        assert _ok(run_cli("check", profile=profile, env=_env())).strip().endswith("正常")
        cipher.forget_keys()


def _sealed(path: Path) -> bool:
    """Sealed, in either format (``encrypt`` and ``backup`` write VDBLOB2, record by record, since issue 13)."""
    return path.read_bytes()[:8] in (b"VDBLOB1\n", b"VDBLOB2\n")


def test_a_backup_of_another_key_restored_reseals_the_profiles_other_scans(tmp_path: Path) -> None:
    """PC A (its own key) restores PC B's encrypted backup: B's key opens the DB from now on, so A's scans
    that the backup lacks are sealed again with it (else they would open only while A's key is held)."""
    mine, theirs = _scan(tmp_path, "mine.png", seed=8), _scan(tmp_path, "theirs.png", seed=9)
    pc_a, _ = _plain_profile(tmp_path / "a", [mine])
    pc_b, _ = _plain_profile(tmp_path / "b", [theirs])
    for pc in (pc_a, pc_b):
        _ok(run_cli("encrypt", profile=pc, env=_env()))
    archive = tmp_path / "b.vdbak"
    _ok(run_cli("backup", str(archive), profile=pc_b, env=_env()))
    _ok(run_cli("restore", str(archive), profile=pc_a, env=_env()))
    assert _holding_marker(pc_a) == [] and len(_digests(pc_a)) == 2
    cipher.forget_keys()
    encryption.unlock(pc_a, LINA_PW, LINA)  # only B's key now: keys.json holds B's wraps
    with Desk.open(pc_a, today=TODAY) as desk:
        for scan in (mine, theirs):
            assert attachments.read_bytes(desk, hashlib.sha256(scan.read_bytes()).hexdigest()) == scan.read_bytes()


def test_an_archive_whose_db_is_encrypted_but_scans_plain_gets_its_scans_sealed(tmp_path: Path) -> None:
    """What an older version's backup of an encrypted profile is (DB and key file encrypted, scans in clear):
    ``encrypt`` run again seals its scans, and it still restores on a new PC with the password."""
    import json

    from villagedesk.services import maintenance, sealed_blobs

    profile, _ = _plain_profile(tmp_path / "p", [_scan(tmp_path, "a.png", seed=10)])
    _ok(run_cli("encrypt", profile=profile, env=_env()))
    encryption.unlock(profile, LINA_PW, LINA)
    with Desk.open(profile, today=TODAY) as desk:
        made = maintenance.backup(desk)
    older = made.with_name(made.name + ".older")
    with zipfile.ZipFile(made) as src, zipfile.ZipFile(older, "w") as dst:  # the scans put back in clear
        manifest = json.loads(src.read("manifest.json"))
        for name in src.namelist():
            data = src.read(name)
            if name.startswith("blobs/"):
                data = sealed_blobs.unseal(data, name.rsplit("/", 1)[1], cipher.known_keys())
                manifest["members"][name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
            if name != "manifest.json":
                dst.writestr(name, data)
        dst.writestr("manifest.json", json.dumps(manifest))
    os.replace(older, made)
    assert _holding_marker(profile) and all(made.name in found for found in _holding_marker(profile))
    assert encryption.plain_copies(encryption.ProfilePaths(profile)) == [made]
    cipher.forget_keys()
    sealed_blobs.forget()
    _ok(run_cli("encrypt", profile=profile, env=_env()))
    assert _holding_marker(profile) == []
    new_pc = tmp_path / "new-pc"
    _ok(run_cli("restore", str(made), profile=new_pc, env=_env()))
    assert _ok(run_cli("check", profile=new_pc, env=_env())).strip().endswith("正常")


def _encrypted_copy(desk: Desk, username: str) -> Desk:
    """The enrolled desk converted as ``villagedesk encrypt`` does, reopened (this process holds its key)."""
    accounts.add_person(desk, username, "李娜", LINA_PW)
    root = desk.paths.root
    desk.close()
    encryption.encrypt_profile(root, username, LINA_PW)
    return Desk.open(root, today=TODAY)


def test_sync_sends_the_scan_itself_and_an_encrypted_pc_stores_what_it_pulls_sealed(
    enrolled, server, tmp_path: Path
) -> None:
    from tests.integration.test_sync_attachments import VILLAGE, sync, with_case
    from villagedesk.services import sealed_blobs

    a = _encrypted_copy(enrolled("a", VILLAGE), "lina")
    b = _encrypted_copy(enrolled("b", VILLAGE), "wang")
    try:
        case = with_case(a)
        original = _scan(tmp_path, "id.png", size=200_000, seed=11)
        info = attachments.add_file(a, case, original, "身份证")
        assert sealed_blobs.is_sealed(attachments.blob_path(a, info.sha256))
        up = sync(a)
        assert up.ok and up.attachments_up == 1, up.error
        on_server = server.app.state.attachments.store.final(info.sha256).read_bytes()
        assert on_server == original.read_bytes()  # the town keeps the scan, not our seal (its own copy)
        down = sync(b)
        assert down.ok and down.attachments_down == 1, down.error
        stored = attachments.blob_path(b, info.sha256)
        assert sealed_blobs.is_sealed(stored) and MARKER not in stored.read_bytes()
        assert not [p for p in stored.parent.iterdir() if p != stored]  # no plain temporary left beside it
        assert attachments.read_bytes(b, info.sha256) == original.read_bytes()
    finally:
        a.close()
        b.close()


def test_a_usb_bundle_carries_the_scan_itself_and_the_ack_brings_scans_back_sealed(
    enrolled, server, tmp_path: Path
) -> None:
    from tests.integration.test_bundle_attachments_back import _usb_round
    from tests.integration.test_sync_attachments import VILLAGE, sync, with_case
    from villagedesk.services import sealed_blobs

    a = _encrypted_copy(enrolled("a", VILLAGE), "lina")  # the encrypted PC without a link: USB only
    a2 = enrolled("a2", VILLAGE)  # a plain PC of the village with a link
    try:
        case = with_case(a)
        own_scan = _scan(tmp_path, "own.png", size=30_000, seed=12)
        own = attachments.add_file(a, case, own_scan, "申请表")
        done, _ = _usb_round(a, server, tmp_path, "r1")
        assert done.attachments == 1
        assert server.app.state.attachments.store.final(own.sha256).read_bytes() == own_scan.read_bytes()
        assert sync(a2).ok
        photo_scan = _scan(tmp_path, "photo.png", size=40_000, seed=13)
        photo = attachments.add_file(a2, case, photo_scan, "现场照片")
        assert sync(a2).attachments_up == 1
        _, got = _usb_round(a, server, tmp_path, "r2")
        assert got.result.attachments_down == 1 and not got.files_refused
        stored = attachments.blob_path(a, photo.sha256)
        assert sealed_blobs.is_sealed(stored) and MARKER not in stored.read_bytes()
        assert attachments.read_bytes(a, photo.sha256) == photo_scan.read_bytes()
        assert not list(a.paths.blobs.rglob("*.bundle"))
    finally:
        a.close()
