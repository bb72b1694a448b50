"""What an office tester found in encrypted backups (issue 13, part B), each through the real CLI.

Every profile here is made as an agent makes one (``setup --password``, then ``encrypt``); backups are the
real ``.vdbak`` files ``backup`` writes; the full disk is a real 2 MB tmpfs. Each test fails on the code
before its fix: a backup made before a password reset refused with every secret but the old password on
the same PC, one environment variable for two passwords, a ciphertext safety copy called readable by
anyone, a full disk called a wrong key, a traceback on stderr, keys.json's flipped byte called an
attachment's and an empty file called one without a schema revision.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import HOME_VILLAGE, ROOT, run_cli
from villagedesk.db import cipher

LINA, LINA_PW, LINA_NEW = "lina", "lina-pass-1", "lina-pass-2"
WANG, WANG_PW = "wang", "wang-pass-1"


@pytest.fixture(autouse=True)
def _no_keys_left():
    yield
    cipher.forget_keys()


def _env(password: str, **more: str) -> dict:
    clean = {"VILLAGEDESK_PASSWORD": password, "VILLAGEDESK_BACKUP_PASSWORD": "", "VILLAGEDESK_USER": ""}
    return {**clean, **more}


def _ok(result) -> str:
    assert result.returncode == 0, (result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    return result.stdout


def _one_sentence(result) -> str:
    assert result.returncode != 0, (result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def _encrypted_profile(root: Path, user: str, password: str, cases: int = 3) -> str:
    """A profile made with ``setup --password``, filled by ``demo``, then encrypted: the recovery code."""
    _ok(
        run_cli("setup", "--region", HOME_VILLAGE, "--name", "李娜", "--username", user, "--password",
                profile=root, input=f"{password}\n{password}\n")
    )  # fmt: skip
    if cases:
        _ok(run_cli("demo", "--cases", str(cases), profile=root))
    out = _ok(run_cli("--user", user, "encrypt", profile=root, env=_env(password)))
    assert cipher.is_encrypted(root / "villagedesk.db")
    return re.findall(rf"^{user} 的新恢复码: ([0-9A-Z-]+)$", out, re.MULTILINE)[0]


def _backup(profile: Path, target: Path, password: str) -> Path:
    _ok(run_cli("backup", str(target), profile=profile, env=_env(password)))
    return target


def _preview(profile: Path, backup: Path, env: dict):
    return run_cli("restore", "--preview", str(backup), profile=profile, env=env)


@pytest.fixture(scope="module")
def reset_profile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    """lina's encrypted profile, a backup made, then her password reset with the recovery code."""
    root = tmp_path_factory.mktemp("office") / "lina"
    before_code = _encrypted_profile(root, LINA, LINA_PW)
    backup = _backup(root, root.parent / "before-reset.vdbak", LINA_PW)
    out = _ok(run_cli("accounts", "reset", LINA, "--code", before_code, profile=root, input=f"{LINA_NEW}\n"))
    after_code = re.findall(r"^恢复码: (\S+)$", out, re.MULTILINE)[0]
    return root, backup, {"before": before_code, "after": after_code}


def test_a_backup_made_before_a_password_reset_opens_on_a_new_pc_with_its_own_password_or_code(
    reset_profile: tuple[Path, Path, dict[str, str]], tmp_path: Path
) -> None:
    _root, backup, codes = reset_profile
    for secret in (LINA_PW, codes["before"].lower()):  # the code as typed by hand, lower case
        out = _ok(_preview(tmp_path / f"new-{len(secret)}", backup, _env(secret)))
        assert "有 3 件办件" in out, out
    sentence = _one_sentence(_preview(tmp_path / "new-x", backup, _env(LINA_NEW)))
    assert "备份的密码不正确" in sentence and "重设" in sentence and "恢复码" in sentence, sentence
    restored = tmp_path / "new-pc"
    _ok(run_cli("restore", str(backup), profile=restored, env=_env(codes["before"])))
    out = _ok(run_cli("cases", "--json", "--limit", "1", profile=restored, env=_env(LINA_PW)))
    assert json.loads(out)["total"] == 3


