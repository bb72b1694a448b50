"""The ``villagedesk`` command as a user runs it (real subprocesses on real profiles)."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import run_cli
from villagedesk import __version__

FULL_ID = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")


def _ok(result, code: int = 0) -> str:
    assert result.returncode == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    return result.stdout


def _one_clear_line(result) -> str:
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture(scope="module")
def demo_profile(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("cli") / "profile"
    out = _ok(run_cli("demo", "--cases", "60", profile=root))
    assert "60 件" in out
    return root


def test_version() -> None:
    assert _ok(run_cli("--version")).strip() == f"VillageDesk {__version__}"


def test_setup_on_a_fresh_profile(tmp_path: Path) -> None:
    out = _ok(run_cli("setup", "--role", "agent", "--region", "419001100201", "--name", "李娜", profile=tmp_path / "p"))
    assert "419001100201" in out
    assert (tmp_path / "p" / "villagedesk.db").exists()


def test_cases_list_and_json_show_only_masked_ids(demo_profile: Path) -> None:
    result = run_cli("cases", "--limit", "100", profile=demo_profile)
    out = _ok(result)
    assert "共 60 件" in out
    assert not FULL_ID.search(out + result.stderr)
    result = run_cli("cases", "--json", "--limit", "100", profile=demo_profile)
    data = json.loads(_ok(result))
    assert data["total"] == 60 and len(data["cases"]) == 60
    assert all(re.fullmatch(r"[0-9]{6}\*{8}[0-9]{3}[0-9X]", c["id_masked"]) for c in data["cases"])
    assert not FULL_ID.search(result.stdout + result.stderr)


def test_cases_filters_agree_with_the_table(demo_profile: Path) -> None:
    conn = sqlite3.connect(demo_profile / "villagedesk.db")
    expected = conn.execute(
        "SELECT count(*) FROM cases WHERE status IN ('accepted', 'submitted') AND open AND NOT paused AND due_on < ?",
        (date.today().isoformat(),),
    ).fetchone()[0]
    name = conn.execute("SELECT applicant_name FROM cases ORDER BY case_no LIMIT 1").fetchone()[0]
    conn.close()
    args = ("cases", "--json", "--status", "accepted", "--status", "submitted", "--overdue", "--limit", "100")
    data = json.loads(_ok(run_cli(*args, profile=demo_profile)))
    assert all(c["status"] in ("accepted", "submitted") and c["light"] == "red" for c in data["cases"])
    assert data["total"] == expected  # the CLI's "today" is the wall clock
    data = json.loads(_ok(run_cli("cases", "--json", "--search", name, profile=demo_profile)))
    bare = name.replace("·", "")
    assert data["total"] >= 1 and all(bare in c["applicant_name"].replace("·", "") for c in data["cases"])


def test_show_masks_the_id_and_check_is_clean(demo_profile: Path) -> None:
    conn = sqlite3.connect(demo_profile / "villagedesk.db")
    case_no, full = conn.execute(
        "SELECT c.case_no, a.id_number FROM cases c JOIN applicants a ON a.id = c.applicant_id LIMIT 1"
    ).fetchone()
    conn.close()
    result = run_cli("show", case_no.lower().replace("0", "o"), profile=demo_profile)
    out = _ok(result)
    assert case_no in out and full[-4:] in out and "办理过程" in out
    assert full not in out and not FULL_ID.search(out + result.stderr)
    out = _ok(run_cli("check", profile=demo_profile))
    assert "正常" in out and "ok" in out


def test_check_detects_a_tampered_projection_and_rebuild_fixes_it(demo_profile: Path, tmp_path: Path) -> None:
    root = tmp_path / "tampered"
    shutil.copytree(demo_profile, root)
    conn = sqlite3.connect(root / "villagedesk.db")
    with conn:
        case_no = conn.execute("SELECT case_no FROM cases WHERE status = 'accepted' LIMIT 1").fetchone()[0]
        conn.execute("UPDATE cases SET status = 'closed', open = 0 WHERE case_no = ?", (case_no,))
    conn.close()
    out = _ok(run_cli("check", profile=root), code=1)
    assert case_no in out and "不一致" in out and "有问题" in out
    out = _ok(run_cli("check", "--rebuild", profile=root))
    assert case_no in out and "已重建" in out
    conn = sqlite3.connect(root / "villagedesk.db")
    assert conn.execute("SELECT status FROM cases WHERE case_no = ?", (case_no,)).fetchone()[0] == "accepted"
    conn.close()
    assert "与事件重建一致" in _ok(run_cli("check", profile=root))


def test_backup_and_restore(demo_profile: Path, tmp_path: Path) -> None:
    root = tmp_path / "b"
    shutil.copytree(demo_profile, root)
    target = tmp_path / "copy.db"
    assert str(target) in _ok(run_cli("backup", str(target), profile=root))
    fresh = tmp_path / "fresh"
    out = _ok(run_cli("restore", str(target), profile=fresh))
    assert "60 件" in out
    bad = tmp_path / "bad.db"
    bad.write_text("not a database", encoding="utf-8")
    assert "不是" in _one_clear_line(run_cli("restore", str(bad), profile=fresh))


@pytest.mark.parametrize(
    ("args", "word"),
    [
        (("cases", "--since", "2026-13-01"), "日期"),
        (("cases", "--until", "yesterday"), "日期"),
        (("demo", "--cases", "-5"), "之间的整数"),
        (("demo", "--cases", "many"), "不是整数"),
        (("cases", "--frobnicate"), "frobnicate"),
    ],
)
def test_bad_arguments_give_one_clear_line(tmp_path: Path, args, word: str) -> None:
    line = _one_clear_line(run_cli(*args, profile=tmp_path / "p"))
    assert word in line


def test_empty_profile_is_refused() -> None:
    assert "--profile" in _one_clear_line(run_cli("--profile", "", "cases"))
    assert "--profile" in _one_clear_line(run_cli("--profile", "   ", "cases"))


def test_unknown_case_and_status_and_bad_profile(demo_profile: Path, tmp_path: Path) -> None:
    assert "找不到办件" in _one_clear_line(run_cli("show", "999999-261125-ZZ999", profile=demo_profile))
    assert "bogus" in _one_clear_line(run_cli("cases", "--status", "bogus", profile=demo_profile))
    a_file = tmp_path / "a-file"
    a_file.write_text("x", encoding="utf-8")
    assert "错误" in _one_clear_line(run_cli("cases", profile=a_file))
    garbage = tmp_path / "garbage"
    garbage.mkdir()
    (garbage / "villagedesk.db").write_text("this is not sqlite " * 100, encoding="utf-8")
    assert "错误" in _one_clear_line(run_cli("cases", profile=garbage))
