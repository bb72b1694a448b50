"""VDBLOB2, attachments sealed in records (services/sealed_stream.py): written a record at a time, read back,
a cut, a swapped record or a missing last record never opens, a partial file resumes after its last whole
record."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from villagedesk.services import sealed_blobs as sb
from villagedesk.services import sealed_stream as ss


def _sealed(path: Path, data: bytes, key: bytes, pieces: int = 3) -> str:
    digest = hashlib.sha256(data).hexdigest()
    blob_key, ident = sb._derive(key)
    header = ss.new_header(ident)
    with path.open("wb") as fh:
        fh.write(header)
        writer = ss.Writer(fh, header, blob_key, digest)
        step = len(data) // pieces + 1
        for i in range(0, len(data), step):
            writer.write(data[i : i + step])
            writer.flush()
        writer.finish()
    return digest


def test_records_open_back_and_hold_no_plain_bytes(tmp_path: Path) -> None:
    key, data = os.urandom(32), b"\x89PNG" + "身份证".encode() * 2000 + os.urandom(2 * ss.RECORD_BYTES + 5)
    digest = _sealed(tmp_path / "x", data, key)
    raw = (tmp_path / "x").read_bytes()
    assert raw[:8] == b"VDBLOB2\n" and sb.is_sealed_bytes(raw) and sb.sealed_key_id(raw) == sb.key_id(key)
    assert "身份证".encode() not in raw
    assert sb.unseal(raw, digest, [os.urandom(32), key]) == data


@pytest.mark.parametrize("damage", ["cut", "flip", "drop_last", "swap_name"])
def test_a_damaged_record_file_never_opens(tmp_path: Path, damage: str) -> None:
    key, data = os.urandom(32), os.urandom(50_000)
    digest = _sealed(tmp_path / "x", data, key)
    raw = bytearray((tmp_path / "x").read_bytes())
    if damage == "cut":
        raw = raw[:-200]
    elif damage == "flip":
        raw[ss.HEADER2_BYTES + 100] ^= 1
    elif damage == "drop_last":
        raw = raw[: -(ss.WORD_BYTES + ss.TAG_BYTES)]  # the empty last record
    else:
        digest = hashlib.sha256(b"another scan").hexdigest()
    with pytest.raises(sb.BlobDamaged):
        sb.unseal(bytes(raw), digest, [key])


def test_a_partial_file_resumes_after_its_last_whole_record(tmp_path: Path) -> None:
    key, data = os.urandom(32), os.urandom(90_000)
    digest = hashlib.sha256(data).hexdigest()
    blob_key, ident = sb._derive(key)
    part = tmp_path / "x.download"
    header = ss.new_header(ident)
    with part.open("wb") as fh:
        fh.write(header)
        writer = ss.Writer(fh, header, blob_key, digest)
        writer.write(data[:30_000])
        writer.flush()
        writer.write(data[30_000:60_000])
        writer.flush()
    with part.open("r+b") as fh:
        fh.truncate(part.stat().st_size - 7)  # a kill in the middle of the second record
    got = ss.resume(part, blob_key, ident, digest)
    assert got is not None
    writer, offset, fh = got
    assert offset == 30_000
    writer.write(data[offset:])
    writer.finish()
    fh.close()
    assert sb.unseal(part.read_bytes(), digest, [key]) == data
    assert ss.resume(part, blob_key, sb.key_id(os.urandom(32)), digest) is None  # another key's file
