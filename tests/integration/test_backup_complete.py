"""Backups hold everything and restores lose nothing.

Each test here failed on the plain-DB backup: scans left out, no checksum, a 0-byte file after a kill,
case numbers reused after a restore, the newest backup rotated away with the clock wrong, and a backup
whose path holds ``#`` or ``%`` refused.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest

from tests.conftest import ROOT, TODAY, run_cli
from tests.flows import register
from villagedesk.services import attachments, maintenance, queries
from villagedesk.services.backup_archive import DB_MEMBER, MANIFEST, verify_archive, write_archive
from villagedesk.services.desk import Desk
from villagedesk.services.maintenance import RestoreError


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _scan(tmp: Path, name: str, size: int = 40_000, seed: int = 1) -> Path:
    path = tmp / name
    path.write_bytes(random.Random(seed).randbytes(size))
    return path


def _ok(result) -> str:
    assert result.returncode == 0, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    return result.stdout


def _one_line(result) -> str:
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_backup_holds_the_scans_and_a_restore_on_a_new_pc_has_them(desk, tmp_path: Path) -> None:
    case = register(desk)
    scan = _scan(tmp_path, "身份证 正面.jpg")
    desk.close()
    out = _ok(run_cli("attach", case.case_no, str(scan), "--material", "身份证", profile=desk.paths.root))
    assert case.case_no in out and "身份证" in out
    archive = tmp_path / "usb" / "office.vdbak"
    archive.parent.mkdir()
    _ok(run_cli("backup", str(archive), profile=desk.paths.root))
    manifest = verify_archive(archive)
    assert f"blobs/{_sha(scan)[:2]}/{_sha(scan)}" in manifest.members and manifest.cases == 1
    new_pc = tmp_path / "new-pc"
    out = _ok(run_cli("restore", str(archive), profile=new_pc))
    assert "1 个附件文件" in out
    with Desk.open(new_pc, today=TODAY) as restored:
        (info,) = attachments.list_for_case(restored, case.case_id)
        assert info.present and info.path.is_file() and _sha(info.path) == _sha(scan)
    assert "正常" in _ok(run_cli("check", profile=new_pc))


def _profile_with_archive(desk, tmp_path: Path) -> Path:
    register(desk, name="王涛", id_number="419001198001010022")  # one person per ID number
    attachments.add_file(desk, register(desk).case_id, _scan(tmp_path, "a.png"), "户口簿")
    return maintenance.backup(desk, tmp_path / "good.vdbak")


def _flip_a_bit_of_the_db(archive: Path, tmp: Path) -> Path:
    """王涛 → 玊涛 inside the stored database, the zip's own CRC kept consistent (only the manifest knows)."""
    with zipfile.ZipFile(archive) as zf:
        members = {i.filename: zf.read(i.filename) for i in zf.infolist()}
    db = members[DB_MEMBER]
    wang, yu = "王".encode(), "玊".encode()
    assert wang in db and len(wang) == len(yu)
    members[DB_MEMBER] = db.replace(wang, yu, 1)
    target = tmp / "flipped.vdbak"
    with zipfile.ZipFile(target, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return target


def _edit_the_manifest_too_little(archive: Path, tmp: Path) -> Path:
    """A deliberate edit of an attachment, manifest left as it was."""
    with zipfile.ZipFile(archive) as zf:
        members = {i.filename: zf.read(i.filename) for i in zf.infolist()}
    blob = next(n for n in members if n.startswith("blobs/"))
    members[blob] = members[blob][:-1] + b"\x00"
    target = tmp / "edited.vdbak"
    with zipfile.ZipFile(target, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return target


def _member_dropped(archive: Path, tmp: Path) -> Path:
    with zipfile.ZipFile(archive) as zf:
        members = {i.filename: zf.read(i.filename) for i in zf.infolist() if not i.filename.startswith("blobs/")}
    target = tmp / "incomplete.vdbak"
    with zipfile.ZipFile(target, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return target


def _extra_member(archive: Path, tmp: Path) -> Path:
    target = tmp / "extra.vdbak"
    target.write_bytes(archive.read_bytes())
    with zipfile.ZipFile(target, "a") as zf:
        zf.writestr("../../evil.txt", "x")
    return target


def _truncated(archive: Path, tmp: Path) -> Path:
    target = tmp / "cut.vdbak"
    target.write_bytes(archive.read_bytes()[:-200])
    return target


def _no_manifest(archive: Path, tmp: Path) -> Path:
    target = tmp / "nomanifest.vdbak"
    with zipfile.ZipFile(archive) as zf, zipfile.ZipFile(target, "w") as out:
        for info in zf.infolist():
            if info.filename != MANIFEST:
                out.writestr(info.filename, zf.read(info.filename))
    return target


@pytest.mark.parametrize(
    ("make", "word"),
    [
        (_flip_a_bit_of_the_db, "校验不符"),
        (_edit_the_manifest_too_little, "校验不符"),
        (_member_dropped, "不完整"),
        (_extra_member, "清单以外"),
        (_truncated, "损坏"),
        (_no_manifest, "清单"),
    ],
)
def test_an_altered_backup_is_refused_before_anything_is_touched(desk, tmp_path: Path, make, word) -> None:
    good = _profile_with_archive(desk, tmp_path)
    bad = make(good, tmp_path)
    desk.close()
    before = _sha(desk.paths.db)
    blobs_before = sorted(p.name for p in desk.paths.blobs.rglob("*"))
    backups_before = sorted(p.name for p in desk.paths.backups.glob("*"))
    with pytest.raises(RestoreError) as err:
        maintenance.restore(desk.paths, bad)
    assert word in str(err.value) and "\n" not in str(err.value)
    assert _sha(desk.paths.db) == before
    assert sorted(p.name for p in desk.paths.blobs.rglob("*")) == blobs_before
    assert sorted(p.name for p in desk.paths.backups.glob("*")) == backups_before
    assert not list(desk.paths.root.glob(".restore-*"))
    line = _one_line(run_cli("restore", str(bad), profile=desk.paths.root))
    assert word in line


def test_a_killed_backup_leaves_nothing_that_blocks_the_retry(desk, tmp_path: Path) -> None:
    register(desk)
    for i in range(6):  # 48 MB of scans: the backup takes long enough to be killed half-way
        attachments.store_blob(desk, random.Random(i).randbytes(8_000_000))
    desk.close()
    target = tmp_path / "nightly.vdbak"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "villagedesk", "--profile", str(desk.paths.root), "backup", str(target)]
    rng = random.Random(13)
    killed = 0
    for _ in range(3):
        child = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        part = target.with_name(target.name + ".part")
        deadline = time.monotonic() + 60
        while not part.exists() and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)  # the archive is being written: cut it somewhere in the middle
        time.sleep(rng.uniform(0.0, 0.3))
        if child.poll() is None:
            child.send_signal(signal.SIGKILL)
            killed += 1
        child.communicate(timeout=60)
        if target.exists():  # it finished before the kill: a complete, verified archive
            verify_archive(target)
            target.unlink()
    assert killed, "the backup always finished before the kill: make it bigger"
    assert not target.exists()  # never a half-written file under the real name
    assert "已备份到" in _ok(run_cli("backup", str(target), profile=desk.paths.root))
    assert verify_archive(target).cases == 1
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".vdbak-") or p.name.endswith(".part")]
    assert leftovers == []  # the killed attempts' partial archive was removed; no DB snapshot on the stick
    assert not list(desk.paths.backups.glob(".vdbak-*"))  # the snapshots, in the profile, went with the retry


