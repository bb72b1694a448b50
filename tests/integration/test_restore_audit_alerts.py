"""No false tampering alert for an honest PC after a restore (issue #13, office findings): the new PC's
trail, carried over in the backup, holds the old PC's ``backup`` entries, whose detail is the backup's
name (``villagedesk-20261203-174107-00001.vdbak``); its digits read as the case number
``261203-174107-00001`` of a village ``261203``, so the town refused those entries as another village's
and ``audit-alerts`` listed the new PC ([entry_refused] … 不属于这台电脑所在的村). An entry naming a case
of another village still alerts."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from tests.conftest import TODAY, run_cli
from tests.integration.test_sync_roundtrip import VILLAGE_A, register, sync
from villagedesk.server import models as sm
from villagedesk.services import accounts, audit, maintenance
from villagedesk.services.desk import Desk


def _ok(result) -> str:
    assert result.returncode == 0, (result.stdout, result.stderr)
    return result.stdout


def _alerts(server, device_id: str) -> list[tuple[str, str]]:
    with server.db.read() as s:
        rows = s.execute(select(sm.AuditAlert.kind, sm.AuditAlert.message).where(sm.AuditAlert.device_id == device_id))
        return [tuple(r) for r in rows]


def test_a_same_village_restore_raises_no_alert_and_a_foreign_case_still_does(enrolled, server, tmp_path: Path) -> None:
    old = enrolled("old", VILLAGE_A)
    accounts.add_person(old, "lina", "李娜", "lina-pass-1")
    register(old, "张三", "419001198001010014")
    sync(old)
    backup = maintenance.backup(old)  # the automatic name: villagedesk-YYYYMMDD-HHMMSS-NNNNN.vdbak
    assert backup.name.startswith(maintenance.AUTO_PREFIX)
    new = enrolled("new", VILLAGE_A)
    root, new_id = new.paths.root, new.identity.device_id
    new.close()
    _ok(run_cli("restore", str(backup), profile=root))
    with Desk.open(root, today=TODAY) as desk:
        accounts.authenticate(desk, "lina", "lina-pass-1")
        maintenance.backup(desk)  # this PC's own backup entry too
        sync(desk)
        assert _alerts(server, new_id) == []  # two [entry_refused] alerts before
        audit.record(desk, audit.PRINT, "受理回执: 100202-261125-XY001 → 打印机")  # a case of village B
        sync(desk)
    alerts = _alerts(server, new_id)
    assert [kind for kind, _ in alerts] == ["entry_refused"]
    assert "不属于这台电脑所在的村" in alerts[0][1]
