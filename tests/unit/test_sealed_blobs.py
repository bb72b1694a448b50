"""The sealed attachment format (services/sealed_blobs.py): header, key derivation, associated data."""

from __future__ import annotations

import hashlib
import os

import pytest

from villagedesk.services import sealed_blobs as sb


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_a_sealed_scan_has_the_header_and_no_plain_bytes_and_opens_back() -> None:
    key, scan = os.urandom(32), b"\x89PNG" + "身份证".encode() * 500
    sealed = sb.seal(scan, _digest(scan), key)
    assert sealed[:8] == b"VDBLOB1\n" and sealed[8:16] == sb.key_id(key)
    assert "身份证".encode() not in sealed and len(sealed) == len(scan) + sb.HEADER_BYTES + sb.TAG_BYTES
    assert sb.unseal(sealed, _digest(scan), [os.urandom(32), key]) == scan
    assert sb.seal(scan, _digest(scan), key) != sealed  # a fresh nonce every time


def test_the_blob_key_is_not_the_db_key_and_the_key_id_opens_nothing() -> None:
    key = os.urandom(32)
    blob_key, ident = sb._derive(key)
    assert blob_key != key and ident not in (key[:8], blob_key[:8])


def test_a_flipped_bit_a_swapped_name_or_another_key_never_opens() -> None:
    key, scan, other = os.urandom(32), os.urandom(5000), os.urandom(5000)
    sealed = bytearray(sb.seal(scan, _digest(scan), key))
    with pytest.raises(sb.BlobDamaged):
        sb.unseal(bytes(sealed), _digest(other), [key])  # moved under another attachment's name
    sealed[-100] ^= 1
    with pytest.raises(sb.BlobDamaged):
        sb.unseal(bytes(sealed), _digest(scan), [key])
    with pytest.raises(sb.BlobLocked):
        sb.unseal(sb.seal(scan, _digest(scan), key), _digest(scan), [os.urandom(32)])
    with pytest.raises(sb.BlobDamaged):
        sb.unseal(b"VDBLOB1\n" + b"x" * 10, _digest(scan), [key])  # truncated


def test_a_plain_file_that_starts_with_the_magic_is_read_as_it_is() -> None:
    plain = b"VDBLOB1\n" + os.urandom(100)
    assert sb.plain_of(plain, _digest(plain), []) == plain