def test_on_the_pc_that_made_it_any_current_or_former_secret_opens_it_and_the_newest_code_still_works(
    reset_profile: tuple[Path, Path, dict[str, str]], tmp_path: Path
) -> None:
    root, backup, codes = reset_profile
    profile = shutil.copytree(root, tmp_path / "same")
    for secret in (LINA_NEW, codes["after"], LINA_PW, codes["before"]):
        assert "有 3 件办件" in _ok(_preview(profile, backup, _env(secret))), secret
    _ok(run_cli("restore", str(backup), profile=profile, env=_env(LINA_NEW)))  # no old password needed
    # the restored DB holds the recovery hash of the code from before the reset; the key file the newest's
    out = _ok(run_cli("accounts", "reset", LINA, "--code", codes["after"], profile=profile, input="lina-pass-3\n"))
    assert "已重设" in out
    assert _ok(run_cli("cases", profile=profile, env=_env("lina-pass-3")))


@pytest.fixture(scope="module")
def two_pcs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("two")
    _encrypted_profile(base / "a", LINA, LINA_PW)
    backup = _backup(base / "a", base / "a.vdbak", LINA_PW)
    _encrypted_profile(base / "b", WANG, WANG_PW, cases=0)
    return backup, base / "b"


def test_another_pcs_backup_takes_this_profiles_password_and_the_backups_from_two_variables(
    two_pcs: tuple[Path, Path], tmp_path: Path
) -> None:
    backup, template = two_pcs
    profile = shutil.copytree(template, tmp_path / "b")
    only_ours = _one_sentence(_preview(profile, backup, _env(WANG_PW)))
    assert "备份的密码" in only_ours and "VILLAGEDESK_BACKUP_PASSWORD" in only_ours, only_ours
    only_theirs = _one_sentence(_preview(profile, backup, _env(LINA_PW)))
    assert "本机档案" in only_theirs and "VILLAGEDESK_BACKUP_PASSWORD" in only_theirs, only_theirs
    both = _env(WANG_PW, VILLAGEDESK_BACKUP_PASSWORD=LINA_PW, VILLAGEDESK_USER=WANG)
    assert "有 3 件办件" in _ok(_preview(profile, backup, both))
    said = _ok(run_cli("restore", str(backup), profile=profile, env=both))
    # nothing said that wang's password no longer opened this PC, and lina's (the backup's) did
    assert f"{LINA} 是备份中的账号, 请用备份时的密码登录" in said, said
    assert f"本机原有的登录账号({WANG})不在此备份中, 已不能登录" in said, said
    out = _ok(run_cli("cases", "--json", "--limit", "1", profile=profile, env=_env(LINA_PW)))
    assert json.loads(out)["total"] == 3
    assert run_cli("cases", profile=profile, env=_env(WANG_PW)).returncode != 0


def test_restoring_this_pcs_own_backup_says_nothing_of_passwords(tmp_path: Path) -> None:
    root = tmp_path / "lina"
    _encrypted_profile(root, LINA, LINA_PW)
    backup = _backup(root, tmp_path / "own.vdbak", LINA_PW)
    said = _ok(run_cli("restore", str(backup), profile=root, env=_env(LINA_PW)))
    assert "已从" in said and "密码" not in said, said


def test_a_safety_copy_made_while_keys_json_was_lost_is_called_encrypted_and_never_to_be_deleted(
    two_pcs: tuple[Path, Path], tmp_path: Path
) -> None:
    backup, _ = two_pcs
    profile = tmp_path / "p"
    _ok(run_cli("restore", str(backup), profile=profile, env=_env(LINA_PW)))
    (profile / "keys.json").rename(tmp_path / "keys.json.lost")
    _ok(run_cli("restore", str(backup), profile=profile, env=_env(LINA_PW)))  # the archive's key file opens it
    safety = next((profile / "backups").glob("before-restore-*.vdbak"))
    with zipfile.ZipFile(safety) as zf:
        head = zf.read("villagedesk.db")[:16]
    assert head != cipher.PLAIN_HEADER  # ciphertext, though no key file travelled with it
    check = run_cli("check", profile=profile, env=_env(LINA_PW))
    assert "未加密" not in check.stdout and check.returncode == 0, check.stdout + check.stderr
    out = _ok(run_cli("--user", LINA, "encrypt", profile=profile, env=_env(LINA_PW)))
    assert "删除" not in out and "已损坏" not in out, out
    with zipfile.ZipFile(safety) as zf:
        assert "keys.json" in zf.namelist()  # its passwords now open it on another PC too
    assert "有 3 件办件" in _ok(_preview(tmp_path / "elsewhere", safety, _env(LINA_PW)))


