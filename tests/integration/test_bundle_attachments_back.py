"""Attachments town → village by USB bundle: a scan the town clerk attached (or another device of the
village uploaded) reaches a village with no link in the acknowledgement bundle, hash-checked, within a
byte cap (the rest in the next ack), never for another village, and mixed freely with network sync."""

from __future__ import annotations

import base64
from pathlib import Path

from sqlalchemy import select

from tests.integration.test_sync_attachments import _bundle_key, scan, sync, with_case
from villagedesk.db import models as m
from villagedesk.server import bundles as srv_bundles
from villagedesk.services import attachments as svc
from villagedesk.sync import attachments as att
from villagedesk.sync import bundle as bd
from villagedesk.sync import offline

VILLAGE = "419001100201"
NEIGHBOUR = "419001100202"
TOWN = "419001100000"


def _blobs(server) -> Path:
    return server.app.state.attachments.store.root


def _usb_round(desk, server, tmp: Path, name: str, **kw) -> tuple[srv_bundles.Imported, offline.AckImported]:
    """Village exports, town imports (with its blob folder), village imports the ack."""
    offline.export_bundle(desk, tmp / f"{name}.vdb")
    ack, done = srv_bundles.import_bundle(server.db, (tmp / f"{name}.vdb").read_bytes(), blob_dir=_blobs(server), **kw)
    (tmp / f"{name}-ack.vdb").write_bytes(ack)
    return done, offline.import_ack(desk, tmp / f"{name}-ack.vdb")


def _ack_body(desk, data: bytes) -> tuple[bd.Opened, dict]:
    opened = bd.open_bytes(data)
    return opened, bd.verify(opened, _bundle_key(desk))


def _rows(desk) -> dict[str, tuple[bool, bool]]:
    with desk.store.read() as s:
        return {r.sha256: (r.present, r.synced) for r in s.scalars(select(m.Attachment))}


def test_town_side_attachments_reach_the_village_by_usb(enrolled, server, tmp_path: Path) -> None:
    a = enrolled("a", VILLAGE)  # the village PC without a link: USB only from here on
    a2 = enrolled("a2", VILLAGE)  # a second PC of the village with a link
    clerk = enrolled("clerk", TOWN, "clerk")
    case = with_case(a)
    own = svc.add_file(a, case, scan(tmp_path, "申请表.jpg", 20_000))
    done, got = _usb_round(a, server, tmp_path, "r1")
    assert done.accepted == 3 and done.attachments == 1 and done.files_out == 0
    assert got.result.attachments_down == 0

    assert sync(clerk).ok and sync(a2).ok
    decision = svc.add_file(clerk, case, scan(tmp_path, "审批意见.pdf", 150_000), "审批意见")
    photo = svc.add_file(a2, case, scan(tmp_path, "现场照片.jpg", 40_000), "现场照片")
    assert sync(clerk).attachments_up == 1 and sync(a2).attachments_up == 1

    exported = offline.export_bundle(a, tmp_path / "r2.vdb")
    assert exported.wanted == 0  # a has not seen the new events yet: the town adds what they name
    ack, done = srv_bundles.import_bundle(server.db, (tmp_path / "r2.vdb").read_bytes(), blob_dir=_blobs(server))
    assert done.files_out == 2 and done.files_left == 0 and "回执包带回附件 2 个" in done.summary()
    body = _ack_body(a, ack)[1]
    assert sorted(f["s"] for f in body["files"]) == sorted([decision.sha256, photo.sha256])
    assert own.sha256 not in {f["s"] for f in body["files"]}  # a holds its own file: never sent back
    (tmp_path / "r2-ack.vdb").write_bytes(ack)
    got = offline.import_ack(a, tmp_path / "r2-ack.vdb")
    assert got.result.attachments_down == 2 and not got.files_refused
    assert "带回附件 2 个" in got.summary()
    for info in (decision, photo):
        assert svc.blob_path(a, info.sha256).read_bytes() == info.path.read_bytes()
    listed = {x.sha256: x for x in svc.list_for_case(a, case)}
    assert listed[decision.sha256].present and listed[decision.sha256].filename == "审批意见.pdf"
    assert all(present and synced for present, synced in _rows(a).values())
    assert not list(a.paths.blobs.rglob("*.bundle"))

    again = sync(a)  # the link comes back: nothing to move
    assert again.ok and again.attachments_down == 0 and again.attachment_bytes == 0
    assert offline.export_bundle(a, tmp_path / "r3.vdb").wanted == 0


