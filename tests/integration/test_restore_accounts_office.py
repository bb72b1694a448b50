"""What an independent office tester found about accounts across a restore, each through the real CLI.

Real profiles (Alembic-migrated by the app, ``encrypt`` and ``backup`` run as an agent runs them), real
``.vdbak`` archives, ``restore`` and the commands after it in subprocesses. On the old code: a restore
switched a stopped account back on without a word (on an encrypted profile into a dead end: listed 在用,
login 已停用, reactivate 在用 无需恢复); its sentence on passwords named the backup-time password where the
key file's new one is what opens the desk, and told a person with only a recovery wrap to use a password
that never opened it; a recovery code of an account the restored DB lacks still opened the data; and a
restore of a DB without accounts removed every login in silence.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import TODAY, run_cli
from tests.integration.test_encryption_at_rest import LINA, LINA_PW, WANG, WANG_PW, _plain_profile
from villagedesk.db import cipher
from villagedesk.domain.lifecycle import Role
from villagedesk.services import accounts, audit, catalog, keyfile
from villagedesk.services.desk import Desk

LINA_NEW = "lina-pass-2"


@pytest.fixture(autouse=True)
def _no_keys_left():
    yield
    cipher.forget_keys()


def _env(password: str, user: str | None = None, **more: str) -> dict:
    clean = {"VILLAGEDESK_PASSWORD": password, "VILLAGEDESK_BACKUP_PASSWORD": "", "VILLAGEDESK_USER": user or ""}
    return {**clean, **more}


def _ok(result) -> str:
    assert result.returncode == 0, (result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    return result.stdout


def _listed(profile: Path, env: dict | None = None) -> dict[str, str]:
    out = _ok(run_cli("accounts", profile=profile, env=env))
    return {line.split()[0]: line.split()[-1] for line in out.splitlines() if line.strip()}


def _encrypted(root: Path) -> dict[str, str]:
    """lina's and wang's plain profile, encrypted by lina: the recovery codes it printed."""
    _plain_profile(root)
    out = _ok(run_cli("--user", LINA, "encrypt", profile=root, env=_env(LINA_PW)))
    return dict(re.findall(r"^(\w+) 的新恢复码: ([0-9A-Z-]+)$", out, re.MULTILINE))


def test_a_restore_keeps_a_plain_pcs_stop_says_so_and_the_trail_has_it(tmp_path: Path) -> None:
    profile = _plain_profile(tmp_path / "p")
    backup = tmp_path / "before-stop.vdbak"
    _ok(run_cli("backup", str(backup), profile=profile))
    _ok(run_cli("--user", LINA, "accounts", "deactivate", WANG, profile=profile))
    out = _ok(run_cli("restore", str(backup), profile=profile))
    assert "仍保持停用(wang)" in out, out
    assert _listed(profile) == {LINA: "在用", WANG: "已停用"}
    refused = run_cli("--user", WANG, "cases", profile=profile)
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
    with Desk.open(profile, today=TODAY) as desk:
        with pytest.raises(accounts.AccountStopped):
            accounts.authenticate(desk, WANG, WANG_PW)
        done = [(action, detail) for _at, _who, action, detail in audit.log_rows(desk)]
        assert ("account_deactivate", WANG) in done
        assert audit.verify(desk).ok


def test_on_an_encrypted_profile_the_stop_is_kept_and_reactivate_is_the_way_back(tmp_path: Path) -> None:
    profile = tmp_path / "p"
    _encrypted(profile)
    backup = tmp_path / "before-stop.vdbak"
    _ok(run_cli("backup", str(backup), profile=profile, env=_env(LINA_PW)))
    _ok(run_cli("accounts", "deactivate", WANG, profile=profile, env=_env(LINA_PW, LINA)))
    out = _ok(run_cli("restore", str(backup), profile=profile, env=_env(LINA_PW)))
    assert "仍保持停用(wang)" in out, out
    assert _listed(profile, _env(LINA_PW, LINA)) == {LINA: "在用", WANG: "已停用"}  # DB and key file agree
    back = run_cli("accounts", "reactivate", WANG, profile=profile, env=_env(LINA_PW, LINA), input=WANG_PW + "\n")
    assert back.returncode == 0 and "已恢复账号: wang" in back.stdout, (back.stdout, back.stderr)
    assert _listed(profile, _env(WANG_PW, WANG)) == {LINA: "在用", WANG: "在用"}  # his password opens it now


def _setup_lina(root: Path, password: str, wang: bool = False) -> Path:
    with Desk.open(root, today=TODAY) as desk:
        catalog.seed_reference_data(desk)
        desk.setup(Role.AGENT, "110101001001", "李娜")
        accounts.add_person(desk, LINA, "李娜", password)
        if wang:
            accounts.add_person(desk, WANG, "王强", WANG_PW)
    return root


def test_plain_other_pc_the_sentence_tells_a_login_this_pc_had_from_one_it_never_had(tmp_path: Path) -> None:
    old_pc = _setup_lina(tmp_path / "x", LINA_PW, wang=True)
    backup = tmp_path / "x.vdbak"
    _ok(run_cli("backup", str(backup), profile=old_pc))
    new_pc = _setup_lina(tmp_path / "y", "lina-on-y")
    out = _ok(run_cli("restore", str(backup), profile=new_pc))
    assert "lina 请用备份时的密码登录, 此前在本机设的密码不再有效" in out, out
    assert "wang 是备份中的账号, 请用备份时的密码登录" in out, out
    with Desk.open(new_pc, today=TODAY) as desk:
        accounts.authenticate(desk, LINA, LINA_PW)
        accounts.authenticate(desk, WANG, WANG_PW)
        with pytest.raises(accounts.AuthError):
            accounts.authenticate(desk, LINA, "lina-on-y")


def test_encrypted_same_pc_after_a_reset_the_new_password_is_said_and_is_what_opens(tmp_path: Path) -> None:
    profile = tmp_path / "p"
    codes = _encrypted(profile)
    backup = tmp_path / "before-reset.vdbak"
    _ok(run_cli("backup", str(backup), profile=profile, env=_env(LINA_PW)))
    _ok(run_cli("accounts", "reset", LINA, "--code", codes[LINA], profile=profile, input=f"{LINA_NEW}\n"))
    out = _ok(run_cli("restore", str(backup), profile=profile, env=_env(LINA_NEW)))
    assert "备份时的密码" not in out and "不再有效" not in out, out  # her password is this PC's, as before
    assert _ok(run_cli("cases", profile=profile, env=_env(LINA_NEW, LINA)))
    old = run_cli("cases", profile=profile, env=_env(LINA_PW, LINA))
    assert old.returncode != 0 and "密码不正确" in old.stderr, old.stderr


def test_encrypted_new_pc_a_login_with_only_a_recovery_wrap_is_told_to_reset_with_the_code(tmp_path: Path) -> None:
    old_pc = tmp_path / "x"
    codes = _encrypted(old_pc)  # lina's password wraps the key; wang has only his new recovery code's wrap
    backup = tmp_path / "x.vdbak"
    _ok(run_cli("backup", str(backup), profile=old_pc, env=_env(LINA_PW)))
    new_pc = tmp_path / "y"
    out = _ok(run_cli("restore", str(backup), profile=new_pc, env=_env(LINA_PW)))
    assert "lina 是备份中的账号, 请用备份时的密码登录" in out, out
    assert "wang 的密码打不开本机加密的数据, 请先用恢复码重设密码" in out, out
    assert not re.search(r"wang[^;]*请用备份时的密码", out), out
    refused = run_cli("cases", profile=new_pc, env=_env(WANG_PW, WANG))
    assert refused.returncode != 0  # what the sentence says: his backup-time password opens nothing here
    _ok(run_cli("accounts", "reset", WANG, "--code", codes[WANG], profile=new_pc, input="wang-pass-2\n"))
    assert _ok(run_cli("cases", profile=new_pc, env=_env("wang-pass-2", WANG)))


def _db_copy(db: Path, copy: Path) -> Path:
    """A plain ``.db`` copy, as an older version's backup was."""
    src, dst = sqlite3.connect(db), sqlite3.connect(copy)
    src.backup(dst)
    src.close()
    dst.close()
    return copy


