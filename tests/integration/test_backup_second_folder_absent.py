"""``backup --also`` onto a stick that is not there: one sentence, nothing made on the system disk in its
place; a killed copy's ``.part`` on the stick is gone after the next copy (both fail on the old code,
which made the whole path and left the partial copy)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_cli
from tests.flows import register
from villagedesk.services import maintenance


def test_an_absent_second_folder_is_one_sentence_and_is_not_created(desk, tmp_path: Path) -> None:
    register(desk)
    desk.close()
    stick = tmp_path / "media" / "usb" / "备份"
    result = run_cli("backup", "--also", str(stick), profile=desk.paths.root)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert "不存在" in line and str(stick) in line
    assert not (tmp_path / "media").exists()
    assert maintenance.list_backups(desk.paths.backups) == []  # refused before anything ran (exit 2)


def test_a_killed_copys_part_file_is_removed_by_the_next_copy(desk, tmp_path: Path) -> None:
    register(desk)
    stick = tmp_path / "stick"
    stick.mkdir()
    leftover = stick / "villagedesk-20260101-000000-00001.vdbak.part"
    leftover.write_bytes(b"PK\x03\x04 half a copy")
    made = maintenance.backup(desk)
    maintenance.copy_to_second_folder(made, stick)
    assert not leftover.exists() and not list(stick.glob("*.part"))
    assert [b.path.name for b in maintenance.list_backups(stick)] == [made.name]
