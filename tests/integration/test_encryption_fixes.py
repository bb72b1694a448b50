"""What testers found in encryption at rest (issues 13/18), each through the real CLI on real profiles.

Ctrl+D at a password prompt, a plain profile's ``encrypt`` without a terminal, ``setup --password``'s
recovery code, and a killed re-sealing's plain snapshot left in ``backups/``: each fails on the code before
its fix (an internal-error sentence, a claim that the DB is encrypted, no code printed, the names in clear).
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from tests.conftest import HOME_VILLAGE, ROOT, run_cli
from tests.integration.test_encryption_at_rest import (
    LINA,
    LINA_PW,
    WANG,
    _copy,
    _encrypt,
    _env,
    _many_cases,
    _ok,
    _one_sentence,
    _plain_profile,
    _secrets_in,
    _total,
)
from villagedesk.db import cipher


@pytest.fixture(scope="module")
def plain_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _plain_profile(tmp_path_factory.mktemp("fix") / "plain")


@pytest.fixture(autouse=True)
def _no_keys_left():
    yield
    cipher.forget_keys()


def _controlling_tty() -> None:
    """In the child: its stdin (a pty) becomes its controlling terminal, as in a real console."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def _ctrl_d_at_prompt(profile: Path, *args: str) -> tuple[int, str]:
    """Run the CLI on a terminal, wait for its password prompt, press Ctrl+D; exit code and stderr."""
    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("VILLAGEDESK_PASSWORD", "VILLAGEDESK_USER")}
    child = subprocess.Popen(
        [sys.executable, "-m", "villagedesk", "--profile", str(profile), *args],
        stdin=slave, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**env, "PYTHONPATH": str(ROOT)},
        start_new_session=True, preexec_fn=_controlling_tty,
    )  # fmt: skip
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + 120
    try:
        while "密码".encode() not in seen and time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 1)
            if ready:
                try:
                    seen += os.read(master, 1024)
                except OSError:
                    break
        assert "密码".encode() in seen, seen
        os.write(master, b"\x04")
        _, err = child.communicate(timeout=120)
    finally:
        os.close(master)
        if child.poll() is None:
            child.kill()
    return child.returncode, err.decode("utf-8")


def test_ctrl_d_at_any_password_prompt_cancels_in_one_sentence(plain_template: Path, tmp_path: Path) -> None:
    plain = _copy(plain_template, tmp_path / "plain")
    code, err = _ctrl_d_at_prompt(plain, "--user", LINA, "accounts", "add", "zhao", "--name", "赵敏")
    assert code == 130 and "已取消" in err and "程序内部出错" not in err and "Traceback" not in err, err
    code, err = _ctrl_d_at_prompt(plain, "--user", LINA, "encrypt")
    assert code == 130 and "已取消" in err and "程序内部出错" not in err, err
    assert not cipher.is_encrypted(plain / "villagedesk.db")  # nothing was done
    locked = _copy(plain_template, tmp_path / "locked")
    _encrypt(locked)
    code, err = _ctrl_d_at_prompt(locked, "cases")  # the unlock prompt of an encrypted profile
    assert code == 130 and "已取消" in err and "程序内部出错" not in err, err


def test_encrypt_on_a_plain_profile_without_a_terminal_does_not_claim_it_is_encrypted(
    plain_template: Path, tmp_path: Path
) -> None:
    profile = _copy(plain_template, tmp_path / "p")
    env = {k: v for k, v in os.environ.items() if k != "VILLAGEDESK_PASSWORD"}
    result = subprocess.run(
        [sys.executable, "-m", "villagedesk", "--profile", str(profile), "--user", LINA, "encrypt"],
        input=f"{LINA_PW}\n", capture_output=True, text=True, encoding="utf-8",
        env={**env, "PYTHONPATH": str(ROOT)}, timeout=300,
    )  # fmt: skip
    sentence = _one_sentence(result)
    assert "已加密" not in sentence and "终端" in sentence and "VILLAGEDESK_PASSWORD" in sentence, sentence
    assert not cipher.is_encrypted(profile / "villagedesk.db")


