"""A full disk during ``backup`` or ``restore`` says the disk is short of room, how much is needed, and leaves
nothing that blocks the retry (issue 13, office tester, round 2).

The disk is real: a 16 MB ext4 file system on a loop device (root only; skipped otherwise), filled with a
file but for a little room, as an agent's full disk is. On the old code a restore whose safety copy hit the
full disk took the disk-full error for an unreadable database, tried a byte copy of it and left
``before-restore-…-unreadable.db.part`` behind; no sentence said how much room was needed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.flows import register
from villagedesk.services import attachments, maintenance


@pytest.fixture
def ext4(tmp_path: Path) -> Iterator[Path]:
    if os.geteuid() != 0 or not (shutil.which("mkfs.ext4") and shutil.which("mount")):
        pytest.skip("needs root, mkfs.ext4 and mount for a small loop file system")
    image, where = tmp_path / "disk.img", tmp_path / "disk"
    where.mkdir()
    with image.open("wb") as fh:
        fh.truncate(16 * 1024 * 1024)
    subprocess.run(["mkfs.ext4", "-q", "-F", str(image)], check=True, capture_output=True)
    if subprocess.run(["mount", "-o", "loop", str(image), str(where)], capture_output=True).returncode != 0:
        pytest.skip("cannot mount a loop file system here")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _fill_leaving(disk: Path, spare: int) -> Path:
    filler = disk / "filler.bin"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 65536)
    except OSError:
        pass
    finally:
        os.close(fd)
    os.truncate(filler, max(0, filler.stat().st_size - spare))
    return filler


def _one_line(result) -> str:
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


def _said_short_of_room(line: str) -> None:
    assert "磁盘空间不足" in line and "只读" not in line, line
    needed = re.search(r"需要约 ([\d.]+) MB", line)
    assert needed and float(needed.group(1)) > 0, line


def _leftovers(root: Path) -> list[str]:
    return sorted(
        str(p.relative_to(root)) for p in root.rglob("*")
        if p.name.endswith(".part") or p.name.startswith((".restore-", ".vdbak-", ".vd-")) or "before-restore" in p.name
    )  # fmt: skip


@pytest.fixture
def office(desk, tmp_path: Path) -> tuple[Path, Path]:
    """A profile with 30 cases and 3 MB of scans, and a backup of it outside the loop disk."""
    for _ in range(30):
        register(desk)
    for _ in range(2):
        attachments.store_blob(desk, os.urandom(1_500_000))
    made = maintenance.backup(desk, tmp_path / "office.vdbak")
    desk.close()
    return desk.paths.root, made


def test_a_backup_on_a_full_disk_says_how_much_room_it_needs_and_the_retry_works(office, ext4: Path) -> None:
    source, _ = office
    root = ext4 / "profile"
    shutil.copytree(source, root)
    filler = _fill_leaving(ext4, 1_500_000)
    _said_short_of_room(_one_line(run_cli("backup", profile=root)))
    assert _leftovers(root) == [] and not list((root / "backups").glob("*.vdbak"))
    filler.unlink()
    done = run_cli("backup", profile=root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(list((root / "backups").glob("villagedesk-*.vdbak"))) == 1


@pytest.mark.parametrize("spare", [100_000, 700_000, 3_500_000])
def test_a_restore_on_a_full_disk_says_how_much_room_it_needs_and_the_retry_works(office, ext4: Path, spare) -> None:
    source, backup = office
    root = ext4 / "profile"
    shutil.copytree(source, root)
    shutil.rmtree(root / "blobs")  # the scans come back from the backup: the restore needs room for them
    before = (root / "villagedesk.db").read_bytes()
    filler = _fill_leaving(ext4, spare)
    _said_short_of_room(_one_line(run_cli("restore", str(backup), profile=root)))
    assert _leftovers(root) == [], _leftovers(root)
    assert (root / "villagedesk.db").read_bytes() == before  # nothing changed
    filler.unlink()
    done = run_cli("restore", str(backup), profile=root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "30 件办件" in done.stdout, done.stdout
    # both scans are back (a whole scan the failed run had already put in place is kept: named by its hash)
    assert len([p for p in (root / "blobs").rglob("*") if p.is_file()]) == 2
