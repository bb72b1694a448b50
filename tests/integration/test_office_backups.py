"""What an office tester found in backups (issue 13, part A), on real profiles made by ``setup`` and ``demo``:
a damaged database was backed up as if sound and rotated the last good backup away, ``check`` on it sent
you back to ``check``, ``--also`` made a missing folder on the system disk, and a deleted scan was left
out of the backup without a word. Each test fails on the old code."""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from pathlib import Path

import pytest

from tests.conftest import run_cli
from villagedesk.services import backup_archive, maintenance
from villagedesk.services.desk import Desk

PAGE = 4096


def _made(root: Path, cases: int = 40) -> Path:
    done = run_cli("setup", "--region", "419001100201", "--name", "李娜", profile=root)
    assert done.returncode == 0, done.stderr
    done = run_cli("demo", "--cases", str(cases), profile=root)
    assert done.returncode == 0, done.stderr
    return root


def _damage(db: Path, page: int = 6) -> None:
    """Overwrite page ``page`` (1-based) of the database file, as a failing disk sector does."""
    fd = os.open(db, os.O_RDWR)
    try:
        os.pwrite(fd, b"\xaa" * PAGE, (page - 1) * PAGE)
        os.fsync(fd)
    finally:
        os.close(fd)


def _archives(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != ".backup.lock")


@pytest.fixture
def damaged(tmp_path: Path) -> tuple[Path, Path]:
    """A plain profile with one good backup, then page 6 of its database overwritten."""
    root = _made(tmp_path / "profile")
    done = run_cli("backup", profile=root)
    assert done.returncode == 0, done.stderr
    (good,) = (root / "backups").glob("*.vdbak")
    _damage(root / "villagedesk.db")
    return root, good


def test_a_damaged_database_is_not_backed_up_and_the_good_backup_stays(damaged) -> None:
    root, good = damaged
    before = _archives(root / "backups")
    for _ in range(11):
        done = run_cli("backup", profile=root)
        assert done.returncode == 2 and "Traceback" not in done.stderr
        assert "已备份到" not in done.stdout
        (line,) = done.stderr.strip().splitlines()
        assert "已损坏" in line and f"villagedesk restore {good}" in line
    assert _archives(root / "backups") == before  # nothing written, nothing rotated away
    assert run_cli("restore", "--preview", str(good), profile=root).returncode == 0


def test_check_on_a_damaged_database_names_the_backup_to_restore(damaged) -> None:
    root, good = damaged
    done = run_cli("check", profile=root)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert "villagedesk check" not in line  # not sent back to itself
    assert f"villagedesk restore {good}" in line


def _as_an_older_version_made_it(good: Path, db: Path, seq: int) -> Path:
    """An archive of the damaged ``db`` with a manifest that matches it, as the old code wrote one."""
    with zipfile.ZipFile(good) as zf:
        manifest = json.loads(zf.read(backup_archive.MANIFEST))
        others = {n: zf.read(n) for n in zf.namelist() if n not in (backup_archive.MANIFEST, backup_archive.DB_MEMBER)}
    data = db.read_bytes()
    manifest["members"][backup_archive.DB_MEMBER] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    manifest["seq"] = seq
    target = good.with_name(f"villagedesk-20261204-0100{seq:02d}-{seq:05d}.vdbak")
    with zipfile.ZipFile(target, "w") as zf:
        zf.writestr(backup_archive.DB_MEMBER, data)
        for name, raw in others.items():
            zf.writestr(name, raw)
        zf.writestr(backup_archive.MANIFEST, json.dumps(manifest))
    return target


def test_rotation_never_removes_the_newest_backup_that_verifies(damaged) -> None:
    root, good = damaged
    bad = [_as_an_older_version_made_it(good, root / "villagedesk.db", seq) for seq in range(2, 13)]
    assert run_cli("restore", "--preview", str(bad[-1]), profile=root).returncode != 0  # as the tester saw
    removed = maintenance.rotate(root / "backups", keep=10, protect=bad[-1])
    assert good.is_file() and good not in removed
    assert removed == bad[:1]  # the oldest damaged one goes; the good one is kept beyond the ten


def test_rotation_deletes_nothing_when_no_backup_verifies(damaged) -> None:
    root, good = damaged
    bad = [_as_an_older_version_made_it(good, root / "villagedesk.db", seq) for seq in range(2, 13)]
    good.unlink()
    assert maintenance.rotate(root / "backups", keep=10) == []
    assert all(p.is_file() for p in bad)


def test_also_onto_an_unplugged_sticks_mount_point_is_refused_and_nothing_is_made(tmp_path: Path) -> None:
    root = _made(tmp_path / "profile", cases=5)
    mount = tmp_path / "media" / "usb"
    mount.mkdir(parents=True)  # the mount point is there, the stick (and its folder) is not
    stick = mount / "备份"
    done = run_cli("backup", "--also", str(stick), profile=root)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert str(stick) in line and "不存在" in line
    assert not stick.exists()
    assert not list(root.glob("backups/*.vdbak"))  # refused before anything ran