def test_restore_never_reuses_a_case_number_and_says_what_was_kept_aside(desk, tmp_path: Path) -> None:
    issued = {register(desk).case_no for _ in range(3)}
    old = maintenance.backup(desk, tmp_path / "monday.vdbak")
    issued |= {register(desk).case_no for _ in range(2)}  # printed on two villagers' receipts
    desk.close()
    out = _ok(run_cli("restore", str(old), profile=desk.paths.root))
    assert "2 件较新的办件" in out and "before-restore-" in out
    with Desk.open(desk.paths.root, today=TODAY) as again:
        assert queries.count_cases(again) == 3
        fresh = {register(again).case_no for _ in range(3)}
    assert not fresh & issued, sorted(fresh & issued)
    (safety,) = desk.paths.backups.glob("before-restore-*")
    assert verify_archive(safety).cases == 5  # the newer cases are in the safety copy


def test_restore_continues_past_numbers_only_the_case_table_remembers(desk, tmp_path: Path) -> None:
    """Counters derived from the highest case number of this device too, not only from the settings."""
    old = maintenance.backup(desk, tmp_path / "empty.vdbak")
    issued = {register(desk).case_no for _ in range(4)}
    conn = sqlite3.connect(desk.paths.db)
    with conn:
        conn.execute("DELETE FROM settings WHERE key LIKE 'case_seq:%'")  # a damaged or older counter
    conn.close()
    desk.close()
    maintenance.restore(desk.paths, old)
    with Desk.open(desk.paths.root, today=TODAY) as again:
        assert register(again).case_no not in issued