def _mount_tmpfs(where: Path, size: str) -> None:
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("needs root to mount a tiny tmpfs")
    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    where = tmp_path / "disk"
    _mount_tmpfs(where, "8m")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _fill(folder: Path, leave: int = 0) -> None:
    """Fill the disk; ``leave`` bytes are given back afterwards (a disk nearly full)."""
    filler = folder / "filler.bin"
    try:
        with filler.open("wb") as fh:
            while True:
                fh.write(b"\0" * 4096)
                fh.flush()
    except OSError:
        pass
    if leave:
        os.truncate(filler, max(0, filler.stat().st_size - leave))


_KILLED_SESSION = """
import os, sys
from villagedesk.services import encryption
from villagedesk.services.desk import Desk
root = sys.argv[1]
from villagedesk.db import cipher
encryption.unlock(root, sys.argv[2])
desk = Desk.open(root)
held = cipher.connect(os.path.join(root, "villagedesk.db"))  # the window's own connection, still open
held.execute("SELECT count(*) FROM cases").fetchone()
with desk.store.write() as s:
    from villagedesk.db import audit_chain
    audit_chain.add_audit(s, "login", "lina", "李娜")
os._exit(0)  # killed with the window open: the WAL and its -shm stay beside the DB
"""


def test_a_full_disk_under_an_encrypted_profile_is_a_full_disk_naming_the_folder(
    two_pcs: tuple[Path, Path], small_disk: Path, tmp_path: Path
) -> None:
    backup, _ = two_pcs
    source = tmp_path / "p"
    _ok(run_cli("restore", str(backup), profile=source, env=_env(LINA_PW)))
    shutil.rmtree(source / "backups")
    profile = shutil.copytree(source, small_disk / "p")
    subprocess.run([sys.executable, "-c", _KILLED_SESSION, str(profile), LINA_PW], check=True,
                   env={**os.environ, "PYTHONPATH": str(ROOT)})  # fmt: skip
    assert (profile / "villagedesk.db-wal").exists()
    (profile / "villagedesk.db-shm").unlink()  # the next open must make it: no room
    _fill(small_disk)
    for command in ("cases", "check"):
        sentence = _one_sentence(run_cli(command, profile=profile, env=_env(LINA_PW)))
        assert "磁盘空间已满" in sentence and str(profile) in sentence, sentence
        assert "密钥" not in sentence and "恢复" not in sentence, sentence
    (small_disk / "filler.bin").unlink()
    assert "共 3 件" in _ok(run_cli("cases", profile=profile, env=_env(LINA_PW)))


def test_a_restore_failing_on_a_full_disk_prints_no_traceback(two_pcs: tuple[Path, Path], small_disk: Path) -> None:
    backup, _ = two_pcs
    _fill(small_disk, leave=200 * 1024)
    result = run_cli("restore", str(backup), profile=small_disk / "new", env=_env(LINA_PW))
    sentence = _one_sentence(result)
    assert "磁盘空间不足" in sentence and "需要约" in sentence and "failed" not in result.stderr, result.stderr
    assert not (small_disk / "new").exists()


def test_a_flipped_byte_in_the_key_file_and_an_empty_backup_each_get_their_own_sentence(
    two_pcs: tuple[Path, Path], tmp_path: Path
) -> None:
    backup, _ = two_pcs
    flipped = tmp_path / "flipped.vdbak"
    with zipfile.ZipFile(backup) as src, zipfile.ZipFile(flipped, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "keys.json":
                data = data[:40] + bytes([data[40] ^ 1]) + data[41:]
            out.writestr(info, data)
    sentence = _one_sentence(_preview(tmp_path / "a", flipped, _env(LINA_PW)))
    assert "密钥文件" in sentence and "附件" not in sentence, sentence
    empty = tmp_path / "empty.vdbak"
    empty.write_bytes(b"")
    sentence = _one_sentence(_preview(tmp_path / "b", empty, _env(LINA_PW)))
    assert "空的" in sentence and "结构版本" not in sentence, sentence
