"""``villagedesk demo`` (and the window's ``--demo``) never mixes demo data into a profile holding real
work (issue 13, office tester, round 2).

A real profile: ``setup`` then one case registered through the real CLI (``import`` of a CSV). On the old
code ``demo`` added hundreds of invented villagers to it (and ``--demo`` a ``demo``/``demo1234`` account);
now each is refused in one Chinese sentence and the database file is byte for byte what it was.
"""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

from tests.conftest import HOME_VILLAGE, TODAY, run_cli
from villagedesk.services import demo


def _ok(result) -> str:
    assert result.returncode == 0, (result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    return result.stdout


def _digest(root: Path) -> str:
    return hashlib.sha256((root / "villagedesk.db").read_bytes()).hexdigest()


def _real_profile(root: Path, tmp_path: Path) -> None:
    _ok(run_cli("setup", "--region", HOME_VILLAGE, "--name", "李娜", profile=root))
    sheet = tmp_path / "登记.csv"
    number = demo.id_number(random.Random(5), HOME_VILLAGE, TODAY)
    sheet.write_text(f"姓名,身份证号,事项编码,联系电话\n王涛,{number},JY012,13800138000\n", encoding="utf-8")
    _ok(run_cli("import", str(sheet), "--mandate-signed", profile=root))
    assert '"total": 1' in _ok(run_cli("cases", "--json", profile=root))


def test_demo_refuses_a_profile_with_real_cases_and_changes_nothing(tmp_path: Path) -> None:
    root = tmp_path / "office"
    _real_profile(root, tmp_path)
    before = _digest(root)
    for args in (["demo", "--cases", "20"], ["--demo", "--smoke"]):
        result = run_cli(*args, profile=root)
        assert result.returncode != 0, (args, result.stdout, result.stderr)
        assert "Traceback" not in result.stdout + result.stderr
        line = result.stderr.strip().splitlines()[-1]
        assert "演示数据" in line and "1 件办件" in line and "新的空文件夹" in line, line
        assert _digest(root) == before, args  # no demo case, no demo account
    assert '"total": 1' in _ok(run_cli("cases", "--json", profile=root))


def test_demo_still_fills_a_new_or_set_up_empty_profile_and_tops_up_a_demo_one(tmp_path: Path) -> None:
    new = tmp_path / "new"
    _ok(run_cli("demo", "--cases", "5", profile=new))
    _ok(run_cli("demo", "--cases", "5", "--seed", "7", profile=new))  # a demo profile takes more demo data
    assert '"total": 10' in _ok(run_cli("cases", "--json", "--limit", "1", profile=new))
    empty = tmp_path / "empty"
    _ok(run_cli("setup", "--region", HOME_VILLAGE, "--name", "李娜", profile=empty))
    _ok(run_cli("demo", "--cases", "5", profile=empty))


def test_demo_twice_with_one_seed_adds_as_much_again(tmp_path: Path) -> None:
    """The same seed twice made the same event ids again: the second run failed with a database error."""
    root = tmp_path / "demo"
    _ok(run_cli("demo", "--cases", "30", "--seed", "7", profile=root))
    _ok(run_cli("demo", "--cases", "30", "--seed", "7", profile=root))  # was exit 1, 数据库操作失败
    assert '"total": 60' in _ok(run_cli("cases", "--json", "--limit", "1", profile=root))
    _ok(run_cli("check", profile=root))
