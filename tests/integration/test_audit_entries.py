"""留痕上报: a village PC's audit entries reach the town over real loopback HTTP, are judged there, and
the clerk reads them (``villagedesk audit``). An edited or forged entry is refused; a restored older
backup is an alert, and the PC's syncs go on.

Fails on the old code: the entries never left the PC (only chain heads did), nothing the clerk could run
listed them, and a restore followed by new work raised no alert at all (the PC still proved the head the
town had confirmed before the backup)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import select
from stdnum.cn import ric

from tests.conftest import TODAY
from tests.integration.test_audit_tamper import _register, _sql, _sync
from villagedesk import cli
from villagedesk.db import audit_chain
from villagedesk.domain import audit_chain as ac
from villagedesk.server import audit_heads
from villagedesk.server import models as sm
from villagedesk.services import audit, maintenance, queries
from villagedesk.services.desk import Desk, ProfilePaths
from villagedesk.sync import engine
from villagedesk.sync import protocol as proto
from villagedesk.sync.transport import Transport

VILLAGE = "419001100201"
TOWN = "419001100000"
ID_NUMBER = "419001198001010014"


def _rid(n: int) -> str:
    """A valid ID number of its own for the n-th other villager (one person per ID number)."""
    body = f"41900119900202{n:03d}"
    return body + ric.calc_check_digit(body + "0")


def _held(server, current: bool = True) -> list[sm.AuditEntryRow]:
    with server.db.read() as s:
        q = select(sm.AuditEntryRow).order_by(sm.AuditEntryRow.id)
        if current:
            q = q.where(sm.AuditEntryRow.superseded_at.is_(None))
        rows = list(s.scalars(q))
        s.expunge_all()
        return rows


def _chain(desk: Desk) -> list[tuple[int, str]]:
    with desk.store.read() as s:
        return [(e.seq, e.hash) for e in audit_chain.entries(s)]


def _audit_cli(desk: Desk, capsys, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.main(["--profile", str(desk.paths.root), "audit", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def _case_no(desk: Desk, case_id: str) -> str:
    return queries.detail(desk, case_id).row.case_no


def test_entries_arrive_judged_and_the_clerk_lists_them(enrolled, server, capsys) -> None:
    village = enrolled("village", VILLAGE)
    clerk = enrolled("clerk", TOWN, "clerk")
    case = _register(village, "张三", ID_NUMBER)
    case_no = _case_no(village, case)
    audit.record_print(village, "receipt", case_no, "村委会打印机")
    audit.record(village, audit.VIEW_ID, f"{case_no} 完整身份证号")
    audit.record(village, "export", f"导出 {ID_NUMBER} 13812345678.xlsx")  # a detail no app writes
    _sync(village)

    held = _held(server)
    assert [(r.seq, r.hash) for r in held] == _chain(village)  # every entry, in order, as the PC holds it
    assert all(r.refused == "" for r in held)
    assert audit_heads.alerts(server.db) == []
    printed = next(r for r in held if r.action == "print")
    assert printed.case_no == case_no and printed.actor and "村委会打印机" in printed.detail
    registered = next(r for r in held if r.kind == ac.KIND_EVENT)
    assert registered.case_no == case_no and registered.action == "case_registered"  # the town's own record
    exported = next(r for r in held if r.action == "export")
    assert ID_NUMBER not in exported.detail and "419001********0014" in exported.detail
    assert "13812345678" not in exported.detail

    code, out, err = _audit_cli(clerk, capsys, "--case", case_no)
    assert code == 0, err
    assert "打印" in out and "村委会打印机" in out and "查看完整身份证号" in out and "事件 代办登记" in out
    assert "case_registered" not in out
    assert ID_NUMBER not in out and "village" in out
    code, out, _ = _audit_cli(clerk, capsys, "--device", "village")
    assert code == 0 and "419001********0014" in out and ID_NUMBER not in out

    # a village PC may not read the town's view, and a second sync sends nothing again
    code, _, err = _audit_cli(village, capsys)
    assert code == 1 and "只有镇中心" in err
    _sync(village)
    assert len(_held(server)) == len(_chain(village))


def test_an_edited_row_and_a_forged_entry_are_refused_and_the_sync_goes_on(enrolled, server) -> None:
    village = enrolled("village", VILLAGE)
    case = _register(village, "张三", ID_NUMBER)
    _sync(village)
    before = len(_held(server))
    case_no = _case_no(village, case)
    audit.record_print(village, "mandate", case_no, "村委会打印机")
    audit.record(village, "export", "cases.xlsx")
    # someone opens the file and makes the print look like it never carried the full ID number
    _sql(village, "UPDATE audit_log SET detail = '受理回执: x → y' WHERE action = 'print'")
    _sync(village)
    held = _held(server)
    assert len(held) == before + 2
    printed, exported = held[-2], held[-1]
    assert "被改动" in printed.refused and exported.refused == ""  # one bad row refuses one entry
    kinds = {a.kind for a, _ in audit_heads.alerts(server.db)}
    assert "entry_refused" in kinds

    # a hostile client sends an entry with a made-up hash: refused, never a 5xx, nothing believed
    cfg = engine.server_config(village)
    with village.store.read() as s:
        seq, head = audit_chain.last_entry(s)
    forged = ["2026-12-01T08:00:00", "audit", "999", "0" * 64, "f" * 64, ["2026-12-01T08:00:00", "x", "export", "-"]]
    transport = Transport(cfg.url, cfg.token, cfg.fingerprint)
    try:
        for junk in (
            {"f": seq + 1, "p": head, "r": [forged]},
            {"f": "1", "p": head, "r": []},
            {"f": 1, "p": "zz", "r": "no"},
            {"f": seq + 1, "p": head, "r": [[1, 2, 3]]},
        ):
            aud = {"s": seq + 1, "h": "f" * 64, "e": junk}
            reply = transport.post("/api/v1/sync", {"v": proto.PROTOCOL_VERSION, "cur": {VILLAGE: 0}, "aud": aud})
            assert "cur" in reply.data and "aud" in reply.data  # the normal reply, with the head held
    finally:
        transport.close()
    rows = _held(server)
    assert all(r.refused for r in rows if r.seq > seq)  # the forged entry is kept only as refused
    assert {"malformed", "entry_refused"} <= {a.kind for a, _ in audit_heads.alerts(server.db)}


def test_a_restored_older_backup_is_an_alert_and_the_pc_syncs_on(enrolled, server, tmp_path: Path) -> None:
    """Fails on the old code: after a restore and new work the PC still proved the head the town had
    confirmed before the backup, so the town noticed nothing."""
    village = enrolled("village", VILLAGE)
    _register(village, "张三", ID_NUMBER)
    _sync(village)
    monday = maintenance.backup(village, tmp_path / "monday.vdbak")
    for n in range(3):
        _register(village, "李四王五赵六"[n * 2 : n * 2 + 2], _rid(n))
    _sync(village)
    lost = len(_held(server))
    root = village.paths.root
    village.close()
    maintenance.restore(ProfilePaths(root), monday)
    village = Desk.open(root, today=TODAY)
    try:
        for n in range(6):  # more new work than the days the restore undid: the chain is longer than before
            _register(village, "孙七周八吴九"[n % 3 * 2 : n % 3 * 2 + 2], _rid(10 + n % 3))
        assert _chain(village)[-1][0] > lost
        _sync(village)
        alerts = audit_heads.alerts(server.db)
        assert "diverged" in {a.kind for a, _ in alerts}, [(a.kind, a.message) for a, _ in alerts]
        assert any("备份" in a.message for a, _ in alerts)
        _sync(village)  # the cases the restore lost came back in that sync's reply: their entries go now
        assert [(r.seq, r.hash) for r in _held(server)] == _chain(village)  # the PC's trail now
        superseded = [r for r in _held(server, current=False) if r.superseded_at is not None]
        assert superseded and max(r.seq for r in superseded) == lost  # the town kept what the PC lost
        count = len(alerts)
        _register(village, "郑十", _rid(20))
        _sync(village)
        _sync(village)
        assert len(audit_heads.alerts(server.db)) == count  # one restore, one alert: the syncs go on
        assert [(r.seq, r.hash) for r in _held(server)] == _chain(village)
    finally:
        village.close()


def test_a_shorter_restored_chain_keeps_the_towns_tail_as_superseded(enrolled, server, tmp_path: Path) -> None:
    village = enrolled("village", VILLAGE)
    _register(village, "张三", ID_NUMBER)
    _sync(village)
    monday = maintenance.backup(village, tmp_path / "monday.vdbak")
    for n in range(3):
        _register(village, "李四王五赵六"[n * 2 : n * 2 + 2], _rid(n))
    _sync(village)
    root = village.paths.root
    village.close()
    maintenance.restore(ProfilePaths(root), monday)
    village = Desk.open(root, today=TODAY)
    try:
        _sync(village)
        _sync(village)
        assert {"rollback"} <= {a.kind for a, _ in audit_heads.alerts(server.db)}
        assert [(r.seq, r.hash) for r in _held(server)] == _chain(village)
        _register(village, "孙七", _rid(10))
        _sync(village)
        assert [(r.seq, r.hash) for r in _held(server)] == _chain(village)
    finally:
        village.close()


def test_a_long_backlog_goes_up_in_bounded_batches(enrolled, server, monkeypatch) -> None:
    """A PC with more entries than one request carries sends them over the following requests."""
    from villagedesk.domain import audit_entries as ae

    monkeypatch.setattr(ae, "MAX_ENTRIES", 3)
    village = enrolled("village", VILLAGE)
    for n in range(4):
        audit.record(village, "export", f"cases-{n}.xlsx")
    eng = engine.SyncEngine(village)
    eng.audit_entries_limit = 3
    try:
        for _ in range(4):
            assert eng.run().ok
    finally:
        eng.close()
    assert [(r.seq, r.hash) for r in _held(server)] == _chain(village)
    con = sqlite3.connect(village.paths.db)
    try:
        sent = con.execute("SELECT value FROM settings WHERE key = 'audit.sent'").fetchone()[0]
    finally:
        con.close()
    assert int(sent) == _chain(village)[-1][0]
