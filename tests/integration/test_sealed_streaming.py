"""A large scan is sealed record by record, not whole in memory (issue 13, docs/encryption.md: VDBLOB2).

Before this change ``attachments.add_file`` read the whole scan and sealed it whole (VDBLOB1): a 30 MB
scan took 30 MB and more of Python memory at once (the scan, and its sealed copy), so the test of the peak
fails on that code. Files sealed whole by the older code are still read.
"""

from __future__ import annotations

import hashlib
import os
import tracemalloc
from pathlib import Path

import pytest

from tests.conftest import HOME_VILLAGE, TODAY
from tests.flows import register
from villagedesk.db import cipher
from villagedesk.domain.lifecycle import Role
from villagedesk.services import attachments, catalog, sealed_blobs
from villagedesk.services.desk import Desk


@pytest.fixture(autouse=True)
def _no_keys_left():
    yield
    cipher.forget_keys()
    sealed_blobs.forget()


@pytest.fixture
def encrypted(tmp_path: Path):
    root = tmp_path / "profile"
    root.mkdir()
    key = os.urandom(32)
    cipher.register_key(root, key)
    with Desk.open(root, today=TODAY) as desk:
        catalog.seed_reference_data(desk)
        desk.setup(Role.AGENT, HOME_VILLAGE, "李娜")
        yield desk, key


def test_attaching_a_large_scan_never_holds_it_whole_in_memory(encrypted, tmp_path: Path) -> None:
    desk, _key = encrypted
    case = register(desk)
    scan = tmp_path / "big.jpg"
    scan.write_bytes(os.urandom(30 * 1024 * 1024))
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        info = attachments.add_file(desk, case.case_id, scan, "身份证")
        peak = (tracemalloc.get_traced_memory()[1] - base) / 1e6
    finally:
        tracemalloc.stop()
    assert peak < 15, f"{peak:.1f} MB at once"  # old code: the whole scan (30 MB) and its sealed copy
    stored = attachments.blob_path(desk, info.sha256)
    assert stored.read_bytes()[:8] == b"VDBLOB2\n"
    assert attachments.read_bytes(desk, info.sha256) == scan.read_bytes()


def test_a_scan_sealed_whole_by_the_older_code_still_reads(encrypted) -> None:
    desk, key = encrypted
    scan = os.urandom(200_000)
    digest = hashlib.sha256(scan).hexdigest()
    path = attachments.blob_path(desk, digest)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(sealed_blobs.seal(scan, digest, key))  # VDBLOB1, as files written before VDBLOB2
    assert path.read_bytes()[:8] == b"VDBLOB1\n"
    assert attachments.read_bytes(desk, digest) == scan
    assert sealed_blobs.state(desk.paths.root, digest) == "ok"


def test_a_file_changed_while_it_is_attached_is_not_stored(encrypted, tmp_path: Path) -> None:
    desk, _key = encrypted
    scan = tmp_path / "scan.png"
    scan.write_bytes(os.urandom(10_000))
    with pytest.raises(sealed_blobs.BlobChanged):
        sealed_blobs.write_file(desk.paths.root, hashlib.sha256(b"what it was").hexdigest(), scan)
    assert list(sealed_blobs.iter_files(desk.paths.blobs)) == []
    assert not [p for p in desk.paths.blobs.rglob("*") if p.is_file()]
