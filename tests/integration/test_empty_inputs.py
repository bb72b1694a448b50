"""Empty files are refused as what they are (issue #13): ``attach CASE_NO EMPTYFILE`` is a usage error
(exit 2, one sentence), and a 0-byte ``.vdbak`` is said to be empty, an unfinished copy, not "not a
VillageDesk backup". On the old code the first exited 1 and the second said 不是 VillageDesk 备份文件
(没有结构版本), which sends the office looking for a different program's file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.integration.test_encryption_at_rest import LINA, _plain_profile


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _plain_profile(tmp_path_factory.mktemp("empty") / "office")


def _one_line(result, code: int) -> str:
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_attaching_an_empty_file_is_a_usage_error(office: Path, tmp_path: Path) -> None:
    case_no = json.loads(run_cli("cases", "--json", profile=office).stdout)["cases"][0]["case_no"]
    empty = tmp_path / "scan.jpg"
    empty.write_bytes(b"")
    line = _one_line(run_cli("--user", LINA, "attach", case_no, str(empty), profile=office), 2)
    assert "文件是空的" in line and "scan.jpg" in line, line
    shown = json.loads(run_cli("show", case_no, "--json", profile=office).stdout)
    assert '"sha256"' not in json.dumps(shown)  # nothing was attached


@pytest.mark.parametrize("preview", [False, True])
def test_an_empty_backup_file_is_said_to_be_empty(office: Path, tmp_path: Path, preview: bool) -> None:
    empty = tmp_path / "villagedesk-20260101-000000-00001.vdbak"
    empty.write_bytes(b"")
    before = (office / "villagedesk.db").read_bytes()
    args = ["restore", "--preview", str(empty)] if preview else ["restore", str(empty)]
    line = _one_line(run_cli(*args, profile=office), 1)
    assert "是空的(0 字节)" in line and "没有完成" in line and "不是 VillageDesk" not in line, line
    assert (office / "villagedesk.db").read_bytes() == before
