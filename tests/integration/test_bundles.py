"""USB bundles: village → bundle → town server → acknowledgement bundle → village, refused files that
change nothing (tampered, truncated, foreign, replayed, not a bundle), and bundles mixed with network
sync converging without duplicates or loss."""

from __future__ import annotations

import gzip
import json
import os
import random
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.integration.test_sync_roundtrip import register, sync
from villagedesk.domain.lifecycle import EventType, State
from villagedesk.server import bundles as srv_bundles
from villagedesk.server import feed
from villagedesk.server import models as sm
from villagedesk.server.db import Database
from villagedesk.services import actions, queries
from villagedesk.sync import bundle as bd
from villagedesk.sync import engine, offline

VILLAGE = "419001100201"
TOWN = "419001100000"
IDS = ["419001198001010014", "419001199002020024", "11010519491231002X", "419001200001010030"]


def server_state(db: Database) -> tuple[int, list[int], int]:
    """(events held, their sequences, dead letters): what a refused bundle must leave untouched."""
    with db.read() as s:
        seqs = list(s.scalars(select(sm.ServerEvent.seq).order_by(sm.ServerEvent.seq)))
        keys = [(k.device_id, k.last_in) for k in s.scalars(select(sm.BundleKey).order_by(sm.BundleKey.device_id))]
        dead = s.scalar(select(func.count()).select_from(sm.DeadLetter)) or 0
    return len(seqs), seqs, hash((tuple(keys), dead))


def desk_state(desk) -> tuple:
    with desk.store.read() as s:
        from villagedesk.db import models as m

        events = sorted(s.scalars(select(m.EventRow.id)))
        outbox = sorted(s.execute(select(m.OutboxEntry.event_id, m.OutboxEntry.status)).all())
        cursors = sorted(s.execute(select(m.SyncCursor.partition, m.SyncCursor.cursor)).all())
        settings = sorted(s.execute(select(m.Setting.key, m.Setting.value).where(m.Setting.key.like("sync.%"))).all())
    return events, outbox, cursors, [x for x in settings if x[0] != engine.K_LAST]


def export(desk, tmp: Path, name: str) -> bytes:
    path = tmp / name
    offline.export_bundle(desk, path)
    return path.read_bytes()


def import_at_town(server, data: bytes) -> tuple[bytes, srv_bundles.Imported]:
    return srv_bundles.import_bundle(server.db, data)


def import_ack(desk, tmp: Path, data: bytes, name: str = "ack.vdb") -> offline.AckImported:
    path = tmp / name
    path.write_bytes(data)
    return offline.import_ack(desk, path)


def test_round_trip_and_second_device_sees_it(enrolled, server, tmp_path: Path) -> None:
    a = enrolled("a", VILLAGE)
    a2 = enrolled("a2", VILLAGE)  # a second PC of the village with a network link
    clerk = enrolled("clerk", TOWN, "clerk")
    other = register(a2, "王五", IDS[2])
    sync(a2)
    feed.publish_ref(server.db, "notice", "n1", {"title": "通知", "body": "周五停电", "date": "2026-11-25"}, VILLAGE)

    cases = [register(a, "张三", IDS[0]), register(a, "李四", IDS[1])]
    actions.perform(a, cases[0], EventType.SUBMITTED, {})
    assert engine.pending_count(a) == 3
    data = export(a, tmp_path, "v1.vdb")
    assert data.startswith(bd.MAGIC)
    with pytest.raises((OSError, EOFError)):  # the body is encrypted: a lost USB stick leaks no ID numbers
        gzip.decompress(bd.open_bytes(data).packed)
    assert "张三".encode() not in data and IDS[0].encode() not in data
    assert engine.pending_count(a) == 3  # exporting changes nothing until the town acknowledges

    ack, done = import_at_town(server, data)
    assert (done.events, done.accepted, done.duplicates, done.rejected) == (3, 3, 0, 0)
    assert done.pulled == 1  # a2's case (its registration) comes back in the acknowledgement
    got = import_ack(a, tmp_path, ack)
    assert got.result.pushed == 3 and got.result.pulled == 1 and not got.more
    assert engine.pending_count(a) == 0
    assert engine.case_status(a, cases) == dict.fromkeys(cases, "synced")
    assert {r.id for r in queries.list_cases(a)} == {*cases, other}
    with a.store.read() as s:
        from villagedesk.db import store as st

        assert int(st.get_setting(s, engine.K_REF) or 0) >= 1  # reference data travels in the ack too

    # the town clerk and the second village PC see the bundle's events over the network
    assert sync(clerk).pulled == 4
    assert {r.id for r in queries.list_cases(clerk)} == {*cases, other}
    assert sync(a2).pulled == 3
    actions.perform(clerk, cases[0], EventType.ACCEPTED, {})
    sync(clerk)

    # the next bundle (nothing to push) still brings back what the town did
    ack2, done2 = import_at_town(server, export(a, tmp_path, "v2.vdb"))
    assert done2.events == 0 and done2.pulled == 1
    assert import_ack(a, tmp_path, ack2, "ack2.vdb").result.pulled == 1
    assert queries.rows_by_ids(a, [cases[0]])[0].status == State.ACCEPTED.value
    for c in cases:
        assert queries.rows_by_ids(a, [c])[0].status == queries.rows_by_ids(clerk, [c])[0].status


