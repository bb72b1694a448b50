"""A restore whose after-check fails keeps what it restored and the replaced DB's safety copy (issue #13).

The backup here is a real DB file this version accepts (integrity ok, a revision it knows: 0011) whose
upgrade to 0012 fails (the index 0012 creates is already there, as a DB edited by another tool may have
it): the restore puts it in place, then opening it (the after-check) fails. On the old code the cleanup
meant for a failed restore then removed the new profile folder (restored DB included), or said
数据未改动 on an existing profile whose DB had just been replaced.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.integration.test_encryption_at_rest import _plain_profile


@pytest.fixture(scope="module")
def stuck_backup(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A plain DB backup at revision 0011 that already holds 0012's index: its upgrade fails."""
    base = tmp_path_factory.mktemp("stuck")
    root = _plain_profile(base / "office")
    backup = base / "stuck.db"
    shutil.copyfile(root / "villagedesk.db", backup)
    conn = sqlite3.connect(backup)
    with conn:
        head = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        assert head >= "0012", head  # 0012's index is there; from 0011 its upgrade runs again and fails
        conn.execute("UPDATE alembic_version SET version_num = '0011'")
    conn.close()
    return backup


def _one_line(result) -> str:
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_onto_a_new_folder_the_restored_db_stays(stuck_backup: Path, tmp_path: Path) -> None:
    target = tmp_path / "new-pc"
    line = _one_line(run_cli("restore", str(stuck_backup), profile=target))
    assert "恢复后的检查未通过" in line and "都已保留" in line and "villagedesk check" in line, line
    assert "数据未改动" not in line
    db = target / "villagedesk.db"
    assert db.is_file()
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 1  # what was restored is there
    conn.close()


def test_onto_an_existing_profile_both_the_restored_db_and_the_safety_copy_stay(
    stuck_backup: Path, tmp_path: Path
) -> None:
    root = _plain_profile(tmp_path / "office")
    line = _one_line(run_cli("restore", str(stuck_backup), profile=root))
    (safety,) = (root / "backups").glob("before-restore-*.vdbak")
    assert str(safety) in line and "恢复后的检查未通过" in line and "数据未改动" not in line, line
    assert (root / "villagedesk.db").is_file()
    preview = run_cli("restore", "--preview", str(safety), profile=tmp_path / "elsewhere")
    assert preview.returncode == 0 and "有 1 件办件" in preview.stdout, preview.stdout + preview.stderr
