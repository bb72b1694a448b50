"""A backup archive damaged inside a compressed member (a flipped bit on a USB stick) is refused with one
Chinese sentence, never a zlib traceback; and no command's unexpected failure prints a traceback."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.conftest import run_cli


@pytest.fixture
def archive(profile: Path, tmp_path: Path) -> Path:
    assert run_cli("demo", "--cases", "30", profile=profile).returncode == 0
    target = tmp_path / "备份 #1.vdbak"
    done = run_cli("backup", str(target), profile=profile)
    assert done.returncode == 0, done.stderr
    return target


@pytest.mark.parametrize("member", ["manifest.json", "villagedesk.db"])
def test_a_flipped_byte_inside_a_compressed_member_is_refused_in_one_sentence(archive, member, tmp_path) -> None:
    with zipfile.ZipFile(archive) as zf:
        info = zf.getinfo(member)
    data = bytearray(archive.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)  # the member's data
    data[start + min(40, info.compress_size // 2)] ^= 0xFF
    damaged = tmp_path / f"damaged-{member}.vdbak"
    damaged.write_bytes(bytes(data))
    for args in (["restore", "--preview", str(damaged)], ["restore", str(damaged)]):
        done = run_cli(*args, profile=tmp_path / "new-pc")
        assert done.returncode != 0
        assert "Traceback" not in done.stderr and "zlib" not in done.stderr and "Error -3" not in done.stderr
        assert "损坏" in done.stderr or "不符" in done.stderr, done.stderr
