"""``check`` sees missing and garbled scans and a schema that lost tables or indexes.

On the old code all of these printed 正常 and exited 0.
"""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.flows import register
from villagedesk.services import attachments, maintenance


def _with_scan(desk, tmp_path: Path):
    case = register(desk)
    scan = tmp_path / "户口簿.jpg"
    scan.write_bytes(random.Random(3).randbytes(30_000))
    info = attachments.add_file(desk, case.case_id, scan, "户口簿")
    return case, info


def _check_out(root: Path) -> str:
    result = run_cli("check", profile=root)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1, result.stdout
    assert "有问题" in result.stdout
    return result.stdout


def test_a_deleted_scan_is_reported_with_what_to_do(desk, tmp_path: Path) -> None:
    case, info = _with_scan(desk, tmp_path)
    info.path.unlink()
    report = maintenance.check(desk)
    assert not report.ok and any("不见了" in p and case.case_no in p for p in report.problems)
    desk.close()
    out = _check_out(desk.paths.root)
    assert "不见了" in out and "villagedesk restore" in out


def test_a_garbled_scan_is_reported(desk, tmp_path: Path) -> None:
    case, info = _with_scan(desk, tmp_path)
    data = bytearray(info.path.read_bytes())
    data[100] ^= 0x01
    info.path.write_bytes(bytes(data))
    report = maintenance.check(desk)
    assert any("损坏" in p and case.case_no in p for p in report.problems)
    desk.close()
    assert "损坏" in _check_out(desk.paths.root)


@pytest.mark.parametrize(
    ("sql", "word"),
    [
        ("DROP TABLE ref_data", "ref_data"),
        ("DROP TABLE star_ratings", "star_ratings"),
        ("DROP INDEX ix_attachments_case_id", "ix_attachments_case_id"),
    ],
)
def test_a_schema_that_lost_a_table_or_index_is_reported(desk, sql: str, word: str) -> None:
    register(desk)
    desk.close()
    conn = sqlite3.connect(desk.paths.db)
    with conn:
        conn.execute(sql)
    conn.close()
    out = _check_out(desk.paths.root)
    assert word in out and "技术支持" in out


def test_a_clean_profile_with_scans_is_normal(desk, tmp_path: Path) -> None:
    _with_scan(desk, tmp_path)
    report = maintenance.check(desk)
    assert report.ok, report.problems
