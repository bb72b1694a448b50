"""Attachments over a real server (SQLite and PostgreSQL): village A → server → village B byte for byte,
after the events and never in their way; per-attachment progress; the byte caps and the monthly meter."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from sqlalchemy import select

from tests.integration.test_sync_bad_link import _forms
from villagedesk.db import models as m
from villagedesk.server import models as sm
from villagedesk.services import attachments as svc
from villagedesk.services import intake
from villagedesk.sync import attachments as att
from villagedesk.sync import engine

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
