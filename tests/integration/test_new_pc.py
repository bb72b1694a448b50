"""A new PC for the village (docs/handover.md): the old PC's outbox reaches the town by USB bundle, the
new PC is enrolled and gets every case, the old one is revoked and can send nothing more."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.test_sync_roundtrip import register, sync
from villagedesk.server import auth
from villagedesk.server import bundles as srv_bundles
from villagedesk.services import queries
from villagedesk.sync import bundle as bd
from villagedesk.sync import engine, offline

VILLAGE = "419001100201"


def test_old_outbox_by_bundle_then_revoke(enrolled, server, tmp_path: Path) -> None:
    old = enrolled("old", VILLAGE)
    cases = {register(old, "张三", "419001198001010014"), register(old, "李四", "419001199002020024")}
    assert engine.pending_count(old) == 2  # never synced: all of it only on the old PC

    offline.export_bundle(old, tmp_path / "old.vdb")
    ack, done = srv_bundles.import_bundle(server.db, (tmp_path / "old.vdb").read_bytes())
    assert done.accepted == 2
    (tmp_path / "ack.vdb").write_bytes(ack)
    offline.import_ack(old, tmp_path / "ack.vdb")
    assert engine.pending_count(old) == 0  # what `check` shows as 待同步 0 before revoking

    new = enrolled("new", VILLAGE)
    sync(new)
    assert {r.id for r in queries.list_cases(new)} == cases

    assert auth.revoke(server.db, old.identity.device_id)
    register(old, "王五", "419001198503030031")
    eng = engine.SyncEngine(old)
    try:
        result = eng.run()
    finally:
        eng.close()
    assert not result.ok  # 401: a revoked PC is told, and keeps its outbox
    offline.export_bundle(old, tmp_path / "late.vdb")
    with pytest.raises(bd.BundleError):
        srv_bundles.import_bundle(server.db, (tmp_path / "late.vdb").read_bytes())
    assert engine.pending_count(old) == 1  # still there: nothing is lost, it is visibly stranded
