"""What the office re-try found in killed restores and full targets (issue 13): a restore killed mid-way left
a plain DB inside an encrypted profile that nothing removed or named, a restore killed before its swap told
of cases lost that the DB still held, a full backup target was blamed on the profile's folder, and scans and
the backup lock were readable by every local account. Real profiles, the real CLI, real kills; each test
fails on the old code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli
from tests.integration.test_encryption_at_rest import LINA, LINA_PW, _encrypt, _env, _ok, _plain_profile
from tests.support.processes import was_killed_hard
from villagedesk.db import cipher

POSIX = os.name == "posix"


@pytest.fixture(autouse=True)
def _no_keys_left():
    yield
    cipher.forget_keys()


# The restore dies at the given step: nothing runs after it (a kill -9, a power cut).
KILLED_AT = """
import os, signal, sys
from pathlib import Path
from villagedesk.services import backup_archive, encryption, maintenance
from villagedesk.services.desk import ProfilePaths
root, source, step = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
if sys.argv[4:]:
    encryption.unlock(root, sys.argv[4], sys.argv[5])
def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)
if step == "blobs":  # the plain backup's DB is staged in the profile folder, not yet sealed
    backup_archive.extract_blobs = die
else:  # "swap": the note is written, the old DB is still in place
    maintenance._copy_db = die
maintenance.restore(ProfilePaths(root), source)
"""


def _killed_restore(root: Path, source: Path, step: str, *login: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", KILLED_AT, str(root), str(source), step, *login],
        env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert was_killed_hard(done.returncode), done.stderr


def _made(root: Path, cases: int = 5) -> Path:
    assert run_cli("setup", "--region", "419001100201", "--name", "李娜", profile=root).returncode == 0
    done = run_cli("demo", "--cases", str(cases), profile=root)
    assert done.returncode == 0, done.stderr
    return root


def _case_numbers(root: Path, env: dict | None = None) -> set[str]:
    listed = json.loads(_ok(run_cli("cases", "--json", "--limit", "500", profile=root, env=env)))["cases"]
    return {c["case_no"] for c in listed}


def test_a_killed_restore_leaves_no_plain_db_in_an_encrypted_profile(tmp_path: Path) -> None:
    profile = _plain_profile(tmp_path / "p")
    plain = tmp_path / "plain.vdbak"
    _ok(run_cli("backup", str(plain), profile=profile))
    _encrypt(profile)
    _killed_restore(profile, plain, "blobs", LINA_PW, LINA)
    (stage,) = profile.glob(".restore-*.db")
    assert stage.read_bytes().startswith(b"SQLite format 3")  # every ID number readable
    first = run_cli("check", profile=profile, env=_env(LINA_PW, LINA))  # the next command on the profile
    assert first.returncode == 0 and "Traceback" not in first.stderr, first.stderr
    assert not list(profile.glob(".restore-*")), sorted(p.name for p in profile.iterdir())


def test_check_names_a_restore_stage_it_finds(tmp_path: Path) -> None:
    """A stage the open may not remove (another process holds the backup lock): ``check`` names it."""
    from villagedesk.services.file_lock import FileLock

    root = _made(tmp_path / "p")
    (root / ".restore-4242.db").write_bytes(b"SQLite format 3\x00")
    with FileLock(root / "backups" / ".backup.lock"):
        held = run_cli("check", profile=root)
    assert "Traceback" not in held.stderr
    assert ".restore-4242.db" in held.stdout + held.stderr, held.stdout
    assert (root / ".restore-4242.db").exists()  # not taken from under a living restore
    freed = run_cli("check", profile=root)
    assert freed.returncode == 0 and ".restore-" not in freed.stdout, freed.stdout
    assert not (root / ".restore-4242.db").exists()


def test_a_restore_killed_before_its_swap_reports_no_loss(tmp_path: Path) -> None:
    root = _made(tmp_path / "profile")
    old = tmp_path / "old.vdbak"
    _ok(run_cli("backup", str(old), profile=root))
    assert run_cli("demo", "--cases", "3", profile=root).returncode == 0  # newer cases the backup lacks
    everything = _case_numbers(root)
    _killed_restore(root, old, "swap")
    assert (root / "restore-pending.json").is_file()  # written before the swap the kill prevented
    first = run_cli("check", profile=root)
    assert first.returncode == 0, first.stderr
    assert "上次恢复" not in first.stderr + first.stdout, first.stderr  # the DB in place holds every case
    assert not (root / "restore-pending.json").exists()
    assert _case_numbers(root) == everything


@pytest.mark.skipif(not POSIX, reason="POSIX permissions")
def test_scans_and_the_backup_lock_are_owner_only(tmp_path: Path) -> None:
    root = _made(tmp_path / "profile", cases=1)
    (case_no,) = _case_numbers(root)
    scan = tmp_path / "scan.png"
    scan.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2048))
    _ok(run_cli("attach", case_no, str(scan), "--material", "身份证", profile=root))
    backup = tmp_path / "b.vdbak"
    _ok(run_cli("backup", str(backup), profile=root))
    assert (root / "backups" / ".backup.lock").stat().st_mode & 0o777 == 0o600
    files = [p for p in (root / "blobs").rglob("*") if p.is_file()]
    assert files and all(p.stat().st_mode & 0o077 == 0 for p in files), [oct(p.stat().st_mode) for p in files]
    os.chmod(files[0], 0o644)  # as an older version wrote it: tightened at the next open
    _ok(run_cli("cases", profile=root))
    assert files[0].stat().st_mode & 0o777 == 0o600
    fresh = tmp_path / "fresh"
    _ok(run_cli("restore", str(backup), profile=fresh))  # a restored profile
    files = [p for p in (fresh / "blobs").rglob("*") if p.is_file()]
    assert files and all(p.stat().st_mode & 0o077 == 0 for p in files), [oct(p.stat().st_mode) for p in files]


@pytest.fixture
def full_dir(tmp_path: Path):
    """A real 2 MB tmpfs, filled to the last block."""
    if not POSIX or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root on POSIX")
    target = tmp_path / "stick"
    target.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(target)]).returncode != 0:
        pytest.skip("tmpfs cannot be mounted here")
    try:
        with (target / "filler").open("wb") as fh, pytest.raises(OSError):
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        yield target
    finally:
        subprocess.run(["umount", "-l", str(target)])


def test_a_full_backup_target_is_named_not_the_profile(tmp_path: Path, full_dir: Path) -> None:
    root = _made(tmp_path / "profile", cases=30)
    for args in (("backup", "--also", str(full_dir)), ("backup", str(full_dir / "x.vdbak"))):
        done = run_cli(*args, profile=root)
        assert done.returncode != 0 and "Traceback" not in done.stderr, done.stderr
        assert "磁盘空间不足" in done.stderr and str(full_dir) in done.stderr, (args, done.stderr)
        assert f"档案文件夹 {root}" not in done.stderr, (args, done.stderr)