def test_the_second_folder_of_settings_is_never_made_either(tmp_path: Path) -> None:
    root = _made(tmp_path / "profile", cases=5)
    mount = tmp_path / "media" / "usb"
    mount.mkdir(parents=True)
    with Desk.open(root) as desk:
        (mount / "备份").mkdir()  # chosen while the stick was in (a folder not there is refused) ...
        maintenance.set_second_folder(desk, mount / "备份")
        (mount / "备份").rmdir()  # ... then the stick was pulled out: its mount point stays
        with pytest.raises(maintenance.RestoreError, match="不存在"):
            maintenance.backup_with_copy(desk)
    assert not (mount / "备份").exists()
    assert len(list((root / "backups").glob("*.vdbak"))) == 1  # the backup on this PC was made


def test_every_scan_left_out_is_counted_and_named_by_case(tmp_path: Path) -> None:
    root = _made(tmp_path / "profile", cases=5)
    listed = json.loads(run_cli("cases", "--json", "--limit", "2", profile=root).stdout)["cases"]
    numbers = [c["case_no"] for c in listed]
    shas = []
    for i, case_no in enumerate(numbers):
        scan = tmp_path / f"scan{i}.png"
        scan.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2000))
        shas.append(hashlib.sha256(scan.read_bytes()).hexdigest())
        done = run_cli("attach", case_no, str(scan), profile=root)
        assert done.returncode == 0, done.stderr
    blobs = root / "blobs"
    (blobs / shas[0][:2] / shas[0]).unlink()  # deleted
    garbled = blobs / shas[1][:2] / shas[1]
    garbled.write_bytes(garbled.read_bytes()[:-1] + b"\x00")  # garbled
    done = run_cli("backup", profile=root)
    assert done.returncode == 0, done.stderr
    assert "2 个附件" in done.stderr, done.stderr
    assert all(n in done.stderr for n in numbers), done.stderr
    (made,) = (root / "backups").glob("*.vdbak")
    assert sorted(backup_archive.read_manifest(made).skipped) == sorted(shas)
    assert run_cli("restore", "--preview", str(made), profile=root).returncode == 0


KILLED_AFTER_SWAP = """
import os, signal, sys
from pathlib import Path
from villagedesk.services import maintenance
from villagedesk.services.desk import ProfilePaths
maintenance.restore(ProfilePaths(Path(sys.argv[1])), Path(sys.argv[2]))
os.kill(os.getpid(), signal.SIGKILL)  # the swap is done; the report the CLI prints next never comes
"""


def _case_numbers(root: Path) -> set[str]:
    listed = json.loads(run_cli("cases", "--json", "--limit", "500", profile=root).stdout)["cases"]
    return {c["case_no"] for c in listed}


def test_a_restore_killed_after_its_swap_reports_the_cases_set_aside_once(tmp_path: Path) -> None:
    import subprocess
    import sys

    from tests.conftest import ROOT
    from tests.support.processes import was_killed_hard

    root = _made(tmp_path / "profile", cases=5)
    old = tmp_path / "old.vdbak"
    assert run_cli("backup", str(old), profile=root).returncode == 0
    before = _case_numbers(root)
    assert run_cli("demo", "--cases", "3", profile=root).returncode == 0  # newer cases the backup lacks
    newer = sorted(_case_numbers(root) - before)
    assert newer
    done = subprocess.run(
        [sys.executable, "-c", KILLED_AFTER_SWAP, str(root), str(old)],
        env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert was_killed_hard(done.returncode), done.stderr
    (safety,) = (root / "backups").glob("before-restore-*.vdbak")
    first = run_cli("check", profile=root)  # the first command after the kill
    assert "Traceback" not in first.stderr
    said = first.stderr
    assert "上次恢复" in said and safety.name in said and f"{len(newer)} 件" in said, said
    assert all(n in said for n in newer[:10]), said
    again = run_cli("check", profile=root)
    assert "上次恢复" not in again.stderr + again.stdout  # said once
    assert _case_numbers(root) == before  # the swap had happened


def test_a_restore_that_reports_leaves_nothing_pending(tmp_path: Path) -> None:
    root = _made(tmp_path / "profile", cases=5)
    old = tmp_path / "old.vdbak"
    assert run_cli("backup", str(old), profile=root).returncode == 0
    assert run_cli("demo", "--cases", "3", profile=root).returncode == 0
    done = run_cli("restore", str(old), profile=root)
    assert done.returncode == 0 and "较新的办件不在此备份中" in done.stdout, done.stderr
    assert "上次恢复" not in run_cli("check", profile=root).stderr


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions (Windows keeps the user folder's ACL)")
def test_a_profile_and_its_backups_are_readable_by_their_owner_only(tmp_path: Path) -> None:
    root = _made(tmp_path / "profile", cases=5)
    stick = tmp_path / "stick"
    stick.mkdir()
    assert run_cli("backup", "--also", str(stick), profile=root).returncode == 0
    (made,) = (root / "backups").glob("*.vdbak")
    assert _mode(root) == 0o700 and _mode(root / "villagedesk.db") == 0o600
    assert _mode(root / "backups") == 0o700 and _mode(made) == 0o600
    assert _mode(root / "logs") == 0o700 and all(_mode(f) == 0o600 for f in (root / "logs").iterdir())
    assert _mode(next(stick.glob("*.vdbak"))) == 0o600
    # a profile an older version left readable by everyone is tightened when it is opened
    for path in [root, *root.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    assert run_cli("cases", profile=root).returncode == 0
    assert _mode(root) == 0o700 and _mode(root / "villagedesk.db") == 0o600
    assert _mode(made) == 0o600 and _mode(root / "backups") == 0o700
