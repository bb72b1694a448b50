"""A backup copied with ``backup --also STICK`` before ``encrypt`` stayed readable on the stick, and
``check`` said 正常 (issue 13, an office tester): only the second folder of 设置 was sealed and asked. Every
folder a backup was copied to is remembered now; ``encrypt`` re-encrypts this PC's archives there and
``check`` names any left plain. Another PC's backup on the same stick is not touched: re-encrypted with this
PC's key it would no longer open with its own office's passwords.

Real profiles through the real CLI; the stick is a folder."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from tests.conftest import HOME_VILLAGE, run_cli
from villagedesk.services import backup_archive as archive

LINA, LINA_PW = "lina", "lina-pass-1"


def _ok(result) -> str:
    assert result.returncode == 0, (result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    return result.stdout


def _profile(root: Path, user: str, password: str) -> None:
    _ok(
        run_cli("setup", "--region", HOME_VILLAGE, "--name", "李娜", "--username", user, "--password",
                profile=root, input=f"{password}\n{password}\n")
    )  # fmt: skip
    _ok(run_cli("demo", "--cases", "3", profile=root))


def test_encrypt_seals_this_pcs_copies_on_an_also_stick_and_leaves_another_pcs(tmp_path: Path) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    _profile(ours, LINA, LINA_PW)
    _profile(theirs, "wang", "wang-pass-1")
    _ok(run_cli("backup", str(tmp_path / "theirs.vdbak"), "--also", str(stick), profile=theirs))
    _ok(run_cli("backup", str(tmp_path / "ours.vdbak"), "--also", str(stick), profile=ours))
    env = {"VILLAGEDESK_PASSWORD": LINA_PW, "VILLAGEDESK_USER": ""}
    copies = sorted(stick.glob("*.vdbak"))
    assert len(copies) == 2 and not any(archive.db_member_encrypted(p) for p in copies)
    theirs_copy = next(p for p in copies if archive.read_manifest(p).cases == 3 and _tag(p) != _tag_of(ours))
    before = hashlib.sha256(theirs_copy.read_bytes()).hexdigest()

    said = _ok(run_cli("--user", LINA, "encrypt", profile=ours, env=env))
    assert f"备份文件夹 {stick} 中 1 个未加密的备份已改为加密" in said, said  # was silent: the stick kept it plain
    ours_copy = next(p for p in stick.glob("*.vdbak") if p != theirs_copy)
    assert archive.db_member_encrypted(ours_copy)
    assert hashlib.sha256(theirs_copy.read_bytes()).hexdigest() == before  # another PC's backup untouched
    check = _ok(run_cli("check", profile=ours, env=env))
    assert re.search(r"^结论 +正常", check, re.M), check


def _tag(path: Path) -> str:
    return archive.read_manifest(path).numbering.get("device_tag", "")


def _tag_of(root: Path) -> str:
    import sqlite3

    conn = sqlite3.connect(root / "villagedesk.db")
    try:
        return conn.execute("SELECT value FROM settings WHERE key = 'device_tag'").fetchone()[0]
    finally:
        conn.close()


def test_check_names_a_plain_copy_on_an_also_stick_that_was_out_during_encrypt(tmp_path: Path) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    ours = tmp_path / "ours"
    _profile(ours, LINA, LINA_PW)
    _ok(run_cli("backup", str(tmp_path / "ours.vdbak"), "--also", str(stick), profile=ours))
    env = {"VILLAGEDESK_PASSWORD": LINA_PW, "VILLAGEDESK_USER": ""}
    stick.rename(tmp_path / "away")  # the stick is out
    said = _ok(run_cli("--user", LINA, "encrypt", profile=ours, env=env))
    assert f"备份文件夹 {stick} 不在" in said, said
    (tmp_path / "away").rename(stick)  # plugged in again
    check = run_cli("check", profile=ours, env=env)
    assert re.search(r"^结论 +有问题", check.stdout, re.M) and str(stick) in check.stdout, check.stdout  # was 正常