def test_a_recovery_code_of_an_account_the_restored_db_lacks_opens_nothing_afterwards(tmp_path: Path) -> None:
    profile = _setup_lina(tmp_path / "p", LINA_PW)
    early = _db_copy(profile / "villagedesk.db", tmp_path / "before-wang.db")  # from before wang existed
    with Desk.open(profile, today=TODAY) as desk:
        accounts.add_person(desk, WANG, "王强", WANG_PW)
    out = _ok(run_cli("--user", LINA, "encrypt", profile=profile, env=_env(LINA_PW)))
    wang_code = re.findall(r"^wang 的新恢复码: ([0-9A-Z-]+)$", out, re.MULTILINE)[0]
    out = _ok(run_cli("restore", str(early), profile=profile, env=_env(LINA_PW)))
    assert "已从密钥文件中删除备份中没有的账号(wang)" in out, out
    assert not any(w.username == WANG for w in keyfile.load(profile))
    later = tmp_path / "later.vdbak"
    _ok(run_cli("backup", str(later), profile=profile, env=_env(LINA_PW)))
    refused = run_cli("restore", "--preview", str(later), profile=tmp_path / "new", env=_env(wang_code))
    assert refused.returncode != 0 and "备份的密码不正确" in refused.stderr, (refused.stdout, refused.stderr)
    assert _ok(run_cli("cases", profile=profile, env=_env(LINA_PW, LINA)))  # hers still opens it


def test_restoring_a_db_without_accounts_says_the_logins_are_gone_and_what_to_do(tmp_path: Path) -> None:
    root = tmp_path / "n"
    with Desk.open(root, today=TODAY) as desk:  # an older PC that never set a password
        catalog.seed_reference_data(desk)
        desk.setup(Role.AGENT, "110101001001", "李娜")
    copy = _db_copy(root / "villagedesk.db", tmp_path / "n-copy.db")
    profile = _plain_profile(tmp_path / "p")
    out = _ok(run_cli("restore", str(copy), profile=profile))
    assert "恢复的数据库中没有登录账号" in out and "lina、wang" in out and "setup" in out, out
