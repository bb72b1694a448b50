"""Attachments over a real server (SQLite and PostgreSQL): village A → server → village B byte for byte,
after the events and never in their way; per-attachment progress; the byte caps and the monthly meter."""

from __future__ import annotations

import hashlib
import os
import threading
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import run_cli
from tests.integration.test_sync_bad_link import _forms
from tests.support.faultproxy import Fault, FaultProxy, Link
from villagedesk.db import models as m
from villagedesk.db import store as st
from villagedesk.server import bundles as srv_bundles
from villagedesk.server import models as sm
from villagedesk.services import attachments as svc
from villagedesk.services import intake
from villagedesk.sync import attachments as att
from villagedesk.sync import bundle as bd
from villagedesk.sync import engine, offline
from villagedesk.sync.transport import Transport

VILLAGE = "419001100201"


def scan(tmp_path: Path, name: str, size: int, seed: int = 0) -> Path:
    """A 'photo': random bytes (incompressible, like a JPEG)."""
    path = tmp_path / name
    path.write_bytes(os.urandom(size) if seed == 0 else hashlib.sha256(str(seed).encode()).digest() * (size // 32))
    return path


def with_case(desk) -> str:
    return intake.register(desk, _forms(1)[0]).case_id


def sync(desk, **kw) -> engine.SyncResult:
    seen: list[engine.Progress] = []
    eng = engine.SyncEngine(desk, progress=seen.append, **kw)
    try:
        r = eng.run()
    finally:
        eng.close()
    r.progress = seen  # type: ignore[attr-defined]
    return r


def test_round_trip_village_a_to_server_to_village_b(enrolled, server, tmp_path: Path) -> None:
    a = enrolled("a", VILLAGE)
    b = enrolled("b", VILLAGE)
    case = with_case(a)
    big = svc.add_file(a, case, scan(tmp_path, "身份证.jpg", 300_000), "身份证")
    small = svc.add_file(a, case, scan(tmp_path, "户口簿.png", 5_000), "户口簿")

    r = sync(a)
    assert r.ok, r.error
    assert r.attachments_up == 2 and r.attachments_waiting == 0
    assert r.attachment_bytes >= 305_000
    ups = [p for p in r.progress if p.attachment == big.sha256]
    assert ups[-1].attachment_bytes == ups[-1].attachment_total == 300_000
    assert ups[-1].attachment_name == "身份证.jpg" and ups[-1].phase == "push"
    assert len({p.attachment_bytes for p in ups}) > 2  # moved in several chunks, reported as it went
    with server.db.read() as s:
        rows = {r.sha256: r for r in s.scalars(select(sm.ServerAttachment))}
    assert rows[big.sha256].complete and rows[big.sha256].received == 300_000
    assert rows[small.sha256].partition == VILLAGE
    store = server.app.state.attachments.store
    assert hashlib.sha256(store.final(big.sha256).read_bytes()).hexdigest() == big.sha256
    assert not list((store.root / "partial").glob("*"))

    again = sync(a)  # nothing left: no attachment request at all
    assert again.ok and again.attachment_bytes == 0 and again.requests == 1

    r = sync(b)
    assert r.ok, r.error
    assert r.attachments_down == 2 and r.attachments_waiting == 0
    for info in (big, small):
        got = svc.blob_path(b, info.sha256).read_bytes()
        assert got == info.path.read_bytes()
        assert hashlib.sha256(got).hexdigest() == info.sha256
    listed = svc.list_for_case(b, case)
    assert sorted(x.sha256 for x in listed) == sorted([big.sha256, small.sha256])
    assert {x.filename for x in listed} == {"身份证.jpg", "户口簿.png"}
    with b.store.read() as s:
        assert all(row.present and row.synced for row in s.scalars(select(m.Attachment)))
    downs = [p for p in r.progress if p.attachment == big.sha256 and p.phase == "pull"]
    assert downs[-1].attachment_bytes == 300_000

    used, cap = att.attachment_usage(b)
    assert cap == att.DEFAULT_CAP_MONTH
    assert used == r.attachment_bytes >= 305_000


def _run_through(desk, url: str, timeout: float = 10.0, **kw) -> engine.SyncResult:
    transport = Transport(url, engine.server_config(desk).token, timeout=(5.0, timeout))
    eng = engine.SyncEngine(desk, transport=transport, **kw)
    try:
        return eng.run()
    finally:
        transport.close()


def test_resets_mid_upload_resume_from_the_server_offset(enrolled, server, tmp_path: Path) -> None:
    a = enrolled("a", VILLAGE)
    info = svc.add_file(a, with_case(a), scan(tmp_path, "扫描件.pdf", 400_000), "申请表")
    results = []
    with FaultProxy(server.port, Link(reset_every=50_000, handshake=False)) as proxy:
        for _ in range(40):
            r = _run_through(a, proxy.url)
            results.append(r)
            if r.ok:
                break
            assert r.retryable and "附件未传完" in (r.error or ""), r.error
        stats = proxy.snapshot()
    assert results[-1].ok and results[-1].attachments_waiting == 0
    assert results[0].pushed >= 1  # the events went first, whatever happened to the attachment
    assert stats.resets >= 6
    # each reset costs at most the chunk in flight: the server keeps what arrived of it and the client
    # resumes from there, so what it hands to the link again is at most the rest of that chunk ...
    handed_again = sum(r.attachment_resent for r in results)
    assert 0 < handed_again <= stats.resets * att.MAX_CHUNK
    # ... and the wire carries nothing more: bytes_sent = events + asks + the file + handed_again
    assert stats.bytes_up <= sum(r.bytes_sent for r in results) + stats.requests * 400
    assert sum(r.attachment_bytes for r in results) >= info.size
    store = server.app.state.attachments.store
    assert store.final(info.sha256).read_bytes() == info.path.read_bytes()
    assert not list((store.root / "partial").glob("*"))


def test_events_sync_even_when_the_attachment_phase_fails(enrolled, server, tmp_path: Path) -> None:
    a = enrolled("a", VILLAGE)
    b = enrolled("b", VILLAGE)
    case = with_case(a)
    info = svc.add_file(a, case, scan(tmp_path, "照片.jpg", 120_000))
    with FaultProxy(server.port, Link(handshake=False)) as proxy:

        def cut_when_attachments_start(p: engine.Progress) -> None:
            if p.attachment is not None:
                proxy.set_faults([Fault.stall(0, None)])  # the link dies for good

        r = _run_through(a, proxy.url, timeout=1.0, progress=cut_when_attachments_start)
    assert not r.ok and r.retryable and "附件未传完" in (r.error or "")
    assert r.pushed >= 2 and engine.pending_count(a) == 0  # every event made it
    assert "附件未传完" in r.summary()

    rb = sync(b)  # B has the case now; the scan is not on the server yet: said, not failed
    assert rb.ok and rb.pulled >= 2 and rb.attachments_down == 0 and rb.attachments_waiting == 1
    assert "尚未上传" in rb.attachment_note
    assert [(x.sha256, x.present) for x in svc.list_for_case(b, case)] == [(info.sha256, False)]

    assert sync(a).attachments_up == 1
    rb = sync(b)
    assert rb.attachments_down == 1 and rb.attachments_waiting == 0
    assert svc.blob_path(b, info.sha256).read_bytes() == info.path.read_bytes()


def test_caps_stop_the_phase_cleanly_and_the_meter_persists(enrolled, server, tmp_path: Path) -> None:
    a = enrolled("a", VILLAGE)
    case = with_case(a)
    infos = [svc.add_file(a, case, scan(tmp_path, f"p{i}.jpg", 60_000)) for i in range(3)]
    att.set_caps(a, per_sync=50_000, per_month=150_000)

    r = sync(a)
    assert r.ok and r.attachments_up == 0 and r.attachments_waiting == 3
    assert "本次同步的附件流量已达上限" in r.attachment_note and r.attachment_note in r.summary()
    used, cap = att.attachment_usage(a)
    assert cap == 150_000 and used == r.attachment_bytes and 40_000 < used <= 50_000

    second = sync(a)  # resumes from the server's offset: the first scan completes
    assert second.ok and second.attachments_up == 1
    third = sync(a)
    used, _ = att.attachment_usage(a)
    assert used == r.attachment_bytes + second.attachment_bytes + third.attachment_bytes <= 150_000
    assert "本月附件流量" in third.attachment_note and third.attachments_waiting == 1
    fourth = sync(a)  # the month is spent: nothing moves, the note says so
    assert fourth.ok and fourth.attachment_bytes == 0 and "达到每月上限" in fourth.attachment_note
    assert att.attachment_usage(a)[0] == used
    with server.db.read() as s:
        received = sum(x.received for x in s.scalars(select(sm.ServerAttachment)))
    assert 120_000 < received < 150_000  # what the meter allowed, and nothing was sent twice

    a._today = date(2026, 12, 1)  # a new month: the rest goes
    assert att.attachment_usage(a)[0] == 0
    last = sync(a)
    assert last.ok and last.attachments_waiting == 0 and not last.attachment_note
    assert att.attachment_usage(a)[0] == last.attachment_bytes
    for info in infos:
        assert server.app.state.attachments.store.final(info.sha256).exists()

    with pytest.raises(ValueError, match="负数"):
        att.set_caps(a, per_month=-1)
    att.set_caps(a, per_sync=0, per_month=0)
    assert att.caps(a) == (0, 0)


def test_usb_bundles_carry_the_attachments_the_server_lacks(enrolled, server, tmp_path: Path) -> None:
    a = enrolled("a", VILLAGE)
    b = enrolled("b", VILLAGE)
    case = with_case(a)
    infos = [svc.add_file(a, case, scan(tmp_path, f"u{i}.jpg", size)) for i, size in enumerate((30_000, 9_000))]
    blobs = server.app.state.attachments.store.root

    # a town without attachment storage takes the events and leaves the files pending in the village
    exported = offline.export_bundle(a, tmp_path / "out1.vdb")
    assert exported.attachments == 2 and "附件 2 个" in exported.summary()
    ack, imported = srv_bundles.import_bundle(server.db, (tmp_path / "out1.vdb").read_bytes())
    assert imported.attachments == 0 and imported.attachments_refused == 2 and "未收 2 个" in imported.summary()
    (tmp_path / "ack1.vdb").write_bytes(ack)
    assert offline.import_ack(a, tmp_path / "ack1.vdb").result.attachments_up == 0
    assert len(att.pending_uploads(a)) == 2

    # bytes that do not match their name are refused; the others are stored
    offline.export_bundle(a, tmp_path / "out2.vdb")
    opened = bd.open_bytes((tmp_path / "out2.vdb").read_bytes())
    key = _bundle_key(a)
    body = bd.verify(opened, key)
    body["att"][1]["d"] = body["att"][0]["d"]
    forged = bd.seal(opened.header, body, key)
    ack, imported = srv_bundles.import_bundle(server.db, forged, blob_dir=blobs)
    assert imported.attachments == 1 and imported.attachments_refused == 1
    (tmp_path / "ack2.vdb").write_bytes(ack)
    assert offline.import_ack(a, tmp_path / "ack2.vdb").result.attachments_up == 1
    assert [x.sha for x in att.pending_uploads(a)] == [infos[1].sha256]
    assert not (blobs / infos[1].sha256[:2] / infos[1].sha256).exists()

    exported = offline.export_bundle(a, tmp_path / "out3.vdb")  # only what the town still lacks
    assert exported.attachments == 1
    ack, imported = srv_bundles.import_bundle(server.db, (tmp_path / "out3.vdb").read_bytes(), blob_dir=blobs)
    assert imported.attachments == 1
    (tmp_path / "ack3.vdb").write_bytes(ack)
    assert "附件 1 个" in offline.import_ack(a, tmp_path / "ack3.vdb").summary()
    assert att.pending_uploads(a) == []
    again = sync(a)
    assert again.ok and again.attachment_bytes == 0  # nothing left for the network

    rb = sync(b)  # what came by USB is served over the network like any upload
    assert rb.ok and rb.attachments_down == 2
    for info in infos:
        assert svc.blob_path(b, info.sha256).read_bytes() == info.path.read_bytes()


def _bundle_key(desk) -> str:
    with desk.store.read() as s:
        return st.get_setting(s, engine.K_BUNDLE_KEY) or ""


def test_resets_mid_download_keep_what_arrived(enrolled, server, tmp_path: Path) -> None:
    a = enrolled("a", VILLAGE)
    b = enrolled("b", VILLAGE)
    info = svc.add_file(a, with_case(a), scan(tmp_path, "扫描件.pdf", 400_000))
    assert sync(a).attachments_up == 1
    assert sync(b, attachments=False).pulled >= 2  # the events first, on a good link
    results = []
    with FaultProxy(server.port, Link(reset_every=60_000, handshake=False)) as proxy:
        for _ in range(40):
            r = _run_through(b, proxy.url)
            results.append(r)
            if r.ok:
                break
        stats = proxy.snapshot()
    assert results[-1].ok and results[-1].attachments_down == 1, results[-1].error
    assert stats.resets >= 6
    # the partial file grows across cuts: what reached the desk is never fetched again; a cut costs at most
    # the rest of the chunk in flight (bytes that crossed the link but were still in the PC's socket buffer)
    lost = sum(r.attachment_resent for r in results)
    assert lost <= stats.resets * att.MAX_CHUNK
    assert stats.bytes_down <= info.size + lost + stats.requests * 600
    got = svc.blob_path(b, info.sha256)
    assert got.read_bytes() == info.path.read_bytes()
    assert not got.with_suffix(".download").exists()


def test_command_line_sets_the_caps_and_shows_attachment_progress(enrolled, server, tmp_path: Path) -> None:
    a = enrolled("a", VILLAGE)
    svc.add_file(a, with_case(a), scan(tmp_path, "户口簿.jpg", 40_000))
    profile = a.paths.root
    done = run_cli("sync", "--attachment-cap-month-mb", "-1", profile=profile)
    assert done.returncode == 2 and "超出范围" in done.stderr and "1000000" in done.stderr, done.stderr
    done = run_cli("sync", "--attachment-cap-sync-mb", "0.02", profile=profile)
    assert done.returncode == 0, done.stderr
    assert "附件 户口簿.jpg" in done.stderr and "本次同步的附件流量已达上限" in done.stdout
    assert "本月附件流量 0.0 MB / 200 MB" in done.stdout  # under 0.05 MB used
    done = run_cli("sync", "--attachment-cap-sync-mb", "0", "--quiet", profile=profile)
    assert done.returncode == 0 and "附件上传 1 个" in done.stdout and not done.stderr
    assert att.caps(a) == (0, att.DEFAULT_CAP_MONTH)


def test_cancel_during_the_attachment_phase_keeps_what_moved(enrolled, server, tmp_path: Path) -> None:
    a = enrolled("a", VILLAGE)
    info = svc.add_file(a, with_case(a), scan(tmp_path, "大图.jpg", 300_000))
    cancel = threading.Event()

    def stop_midway(p: engine.Progress) -> None:
        if p.attachment and p.attachment_bytes > 0:
            cancel.set()

    eng = engine.SyncEngine(a, progress=stop_midway, cancel=cancel)
    try:
        r = eng.run()
    finally:
        eng.close()
    assert r.cancelled and not r.ok and r.pushed >= 2 and r.attachments_waiting == 1
    with server.db.read() as s:
        row = s.get(sm.ServerAttachment, (info.sha256, VILLAGE))
    assert row is not None and 0 < row.received < info.size and not row.complete
    again = sync(a)
    assert again.ok and again.attachments_up == 1
    assert again.attachment_bytes < info.size - row.received + 8_000  # resumed, not restarted
