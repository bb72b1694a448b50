"""A damaged encrypted profile (issue #13): one sentence, exit 2, never 程序内部出错; ``restore`` works over it.

Real profiles (Alembic-migrated, converted by ``villagedesk encrypt``), the real CLI in subprocesses, the
DB file damaged as a disk does it: a few KB overwritten in the middle (a bad page: SQLCipher's HMAC fails
and it raises ``MemoryError`` or a DatabaseError) or at its start (page 1 and the salt: no key reads it).
On the old code ``check`` said 数据库操作失败 / 程序内部出错, and a damaged page 1 made every command,
``restore`` included, refuse with 密钥文件与数据库不匹配: the office could not restore over it.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.integration.test_encryption_at_rest import (
    LINA,
    LINA_PW,
    NAME,
    _encrypt,
    _env,
    _many_cases,
    _plain_profile,
)
from villagedesk.db import cipher

CASES = 1 + 1500


@pytest.fixture(autouse=True)
def _no_keys_left():
    yield
    cipher.forget_keys()


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """An encrypted profile with its cases and a backup of it (outside the profile)."""
    base = tmp_path_factory.mktemp("damaged")
    root = _plain_profile(base / "office")
    _many_cases(root, CASES - 1)
    _encrypt(root)
    backup = base / "office.vdbak"
    done = run_cli("backup", str(backup), profile=root, env=_env(LINA_PW, LINA))
    assert done.returncode == 0, done.stderr
    cipher.forget_keys()
    return root, backup


def _damage(db: Path, where: str) -> bytes:
    """Overwrite 8 KB of the DB at its start or its middle; the damaged bytes, as the file now is."""
    size = db.stat().st_size
    offset = 0 if where == "start" else size // 2
    with db.open("r+b") as fh:
        fh.seek(offset)
        fh.write(os.urandom(8192))
    return db.read_bytes()


def _one_line(result, code: int) -> str:
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


def _total(root: Path) -> int:
    out = run_cli("cases", "--json", "--limit", "1", profile=root, env=_env(LINA_PW, LINA))
    assert out.returncode == 0, out.stderr
    return int(json.loads(out.stdout)["total"])


@pytest.mark.parametrize("where", ["middle", "start"])
def test_a_damaged_db_is_one_sentence_and_restore_brings_every_case_back(office, tmp_path: Path, where) -> None:
    template, backup = office
    root = tmp_path / "office"
    shutil.copytree(template, root)
    damaged = _damage(root / "villagedesk.db", where)
    env = _env(LINA_PW, LINA)
    for command in (["check"], ["cases", "--limit", "5000"]):  # each reads the damaged pages
        line = _one_line(run_cli(*command, profile=root, env=env), 2)
        # the one wording, or the richer advice naming the backup to restore (officea's rule)
        assert line == f"错误: {cipher.DAMAGED_SENTENCE}" or (
            line.startswith("错误: 数据库文件已损坏") and "villagedesk restore" in line
        ), (command, line)
    assert _one_line(run_cli("check", profile=root, env=_env("wrong-pass-1", LINA)), 1).startswith("错误: 密码不正确")

    restored = run_cli("restore", str(backup), profile=root, env=env)
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "Traceback" not in restored.stdout + restored.stderr
    check = run_cli("check", profile=root, env=env)
    assert check.returncode == 0 and "结论          正常" in check.stdout, check.stdout + check.stderr
    assert _total(root) == CASES

    # the damaged DB is kept aside whole, sealed (nothing in backups/ readable without the key) …
    (sealed,) = (root / "backups").glob("before-restore-*-unreadable.db.*.vdsealed")
    assert not list((root / "backups").glob("*-unreadable.db"))
    assert NAME.encode() not in sealed.read_bytes()
    # … and comes back byte for byte with the password; a wrong one is a clear refusal, exit 2
    wrong = run_cli("unseal", str(sealed), "--out", str(tmp_path / "out"), profile=root, env=_env("nope-pass", LINA))
    assert "密码不正确" in _one_line(wrong, 2)
    assert not (tmp_path / "out").exists()
    out = run_cli("unseal", str(sealed), "--out", str(tmp_path / "out"), profile=root, env=env)
    assert out.returncode == 0, out.stderr
    (back,) = (tmp_path / "out").iterdir()
    assert back.read_bytes() == damaged


def test_sqlcipher_lines_go_to_the_log_not_the_terminal(office, tmp_path: Path) -> None:
    """SQLCipher's own lines (which page failed its HMAC) were dropped; support needs them in the log."""
    template, _backup = office
    root = tmp_path / "office"
    shutil.copytree(template, root)
    _damage(root / "villagedesk.db", "middle")
    log = root / "logs" / "villagedesk.log"
    before = log.read_text("utf-8") if log.exists() else ""
    result = run_cli("check", profile=root, env=_env(LINA_PW, LINA))
    assert result.returncode != 0
    assert "CORE" not in result.stderr + result.stdout
    written = log.read_text("utf-8")[len(before) :]
    assert "hmac check failed for pgno=" in written, written[-2000:]
    assert NAME not in written and "419001" not in written