def test_rotation_keeps_the_new_backup_when_the_clock_is_years_wrong(desk, tmp_path: Path) -> None:
    register(desk)
    folder = desk.paths.backups
    made_later = datetime(2036, 11, 25, 9, 0)  # the clock was right then; now it is ten years back
    for seq in range(1, maintenance.BACKUPS_KEPT + 1):
        path = folder / f"villagedesk-{made_later:%Y%m%d}-0900{seq:02d}-{seq:05d}.vdbak"
        write_archive(desk.paths.db, desk.paths.blobs, path, seq, made_later)
        os.utime(path, (made_later.timestamp() + seq, made_later.timestamp() + seq))
    new = maintenance.backup(desk)
    assert new.exists()
    kept = maintenance.list_backups(folder)
    assert len(kept) == maintenance.BACKUPS_KEPT and kept[-1].path == new
    assert [b.seq for b in kept] == list(range(2, maintenance.BACKUPS_KEPT + 2))  # the oldest by creation went


def test_rotation_never_deletes_a_lone_backup(desk) -> None:
    only = maintenance.backup(desk)
    assert maintenance.rotate(desk.paths.backups, keep=0) == []
    assert only.exists()


@pytest.mark.parametrize("name", ["备份 #1 100%", "村委会 %41 a#b", "backup 50% #"])
def test_restore_from_paths_with_hash_percent_spaces_and_chinese(desk, tmp_path: Path, name: str) -> None:
    register(desk)
    folder = tmp_path / name
    folder.mkdir()
    archive = maintenance.backup(desk, folder / f"{name}.vdbak")
    plain = folder / f"{name}.db"  # an older version's plain-DB backup under the same awkward name
    with zipfile.ZipFile(archive) as zf:
        plain.write_bytes(zf.read(DB_MEMBER))
    desk.close()
    for source in (archive, plain):
        target = tmp_path / f"restored {name} {source.suffix}"
        result = maintenance.restore(type(desk.paths)(target), source)
        assert result.cases == 1
        with Desk.open(target, today=TODAY) as restored:
            assert queries.count_cases(restored) == 1
    empty = [p.name for p in tmp_path.rglob("*") if p.is_file() and p.stat().st_size == 0 and p.suffix != ".lock"]
    empty = [n for n in empty if not n.endswith("-wal")]  # SQLite's own read-only look at a WAL file
    assert empty == []  # the unquoted URI used to cut the path at "#" and leave an empty file named "备份 "


def test_attach_from_the_command_line_refuses_bad_input_in_one_line(desk, tmp_path: Path) -> None:
    case = register(desk)
    desk.close()
    root = desk.paths.root
    scan = str(_scan(tmp_path, "x.jpg"))
    assert "找不到办件" in _one_line(run_cli("attach", "999999-261125-ZZ999", scan, profile=root))
    assert "不存在" in _one_line(run_cli("attach", case.case_no, str(tmp_path / "nowhere.jpg"), profile=root))
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    assert "空" in _one_line(run_cli("attach", case.case_no, str(empty), profile=root))


def test_restore_preview_counts_and_changes_nothing(desk, tmp_path: Path) -> None:
    for _ in range(2):
        register(desk)
    old = maintenance.backup(desk, tmp_path / "tue.vdbak")
    for _ in range(3):
        register(desk)
    desk.close()
    before = _sha(desk.paths.db)
    preview = maintenance.preview_restore(desk.paths, old)
    assert (preview.backup_cases, preview.current_cases, preview.kept_aside) == (2, 5, 3)
    out = _ok(run_cli("restore", "--preview", str(old), profile=desk.paths.root))
    assert "有 2 件办件" in out and "有 5 件" in out and "3 件较新的办件" in out
    assert _sha(desk.paths.db) == before
    assert not list(desk.paths.backups.glob("before-restore-*"))
    assert [p.name for p in desk.paths.root.iterdir() if p.name.startswith(".")] == []


