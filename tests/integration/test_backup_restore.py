"""Backup while another connection writes; restore keeps the replaced DB; bad backups are refused and
the profile DB is left byte-for-byte unchanged."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import threading
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from tests.conftest import TODAY
from tests.flows import register
from villagedesk.services import maintenance, queries
from villagedesk.services.backup_archive import verify_archive, write_archive
from villagedesk.services.desk import Desk
from villagedesk.services.maintenance import RestoreError


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _cases_in(path: Path) -> int:
    db = path
    if zipfile.is_zipfile(path):  # a backup archive: its database member, checked against the manifest
        manifest = verify_archive(path)
        db = path.with_name(path.name + ".extracted.db")
        with zipfile.ZipFile(path) as zf:
            db.write_bytes(zf.read("villagedesk.db"))
        assert hashlib.sha256(db.read_bytes()).hexdigest() == manifest.members["villagedesk.db"]["sha256"]
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        cases = conn.execute("SELECT count(*) FROM cases").fetchone()[0]
        registered = conn.execute("SELECT count(*) FROM events WHERE type = 'case_registered'").fetchone()[0]
        assert cases == registered  # a consistent snapshot: no projection without its event or vice versa
        return cases
    finally:
        conn.close()


def test_backup_while_another_connection_writes(desk, tmp_path: Path) -> None:
    stop = threading.Event()
    errors: list[BaseException] = []
    written: list[str] = []

    def writer() -> None:
        try:
            with Desk.open(desk.paths.root, today=TODAY) as other:
                while not stop.is_set():
                    written.append(register(other).case_no)
        except BaseException as err:  # reported below, not swallowed
            errors.append(err)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        counts = []
        while len(written) < 3 and thread.is_alive():
            stop.wait(0.05)
        for i in range(5):
            target = maintenance.backup(desk, tmp_path / f"b{i}.db")
            counts.append(_cases_in(target))
    finally:
        stop.set()
        thread.join(60)
    assert not errors, errors
    assert counts == sorted(counts) and counts[-1] >= 3
    assert counts[-1] <= len(written)
    assert maintenance.check(desk).ok


@pytest.fixture
def profile_with_backup(desk, tmp_path: Path):
    for _ in range(3):
        register(desk)
    backup = maintenance.backup(desk, tmp_path / "three.db")
    register(desk)
    register(desk)
    assert queries.count_cases(desk) == 5
    desk.close()
    return desk.paths, backup


def test_restore_keeps_the_replaced_database(profile_with_backup) -> None:
    paths, backup = profile_with_backup
    result = maintenance.restore(paths, backup)
    assert result.safety is not None and result.safety.exists() and _cases_in(result.safety) == 5
    assert (result.cases, result.kept_aside) == (3, 2)
    with Desk.open(paths.root, today=TODAY) as desk:
        assert queries.count_cases(desk) == 3
        assert maintenance.check(desk).ok


def _db_of(backup: Path, tmp: Path) -> Path:
    target = tmp / "plain.db"
    with zipfile.ZipFile(backup) as zf:
        target.write_bytes(zf.read("villagedesk.db"))
    return target


def _newer(backup: Path, tmp: Path) -> Path:
    """An older version's plain-DB backup, stamped by a newer version."""
    target = tmp / "newer.db"
    shutil.copy(_db_of(backup, tmp), target)
    conn = sqlite3.connect(target)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.close()
    return target


def _newer_archive(backup: Path, tmp: Path) -> Path:
    """A well-formed archive (manifest and sums right) whose database a newer version wrote."""
    db = _newer(backup, tmp)
    target = tmp / "newer.vdbak"
    write_archive(db, None, target, 1, datetime(2026, 11, 25, 9, 0))
    return target


def _text(_backup: Path, tmp: Path) -> Path:
    target = tmp / "notes.db"
    target.write_text("这不是数据库\n" * 200, encoding="utf-8")
    return target


def _truncated(backup: Path, tmp: Path) -> Path:
    target = tmp / "truncated.db"
    data = backup.read_bytes()
    target.write_bytes(data[: len(data) // 2 + 100])
    return target


def _empty(_backup: Path, tmp: Path) -> Path:
    target = tmp / "empty.db"
    target.write_bytes(b"")
    return target


def _foreign_sqlite(_backup: Path, tmp: Path) -> Path:
    target = tmp / "other-app.db"
    conn = sqlite3.connect(target)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    return target


@pytest.mark.parametrize(
    ("make", "word"),
    [
        (_text, "不是"),
        (_truncated, ""),
        (_empty, "是空的"),
        (_foreign_sqlite, "不是"),
        (_newer, "更新版本"),
        (_newer_archive, "更新版本"),
        (lambda b, t: t / "nowhere.db", "找不到"),
    ],
)
def test_restore_refuses_bad_backups_and_changes_nothing(profile_with_backup, tmp_path: Path, make, word) -> None:
    paths, backup = profile_with_backup
    bad = make(backup, tmp_path)
    before = _sha(paths.db)
    kept = sorted(paths.backups.glob("*"))
    with pytest.raises(RestoreError) as err:
        maintenance.restore(paths, bad)
    assert word in str(err.value)
    assert "\n" not in str(err.value)
    assert _sha(paths.db) == before
    assert sorted(paths.backups.glob("*")) == kept  # no safety copy made for a refused restore
    with Desk.open(paths.root, today=TODAY) as desk:
        assert queries.count_cases(desk) == 5
