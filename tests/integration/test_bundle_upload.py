"""POST /api/v1/bundles: the town clerk's app imports a village's USB bundle through the town server.

Round trip through the real client (village exports → clerk uploads → ack file → village imports), and
hostile uploads that must each get a clear 4xx and change nothing: not a bundle, truncated, tampered,
an acknowledgement instead of a bundle, replayed, a village of another town, an agent device calling,
no token, and a file over the upload limit.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from tests.integration.server_harness import running_server
from tests.integration.test_bundles import desk_state, server_state
from tests.integration.test_sync_roundtrip import register, sync
from villagedesk.db import store as st
from villagedesk.server.app import ServerConfig
from villagedesk.services import queries
from villagedesk.sync import bundle as bd
from villagedesk.sync import engine, offline, relay
from villagedesk.sync.transport import ServerRefused, Transport

VILLAGE = "419001100201"
TOWN = "419001100000"
OTHER_VILLAGE = "419001200201"  # a village of another town (419001200000)
IDS = ["419001198001010014", "419001199002020024"]


def token(desk) -> str:
    with desk.store.read() as s:
        return st.get_setting(s, engine.K_TOKEN) or ""


def upload(server, desk_or_token, data: bytes) -> tuple[bytes, dict[str, str]]:
    tok = desk_or_token if isinstance(desk_or_token, str) else token(desk_or_token)
    transport = Transport(server.url, tok or None)
    try:
        return transport.post_bytes(relay.PATH, data)
    finally:
        transport.close()


def refused(server, who, data: bytes) -> ServerRefused:
    with pytest.raises(ServerRefused) as err:
        upload(server, who, data)
    return err.value


def test_clerk_relays_village_bundle_end_to_end(enrolled, server, tmp_path: Path) -> None:
    village = enrolled("v", VILLAGE)
    clerk = enrolled("clerk", TOWN, "clerk")
    cases = [register(village, "张三", IDS[0]), register(village, "李四", IDS[1])]
    stick = tmp_path / "usb"
    stick.mkdir()
    exported = offline.export_bundle(village, stick / "村.vdb")
    assert exported.events == 2

    done = relay.relay_bundle(clerk, stick / "村.vdb", stick / "回执.vdb")
    assert (done.device, done.region, done.seq) == (village.identity.device_id, VILLAGE, 1)
    assert (done.events, done.accepted, done.duplicates, done.rejected) == (2, 2, 0, 0)
    assert (stick / "回执.vdb").read_bytes() == done.ack
    assert bd.open_bytes(done.ack).header.kind == bd.KIND_ACK

    got = offline.import_ack(village, stick / "回执.vdb")
    assert got.result.pushed == 2 and engine.pending_count(village) == 0
    assert sync(clerk).pulled == 2  # the clerk's own app now holds the village's cases too
    for c in cases:
        assert queries.rows_by_ids(village, [c])[0].status == queries.rows_by_ids(clerk, [c])[0].status
    assert engine.case_status(village, cases) == dict.fromkeys(cases, "synced")

    # the same file again: refused as replayed, and nothing is written over the clerk's earlier ack
    with pytest.raises(ServerRefused) as err:
        relay.relay_bundle(clerk, stick / "村.vdb", stick / "again.vdb")
    assert err.value.status == 409 and "已导入过" in relay.reason(err.value)
    assert not (stick / "again.vdb").exists()


def test_hostile_uploads_get_4xx_and_change_nothing(enrolled, server, tmp_path: Path) -> None:
    village = enrolled("v", VILLAGE)
    clerk = enrolled("clerk", TOWN, "clerk")
    foreign = enrolled("far", OTHER_VILLAGE)  # enrolled at this server, but of another town
    register(village, "张三", IDS[0])
    data = (tmp_path / "v.vdb", offline.export_bundle(village, tmp_path / "v.vdb"))[0].read_bytes()
    far = (tmp_path / "far.vdb", offline.export_bundle(foreign, tmp_path / "far.vdb"))[0].read_bytes()
    before, local = server_state(server.db), desk_state(village)

    cases = {
        "random": (random.Random(3).randbytes(4000), 400, "不是"),
        "text": ("村级便民代办台".encode(), 400, "不是"),
        "empty": (b"", 400, "为空"),
        "truncated": (data[:-7], 400, "不完整"),
        "tampered": (data[:200] + bytes([data[200] ^ 1]) + data[201:], 400, "签名不符"),
        "trailing": (data + b"\0", 400, "多余数据"),
        "other town": (far, 403, "其他乡镇"),
    }
    for name, (body, status, words) in cases.items():
        err = refused(server, clerk, body)
        assert err.status == status and words in err.message, (name, err.status, err.message)
        assert server_state(server.db) == before, name

    agent = refused(server, village, data)  # an agent device may not import bundles at all
    assert agent.status == 403 and agent.code == "forbidden" and "镇中心" in agent.message
    assert refused(server, "", data).status == 401
    assert refused(server, "vd1.not-a-token", data).status == 401
    assert server_state(server.db) == before and desk_state(village) == local

    ack, headers = upload(server, clerk, data)
    summary = json.loads(headers[bd.SUMMARY_HEADER.lower()])
    assert summary["accepted"] == 1 and summary["region"] == VILLAGE and summary["n"] == 1
    after = server_state(server.db)
    replay = refused(server, clerk, data)
    assert replay.status == 409 and replay.code == "replayed" and "已导入过" in replay.message
    back = refused(server, clerk, ack)  # the acknowledgement is for the village, not for the town
    assert back.status == 400 and "回执包" in back.message
    assert server_state(server.db) == after


def test_upload_limit(make_desk, tmp_path: Path) -> None:
    """A body over the server's limit is refused with 413 before it is read whole."""
    with running_server("sqlite", tmp_path, ServerConfig(bundle_max_bytes=64 * 1024)) as srv:
        clerk = make_desk("clerk")
        engine.enroll(clerk, srv.url, srv.code(TOWN, "clerk", "镇中心"))
        before = server_state(srv.db)
        err = refused(srv, clerk, bd.MAGIC + bytes(200 * 1024))
        assert err.status == 413 and "过大" in err.message and "import-bundle" in err.message
        assert server_state(srv.db) == before