def test_a_file_whose_bytes_do_not_match_is_refused_alone(enrolled, server, tmp_path: Path) -> None:
    a = enrolled("a", VILLAGE)
    a2 = enrolled("a2", VILLAGE)
    case = with_case(a)
    _usb_round(a, server, tmp_path, "r1")
    assert sync(a2).ok
    good = svc.add_file(a2, case, scan(tmp_path, "good.jpg", 12_000))
    bad = svc.add_file(a2, case, scan(tmp_path, "bad.jpg", 12_000))
    assert sync(a2).attachments_up == 2

    offline.export_bundle(a, tmp_path / "r2.vdb")
    ack, _ = srv_bundles.import_bundle(server.db, (tmp_path / "r2.vdb").read_bytes(), blob_dir=_blobs(server))
    opened, body = _ack_body(a, ack)
    by_sha = {f["s"]: f for f in body["files"]}
    # validly sealed (so the signature holds) but the bytes of one file are not the bytes of its name
    by_sha[bad.sha256]["d"] = base64.urlsafe_b64encode(scan(tmp_path, "x.bin", 12_000).read_bytes()).decode()
    # and a file of another village, which this device may not hold
    body["files"].append({"s": good.sha256, "p": NEIGHBOUR, "d": by_sha[good.sha256]["d"]})
    (tmp_path / "forged.vdb").write_bytes(bd.seal(opened.header, body, _bundle_key(a)))
    got = offline.import_ack(a, tmp_path / "forged.vdb")

    assert got.result.pulled == 2 and got.result.attachments_down == 1  # events and the good file applied
    assert len(got.files_refused) == 2
    assert any("bad.jpg" in x and "SHA-256" in x for x in got.files_refused)
    assert any(NEIGHBOUR in x and "其他村" in x for x in got.files_refused)
    assert "bad.jpg" in got.summary()
    assert svc.blob_path(a, good.sha256).read_bytes() == good.path.read_bytes()
    assert not svc.blob_path(a, bad.sha256).exists()
    assert not list(a.paths.blobs.rglob("*.bundle"))
    assert _rows(a)[bad.sha256] == (False, True)

    exported = offline.export_bundle(a, tmp_path / "r3.vdb")  # asks again for what it still lacks
    assert exported.wanted == 1 and "带回本机缺少的附件 1 个" in exported.summary()
    ack, done = srv_bundles.import_bundle(server.db, (tmp_path / "r3.vdb").read_bytes(), blob_dir=_blobs(server))
    assert done.files_out == 1
    (tmp_path / "r3-ack.vdb").write_bytes(ack)
    assert offline.import_ack(a, tmp_path / "r3-ack.vdb").result.attachments_down == 1
    assert svc.blob_path(a, bad.sha256).read_bytes() == bad.path.read_bytes()


def test_the_town_sends_only_what_the_village_may_hold(enrolled, server, tmp_path: Path) -> None:
    a = enrolled("a", VILLAGE)
    b = enrolled("b", NEIGHBOUR)
    theirs = svc.add_file(b, with_case(b), scan(tmp_path, "邻村.jpg", 8_000))
    assert sync(b).attachments_up == 1
    with_case(a)
    offline.export_bundle(a, tmp_path / "w.vdb")
    opened = bd.open_bytes((tmp_path / "w.vdb").read_bytes())
    body = bd.verify(opened, _bundle_key(a))
    # asking by name for the neighbour's file, under either partition, yields nothing (knowing a hash is
    # not holding the file)
    body["want"] = [[theirs.sha256, NEIGHBOUR], [theirs.sha256, VILLAGE]]
    ack, done = srv_bundles.import_bundle(
        server.db, bd.seal(opened.header, body, _bundle_key(a)), blob_dir=_blobs(server)
    )
    assert done.files_out == 0 and done.files_left == 0
    assert "files" not in _ack_body(a, ack)[1]

    body["want"] = [["not-a-sha", VILLAGE]]
    header = bd.Header(opened.header.kind, opened.header.device, opened.header.seq + 1, 0, 0)
    try:
        srv_bundles.import_bundle(server.db, bd.seal(header, body, _bundle_key(a)), blob_dir=_blobs(server))
    except bd.BundleError as exc:
        assert "格式错误" in exc.message
    else:
        raise AssertionError("a malformed want list must refuse the bundle")