def _flip(data: bytes, pos: int) -> bytes:
    return data[:pos] + bytes([data[pos] ^ 0x01]) + data[pos + 1 :]


def test_tampered_and_truncated_bundles_change_nothing(enrolled, server, tmp_path: Path) -> None:
    a = enrolled("a", VILLAGE)
    register(a, "张三", IDS[0])
    data = export(a, tmp_path, "v1.vdb")
    before = server_state(server.db)
    head_end = len(bd.MAGIC) + 4 + 20
    for pos in (len(bd.MAGIC) + 6, head_end, len(data) // 2, len(data) - 40, len(data) - 1):
        with pytest.raises(bd.BundleError) as err:
            import_at_town(server, _flip(data, pos))
        assert "签名不符" in err.value.message or "损坏" in err.value.message, (pos, err.value.message)
    for cut in (1, 31, 32, len(data) // 2, len(data) - 1 - len(bd.MAGIC)):
        with pytest.raises(bd.BundleError) as err:
            import_at_town(server, data[: len(data) - cut])
        assert "不完整" in err.value.message, (cut, err.value.message)
    with pytest.raises(bd.BundleError, match="多余数据"):
        import_at_town(server, data + b"\0")
    assert server_state(server.db) == before

    ack, _ = import_at_town(server, data)  # the genuine file still imports afterwards
    local = desk_state(a)
    for bad in (_flip(ack, len(ack) // 2), _flip(ack, len(ack) - 1), ack[:-5], ack[: len(ack) // 3]):
        with pytest.raises(bd.BundleError):
            import_ack(a, tmp_path, bad)
        assert desk_state(a) == local
    assert import_ack(a, tmp_path, ack).result.pushed == 1


def test_foreign_device_and_foreign_server_are_refused(enrolled, server, tmp_path: Path) -> None:
    a = enrolled("a", VILLAGE)
    a2 = enrolled("a2", VILLAGE)
    register(a, "张三", IDS[0])
    data = export(a, tmp_path, "v1.vdb")

    elsewhere = Database.open(f"sqlite:///{tmp_path / 'other-town.db'}")
    try:
        with pytest.raises(bd.BundleError, match="未在本服务器注册"):
            srv_bundles.import_bundle(elsewhere, data)
        assert server_state(elsewhere)[0] == 0
    finally:
        elsewhere.dispose()

    # a bundle claiming device a2 but sealed with a's key (a forged header) fails the tag
    opened = bd.open_bytes(data)
    with a.store.read() as s:
        from villagedesk.db import store as st

        key_a = st.get_setting(s, engine.K_BUNDLE_KEY)
    body = bd.verify(opened, key_a)
    forged = bd.seal(bd.Header(bd.KIND_PUSH, a2.identity.device_id, 1, 0, 1), body, key_a)
    before = server_state(server.db)
    with pytest.raises(bd.BundleError, match="签名不符"):
        import_at_town(server, forged)
    assert server_state(server.db) == before

    ack, _ = import_at_town(server, data)
    local_a2 = desk_state(a2)
    with pytest.raises(bd.BundleError, match="另一台设备"):
        import_ack(a2, tmp_path, ack)
    assert desk_state(a2) == local_a2
    # an "acknowledgement" for a from a server that does not hold a's key
    fake = bd.seal(bd.Header(bd.KIND_ACK, a.identity.device_id, 1, 0, 0), {"batches": [], "pages": []}, bd.new_key())
    local_a = desk_state(a)
    with pytest.raises(bd.BundleError, match="签名不符"):
        import_ack(a, tmp_path, fake)
    # the village's own bundle is not an acknowledgement, nor the ack a bundle for the town
    with pytest.raises(bd.BundleError, match="回执包"):
        import_ack(a, tmp_path, data)
    with pytest.raises(bd.BundleError, match="回执包"):
        import_at_town(server, ack)
    assert desk_state(a) == local_a


def test_replayed_bundles_are_refused(enrolled, server, tmp_path: Path) -> None:
    a = enrolled("a", VILLAGE)
    register(a, "张三", IDS[0])
    first = export(a, tmp_path, "v1.vdb")
    register(a, "李四", IDS[1])
    second = export(a, tmp_path, "v2.vdb")
    ack1, done1 = import_at_town(server, first)
    ack2, done2 = import_at_town(server, second)
    assert done1.accepted == 1 and done2.accepted == 1 and done2.duplicates == 1
    before = server_state(server.db)
    for old in (first, second):
        with pytest.raises(bd.BundleError, match="已导入过"):
            import_at_town(server, old)
    assert server_state(server.db) == before

    got = import_ack(a, tmp_path, ack2).result
    assert (got.pushed, got.duplicates) == (1, 1)  # both acked, the first one as a duplicate
    assert engine.pending_count(a) == 0
    local = desk_state(a)
    for old in (ack1, ack2):
        with pytest.raises(bd.BundleError, match="已导入过"):
            import_ack(a, tmp_path, old)
    assert desk_state(a) == local


def test_files_that_are_not_bundles(enrolled, server, tmp_path: Path) -> None:
    a = enrolled("a", VILLAGE)
    register(a, "张三", IDS[0])
    before, local = server_state(server.db), desk_state(a)
    rng = random.Random(7)
    samples = {
        "random.bin": rng.randbytes(5000),
        "magic-only.vdb": bd.MAGIC,
        "half-magic.vdb": bd.MAGIC[:5],
        "json.gz": gzip.compress(json.dumps({"v": 1, "batches": []}).encode()),
        "lying-length.vdb": bd.MAGIC + (10**6).to_bytes(4, "big") + b"{}",
        "text.txt": "村级便民代办台".encode(),
    }
    for name, data in samples.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(bd.BundleError) as err:
            srv_bundles.import_bundle(server.db, bd.read_file(tmp_path / name))
        assert any(w in err.value.message for w in ("不是", "不完整", "损坏")), (name, err.value.message)
        with pytest.raises(bd.BundleError):
            offline.import_ack(a, tmp_path / name)
    (tmp_path / "empty.vdb").write_bytes(b"")
    with pytest.raises(bd.BundleError, match="文件为空"):
        bd.read_file(tmp_path / "empty.vdb")
    with pytest.raises(bd.BundleError, match="文件为空"):
        offline.import_ack(a, tmp_path / "empty.vdb")
    huge = tmp_path / "huge.vdb"
    with open(huge, "wb") as f:  # sparse: refused by its size before a byte is read
        f.truncate(bd.MAX_FILE_BYTES + 1)
    with pytest.raises(bd.BundleError, match="文件过大"):
        offline.import_ack(a, huge)
    with pytest.raises(bd.BundleError, match="找不到文件"):
        bd.read_file(tmp_path / "missing.vdb")
    with pytest.raises(bd.BundleError, match="文件夹"):
        bd.read_file(tmp_path)
    assert server_state(server.db) == before and desk_state(a) == local
    os.remove(huge)


def test_bundles_and_network_sync_mixed_converge(enrolled, server, tmp_path: Path) -> None:
    a = enrolled("a", VILLAGE)
    a2 = enrolled("a2", VILLAGE)
    clerk = enrolled("clerk", TOWN, "clerk")
    c1 = register(a, "张三", IDS[0])
    actions.perform(a, c1, EventType.SUBMITTED, {})
    b1 = export(a, tmp_path, "v1.vdb")  # carried to town by hand...
    assert sync(a).pushed == 2  # ...but a link came up first
    c2 = register(a, "李四", IDS[1])
    b2 = export(a, tmp_path, "v2.vdb")
    register(a2, "王五", IDS[2])
    sync(a2)
    sync(clerk)
    actions.perform(clerk, c1, EventType.ACCEPTED, {})
    sync(clerk)

    ack1, d1 = import_at_town(server, b1)
    assert d1.duplicates == 2 and d1.accepted == 0
    ack2, d2 = import_at_town(server, b2)
    assert d2.accepted == 1 and d2.duplicates == 0
    with a.store.read() as s:
        from villagedesk.db import models as m

        cursor_before = s.scalar(select(m.SyncCursor.cursor).where(m.SyncCursor.partition == VILLAGE))
    assert cursor_before and cursor_before > 0
    got1 = import_ack(a, tmp_path, ack1, "ack1.vdb")
    with a.store.read() as s:
        cursor_after = s.scalar(select(m.SyncCursor.cursor).where(m.SyncCursor.partition == VILLAGE))
    assert cursor_after >= cursor_before  # an older acknowledgement never moves the cursor back
    assert got1.result.pulled == 2  # a2's case and the clerk's acceptance
    import_ack(a, tmp_path, ack2, "ack2.vdb")
    sync(a)
    sync(a2)
    sync(clerk)

    with server.db.read() as s:
        held = list(s.scalars(select(sm.ServerEvent.id)))
    assert len(held) == len(set(held)) == 5  # c1 ×2, c2, a2's case, the acceptance
    for d in (a, a2):
        with d.store.read() as s:
            ids = list(s.scalars(select(m.EventRow.id)))
        assert sorted(ids) == sorted(held), d.identity.device_id
        assert engine.pending_count(d) == 0
    states = {d.identity.device_id: {r.id: r.status for r in queries.list_cases(d)} for d in (a, a2, clerk)}
    assert len({json.dumps(v, sort_keys=True) for v in states.values()}) == 1
    assert states[a.identity.device_id][c1] == State.ACCEPTED.value and c2 in states[a.identity.device_id]


def test_command_lines(tmp_path: Path, profile: Path, capsys) -> None:
    """``villagedesk sync --export-bundle/--import-bundle`` and ``villagedesk-server import-bundle``."""
    from tests.conftest import run_cli
    from tests.integration.server_harness import RunningServer
    from villagedesk.server.cli import main
    from villagedesk.server.db import default_url
    from villagedesk.services.desk import Desk

    def town(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(["--data", str(tmp_path / "srv"), *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    db = Database.open(default_url(tmp_path / "srv"))
    srv = RunningServer(db).start()
    try:
        code = srv.code(VILLAGE, "agent", "李娜")
        assert run_cli("enroll", "--server", srv.url, "--code", code, profile=profile).returncode == 0
    finally:
        srv.stop()  # from here on the village has no link at all
    with Desk.open(profile) as d:
        register(d, "张三", IDS[0])
    usb = tmp_path / "usb"
    usb.mkdir()
    out = run_cli("sync", "--export-bundle", str(usb / "out.vdb"), profile=profile)
    assert out.returncode == 0 and "已导出第 1 号离线同步包: 1 条" in out.stdout, out.stderr

    tampered = usb / "tampered.vdb"
    raw = (usb / "out.vdb").read_bytes()
    tampered.write_bytes(_flip(raw, len(raw) // 2))
    rc, _, err = town("import-bundle", str(tampered), "--ack-out", str(usb / "x.vdb"))
    assert rc == 1 and "签名不符" in err and not (usb / "x.vdb").exists()
    rc, text, err = town("import-bundle", str(usb / "out.vdb"), "--ack-out", str(usb / "ack.vdb"))
    assert rc == 0 and "新收 1 条" in text, err
    rc, _, err = town("import-bundle", str(usb / "out.vdb"), "--ack-out", str(usb / "ack-again.vdb"))
    assert rc == 1 and "已导入过" in err

    back = run_cli("sync", "--import-bundle", str(usb / "ack.vdb"), profile=profile)
    assert back.returncode == 0 and "确认上传 1 条" in back.stdout, back.stderr
    again = run_cli("sync", "--import-bundle", str(usb / "ack.vdb"), profile=profile)
    assert again.returncode == 1 and "已导入过" in again.stderr
    with Desk.open(profile) as d:
        assert engine.pending_count(d) == 0
        offline.export_bundle(d, usb / "out2.vdb")
    with pytest.raises(SystemExit) as refused:  # a mistyped folder is refused before anything is imported
        town("import-bundle", str(usb / "out2.vdb"), "--ack-out", str(usb / "gone" / "ack2.vdb"))
    assert refused.value.code == 2
    (usb / "ack2.vdb.part").mkdir()  # the write fails after the import, as on a stick pulled meanwhile
    rc, _, err = town("import-bundle", str(usb / "out2.vdb"), "--ack-out", str(usb / "ack2.vdb"))
    assert rc == 1 and "同步包已导入" in err and "重新导出" in err  # the stick was pulled: say what to do
    db.dispose()


def test_bundle_batches_are_the_network_batches(desk) -> None:
    """The export cuts the outbox exactly where the network engine's ``_next_batch`` would."""
    from villagedesk.services import intake

    forms = [
        intake.IntakeForm(
            item_code="JY006",
            name="张三",
            id_number=IDS[i % 4],
            phone="13812345678",
            mandate_signed=True,
            note="备注" * (i * 37 % 900),
        )
        for i in range(120)
    ]
    intake.register_many(desk, forms)
    for budget in (2 * 1024, 16 * 1024, 64 * 1024):
        eng = offline._engine(desk, budget)
        tried: set[str] = set()
        network: list[list[str]] = []
        while True:
            batch, rest = eng._next_batch(tried)
            if not batch:
                break
            network.append([e.id for e in batch])
            tried.update(network[-1])
            if not rest:
                break
        bundle_batches = [[e.id for e in b] for b in offline._outbox_batches(desk, budget)[0]]
        assert bundle_batches == network and len(network) > 1, budget


def test_an_honest_bundle_is_well_within_the_parse_cost_limit(enrolled, server, tmp_path: Path) -> None:
    """The parse-cost check (``bd.check_parse_cost``, issue 12) refuses bodies far denser than an honest one:
    a real village export (registrations with Chinese names and materials, their submissions, a scan of
    several MB as a base64 string) stays well under it and imports."""
    from tests.integration.test_sync_attachments import _bundle_key, scan
    from villagedesk.services import attachments as svc

    village = enrolled("v", VILLAGE)
    cases = [register(village, name, number) for name, number in zip(["张三", "李四", "王五"], IDS, strict=False)]
    for case in cases:
        actions.perform(village, case, EventType.SUBMITTED, {})
    svc.add_file(village, cases[0], scan(tmp_path, "营业执照.jpg", 6 * 1024 * 1024))
    data = export(village, tmp_path, "honest.vdb")
    opened = bd.open_bytes(data)
    key = _bundle_key(village)
    raw = bd._inflate(
        bd.AESGCM(bd._derive(key, b"enc")).decrypt(opened.packed[:12], opened.packed[12:], opened.head),
        bd.MAX_BODY_BYTES,
    )
    cost, longest = bd.parse_cost(raw)
    assert 8 * 1024 * 1024 < longest < bd.LONGEST_STRING  # the scan's base64, costed a byte a byte
    assert cost < bd.PARSE_DENSITY * len(raw) // 2, (cost, len(raw))
    events = raw.partition(b',"att":')[0] + b"}"  # the events alone, Chinese text and all
    assert bd.parse_cost(events)[0] < bd.PARSE_DENSITY * len(events) * 4 // 5, (bd.parse_cost(events), len(events))
    _, done = srv_bundles.import_bundle(server.db, data)
    assert (done.events, done.accepted) == (len(cases) * 2 + 1, len(cases) * 2 + 1)
