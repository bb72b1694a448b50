"""Importing a village's USB bundle at the town: authenticate it, push its batches through the same
``feed.push`` as network sync (same per-device authorisation, same dead-letter list), pull what the
village should receive since the cursors it recorded, and seal the acknowledgement bundle.

A refused file changes nothing: framing, device, tag, kind, body schema and the replay number are all
checked before the bundle number is claimed and the first event is pushed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from villagedesk.domain import jsonfast
from villagedesk.domain.lifecycle import Role
from villagedesk.server import feed
from villagedesk.server import models as sm
from villagedesk.server.auth import DeviceInfo, utcnow
from villagedesk.server.db import Database
from villagedesk.sync import bundle as bd
from villagedesk.sync import protocol as proto

MAX_ACK_PAGES = 200  # an acknowledgement bundle carries at most this many pull pages; the rest next time


@dataclass
class Imported:
    device: str
    seq: int
    events: int = 0
    accepted: int = 0
    duplicates: int = 0
    rejected: int = 0
    pulled: int = 0
    more: bool = False

    def summary(self) -> str:
        text = (
            f"已导入设备 {self.device} 的第 {self.seq} 号离线同步包: 共 {self.events} 条, 新收 {self.accepted} 条, "
            f"重复 {self.duplicates} 条, 被拒 {self.rejected} 条; 回执包带回 {self.pulled} 条"
        )
        if self.more:
            text += "(还有更多数据, 下次导入时继续带回)"
        return text


def _requests(body: dict[str, Any]) -> list[proto.SyncRequest]:
    """The bundle's batches as network sync requests, checked with the network's schema."""
    batches = body.get("batches")
    if not isinstance(batches, list):
        raise bd.BundleError("离线同步包内容格式错误, 已拒绝")
    base = {"v": body.get("v"), "cur": body.get("cur", {}), "ref": body.get("ref", 0)}
    try:
        reqs = [proto.parse_sync({**base, "push": b.get("push") if isinstance(b, dict) else b}) for b in batches]
        if not reqs:
            reqs = [proto.parse_sync(base)]
    except proto.ProtocolError as exc:
        raise bd.BundleError(f"离线同步包内容格式错误({exc.message}), 已拒绝") from None
    return reqs


def _device(db: Database, device_id: str) -> tuple[DeviceInfo, str]:
    with db.read() as s:
        dev = s.get(sm.Device, device_id)
        key = s.get(sm.BundleKey, device_id)
        if dev is None or key is None:
            raise bd.BundleError("离线同步包来自未在本服务器注册的设备, 已拒绝")
        return DeviceInfo(dev.id, dev.name, Role(dev.role), dev.region), key.key


def _claim(db: Database, device_id: str, seq: int) -> None:
    """Record the bundle number (replay protection); refuses a number already seen or older."""
    with db.write() as s:
        dev = s.get(sm.Device, device_id)
        if dev is None or dev.revoked_at is not None:
            raise bd.BundleError("该设备已被吊销, 离线同步包已拒绝")
        row = s.get(sm.BundleKey, device_id, with_for_update=True)
        assert row is not None
        if seq <= row.last_in:
            raise bd.BundleError(
                f"此离线同步包(第 {seq} 号)已导入过, 或早于已导入的第 {row.last_in} 号, 已拒绝; "
                "如需重新同步, 请在村里重新导出"
            )
        row.last_in = seq
        dev.last_seen = utcnow()


def import_bundle(db: Database, data: bytes) -> tuple[bytes, Imported]:
    """Apply a village's bundle; returns the acknowledgement bundle's bytes and a summary."""
    opened = bd.open_bytes(data)
    head = opened.header
    if head.kind != bd.KIND_PUSH:
        raise bd.BundleError("这是镇中心写出的回执包, 应在村里的电脑上导入, 不能在服务器导入")
    device, key = _device(db, head.device)
    body = bd.verify(opened, key)
    reqs = _requests(body)
    _claim(db, device.id, head.seq)
    out = Imported(device.id, head.seq)
    acks: list[dict[str, Any]] = []
    for req in reqs:
        if not req.push:
            continue
        pushed = feed.push(db, device, req.push)
        ids = [
            raw.get("i") if isinstance(raw, dict) and isinstance(raw.get("i"), str) else "" for _, _, raw in req.push
        ]
        entry: dict[str, Any] = {"ids": ids, "ack": pushed.ack}
        if pushed.dup:
            entry["dup"] = pushed.dup
        if pushed.rej:
            entry["rej"] = pushed.rej
        acks.append(entry)
        out.events += len(ids)
        out.accepted += pushed.accepted
        out.duplicates += len(pushed.dup)
        out.rejected += len(pushed.rej)
    pages: list[dict[str, Any]] = []
    cursors, ref = dict(reqs[0].cursors), reqs[0].ref
    for _ in range(MAX_ACK_PAGES):
        pulled = feed.pull(db, device, cursors, proto.DEFAULT_PAGE_EVENTS, False, ref)
        page: dict[str, Any] = {"cur": pulled.cursors, "more": pulled.more, "ref": pulled.ref}
        if pulled.groups:
            page["pull"] = pulled.groups
        pages.append(jsonfast.loads(jsonfast.dumps_bytes(page)))  # stored payloads (RawJSON) as plain values
        out.pulled += pulled.events
        cursors, ref = pulled.cursors, pulled.ref.get("v", ref) if pulled.ref else ref
        if not pulled.more:
            break
    out.more = bool(pages and pages[-1]["more"])
    reply = {"v": proto.PROTOCOL_VERSION, "now": time.time_ns() // 1_000_000, "batches": acks, "pages": pages}
    header = bd.Header(bd.KIND_ACK, device.id, head.seq, reply["now"], out.pulled)
    return bd.seal(header, reply, key), out
