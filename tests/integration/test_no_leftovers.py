"""Nothing half-written is left and every refusal names the right folder (issue #13, office tester):
a scan attached on a full disk leaves no ``.part``/``.sealing`` file and no empty ``blobs/xx/`` folder,
and the message names the profile's folder (the disk to clear); a read-only backup target is named
in the message, not the profile; a failed restore onto a new folder leaves no folder; plain copies in the
second backup folder are sealed by ``encrypt``; ``unseal`` gives a sealed copy back.

The full disk is a real tmpfs (root only; skipped otherwise), not a mock."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.flows import register
from villagedesk.db import cipher

NAME = "欧阳娜娜"


@pytest.fixture(autouse=True)
def _no_keys_left():
    yield
    cipher.forget_keys()


def _one_line(result) -> str:
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("needs root to mount a tiny tmpfs")
    where = tmp_path / "disk"
    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(where)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _fill_leaving(folder: Path, spare: int) -> Path:
    """Fill the disk, then give back ``spare`` bytes (less than the next scan needs)."""
    filler = folder / "filler.bin"
    with filler.open("wb") as fh:
        try:
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        except OSError:
            pass
    os.truncate(filler, max(0, filler.stat().st_size - spare))
    return filler


def _temporaries(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.suffix in (".part", ".sealing"))


def _attach_on_a_full_disk(root: Path, case_no: str, tmp_path: Path, env: dict | None = None) -> None:
    first = tmp_path / "first.jpg"
    first.write_bytes(b"\xff\xd8" + os.urandom(200_000))
    assert run_cli("attach", case_no, str(first), profile=root, env=env).returncode == 0
    scan = tmp_path / "scan.jpg"
    scan.write_bytes(b"\xff\xd8" + os.urandom(3_000_000))
    filler = _fill_leaving(root.parent, 600_000)  # room for part of the scan, not all of it
    result = run_cli("attach", case_no, str(scan), "--material", "身份证", profile=root, env=env)
    line = _one_line(result)
    assert "磁盘空间已满" in line and "恢复" not in line
    assert f"{root} 所在的磁盘空间已满" in line, line  # the disk to clear, named (the profile's)
    assert _temporaries(root) == []  # the partial scan is gone
    empty = [str(d.relative_to(root)) for d in (root / "blobs").rglob("*") if d.is_dir() and not any(d.iterdir())]
    assert empty == []  # and no empty blobs/xx/ folder made for it
    filler.unlink()
    check = run_cli("check", profile=root, env=env)
    assert check.returncode == 0, check.stdout + check.stderr  # the case and the first scan are intact
    shown = run_cli("show", case_no, "--json", profile=root, env=env)
    assert shown.returncode == 0 and shown.stdout.count('"sha256"') == 1, shown.stdout


def test_a_scan_attached_on_a_full_disk_leaves_no_partial_file(desk, small_disk: Path, tmp_path: Path) -> None:
    case_no = register(desk, name=NAME).case_no
    desk.close()
    root = small_disk / "profile"
    shutil.copytree(desk.paths.root, root)
    _attach_on_a_full_disk(root, case_no, tmp_path)


def test_a_scan_sealed_on_a_full_disk_leaves_no_partial_file(small_disk: Path, tmp_path: Path) -> None:
    from tests.integration.test_encryption_at_rest import LINA, LINA_PW, _encrypt, _env, _plain_profile

    root = _plain_profile(small_disk / "profile")
    _encrypt(root)
    for old in (root / "backups").iterdir():  # room on the small disk: the pre-encryption backup goes
        if old.is_file():
            old.unlink()
    out = run_cli("cases", "--json", profile=root, env=_env(LINA_PW, LINA))
    case_no = out.stdout.split('"case_no": "')[1].split('"')[0]
    _attach_on_a_full_disk(root, case_no, tmp_path, env=_env(LINA_PW, LINA))


@pytest.mark.parametrize("how", ["file", "second-folder", "new-subfolder"])
def test_a_read_only_backup_target_is_named_not_the_profile(desk, small_disk: Path, tmp_path: Path, how) -> None:
    register(desk, name=NAME)
    desk.close()
    root = desk.paths.root
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    if how == "file":
        result = run_cli("backup", str(small_disk / "b.vdbak"), profile=root)
    elif how == "second-folder":
        result = run_cli("backup", str(tmp_path / "b.vdbak"), "--also", str(small_disk), profile=root)
    else:
        result = run_cli("backup", str(small_disk / "sub" / "b.vdbak"), profile=root)
    line = _one_line(result)
    if how == "new-subfolder":  # a folder not there is refused before anything is tried (argparse_zh.output_file)
        assert f"文件夹 {small_disk / 'sub'} 不存在" in line and result.returncode == 2, line
    else:
        assert f"文件夹 {small_disk} 是只读的" in line, line  # the stick that refused, named
    assert "档案文件夹" not in line and "恢复" not in line
    assert NAME not in result.stderr + result.stdout


@pytest.fixture(scope="module")
def encrypted_backup(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.integration.test_encryption_at_rest import _encrypt, _env, _ok, _plain_profile

    base = tmp_path_factory.mktemp("sealedbackup")
    root = _plain_profile(base / "office")
    _encrypt(root)
    target = base / "office.vdbak"
    _ok(run_cli("backup", str(target), profile=root, env=_env("lina-pass-1", "lina")))
    cipher.forget_keys()
    return target


@pytest.mark.parametrize("depth", [1, 3])
def test_a_failed_restore_onto_a_new_folder_leaves_no_folder(encrypted_backup: Path, tmp_path: Path, depth) -> None:
    from tests.integration.test_encryption_at_rest import _env

    top = tmp_path / "new-pc"
    target = top.joinpath(*["sub"] * (depth - 1))
    result = run_cli("restore", str(encrypted_backup), profile=target, env=_env("wrong-password", "lina"))
    line = _one_line(result)
    assert "密码" in line, line
    assert not top.exists(), sorted(str(p) for p in top.rglob("*"))  # nothing it created is left
    kept = tmp_path / "kept"
    kept.mkdir()  # an existing empty folder stays, empty
    _one_line(run_cli("restore", str(encrypted_backup), profile=kept, env=_env("wrong-password", "lina")))
    assert kept.is_dir() and list(kept.iterdir()) == []
    good = run_cli("restore", str(encrypted_backup), profile=target, env=_env("lina-pass-1", "lina"))
    assert good.returncode == 0, good.stderr  # the right password still restores onto a new folder


@pytest.fixture(scope="module")
def sealed_office(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, bytes]:
    """An encrypted profile whose ``encrypt`` sealed a damaged copy found in backups/ (names in clear)."""
    from tests.integration.test_encryption_at_rest import ID_NUMBER, _encrypt, _env, _ok, _plain_profile

    root = _plain_profile(tmp_path_factory.mktemp("unseal") / "office")
    _encrypt(root)
    plain = f"damaged {NAME} {ID_NUMBER} ".encode() * 300
    (root / "backups" / "before-restore-x-unreadable.db").write_bytes(plain)
    _ok(run_cli("--user", "lina", "encrypt", profile=root, env=_env("lina-pass-1")))
    (sealed,) = (root / "backups").glob("before-restore-x-unreadable.db.*.vdsealed")
    cipher.forget_keys()
    return root, sealed, plain


def test_unseal_gives_the_plain_copy_back_checked(sealed_office, tmp_path: Path) -> None:
    from tests.integration.test_encryption_at_rest import _env

    root, sealed, plain = sealed_office
    out = tmp_path / "out"
    result = run_cli("unseal", str(sealed), "--out", str(out), profile=root, env=_env("lina-pass-1", "lina"))
    assert result.returncode == 0, result.stderr
    assert "SHA-256 校验一致" in result.stdout
    assert (out / "before-restore-x-unreadable.db").read_bytes() == plain
    assert sorted(p.name for p in out.iterdir()) == ["before-restore-x-unreadable.db"]
    again = run_cli("unseal", str(sealed), "--out", str(out), profile=root, env=_env("lina-pass-1", "lina"))
    assert again.returncode == 2 and "不会覆盖" in _one_line(again)
    assert "Traceback" not in again.stderr


def _refused(result) -> str:
    assert result.returncode == 2, (result.stdout, result.stderr)
    return _one_line(result)


def test_unseal_refuses_a_damaged_renamed_or_foreign_copy(sealed_office, tmp_path: Path) -> None:
    from tests.integration.test_encryption_at_rest import _encrypt, _env, _plain_profile

    root, sealed, _plain = sealed_office
    env = _env("lina-pass-1", "lina")
    damaged = tmp_path / sealed.name
    raw = bytearray(sealed.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    damaged.write_bytes(bytes(raw))
    out = tmp_path / "out"
    assert "已损坏" in _refused(run_cli("unseal", str(damaged), "--out", str(out), profile=root, env=env))
    assert not out.exists()  # no partial plain file, no folder made for it
    renamed = tmp_path / ("x." + "0" * 64 + ".vdsealed")
    shutil.copyfile(sealed, renamed)
    assert "已损坏" in _refused(run_cli("unseal", str(renamed), "--out", str(out), profile=root, env=env))
    bad_name = tmp_path / "copy.vdsealed"
    shutil.copyfile(sealed, bad_name)
    assert "不是加密的备份副本" in _refused(run_cli("unseal", str(bad_name), "--out", str(out), profile=root, env=env))
    other = _plain_profile(tmp_path / "other-pc")
    _encrypt(other)  # another profile's key: it cannot open this copy
    line = _refused(run_cli("unseal", str(sealed), "--out", str(out), profile=other, env=env))
    assert "密钥打不开" in line
    assert not out.exists()


def _readable_in(folder: Path) -> list[str]:
    import zipfile

    from tests.integration.test_encryption_at_rest import _secrets_in

    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if _secrets_in(path.read_bytes()):
            found.append(path.name)
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as zf:
                found += [f"{path.name}:{m}" for m in zf.namelist() if _secrets_in(zf.read(m))]
    return found


def test_plain_copies_in_the_second_backup_folder_are_sealed_and_named(tmp_path: Path) -> None:
    from tests.integration.test_encryption_at_rest import _encrypt, _env, _ok, _plain_profile
    from villagedesk.services import maintenance
    from villagedesk.services.desk import Desk

    root = _plain_profile(tmp_path / "office")
    stick = tmp_path / "usb"
    stick.mkdir()
    (stick / "家庭照片.txt").write_text("the person's own file", encoding="utf-8")
    with Desk.open(root) as desk:
        maintenance.set_second_folder(desk, stick)  # 设置 → 备份与恢复 → 第二备份文件夹
    _ok(run_cli("backup", profile=root))
    assert _readable_in(stick)  # a plain copy on the stick, as before encryption
    old_plain = tmp_path / "kept-aside.vdbak"
    shutil.copyfile(next(stick.glob("*.vdbak")), old_plain)

    out = _encrypt(root)
    assert _readable_in(stick) == [], _readable_in(stick)  # sealed by encrypt
    assert (stick / "家庭照片.txt").read_text(encoding="utf-8") == "the person's own file"  # not touched

    env = _env("lina-pass-1", "lina")
    shutil.copyfile(old_plain, stick / "old-copy.vdbak")  # an older stick's plain copy comes back
    check = run_cli("check", profile=root, env=env)
    assert check.returncode == 1 and "第二备份文件夹" in check.stdout and "old-copy.vdbak" in check.stdout, check.stdout
    _ok(run_cli("backup", profile=root, env=env))  # the backup run seals it
    assert _readable_in(stick) == []
    check = run_cli("check", profile=root, env=env)
    assert check.returncode == 0, check.stdout
    assert out is not None
