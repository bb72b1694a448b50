"""The audit chain (留痕) against hand edits of a real migrated SQLite file: each is named by
``villagedesk check`` (exit non-zero) and raises an alert on the real loopback server at the next sync,
which still completes.

Every test here fails on the code before the chain: nothing then noticed an edited or deleted row."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import TODAY
from tests.integration.server_harness import RunningServer, running_server
from villagedesk import cli
from villagedesk.db import audit_chain
from villagedesk.domain import audit_chain as ac
from villagedesk.domain.lifecycle import EventType
from villagedesk.server import audit_heads
from villagedesk.server import bundles as srv_bundles
from villagedesk.server.app import ServerConfig
from villagedesk.server.db import Database
from villagedesk.services import actions, audit, catalog, exports, intake, queries
from villagedesk.services.desk import Desk
from villagedesk.sync import engine, offline
from villagedesk.sync import protocol as proto
from villagedesk.sync.transport import Transport

VILLAGE = "419001100201"
TOWN = "419001100000"


def _register(desk: Desk, name: str, id_number: str) -> str:
    item = catalog.item(desk, "JY006")
    form = intake.IntakeForm(
        item_code="JY006",
        name=name,
        id_number=id_number,
        phone="13812345678",
        mandate_signed=True,
        materials={m.name: intake.MaterialState("have") for m in item.materials},
    )
    return intake.register(desk, form).case_id


def _sync(desk: Desk) -> engine.SyncResult:
    eng = engine.SyncEngine(desk)
    try:
        result = eng.run()
    finally:
        eng.close()
    assert result.ok, result.error  # a tampered PC still syncs: the alert never blocks its events
    return result


@pytest.fixture(scope="module")
def world(template_profile: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once: a server (SQLite) and a village PC with two cases, one decided by the town and
    pulled back, an export, everything synced. Each test runs on a copy of both."""
    root = tmp_path_factory.mktemp("audit-world")
    with running_server("sqlite", root) as srv:
        desks = []
        for name, region, role in (("village", VILLAGE, "agent"), ("clerk", TOWN, "clerk")):
            shutil.copytree(template_profile, root / name)
            desk = Desk.open(root / name, today=TODAY)
            desks.append(desk)
            engine.enroll(desk, srv.url, srv.code(region, role, name))
        desk, clerk = desks
        case = _register(desk, "张三", "419001198001010014")
        actions.perform(desk, case, EventType.SUBMITTED, {})
        other = _register(desk, "李四", "419001199002020024")
        actions.perform(desk, other, EventType.SUBMITTED, {})
        exports.cases_xlsx(desk, root / "cases.xlsx", queries.CaseFilter())
        _sync(desk)
        _sync(clerk)
        actions.perform(clerk, case, EventType.ACCEPTED, {})
        actions.perform(clerk, case, EventType.DECIDED, {"outcome": "approved", "certificate_no": "Z-1"})
        _sync(clerk)
        _sync(desk)
        _sync(desk)  # the head after the pull reaches the server too
        for d in desks:
            d.close()
    return root


@pytest.fixture
def copied(world: Path, tmp_path: Path):
    """(village desk, running server) on copies of the world, the village pointed at this server."""
    shutil.copytree(world, tmp_path / "w")
    db = Database.open(f"sqlite:///{tmp_path / 'w' / 'server.db'}")
    srv = RunningServer(db, ServerConfig(blob_dir=tmp_path / "w" / "server-blobs")).start()
    con = sqlite3.connect(tmp_path / "w" / "village" / "villagedesk.db")
    con.execute("UPDATE settings SET value = ? WHERE key = 'sync.server'", (srv.url,))
    con.commit()
    con.close()
    desk = Desk.open(tmp_path / "w" / "village", today=TODAY)
    try:
        yield desk, srv
    finally:
        desk.close()
        srv.stop()
        db.dispose()


def _sql(desk: Desk, *statements: str) -> None:
    con = sqlite3.connect(desk.paths.db)
    try:
        for statement in statements:
            con.execute(statement)
        con.commit()
    finally:
        con.close()


def _check(desk: Desk, capsys) -> tuple[int, str]:
    capsys.readouterr()
    code = cli.main(["--profile", str(desk.paths.root), "check"])
    return code, capsys.readouterr().out


def _swap_rows(table: str, column: str, x: int, y: int) -> tuple[str, ...]:
    return (
        f"UPDATE {table} SET {column} = -1 WHERE {column} = {x}",
        f"UPDATE {table} SET {column} = {x} WHERE {column} = {y}",
        f"UPDATE {table} SET {column} = {y} WHERE {column} = -1",
    )


def _decided(desk: Desk) -> int:
    con = sqlite3.connect(desk.paths.db)
    try:
        return con.execute("SELECT local_seq FROM events WHERE type = 'decided'").fetchone()[0]
    finally:
        con.close()


