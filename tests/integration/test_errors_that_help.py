"""Errors that help: one Chinese sentence each, the traceback only in the log, no
personal data anywhere; a mistyped ``--profile`` creates nothing; a second instance says who holds it.

Full disk and read-only profile use a real tmpfs mounted for the test (root only; skipped otherwise).
On the old code: a missing profile became an empty one that ``check`` called 正常, a locked DB printed
an SQLAlchemy traceback, the full disk and read-only folder said "从备份恢复", and nothing stopped a
second instance.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli
from tests.flows import register

NAME = "欧阳娜娜"


def _one_line(result) -> str:
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize("command", [("cases",), ("check",), ("backup",), ("show", "100201-261125-AB001")])
def test_a_mistyped_profile_is_refused_and_nothing_is_created(tmp_path: Path, command) -> None:
    missing = tmp_path / "profiel"
    line = _one_line(run_cli(*command, profile=missing))
    assert "找不到档案文件夹" in line and "--profile" in line
    assert not missing.exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "没有 VillageDesk 数据库" in _one_line(run_cli(*command, profile=empty))
    assert list(empty.iterdir()) == []


def test_setup_and_demo_may_create_a_profile(tmp_path: Path) -> None:
    result = run_cli("demo", "--cases", "3", profile=tmp_path / "new")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "new" / "villagedesk.db").exists()


@contextmanager
def _holder(lock: Path) -> Iterator[subprocess.Popen]:
    code = (
        "import sys, time; from pathlib import Path; from villagedesk.services.file_lock import FileLock; "
        "FileLock(Path(sys.argv[1])).acquire(); print('HELD', flush=True); time.sleep(120)"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", code, str(lock)], stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "HELD"
        yield proc
    finally:
        proc.kill()
        proc.communicate(timeout=30)


def test_a_second_instance_is_told_who_holds_the_profile(desk, tmp_path: Path) -> None:
    register(desk)
    desk.close()
    root = desk.paths.root
    with _holder(root / "villagedesk.lock") as first:
        line = _one_line(run_cli("--smoke", profile=root))
        assert f"进程 {first.pid}" in line and "计算机" in line and "起" in line
        backup = tmp_path / "b.vdbak"
        assert run_cli("backup", str(backup), profile=root).returncode == 0  # a backup beside the GUI is fine
        assert "另一个 VillageDesk" in _one_line(run_cli("restore", str(backup), profile=root))
    # the holder died: its OS lock went with it, no stale lock file blocks the next start
    assert run_cli("restore", str(backup), profile=root).returncode == 0


def _log_text(root: Path) -> str:
    log = root / "logs" / "villagedesk.log"
    return log.read_text(encoding="utf-8") if log.exists() else ""


def test_a_locked_database_gives_one_sentence_and_no_personal_data(desk, tmp_path: Path) -> None:
    register(desk, name=NAME)
    desk.close()
    root = desk.paths.root
    conn = sqlite3.connect(root / "villagedesk.db", isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")  # another program holds the database
    try:
        scan = tmp_path / "scan.jpg"
        scan.write_bytes(b"\xff\xd8" + os.urandom(2000))
        started = time.monotonic()
        result = run_cli("setup", "--region", "419001100201", "--name", NAME, profile=root)
        line = _one_line(result)
    finally:
        conn.rollback()
        conn.close()
    assert "占用" in line and time.monotonic() - started >= 5  # it waited (busy timeout) before giving up
    assert NAME not in result.stderr + result.stdout
    log = _log_text(root)
    assert "OperationalError" in log and NAME not in log and "INSERT" not in log


def _mount_tmpfs(where: Path, size_kb: int) -> None:
    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(where)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("needs root to mount a tiny tmpfs")
    where = tmp_path / "usb"
    _mount_tmpfs(where, 16 * 1024)
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _fill(folder: Path) -> None:
    with (folder / "filler.bin").open("wb") as fh:
        try:
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        except OSError:
            pass


def test_a_full_disk_says_so_and_does_not_send_the_agent_to_a_backup(desk, small_disk: Path) -> None:
    register(desk, name=NAME)
    desk.close()
    root = small_disk / "profile"
    shutil.copytree(desk.paths.root, root)
    _fill(small_disk)
    result = run_cli("demo", "--cases", "200", profile=root)
    line = _one_line(result)
    assert "磁盘空间已满" in line and "恢复" not in line
    assert NAME not in result.stderr + result.stdout
    (small_disk / "filler.bin").unlink()
    check = run_cli("check", profile=root)
    assert check.returncode == 0, check.stdout + check.stderr  # nothing was lost or damaged


def test_a_read_only_profile_says_so(desk, small_disk: Path) -> None:
    register(desk, name=NAME)
    desk.close()
    root = small_disk / "profile"
    shutil.copytree(desk.paths.root, root)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    result = run_cli("setup", "--region", "419001100201", "--name", NAME, profile=root)
    line = _one_line(result)
    assert "只读" in line and "恢复" not in line
    assert NAME not in result.stderr + result.stdout


def test_a_backup_to_a_full_stick_says_so_and_leaves_nothing_half_written(desk, small_disk: Path) -> None:
    from villagedesk.services import attachments

    register(desk, name=NAME)
    for i in range(3):  # 24 MB of scans for a 16 MB stick
        attachments.store_blob(desk, os.urandom(8_000_000) if i else bytes(8_000_000))
    desk.close()
    target = small_disk / "backup.vdbak"
    result = run_cli("backup", str(target), profile=desk.paths.root)
    line = _one_line(result)
    assert "磁盘空间不足" in line and "需要约" in line  # how much room the backup needs
    assert not target.exists() and list(small_disk.iterdir()) == []  # no partial archive, no DB snapshot
