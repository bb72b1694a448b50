"""``restore`` of a file that is not a backup, on an encrypted profile (issue #13, office findings): it
printed three raw ``ERROR CORE sqlcipher_page_cipher: hmac check failed…`` lines and an English ``(file
is not a database)``. SQLCipher logs to the process's stderr by itself; now its log is off, the failure
is one Chinese sentence, and no probe of a wrong key writes anything to the terminal."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli
from tests.integration.test_encryption_at_rest import (
    LINA,
    LINA_PW,
    _copy,
    _encrypt,
    _env,
    _one_sentence,
    _plain_profile,
)
from villagedesk.services import maintenance


@pytest.fixture(scope="module")
def plain_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _plain_profile(tmp_path_factory.mktemp("crypt") / "plain")


RAW = ("sqlcipher", "ERROR CORE", "hmac", "file is not a database", "Traceback")


def test_restoring_a_scan_on_an_encrypted_profile_says_one_chinese_sentence(
    plain_template: Path,
    tmp_path: Path,
) -> None:
    profile = _copy(plain_template, tmp_path / "p")
    _encrypt(profile)
    scan = tmp_path / "scan.jpg"
    scan.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40)
    result = run_cli("--user", LINA, "restore", str(scan), profile=profile, env=_env(LINA_PW))
    line = _one_sentence(result)
    assert maintenance.NOT_A_BACKUP in line
    assert not any(raw in result.stdout + result.stderr for raw in RAW), result.stderr


def test_a_wrong_key_probed_on_an_encrypted_db_writes_nothing_to_the_terminal(
    plain_template: Path,
    tmp_path: Path,
) -> None:
    profile = _copy(plain_template, tmp_path / "p")
    _encrypt(profile)
    probe = (
        "import sys\n"
        "from pathlib import Path\n"
        "from villagedesk.db import cipher\n"
        "cipher.remember_key(b'k' * 32)\n"
        "try:\n"
        "    cipher.connect(Path(sys.argv[1]))\n"
        "except cipher.LockedDatabase:\n"
        "    print('locked')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(profile / "villagedesk.db")],
        capture_output=True, text=True, cwd=ROOT, env={**_env(""), "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        check=False,
    )  # fmt: skip
    assert result.stdout.strip() == "locked", result
    assert result.stderr == "", result.stderr
