"""An encrypted profile keeps no plain copy in backups/ (issue #13, office findings): a damaged DB kept by a
restore is sealed whole by encrypt, a restore onto an encrypted result seals the replaced copy, and check
names any plain file left there."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.integration.test_encryption_at_rest import (
    ID_NUMBER,
    LINA,
    LINA_PW,
    NAME,
    _copy,
    _encrypt,
    _env,
    _ok,
    _plain_profile,
    _secrets_in,
)
from villagedesk.db import cipher
from villagedesk.services import backup_sealing, encryption


@pytest.fixture(autouse=True)
def _no_keys_left():
    yield
    cipher.forget_keys()


@pytest.fixture(scope="module")
def plain_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _plain_profile(tmp_path_factory.mktemp("sealcopies") / "plain")


def _plain_in_backups(profile: Path) -> list[str]:
    found = []
    for path in sorted(p for p in (profile / "backups").rglob("*") if p.is_file()):
        if _secrets_in(path.read_bytes()):
            found.append(path.name)
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as zf:
                found += [f"{path.name}:{m}" for m in zf.namelist() if _secrets_in(zf.read(m))]
    return found


def test_encrypt_after_a_restore_over_a_damaged_db_seals_the_kept_copy(plain_template: Path, tmp_path: Path) -> None:
    profile = _copy(plain_template, tmp_path / "p")
    good = tmp_path / "good.vdbak"
    _ok(run_cli("backup", str(good), profile=profile))
    garbage = f"damaged {NAME} {ID_NUMBER} ".encode() * 300  # names in clear, not a database
    (profile / "villagedesk.db").write_bytes(garbage)
    _ok(run_cli("restore", str(good), profile=profile))
    assert list((profile / "backups").glob("before-restore-*-unreadable.db"))
    codes = _encrypt(profile)  # exit 0 (it failed with 数据库文件已损坏 before)
    assert codes
    assert _plain_in_backups(profile) == []
    assert not list((profile / "backups").glob("*-unreadable.db"))
    (sealed,) = (profile / "backups").glob(f"*-unreadable.db.*{backup_sealing.SEALED_SUFFIX}")
    encryption.unlock(profile, LINA_PW, LINA)
    back = backup_sealing.unseal_copy(sealed, tmp_path / "recovered.db", cipher.known_keys())
    assert back.read_bytes() == garbage  # still recoverable with the profile's key
    again = _ok(run_cli("--user", LINA, "encrypt", profile=profile, env=_env(LINA_PW)))
    assert "新恢复码" not in again  # a rerun issues no new code
    assert _ok(run_cli("check", profile=profile, env=_env(LINA_PW))).strip().endswith("正常")


def test_restoring_an_encrypted_backup_onto_a_plain_pc_seals_the_replaced_copy(
    plain_template: Path, tmp_path: Path
) -> None:
    office = _copy(plain_template, tmp_path / "office")
    _encrypt(office)
    carry = tmp_path / "carry.vdbak"
    _ok(run_cli("backup", str(carry), profile=office, env=_env(LINA_PW)))
    cipher.forget_keys()
    plain_pc = _copy(plain_template, tmp_path / "plain-pc")
    _ok(run_cli("backup", profile=plain_pc))  # an older plain backup in backups/ too
    _ok(run_cli("restore", str(carry), profile=plain_pc, env=_env(LINA_PW)))
    assert cipher.is_encrypted(plain_pc / "villagedesk.db")
    assert list((plain_pc / "backups").glob("before-restore-*"))
    assert _plain_in_backups(plain_pc) == []
    assert _ok(run_cli("check", profile=plain_pc, env=_env(LINA_PW))).strip().endswith("正常")


def test_check_names_a_plain_copy_left_in_backups_of_an_encrypted_profile(plain_template: Path, tmp_path: Path) -> None:
    profile = _copy(plain_template, tmp_path / "p")
    _encrypt(profile)
    shutil.copyfile(plain_template / "villagedesk.db", profile / "backups" / "old-copy.db")
    result = run_cli("check", profile=profile, env=_env(LINA_PW))
    assert result.returncode != 0 and "Traceback" not in result.stdout + result.stderr
    assert "old-copy.db" in result.stdout + result.stderr and "未加密" in result.stdout + result.stderr
    cipher.forget_keys()
    _ok(run_cli("--user", LINA, "encrypt", profile=profile, env=_env(LINA_PW)))
    assert _plain_in_backups(profile) == []
    encryption.unlock(profile, LINA_PW, LINA)
    assert encryption.plain_copies(encryption.ProfilePaths(profile)) == []
    assert _ok(run_cli("check", profile=profile, env=_env(LINA_PW))).strip().endswith("正常")