def test_setup_with_a_password_prints_a_recovery_code_that_works(tmp_path: Path) -> None:
    profile = tmp_path / "new"
    out = _ok(
        run_cli("setup", "--region", HOME_VILLAGE, "--name", "李娜", "--username", LINA, "--password",
                profile=profile, input=f"{LINA_PW}\n")
    )  # fmt: skip
    found = re.search(r"^恢复码: (\S+)$", out, re.MULTILINE)
    assert found, out
    _ok(run_cli("accounts", "reset", LINA, "--code", found.group(1), profile=profile, input="lina-new-pass\n"))


def test_every_open_of_an_encrypted_profile_removes_a_killed_resealings_plain_snapshot(
    plain_template: Path, tmp_path: Path
) -> None:
    profile = _copy(plain_template, tmp_path / "p")
    _encrypt(profile)
    snapshot = profile / "backups" / ".vdbak-k9x2"  # what SIGKILL during reencrypt_archive leaves
    snapshot.mkdir(parents=True)
    shutil.copy(plain_template / "villagedesk.db", snapshot / "villagedesk.db.plain")
    assert _secrets_in((snapshot / "villagedesk.db.plain").read_bytes())  # names in clear
    out = _ok(run_cli("check", profile=profile, env=_env(LINA_PW)))
    assert out.strip().endswith("正常")
    assert not snapshot.exists()
    for path in (p for p in profile.rglob("*") if p.is_file()):
        assert _secrets_in(path.read_bytes()) == [], path.name


CODE_LINE = re.compile(r"^(\w+) 的新恢复码: ([0-9A-Z-]+)$", re.MULTILINE)


def _codes_work(profile: Path, codes: dict[str, str], cases: int = 1) -> None:
    """The printed code of the second agent opens the encrypted profile and sets a password."""
    _ok(run_cli("accounts", "reset", WANG, "--code", codes[WANG], profile=profile, input="wang-new-pass\n"))
    assert _total(profile, "wang-new-pass", WANG) == cases


def test_a_conversion_failing_after_the_key_file_still_prints_every_new_code(
    plain_template: Path, tmp_path: Path
) -> None:
    profile = _copy(plain_template, tmp_path / "p")
    # the disk fills while backups/ is re-sealed (a damaged copy, the old trigger, is now sealed whole):
    # the fault is put in the child's own start-up, the rest runs as a user runs it
    faults = tmp_path / "faults"
    faults.mkdir()
    (faults / "sitecustomize.py").write_text(
        "import errno\n"
        "from villagedesk.services import encryption\n"
        "def _full(*_a, **_k):\n"
        "    raise OSError(errno.ENOSPC, 'No space left on device')\n"
        "encryption._seal_backups = _full\n",
        encoding="utf-8",
    )
    env = {**_env(LINA_PW), "PYTHONPATH": f"{faults}{os.pathsep}{ROOT}"}
    result = run_cli("--user", LINA, "encrypt", profile=profile, env=env)
    assert result.returncode != 0 and "Traceback" not in result.stderr, (result.stdout, result.stderr)
    assert cipher.is_encrypted(profile / "villagedesk.db")  # the switch happened before the failure
    codes = dict(CODE_LINE.findall(result.stdout))
    assert set(codes) == {LINA, WANG}, result.stdout
    _codes_work(profile, codes)


def test_a_conversion_killed_once_encrypted_has_already_printed_every_new_code(
    plain_template: Path, tmp_path: Path
) -> None:
    profile = _copy(plain_template, tmp_path / "p")
    _many_cases(profile, 3_000)  # re-sealing the backup made first takes a while: the kill lands in it
    env = {**os.environ, "PYTHONPATH": str(ROOT), **_env(LINA_PW, LINA)}
    child = subprocess.Popen(
        [sys.executable, "-m", "villagedesk", "--profile", str(profile), "encrypt"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 300
    while not cipher.is_encrypted(profile / "villagedesk.db") and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    child.send_signal(signal.SIGKILL)
    out, _ = child.communicate(timeout=60)
    assert cipher.is_encrypted(profile / "villagedesk.db")
    codes = dict(CODE_LINE.findall(out.decode("utf-8")))
    assert set(codes) == {LINA, WANG}, out
    rerun = _ok(run_cli("--user", LINA, "encrypt", profile=profile, env=_env(LINA_PW)))
    assert "数据库已是加密的" in rerun
    _codes_work(profile, codes, 3_001)