def test_a_killed_restore_leaves_either_the_old_or_the_restored_profile(desk, tmp_path: Path) -> None:
    """SIGKILL at random points of verify, safety copy, extraction and the DB copy."""
    for _ in range(2):
        register(desk)
    for i in range(4):  # 32 MB of scans: verification and extraction take long enough to be cut
        attachments.store_blob(desk, random.Random(100 + i).randbytes(8_000_000))
    archive = maintenance.backup(desk, tmp_path / "two.vdbak")
    for _ in range(3):
        register(desk)
    desk.close()
    shutil_blobs = desk.paths.blobs
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "villagedesk", "--profile", str(desk.paths.root), "restore", str(archive)]
    rng = random.Random(77)
    outcomes = set()
    for _ in range(4):
        for blob in list(shutil_blobs.rglob("*")):  # the restore must put the scans back each time
            if blob.is_file() and blob.stat().st_size == 8_000_000:
                blob.unlink()
        child = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(rng.uniform(0.5, 2.0))
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=60)
        with Desk.open(desk.paths.root, today=TODAY) as after:
            count = queries.count_cases(after)
            assert count in (2, 5), count
            outcomes.add(count)
            assert maintenance.check(after).integrity == "ok"
    out = _ok(run_cli("restore", str(archive), profile=desk.paths.root))  # a retry after the kills works
    assert "2 件办件" in out
    assert "正常" in _ok(run_cli("check", profile=desk.paths.root))
    names = [p.name for p in desk.paths.root.rglob("*")]
    stray = [n for n in names if n.startswith((".restore-", ".vdbak-")) or n.endswith(".part")]
    assert stray == []  # the killed attempts' staged DB copies and partial safety archives are gone


def test_backup_also_copies_to_a_second_folder_checked_and_rotated(desk, tmp_path: Path) -> None:
    register(desk)
    desk.close()
    stick = tmp_path / "U 盘 #2"
    stick.mkdir()  # a missing folder is never made (issue 13: an unplugged stick's mount point)
    for _ in range(3):
        out = _ok(run_cli("backup", "--also", str(stick), profile=desk.paths.root))
        assert "已校验" in out
    copies = maintenance.list_backups(stick)
    assert [c.seq for c in copies] == [1, 2, 3] and all(verify_archive(c.path).cases == 1 for c in copies)
    assert not list(stick.glob("*.part"))
    assert len(maintenance.rotate(stick, keep=2)) == 1 and [c.seq for c in maintenance.list_backups(stick)] == [2, 3]


def test_the_daily_backup_is_made_once_a_day(desk) -> None:
    register(desk)
    first = maintenance.backup_if_due(desk, today=datetime.now().date())
    assert first is not None and verify_archive(first).cases == 1
    assert maintenance.backup_if_due(desk, today=datetime.now().date()) is None  # one a day
    manual = maintenance.backup(desk, desk.paths.root / "by-hand.vdbak")  # outside backups/: not a daily one
    assert manual.exists()
    assert maintenance.backup_if_due(desk, today=date(2099, 1, 1)) is not None  # another day: another backup


def test_restore_over_a_damaged_database_keeps_its_bytes_and_proceeds(desk, tmp_path: Path) -> None:
    register(desk)
    good = maintenance.backup(desk, tmp_path / "good.vdbak")
    desk.close()
    garbage = "这不是数据库 not a database ".encode() * 300
    desk.paths.db.write_bytes(garbage)
    out = _ok(run_cli("restore", str(good), profile=desk.paths.root))
    assert "1 件办件" in out
    (kept,) = desk.paths.backups.glob("before-restore-*-unreadable.db")
    assert kept.read_bytes() == garbage  # the damaged file is kept as it was, for whoever can read it
    assert "正常" in _ok(run_cli("check", profile=desk.paths.root))


def test_the_daily_backup_and_the_cli_copy_to_the_second_folder_set_in_settings(desk, tmp_path: Path) -> None:
    register(desk)
    stick = tmp_path / "E盘 备份"
    stick.mkdir()  # a missing second folder is never made
    maintenance.set_second_folder(desk, stick)
    made = maintenance.backup_if_due(desk)
    assert made is not None and verify_archive(stick / made.name).cases == 1
    desk.close()
    out = _ok(run_cli("backup", profile=desk.paths.root))
    assert "第二备份文件夹" in out and len(maintenance.list_backups(stick)) == 2
