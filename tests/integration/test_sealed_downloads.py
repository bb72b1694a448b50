"""A scan on its way in rests sealed on an encrypted profile (issue 13, docs/encryption.md).

Before this change a download in progress was appended in clear to ``blobs/ab/….download`` until it was
complete, and a scan out of a USB acknowledgement bundle was written in clear as ``….bundle`` before it
was sealed: a sync killed or cut mid-scan left the villager's ID card readable in the profile. Here a real
``villagedesk sync`` in a subprocess, on an encrypted profile, pulling through a slow loopback link, is
SIGKILLed mid-download (and, in process, a link reset cuts it), and every file of the profile is searched
for the scan's plain bytes. Both fail on the old code (the partial ``.download`` holds them).
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT
from tests.integration.test_sealed_scans import LINA_PW, MARKER, _encrypted_copy, _holding_marker
from tests.integration.test_sync_attachments import VILLAGE, _run_through, sync, with_case
from tests.support.faultproxy import FaultProxy, Link
from tests.support.processes import kill_hard
from villagedesk.db import store as st
from villagedesk.services import attachments, sealed_blobs
from villagedesk.sync import engine


def _scan(folder: Path, size: int, seed: int) -> Path:
    body = b"\x89PNG\r\n\x1a\n" + MARKER + random.Random(seed).randbytes(size) + MARKER
    path = folder / f"scan-{seed}.png"
    path.write_bytes(body)
    return path


def _plain_pieces(scan: bytes) -> list[bytes]:
    """Windows of the scan spread over it: any of them on disk means part of it rests in clear."""
    return [MARKER] + [scan[i : i + 48] for i in range(0, len(scan) - 48, len(scan) // 40)]


def _leaks(root: Path, scan: bytes) -> list[str]:
    found = set(_holding_marker(root))
    pieces = _plain_pieces(scan)
    for path in (p for p in root.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if any(piece in data for piece in pieces):
            found.add(str(path.relative_to(root)))
    return sorted(found)


def _partials(root: Path) -> list[Path]:
    return [p for p in (root / "blobs").rglob("*") if p.is_file() and len(p.name) != 64]


def test_a_sync_killed_mid_download_leaves_only_sealed_bytes_and_resumes(enrolled, server, tmp_path: Path) -> None:
    a = _encrypted_copy(enrolled("a", VILLAGE), "lina")
    b = _encrypted_copy(enrolled("b", VILLAGE), "wang")
    try:
        original = _scan(tmp_path, 400_000, seed=21)
        info = attachments.add_file(a, with_case(a), original, "身份证")
        assert sync(a).attachments_up == 1
        assert sync(b, attachments=False).ok  # the events first: the kill falls in the scan's download
        with FaultProxy(server.port, Link(kbit_down=800, handshake=False)) as proxy:  # ~100 KB/s: seconds
            with b.store.write() as s:
                st.set_setting(s, engine.K_SERVER, proxy.url)
            env = {**os.environ, "PYTHONPATH": str(ROOT), "VILLAGEDESK_PASSWORD": LINA_PW, "VILLAGEDESK_USER": "wang"}
            child = subprocess.Popen(
                [sys.executable, "-m", "villagedesk", "--profile", str(b.paths.root), "sync", "--quiet"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline and child.poll() is None:
                    grown = [p for p in _partials(b.paths.root) if p.stat().st_size > 60_000]
                    if grown:
                        break
                    time.sleep(0.05)
                assert child.poll() is None, "the sync ended before the kill"
                time.sleep(0.3)  # mid-record as well as between records
            finally:
                kill_hard(child)
                child.wait(timeout=30)
        scan = original.read_bytes()
        assert _partials(b.paths.root), "the kill fell outside the download"
        assert _leaks(b.paths.root, scan) == []  # old code: blobs/xx/….download holds the scan in clear
        assert all(sealed_blobs.is_sealed(p) for p in _partials(b.paths.root))
        kept = sum(p.stat().st_size for p in _partials(b.paths.root))
        with b.store.write() as s:
            st.set_setting(s, engine.K_SERVER, server.url)
        done = _run_through(b, server.url)
        assert done.ok and done.attachments_down == 1, done.error
        assert done.attachment_bytes < info.size - kept + 60_000  # resumed from the sealed records, not restarted
        assert attachments.read_bytes(b, info.sha256) == scan
        assert _partials(b.paths.root) == [] and _leaks(b.paths.root, scan) == []
    finally:
        a.close()
        b.close()


def test_a_link_cut_mid_download_keeps_the_partial_sealed(enrolled, server, tmp_path: Path) -> None:
    a = _encrypted_copy(enrolled("a", VILLAGE), "lina")
    b = _encrypted_copy(enrolled("b", VILLAGE), "wang")
    try:
        original = _scan(tmp_path, 300_000, seed=22)
        info = attachments.add_file(a, with_case(a), original, "身份证")
        assert sync(a).attachments_up == 1
        assert sync(b, attachments=False).ok
        scan, results, seen = original.read_bytes(), [], []

        def look(p: engine.Progress) -> None:  # at each chunk: what arrived before is on disk by now
            if p.phase == "pull" and p.attachment and 0 < p.attachment_bytes < info.size:
                seen.append((p.attachment_bytes, _leaks(b.paths.root, scan)))

        with FaultProxy(server.port, Link(reset_every=50_000, handshake=False)) as proxy:
            for _ in range(40):
                r = _run_through(b, proxy.url, progress=look)
                results.append(r)
                if r.ok:
                    break
            stats = proxy.snapshot()
        assert results[-1].ok and results[-1].attachments_down == 1, results[-1].error
        assert stats.resets >= 3 and len(seen) >= 3
        assert [found for _, found in seen if found] == []  # old code: the plain ….download, at every look
        assert attachments.read_bytes(b, info.sha256) == scan
        assert _partials(b.paths.root) == []
    finally:
        a.close()
        b.close()


def test_a_plain_partial_left_by_an_older_version_is_not_kept(enrolled, server, tmp_path: Path) -> None:
    """An encrypted profile upgraded with a plain ``….download`` in it: the download starts over sealed."""
    a = _encrypted_copy(enrolled("a", VILLAGE), "lina")
    b = _encrypted_copy(enrolled("b", VILLAGE), "wang")
    try:
        original = _scan(tmp_path, 120_000, seed=23)
        info = attachments.add_file(a, with_case(a), original, "身份证")
        assert sync(a).attachments_up == 1
        assert sync(b, attachments=False).ok
        scan = original.read_bytes()
        old = attachments.blob_path(b, info.sha256).with_suffix(".download")
        old.parent.mkdir(parents=True, exist_ok=True)
        old.write_bytes(scan[:50_000])
        done = sync(b)
        assert done.ok and done.attachments_down == 1, done.error
        assert attachments.read_bytes(b, info.sha256) == scan
        assert _partials(b.paths.root) == [] and _leaks(b.paths.root, scan) == []
    finally:
        a.close()
        b.close()