TAMPERS: dict[str, tuple[Callable[[Desk], tuple[str, ...]], str, str]] = {
    # name: (statements, what check says, the server alert's kind)
    "edit decision": (
        lambda d: (
            "UPDATE events SET payload = replace(payload, '\"approved\"', '\"refused\"') WHERE type = 'decided'",
        ),
        "在数据库中被直接修改",
        "self_check",
    ),
    "delete event": (
        lambda d: (f"DELETE FROM events WHERE local_seq = {_decided(d)}",),
        "已从数据库中删除",
        "self_check",
    ),
    "reorder events": (lambda d: _swap_rows("events", "local_seq", 1, 2), "存储顺序被调换", "self_check"),
    "edit export record": (
        lambda d: ("UPDATE audit_log SET detail = 'nothing' WHERE action = 'export'",),
        "操作记录",
        "self_check",
    ),
    "edit log row": (
        lambda d: ("UPDATE audit_chain SET content = 'x' WHERE seq = 2",),
        "第2条留痕的内容被修改",
        "self_check",
    ),
    "delete log row": (lambda d: ("DELETE FROM audit_chain WHERE seq = 2",), "第2条留痕被删除", "self_check"),
    "reorder log rows": (lambda d: _swap_rows("audit_chain", "seq", 2, 3), "顺序被调换", "self_check"),
    "truncate log": (
        lambda d: ("DELETE FROM audit_chain WHERE seq > 3",),
        "留痕末尾被截断",
        "rollback",
    ),
    # the list, the rest of it: event rows truncated and inserted, an author edited, an audit row
    # deleted, the whole log emptied
    "truncate events": (
        lambda d: ("DELETE FROM events WHERE local_seq > (SELECT max(local_seq) - 2 FROM events)",),
        "已从数据库中删除",
        "self_check",
    ),
    "edit event author": (
        lambda d: ("UPDATE events SET author = 'someone-else' WHERE local_seq = 1",),
        "在数据库中被直接修改",
        "self_check",
    ),
    "insert event": (
        lambda d: (
            "INSERT INTO events (id, case_id, type, payload, author, device, role, partition, hlc, prev,"
            " schema_version) SELECT '00000000-0000-4000-8000-000000000001', case_id, type, payload, author,"
            " device, role, partition, hlc, prev, schema_version FROM events WHERE type = 'decided'",
        ),
        "不在留痕中",
        "self_check",
    ),
    "delete export record": (
        lambda d: ("DELETE FROM audit_log WHERE action = 'export'",),
        "操作记录",
        "self_check",
    ),
    "empty log": (lambda d: ("DELETE FROM audit_chain",), "留痕被全部删除", "rollback"),
}


@pytest.mark.parametrize("name", list(TAMPERS))
def test_tampering_is_found_by_check_and_by_the_server(copied, capsys, name: str) -> None:
    village, server = copied
    statements, said, kind = TAMPERS[name]
    code, out = _check(village, capsys)
    assert code == 0 and "链条完整" in out, out
    assert audit_heads.alerts(server.db) == []

    _sql(village, *statements(village))

    code, out = _check(village, capsys)
    assert code != 0
    assert said in out, out
    assert "结论          有问题" in out
    _sync(village)
    kinds = {a.kind for a, _name in audit_heads.alerts(server.db)}
    assert kind in kinds, kinds


def _rewrite_chain_from(desk: Desk, seq: int) -> None:
    """What a careful forger does after editing an event: recompute that entry's digest and every
    hash after it, and fix both copies of the head this PC keeps. ``check`` can then find nothing."""
    con = sqlite3.connect(desk.paths.db)
    con.row_factory = sqlite3.Row
    try:
        events = {r["id"]: dict(r) for r in con.execute("SELECT * FROM events")}
        rows = [dict(r) for r in con.execute("SELECT * FROM audit_chain ORDER BY seq")]
        prev = ac.GENESIS
        for r in rows:
            if r["seq"] >= seq:
                if r["kind"] in ac.EVENT_KINDS and r["ref"] in events:
                    r["content"] = ac.event_digest(events[r["ref"]])
                r["prev"] = prev
                r["hash"] = ac.entry_hash(prev, r["at"], r["kind"], r["ref"], r["content"])
                con.execute(
                    "UPDATE audit_chain SET content = ?, prev = ?, hash = ? WHERE seq = ?",
                    (r["content"], r["prev"], r["hash"], r["seq"]),
                )
            prev = r["hash"]
        head = f"{rows[-1]['seq']}:{prev}"
        con.execute("UPDATE settings SET value = ? WHERE key IN ('audit.head', 'audit.server')", (head,))
        con.commit()
    finally:
        con.close()


