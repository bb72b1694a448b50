"""A PC back after weeks offline sends its whole audit backlog (5,000 entries) in one sync run, batch by
batch within the server's 200 entries per request, over real loopback HTTP (SQLite and PostgreSQL); a
reply lost mid-backlog costs nothing (the next run goes on, no entry twice, none missing); a USB bundle
carries the whole backlog likewise.

Fails on the old code: one sync (or one bundle) took up only the first batch of 200 entries (fewer on a
slow link's budget), so 5,000 entries needed 25 or more syncs to reach the town."""

from __future__ import annotations

from pathlib import Path

from tests.integration.test_audit_entries import VILLAGE, _chain, _held
from tests.support.faultproxy import Fault, FaultProxy, Link
from villagedesk.db import audit_chain
from villagedesk.domain import audit_entries as ae
from villagedesk.server import audit_heads
from villagedesk.server import bundles as srv_bundles
from villagedesk.services.desk import Desk
from villagedesk.sync import engine, offline
from villagedesk.sync.transport import Transport

BACKLOG = 5000


def _backlog(desk: Desk, n: int = BACKLOG) -> None:
    """``n`` audit entries written while the PC was offline (exports; each carries its audit_log row)."""
    with desk.store.write() as s:
        for k in range(n):
            audit_chain.add_audit(s, "export", f"办件清单-{k}.xlsx", "王芳")


def _run(desk: Desk, url: str | None = None) -> engine.SyncResult:
    transport = Transport(url, engine.server_config(desk).token, timeout=(5.0, 20.0)) if url else None
    eng = engine.SyncEngine(desk, transport=transport)
    try:
        return eng.run()
    finally:
        eng.close()
        if transport is not None:
            transport.close()


def _contiguous(server, desk: Desk) -> None:
    """The town holds every entry of the PC's chain once, in order, and raised no alert."""
    held = _held(server, current=False)
    assert [(r.seq, r.hash) for r in held] == _chain(desk)
    assert all(r.superseded_at is None and r.refused == "" for r in held)
    assert audit_heads.alerts(server.db) == []


def test_one_sync_sends_the_whole_backlog_in_batches(enrolled, server) -> None:
    village = enrolled("village", VILLAGE)
    _backlog(village)
    r = _run(village)
    assert r.ok, r.error
    _contiguous(server, village)  # the old code: 200 at most after one sync
    total = len(_chain(village))
    assert total >= BACKLOG and r.trail_entries == total
    # several requests, each within the server's limit (a bigger one is a ``malformed`` alert, above)
    rounds = {row.received_at for row in _held(server)}
    assert len(rounds) >= total // ae.MAX_ENTRIES
    assert _run(village).trail_entries == 0  # nothing is sent twice


def test_a_reply_lost_mid_backlog_resumes_without_gaps_or_duplicates(enrolled, server) -> None:
    village = enrolled("village", VILLAGE)
    _backlog(village)
    with FaultProxy(server.port, Link(handshake=False), [Fault.drop_reply(request=4)]) as proxy:
        first = _run(village, proxy.url)
        assert proxy.snapshot().requests >= 4
    assert first.ok, first.error  # a broken trail round costs the run nothing
    taken = len(_held(server))
    assert 0 < taken < len(_chain(village))  # the town stored the dropped round; the PC never learnt it
    second = _run(village)
    assert second.ok, second.error
    _contiguous(server, village)
    assert second.trail_entries == len(_chain(village)) - taken  # the dropped round is not sent again


def test_a_bundle_carries_the_whole_backlog(enrolled, server, tmp_path: Path) -> None:
    village = enrolled("village", VILLAGE)
    _backlog(village)
    offline.export_bundle(village, tmp_path / "v.vdb")
    ack, _done = srv_bundles.import_bundle(server.db, (tmp_path / "v.vdb").read_bytes())
    _contiguous(server, village)  # the old code: the first batch only
    (tmp_path / "ack.vdb").write_bytes(ack)
    offline.import_ack(village, tmp_path / "ack.vdb")
    assert _run(village).trail_entries == 0  # the PC learnt from the ack that the town holds them all
