"""An encrypted backup whose key file (keys.json) is missing is refused naming the file, saying what to do,
changing nothing (issue 13, office tester, round 2).

Real profiles made with ``setup --password`` and ``encrypt``; the archive is a real ``backup`` whose
``keys.json`` member is taken out as a backup made while the key file was lost beside the DB has it (the
manifest lists no key file). On the old code the refusal named no file and said nothing to do.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.integration.test_encrypted_backups_office import _encrypted_profile, _env, _ok, _one_sentence
from villagedesk.db import cipher

PW = "lina-pass-1"


@pytest.fixture(autouse=True)
def _no_keys_left():
    yield
    cipher.forget_keys()


def _without_keys(archive: Path, target: Path) -> Path:
    """``archive`` rewritten without its keys.json member, the manifest no longer listing it."""
    with zipfile.ZipFile(archive) as src, zipfile.ZipFile(target, "w") as dst:
        manifest = json.loads(src.read("manifest.json"))
        assert "keys.json" in manifest["members"]
        del manifest["members"]["keys.json"]
        for info in src.infolist():
            if info.filename not in ("keys.json", "manifest.json"):
                dst.writestr(info, src.read(info.filename))
        dst.writestr("manifest.json", json.dumps(manifest))
    return target


def _tree(root: Path) -> dict[str, str]:
    if not root.exists():
        return {}
    files = (p for p in root.rglob("*") if p.is_file())
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def test_an_encrypted_backup_without_its_key_file_is_refused_naming_it(tmp_path: Path) -> None:
    office = tmp_path / "office"
    _encrypted_profile(office, "lina", PW)
    made = tmp_path / "made.vdbak"
    _ok(run_cli("backup", str(made), profile=office, env=_env(PW)))
    keyless = _without_keys(made, tmp_path / "周五-无密钥.vdbak")

    new_pc = tmp_path / "new-pc"
    for args, profile in (
        (["restore", str(keyless)], new_pc),
        (["restore", "--preview", str(keyless)], new_pc),
    ):
        before = _tree(profile)
        line = _one_sentence(run_cli(*args, profile=profile, env=_env(PW, VILLAGEDESK_BACKUP_PASSWORD=PW)))
        assert str(keyless) in line, line  # which backup it is talking about
        assert "keys.json" in line and "密钥文件" in line, line
        assert "请" in line and "含密钥文件" in line, line  # what to do
        assert "未改动" in line, line
        assert _tree(profile) == before, args  # nothing changed (a new PC: no folder left behind)
    assert not new_pc.exists()
    # on the PC that made it, the profile's own key (its keys.json) opens it: that restore goes through
    out = _ok(run_cli("restore", str(keyless), profile=office, env=_env(PW)))
    assert "恢复 (3 件办件" in out, out