def test_a_rewritten_chain_passes_check_but_not_the_server(copied) -> None:
    """Only the town holds a copy the forger cannot reach: the head it confirmed."""
    village, server = copied
    _sql(village, "UPDATE events SET payload = replace(payload, '\"approved\"', '\"refused\"') WHERE type = 'decided'")
    con = sqlite3.connect(village.paths.db)
    decided_id = con.execute("SELECT id FROM events WHERE type = 'decided'").fetchone()[0]
    first = con.execute("SELECT min(seq) FROM audit_chain WHERE ref = ?", (decided_id,)).fetchone()[0]
    con.close()
    _rewrite_chain_from(village, first)
    assert [f.message for f in audit.verify(village).findings] == []

    _sync(village)
    alerts = audit_heads.alerts(server.db)
    assert [a.kind for a, _ in alerts] == ["rewritten"], [(a.kind, a.message) for a, _ in alerts]
    assert "改写" in alerts[0][0].message


def test_an_untouched_pc_raises_no_alert_over_many_syncs(copied) -> None:
    village, server = copied
    case = _register(village, "王五", "419001198503030031")
    _sync(village)
    actions.perform(village, case, EventType.SUBMITTED, {})
    _sync(village)
    _sync(village)
    assert audit_heads.alerts(server.db) == []
    assert audit.verify(village).ok


def test_a_broken_head_over_http_is_an_alert_not_an_error(copied) -> None:
    """A hostile or broken ``aud`` gets the normal reply (its events and pull go on) and one alert."""
    village, server = copied
    cfg = engine.server_config(village)
    transport = Transport(cfg.url, cfg.token, cfg.fingerprint)
    try:
        for junk in ("x", {"s": "9", "h": "no"}, {"s": 1, "h": "a" * 64, "bad": [{"x": 1}]}):
            reply = transport.post("/api/v1/sync", {"v": proto.PROTOCOL_VERSION, "cur": {VILLAGE: 0}, "aud": junk})
            assert reply.data["pull"] and "aud" in reply.data  # the page still comes, with the head held
    finally:
        transport.close()
    assert [a.kind for a, _ in audit_heads.alerts(server.db)] == ["malformed"]
    _sync(village)  # and the PC's own next sync is clean
    assert len(audit_heads.alerts(server.db)) == 1


def test_a_usb_bundle_carries_the_head_too(copied, tmp_path: Path) -> None:
    """No link: the bundle's head is judged at import, and the ack brings back the head the town holds."""
    village, server = copied
    case = _register(village, "赵六", "419001198504040020")
    actions.perform(village, case, EventType.SUBMITTED, {})
    offline.export_bundle(village, tmp_path / "v.vdb")
    ack, _done = srv_bundles.import_bundle(server.db, (tmp_path / "v.vdb").read_bytes())
    (tmp_path / "ack.vdb").write_bytes(ack)
    offline.import_ack(village, tmp_path / "ack.vdb")
    assert audit_heads.alerts(server.db) == []
    verdict = audit.verify(village)
    assert verdict.ok
    with village.store.read() as s:
        assert audit_chain.server_head(s) == verdict.head  # the town confirmed this PC's whole chain

    _sql(village, "DELETE FROM audit_chain WHERE seq > 3")
    offline.export_bundle(village, tmp_path / "v2.vdb")
    srv_bundles.import_bundle(server.db, (tmp_path / "v2.vdb").read_bytes())
    assert "rollback" in {a.kind for a, _ in audit_heads.alerts(server.db)}


def test_the_background_sync_checks_the_whole_chain_at_most_every_ten_minutes(copied) -> None:
    """The full check reads every event (seconds at 200,000): the background scheduler spaces it out,
    a sync the agent starts (``villagedesk sync``, the engine's default) always runs it."""
    village, server = copied
    assert engine.run_once(village, None, threading.Event()).ok  # checks: clean
    _sql(village, "UPDATE audit_log SET detail = 'nothing' WHERE action = 'export'")
    assert engine.run_once(village, None, threading.Event()).ok  # within the interval: not yet seen
    assert audit_heads.alerts(server.db) == []
    _sync(village)
    assert [a.kind for a, _ in audit_heads.alerts(server.db)] == ["self_check"]


def test_heads_and_alerts_on_either_server_database(enrolled, server) -> None:
    """The same judgement on SQLite and PostgreSQL (the tests above run on a SQLite copy)."""
    desk = enrolled("village", VILLAGE)
    for number in ("419001198001010014", "419001199002020024"):
        _register(desk, "张三", number)
        _sync(desk)
    assert audit_heads.alerts(server.db) == []
    _sql(desk, "DELETE FROM audit_chain WHERE seq > 1")  # one entry per registration: the second goes
    _sync(desk)
    assert "rollback" in {a.kind for a, _ in audit_heads.alerts(server.db)}
