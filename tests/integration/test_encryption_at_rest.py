"""Encryption at rest (issue 13): a converted profile's files and backups hold no villager's data in clear,
open with any active agent's password or a recovery code, refuse a wrong password in one sentence, and a
conversion killed anywhere leaves a profile that opens, plain or encrypted, with every case.

Real profiles migrated by Alembic, the real CLI in subprocesses; on the old code there is no ``encrypt``
command and the DB file holds every name in clear, so each of these fails there.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from tests.conftest import HOME_VILLAGE, ROOT, TODAY, run_cli
from tests.flows import register
from villagedesk.db import cipher
from villagedesk.domain.lifecycle import Role
from villagedesk.services import accounts, catalog, encryption, queries
from villagedesk.services.desk import Desk, ProfilePaths

NAME = "司马秋菊"
ID_NUMBER = "419001198001010014"
LINA, LINA_PW = "lina", "lina-pass-1"
WANG, WANG_PW = "wang", "wang-pass-1"


@pytest.fixture(autouse=True)
def _no_keys_left():
    """Keys unlocked in this process stay with the test that unlocked them."""
    yield
    cipher.forget_keys()


def _plain_profile(root: Path) -> Path:
    with Desk.open(root, today=TODAY) as desk:
        catalog.seed_reference_data(desk)
        desk.setup(Role.AGENT, HOME_VILLAGE, "李娜")
        register(desk, name=NAME, id_number=ID_NUMBER)
        accounts.add_person(desk, LINA, "李娜", LINA_PW)
        accounts.add_person(desk, WANG, "王强", WANG_PW)
    return root


@pytest.fixture(scope="module")
def plain_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _plain_profile(tmp_path_factory.mktemp("crypt") / "plain")


def _copy(template: Path, target: Path) -> Path:
    shutil.copytree(template, target)
    return target


def _env(password: str, user: str | None = None) -> dict:
    env = {"VILLAGEDESK_PASSWORD": password}
    if user:
        env["VILLAGEDESK_USER"] = user
    return env


def _ok(result) -> str:
    assert result.returncode == 0, (result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    return result.stdout


def _one_sentence(result) -> str:
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def _secrets_in(data: bytes) -> list[str]:
    return [s for s in (NAME, ID_NUMBER) if s.encode("utf-8") in data]


def _encrypt(profile: Path) -> dict[str, str]:
    out = _ok(run_cli("--user", LINA, "encrypt", profile=profile, env=_env(LINA_PW)))
    return dict(re.findall(r"^(\w+) 的新恢复码: ([0-9A-Z-]+)$", out, re.MULTILINE))


def _total(profile: Path, password: str | None = None, user: str | None = None) -> int:
    env = _env(password, user) if password else {}
    out = _ok(run_cli("cases", "--json", "--limit", "1", profile=profile, env=env))
    return int(json.loads(out)["total"])


def test_the_db_and_its_backups_hold_no_name_or_id_number_once_encrypted(plain_template: Path, tmp_path: Path) -> None:
    profile = _copy(plain_template, tmp_path / "p")
    assert _secrets_in((profile / "villagedesk.db").read_bytes()) == [NAME, ID_NUMBER]  # the probe can see them
    _encrypt(profile)
    _ok(run_cli("backup", str(tmp_path / "after.vdbak"), profile=profile, env=_env(LINA_PW)))
    for path in sorted(p for p in profile.rglob("*") if p.is_file()):  # DB, WAL, key file, logs, backups
        assert _secrets_in(path.read_bytes()) == [], path.name
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as zf:
                for member in zf.namelist():
                    assert _secrets_in(zf.read(member)) == [], (path.name, member)
    with zipfile.ZipFile(tmp_path / "after.vdbak") as zf:
        assert "keys.json" in zf.namelist()
        assert _secrets_in(zf.read("villagedesk.db")) == []
    keys = json.loads((profile / "keys.json").read_text("utf-8"))
    assert {(w["kind"], w["username"]) for w in keys["wraps"]} == {
        ("password", LINA), ("recovery", LINA), ("recovery", WANG)
    }  # fmt: skip
    with pytest.raises(sqlite3.DatabaseError):  # plain SQLite cannot read it
        sqlite3.connect(profile / "villagedesk.db").execute("SELECT count(*) FROM cases").fetchone()


def test_any_active_agent_opens_it_a_wrong_password_is_one_sentence(plain_template: Path, tmp_path: Path) -> None:
    profile = _copy(plain_template, tmp_path / "p")
    codes = _encrypt(profile)
    assert set(codes) == {LINA, WANG}
    assert _total(profile, LINA_PW) == 1
    assert "密码不正确" in _one_sentence(run_cli("cases", profile=profile, env=_env("not-the-password")))
    # wang's password never wrapped the key (only its hash was known): the new recovery code sets a new one
    assert "密码不正确" in _one_sentence(run_cli("cases", profile=profile, env=_env(WANG_PW)))
    new_pw = "wang-new-pass"
    _ok(run_cli("accounts", "reset", WANG, "--code", codes[WANG], profile=profile, input=f"{new_pw}\n"))
    assert _total(profile, new_pw, WANG) == 1
    assert "恢复码不正确" in _one_sentence(
        run_cli("accounts", "reset", WANG, "--code", codes[WANG], profile=profile, input="x-pass-123\n")
    )  # a recovery code opens once: the reset issued the next one
    _ok(run_cli("accounts", "deactivate", WANG, profile=profile, env=_env(LINA_PW, LINA)))
    # stopped: its password opens nothing (no wrap), but it is told why (docs/handover.md), a wrong one not
    assert _one_sentence(run_cli("cases", profile=profile, env=_env(new_pw))) == "错误: 该账号已停用，请找本机管理员"
    assert (
        _one_sentence(run_cli("cases", profile=profile, env=_env(new_pw, WANG))) == "错误: 该账号已停用，请找本机管理员"
    )
    assert "密码不正确" in _one_sentence(run_cli("cases", profile=profile, env=_env("wang-guess-1", WANG)))
    assert "wang-new-pass" not in (profile / "keys.json").read_text("utf-8")  # a hash only, no wrap
    assert {w["kind"] for w in json.loads((profile / "keys.json").read_text("utf-8"))["wraps"]
            if w["username"] == WANG} == {"stopped"}  # fmt: skip
    added = _ok(run_cli("accounts", "add", "zhao", "--name", "赵敏", profile=profile, input="zhao-pass-1\n",
                        env=_env(LINA_PW, LINA)))  # fmt: skip
    assert "恢复码" in added
    assert _total(profile, "zhao-pass-1", "zhao") == 1


def test_an_encrypted_backup_restores_onto_a_new_pc_with_the_password(plain_template: Path, tmp_path: Path) -> None:
    profile = _copy(plain_template, tmp_path / "p")
    _encrypt(profile)
    archive = tmp_path / "carry.vdbak"
    _ok(run_cli("backup", str(archive), profile=profile, env=_env(LINA_PW)))
    new_pc = tmp_path / "new-pc"
    refused = _one_sentence(run_cli("restore", str(archive), profile=new_pc, env=_env("wrong-password")))
    assert "密码不正确" in refused and not (new_pc / "villagedesk.db").exists()
    _ok(run_cli("restore", str(archive), profile=new_pc, env=_env(LINA_PW)))
    assert cipher.is_encrypted(new_pc / "villagedesk.db") and (new_pc / "keys.json").is_file()
    assert _total(new_pc, LINA_PW) == 1
    assert _ok(run_cli("check", profile=new_pc, env=_env(LINA_PW))).strip().endswith("正常")


def test_a_plain_profile_keeps_opening_without_a_password(plain_template: Path, tmp_path: Path) -> None:
    profile = _copy(plain_template, tmp_path / "p")
    assert _total(profile) == 1
    assert not encryption.needs_unlock(profile)


def _many_cases(profile: Path, count: int) -> None:
    """Copies of the one registered case under new ids and numbers: a DB big enough to kill mid-export."""
    conn = sqlite3.connect(profile / "villagedesk.db")
    cols = [r[1] for r in conn.execute("PRAGMA table_info(cases)")]
    picks = ", ".join("? " if c in ("id", "case_no") else c for c in cols)
    row = conn.execute("SELECT id FROM cases").fetchone()[0]
    with conn:
        for n in range(count):
            conn.execute(
                f"INSERT INTO cases ({', '.join(cols)}) SELECT {picks} FROM cases WHERE id = ?",
                [f"copy-{n:06d}" if c == "id" else f"100201-261125-ZZ{n:05d}" for c in cols if c in ("id", "case_no")]
                + [row],
            )
    conn.close()


@pytest.mark.slow
def test_a_conversion_killed_anywhere_leaves_a_profile_that_opens_with_every_case(
    plain_template: Path, tmp_path: Path
) -> None:
    template = _copy(plain_template, tmp_path / "big")
    _many_cases(template, 4_000)
    cases = _count(template)
    env = {**os.environ, "PYTHONPATH": str(ROOT), **_env(LINA_PW, LINA)}
    timing = _copy(template, tmp_path / "timing")
    start = time.monotonic()
    _encrypt(timing)
    whole = time.monotonic() - start
    rng = random.Random(13)
    for trial in range(2):
        profile = _copy(template, tmp_path / f"kill-{trial}")
        child = subprocess.Popen(
            [sys.executable, "-m", "villagedesk", "--profile", str(profile), "encrypt"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        time.sleep(rng.uniform(0.2, whole))
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=60)
        encrypted = cipher.is_encrypted(profile / "villagedesk.db")
        if encrypted:
            encryption.unlock(profile, LINA_PW)
        assert _count(profile) == cases, trial
        result = encryption.encrypt_profile(profile, LINA, LINA_PW)  # the next run finishes the job
        assert result.already == encrypted and result.cases == cases
        assert encryption.plain_copies(ProfilePaths(profile)) == []  # plain copies in backups/ sealed too
        assert not list(profile.glob("*.encrypting")) and not list(profile.rglob("*.part"))
        assert not list((profile / "backups").glob(".vdbak-*"))  # no snapshot (plain) left by the kill
        cipher.forget_keys()
        encryption.unlock(profile, LINA_PW)
        assert _count(profile) == cases
        cipher.forget_keys()


def _count(profile: Path) -> int:
    with Desk.open(profile, today=TODAY) as desk:
        return queries.count_cases(desk)


def test_the_window_opens_an_encrypted_profile_after_its_password(plain_template: Path, tmp_path: Path) -> None:
    profile = _copy(plain_template, tmp_path / "p")
    _encrypt(profile)
    smoke = {"QT_QPA_PLATFORM": "offscreen"}
    assert "VILLAGEDESK_PASSWORD" in _one_sentence(run_cli("--smoke", profile=profile, env=smoke))
    _ok(run_cli("--smoke", profile=profile, env={**smoke, **_env(LINA_PW)}))