def test_relay_refuses_locally_before_uploading(enrolled, server, tmp_path: Path) -> None:
    village = enrolled("v", VILLAGE)
    clerk = enrolled("clerk", TOWN, "clerk")
    register(village, "张三", IDS[0])
    offline.export_bundle(village, tmp_path / "v.vdb")
    ack = tmp_path / "ack.vdb"
    relay.relay_bundle(clerk, tmp_path / "v.vdb", ack)
    before = server_state(server.db)
    with pytest.raises(bd.BundleError, match="回执包"):
        relay.relay_bundle(clerk, ack, tmp_path / "x.vdb")  # picked the ack by mistake
    with pytest.raises(bd.BundleError, match="不能覆盖"):
        relay.relay_bundle(clerk, tmp_path / "v.vdb", tmp_path / "v.vdb")
    huge = tmp_path / "huge.vdb"
    with open(huge, "wb") as f:
        f.truncate(bd.MAX_UPLOAD_BYTES + 1)  # sparse: refused by its size
    with pytest.raises(bd.BundleError, match="import-bundle"):
        relay.relay_bundle(clerk, huge, tmp_path / "x.vdb")
    with pytest.raises(bd.BundleError, match="找不到文件"):
        relay.relay_bundle(clerk, tmp_path / "missing.vdb", tmp_path / "x.vdb")
    assert server_state(server.db) == before and not (tmp_path / "x.vdb").exists()
    huge.unlink()


def test_ack_not_saved_keeps_the_ack_in_hand(enrolled, server, tmp_path: Path) -> None:
    village = enrolled("v", VILLAGE)
    clerk = enrolled("clerk", TOWN, "clerk")
    register(village, "张三", IDS[0])
    offline.export_bundle(village, tmp_path / "v.vdb")
    with pytest.raises(relay.AckNotSaved) as err:
        relay.relay_bundle(clerk, tmp_path / "v.vdb", tmp_path / "gone" / "ack.vdb")  # the stick was pulled
    assert "同步包已导入" in err.value.message and "另选位置" in err.value.message
    relay.save_ack(tmp_path / "ack.vdb", err.value.relayed)
    assert offline.import_ack(village, tmp_path / "ack.vdb").result.pushed == 1


def test_revoked_devices(enrolled, server, tmp_path: Path) -> None:
    """A revoked village's bundle is refused (400); a revoked clerk cannot upload at all (401)."""
    from villagedesk.server import auth

    village = enrolled("v", VILLAGE)
    clerk = enrolled("clerk", TOWN, "clerk")
    register(village, "张三", IDS[0])
    offline.export_bundle(village, tmp_path / "v.vdb")
    data = (tmp_path / "v.vdb").read_bytes()
    assert auth.revoke(server.db, village.identity.device_id)
    before = server_state(server.db)
    err = refused(server, clerk, data)
    assert err.status == 400 and "吊销" in err.message
    assert auth.revoke(server.db, clerk.identity.device_id)
    server.app.state.tokens.forget()  # revocation by the CLI is seen within the token cache's TTL
    assert refused(server, clerk, data).status == 401
    assert server_state(server.db) == before


def test_a_bundle_full_of_photos_goes_through_the_clerks_app(enrolled, server, tmp_path: Path) -> None:
    """The village's per-bundle attachment budget, base64 and all, fits the clerk's upload limit: a USB
    bundle the village app writes never needs the server's command line."""
    from tests.integration.test_sync_attachments import scan, with_case
    from villagedesk.services import attachments as svc

    village = enrolled("v", VILLAGE)
    clerk = enrolled("clerk", TOWN, "clerk")
    case = with_case(village)
    size = offline.BUNDLE_ATTACHMENT_BYTES // 4  # four fill the budget to the byte; incompressible like JPEGs
    for n in range(5):
        svc.add_file(village, case, scan(tmp_path, f"照片{n}.jpg", size))
    exported = offline.export_bundle(village, tmp_path / "v.vdb")
    assert exported.attachments == 4 and exported.attachments_left == 1  # the budget was filled
    assert (tmp_path / "v.vdb").stat().st_size <= bd.MAX_UPLOAD_BYTES
    done = relay.relay_bundle(clerk, tmp_path / "v.vdb", tmp_path / "ack.vdb")
    assert done.accepted >= 1 and (tmp_path / "ack.vdb").exists()