def test_the_byte_cap_splits_files_across_two_acks(enrolled, server, tmp_path: Path) -> None:
    a = enrolled("a", VILLAGE)
    a2 = enrolled("a2", VILLAGE)
    case = with_case(a)
    _usb_round(a, server, tmp_path, "r1")
    assert sync(a2).ok
    infos = [svc.add_file(a2, case, scan(tmp_path, f"p{i}.jpg", 30_000)) for i in range(3)]
    assert sync(a2).attachments_up == 3

    done, got = _usb_round(a, server, tmp_path, "r2", att_bytes=70_000)
    assert done.files_out == 2 and done.files_left == 1
    assert got.result.attachments_down == 2 and got.files_left == 1
    assert "附件 1 个" in got.summary() and "再导出一次" in got.summary()
    missing = [i for i in infos if not svc.blob_path(a, i.sha256).exists()]
    assert len(missing) == 1

    done, got = _usb_round(a, server, tmp_path, "r3", att_bytes=70_000)
    assert done.files_out == 1 and done.files_left == 0
    assert got.result.attachments_down == 1 and got.files_left == 0 and "再导出" not in got.summary()
    for info in infos:
        assert svc.blob_path(a, info.sha256).read_bytes() == info.path.read_bytes()

    # one file larger than the cap still travels (alone), so it can never block the others
    big = svc.add_file(a2, case, scan(tmp_path, "big.jpg", 90_000))
    assert sync(a2).attachments_up == 1
    done, got = _usb_round(a, server, tmp_path, "r4", att_bytes=70_000)
    assert done.files_out == 1 and got.result.attachments_down == 1
    assert svc.blob_path(a, big.sha256).exists()


def test_usb_and_network_downloads_mix(enrolled, server, tmp_path: Path) -> None:
    a = enrolled("a", VILLAGE)
    a2 = enrolled("a2", VILLAGE)
    case = with_case(a)
    _usb_round(a, server, tmp_path, "r1")
    assert sync(a2).ok
    first = svc.add_file(a2, case, scan(tmp_path, "one.jpg", 25_000))
    assert sync(a2).attachments_up == 1

    # the ack carries the file, but a link came back before the ack was imported: the network got it first
    offline.export_bundle(a, tmp_path / "r2.vdb")
    ack, done = srv_bundles.import_bundle(server.db, (tmp_path / "r2.vdb").read_bytes(), blob_dir=_blobs(server))
    assert done.files_out == 1
    net = sync(a)
    assert net.ok and net.attachments_down == 1
    (tmp_path / "r2-ack.vdb").write_bytes(ack)
    got = offline.import_ack(a, tmp_path / "r2-ack.vdb")
    assert got.result.attachments_down == 0 and not got.files_refused  # already here: nothing to do
    assert svc.blob_path(a, first.sha256).read_bytes() == first.path.read_bytes()

    # the network fetched the events but not the file (attachments off): the next bundle asks for it
    second = svc.add_file(a2, case, scan(tmp_path, "two.jpg", 25_000))
    assert sync(a2).attachments_up == 1
    assert sync(a, attachments=False).pulled == 1
    assert offline.export_bundle(a, tmp_path / "r3.vdb").wanted == 1
    ack, done = srv_bundles.import_bundle(server.db, (tmp_path / "r3.vdb").read_bytes(), blob_dir=_blobs(server))
    assert done.files_out == 1
    (tmp_path / "r3-ack.vdb").write_bytes(ack)
    assert offline.import_ack(a, tmp_path / "r3-ack.vdb").result.attachments_down == 1
    assert svc.blob_path(a, second.sha256).read_bytes() == second.path.read_bytes()
    after = sync(a)
    assert after.ok and after.attachments_down == 0 and after.attachments_waiting == 0
    assert att.missing_here(a) == []


def test_clerks_app_reports_the_files_both_ways(enrolled, server, tmp_path: Path) -> None:
    """Through the clerk's app (POST /api/v1/bundles): the counts of files stored from the bundle and
    sent back in the ack reach the clerk, not only the server's log."""
    from villagedesk.sync import relay

    a = enrolled("a", VILLAGE)
    clerk = enrolled("clerk", TOWN, "clerk")
    case = with_case(a)
    svc.add_file(a, case, scan(tmp_path, "申请表.jpg", 20_000))
    first = relay.relay_bundle(clerk, _export(a, tmp_path / "r1.vdb"), tmp_path / "r1-ack.vdb")
    assert (first.attachments, first.attachments_refused, first.files_out, first.files_left) == (1, 0, 0, 0)
    assert offline.import_ack(a, tmp_path / "r1-ack.vdb").result.attachments_up == 1

    assert sync(clerk).ok
    decision = svc.add_file(clerk, case, scan(tmp_path, "审批意见.pdf", 30_000), "审批意见")
    assert sync(clerk).attachments_up == 1
    second = relay.relay_bundle(clerk, _export(a, tmp_path / "r2.vdb"), tmp_path / "r2-ack.vdb")
    assert (second.attachments, second.files_out, second.files_left) == (0, 1, 0)
    got = offline.import_ack(a, tmp_path / "r2-ack.vdb")
    assert got.result.attachments_down == 1
    assert svc.blob_path(a, decision.sha256).read_bytes() == decision.path.read_bytes()


def _export(desk, path: Path) -> Path:
    offline.export_bundle(desk, path)
    return path
