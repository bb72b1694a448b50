"""Importing a village's USB bundle at the town: authenticate it, push its batches through the same
``feed.push`` as network sync (same per-device authorisation, same dead-letter list), pull what the
village should receive since the cursors it recorded, and seal the acknowledgement bundle.

A refused file changes nothing: framing, device, tag, kind, body schema and the replay number are all
checked before the bundle number is claimed and the first event is pushed.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hashlib
import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from villagedesk.domain import jsonfast
from villagedesk.domain.lifecycle import EventType, Role
from villagedesk.server import audit_heads, auth, feed, quota
from villagedesk.server import models as sm
from villagedesk.server.attachments import Attachments, BlobStore
from villagedesk.server.auth import DeviceInfo, utcnow
from villagedesk.server.db import Database
from villagedesk.sync import attachment_protocol as ap
from villagedesk.sync import bundle as bd
from villagedesk.sync import protocol as proto

log = logging.getLogger(__name__)

MAX_ACK_PAGES = 200  # an acknowledgement bundle carries at most this many pull pages; the rest next time
ACK_ATTACHMENT_BYTES = bd.ATTACHMENT_BYTES  # attachment bytes per acknowledgement bundle; the rest in the next one
MAX_WANT = 10_000  # [sha, partition] pairs a push bundle may ask for


class Replayed(bd.BundleError):
    """The bundle's number was imported already (or an older one): HTTP 409 for the clerk's upload."""


class OtherTown(bd.BundleError):
    """The clerk's upload carries a bundle of a device outside the clerk's town: HTTP 403."""


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
    region: str = ""  # the bundle's village
    attachments: int = 0  # stored (or already held) from the bundle
    attachments_refused: int = 0  # another partition, wrong hash, too large, or no storage here
    files_out: int = 0  # attachments sent back to the village in the acknowledgement bundle
    files_left: int = 0  # held here for the village but over the byte cap: they go in the next ack

    def summary(self) -> str:
        text = (
            f"已导入设备 {self.device} 的第 {self.seq} 号离线同步包: 共 {self.events} 条, 新收 {self.accepted} 条, "
            f"重复 {self.duplicates} 条, 被拒 {self.rejected} 条; 回执包带回 {self.pulled} 条"
        )
        if self.attachments or self.attachments_refused:
            text += f"; 附件收到 {self.attachments} 个"
            if self.attachments_refused:
                text += f", 未收 {self.attachments_refused} 个(分区不符、内容损坏或本服务器未配置附件目录)"
        if self.files_out:
            text += f"; 回执包带回附件 {self.files_out} 个"
        if self.files_left:
            text += f"; 另有 {self.files_left} 个附件超出回执包容量, 下次导入时继续带回"
        if self.more:
            text += "(还有更多数据, 下次导入时继续带回)"
        return text


def _files(body: dict[str, Any]) -> list[dict[str, str]]:
    """The bundle's attachments, shape-checked (each is judged on its own when stored)."""
    raw = body.get("att", [])
    ok = isinstance(raw, list) and all(
        isinstance(x, dict) and all(isinstance(x.get(k), str) for k in ("s", "p", "d")) for x in raw
    )
    if not ok:
        raise bd.BundleError("同步包内容格式错误, 已拒绝")
    return raw


def _store_files(
    db: Database, device: DeviceInfo, files: list[dict[str, str]], blob_dir: Path | None, out: Imported
) -> list[list[str]]:
    """Store each attachment the device may write whose bytes match its name; returns [[sha, partition]]."""
    held: list[list[str]] = []
    store = Attachments(db, BlobStore(blob_dir)) if blob_dir else None
    for f in files:
        sha, partition = f["s"], f["p"]
        try:
            data = base64.urlsafe_b64decode(f["d"].encode("ascii"))
        except (binascii.Error, ValueError):
            data = b""
        fits = 0 < len(data) <= ap.MAX_ATTACHMENT_BYTES
        allowed = ap.is_sha(sha) and proto.is_village(partition) and device.may_write(partition)
        if store is None or not fits or not allowed or not store.put_whole(device, sha, partition, data):
            out.attachments_refused += 1
            continue
        held.append([sha, partition])
        out.attachments += 1
    return held


def _wanted(body: dict[str, Any]) -> list[tuple[str, str]]:
    """The ``[sha, partition]`` pairs the village lacks (its attachment rows without bytes), shape-checked."""
    raw = body.get("want", [])
    ok = (
        isinstance(raw, list)
        and len(raw) <= MAX_WANT
        and all(isinstance(x, list) and len(x) == 2 and ap.is_sha(x[0]) and proto.is_village(x[1]) for x in raw)
    )
    if not ok:
        raise bd.BundleError("同步包内容格式错误, 已拒绝")
    return [(x[0], x[1]) for x in raw]


def _referenced(pages: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """The (sha, partition) named by the ``attachment_added`` events of the pages the ack carries back."""
    out = []
    for page in pages:
        for e in proto.parse_events(page.get("pull"), "pull"):
            sha = e.payload.get("sha256") if e.type is EventType.ATTACHMENT_ADDED else None
            if ap.is_sha(sha):
                out.append((str(sha), e.partition))
    return out


def _outgoing(
    db: Database, device: DeviceInfo, pairs: list[tuple[str, str]], blob_dir: Path | None, cap: int, out: Imported
) -> list[dict[str, str]]:
    """Town → village: the attachments the village lacks, as ``[{"s", "p", "d"}]`` like the push body's ``att``.

    Candidates are what the village said it lacks (``want``: its rows without bytes, including what did
    not fit the last ack) and what the events in this ack name. The town keeps no record of what each
    village holds: the village's next bundle asks again for what is still missing, so a file over the
    cap, or not uploaded here yet, simply comes in a later ack. Each is sent only if the device may read
    its partition and that partition holds it complete here (the rule of a network download). Up to
    ``cap`` bytes; the first file always goes, so one file larger than the cap cannot block the others."""
    if blob_dir is None:
        return []
    att = Attachments(db, BlobStore(blob_dir))
    files: list[dict[str, str]] = []
    used = 0
    candidates = [pair for pair in dict.fromkeys(pairs) if device.may_write(pair[1])]
    sizes = att.held_many(candidates)
    for sha, partition in candidates:
        size = sizes.get((sha, partition))
        if size is None:
            continue
        if files and used + size > cap:
            out.files_left += 1
            continue
        try:
            data = att.store.final(sha).read_bytes()
        except OSError:
            continue
        if hashlib.sha256(data).hexdigest() != sha:
            log.warning("stored attachment %s… does not match its name; not sent", sha[:12])
            continue
        files.append({"s": sha, "p": partition, "d": base64.urlsafe_b64encode(data).decode("ascii")})
        used += size
    out.files_out = len(files)
    return files


def _requests(body: dict[str, Any]) -> list[proto.SyncRequest]:
    """The bundle's batches as network sync requests, checked with the network's schema."""
    batches = body.get("batches")
    if not isinstance(batches, list):
        raise bd.BundleError("离线同步包内容格式错误, 已拒绝")
    # every top-level field a sync request has, judged by the same parser (a ``t`` of NaN, ±Infinity, 1.5
    # or 30 digits was once never looked at here, and the bundle imported with 200); ``was``: a restored
    # backup's PCs, as a network push names them (#18)
    base = {"v": body.get("v"), **{k: body[k] for k in ("cur", "ref", "t", "was") if k in body}}
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


def _claim(db: Database, device_id: str, seq: int) -> int:
    """Record the bundle number (replay protection); refuses a number already seen or older. Returns the
    number it replaced (``_unclaim``)."""
    with db.write() as s:
        dev = s.get(sm.Device, device_id)
        if dev is None or dev.revoked_at is not None:
            raise bd.BundleError("该设备已被吊销, 离线同步包已拒绝")
        row = s.get(sm.BundleKey, device_id, with_for_update=True)
        assert row is not None
        if seq <= row.last_in:
            raise Replayed(
                f"此离线同步包(第 {seq} 号)已导入过, 或早于已导入的第 {row.last_in} 号, 已拒绝; "
                "如需重新同步, 请在村里重新导出"
            )
        before, row.last_in = row.last_in, seq
        dev.last_seen = utcnow()
        return before


def _unclaim(db: Database, device_id: str, seq: int, before: int) -> None:
    """Give the number back (the import failed after ``_claim``): the same file can be imported again."""
    with db.write() as s:
        row = s.get(sm.BundleKey, device_id, with_for_update=True)
        if row is not None and row.last_in == seq:
            row.last_in = before


def _in_town(device: DeviceInfo, town: str) -> None:
    """A clerk imports only bundles of village agents of the clerk's own town."""
    if device.role is not Role.AGENT or not proto.in_scope(town, device.region):
        raise OtherTown("此同步包来自其他乡镇的设备, 本镇中心无权导入, 已拒绝")


def import_bundle(
    db: Database,
    data: bytes,
    town: str | None = None,
    blob_dir: Path | None = None,
    att_bytes: int = ACK_ATTACHMENT_BYTES,
    pushes: quota.PushQuota | None = None,
) -> tuple[bytes, Imported]:
    """Apply a village's bundle; returns the acknowledgement bundle's bytes and a summary.
    ``town``: the importing clerk's town (the HTTP upload); the bundle's device must be one of its villages.
    Attachments in it are stored under ``blob_dir`` (the server's data folder); without one they stay
    pending in the village. The ack carries back up to ``att_bytes`` of the attachments the village lacks
    (see ``_outgoing``). ``pushes``: the server's push quota; the bundle's events spend its device's, as
    a network push would (over it: ``quota.Refused`` before anything is claimed, so the same file can be
    imported later)."""
    opened = bd.open_bytes(data)
    head = opened.header
    if head.kind != bd.KIND_PUSH:
        raise bd.BundleError("这是镇中心写出的回执包, 应在村里的电脑上导入, 不能在服务器导入")
    device, key = _device(db, head.device)
    bd.authenticate(opened, key)  # the clear header (device, ``n``) is the file's own: judged before the body
    if town is not None:
        _in_town(device, town)
    _not_replayed(db, device.id, head.seq)
    with _ONE_AT_A_TIME:  # four imports at once once took the server to 1.4 GB: the next one waits
        return _import(db, opened, device, key, blob_dir, att_bytes, pushes)


_ONE_AT_A_TIME = threading.Lock()  # one bundle is inflated and applied at a time per server process


def _not_replayed(db: Database, device_id: str, seq: int) -> None:
    """Refuse a revoked device's file, or a number already imported, before its body is inflated (four
    replayed 0.175 MB files of 180 MB text each took the server to 1.4 GB before their 409). ``_claim``
    judges again, under the row lock, once the body is read."""
    with db.read() as s:
        dev = s.get(sm.Device, device_id)
        row = s.get(sm.BundleKey, device_id)
        if dev is None or dev.revoked_at is not None:
            raise bd.BundleError("该设备已被吊销, 离线同步包已拒绝")
        if row is not None and seq <= row.last_in:
            raise Replayed(
                f"此离线同步包(第 {seq} 号)已导入过, 或早于已导入的第 {row.last_in} 号, 已拒绝; "
                "如需重新同步, 请在村里重新导出"
            )


def _import(
    db: Database,
    opened: bd.Opened,
    device: DeviceInfo,
    key: str,
    blob_dir: Path | None,
    att_bytes: int,
    pushes: quota.PushQuota | None,
) -> tuple[bytes, Imported]:
    head = opened.header
    body = bd.verify(opened, key)
    reqs = _requests(body)
    files = _files(body)
    wanted = _wanted(body)
    events = sum(len(req.push) for req in reqs)
    charged = pushes is not None and pushes.take(device.id, events, bundle=True)
    try:
        before = _claim(db, device.id, head.seq)
    except Exception:
        if charged and pushes is not None:
            pushes.give_back(device.id, min(events, pushes.config.burst_events))  # a replay costs nothing
        raise
    try:
        return _apply(db, device, key, head, reqs, body, files, wanted, blob_dir, att_bytes, charged)
    except Exception:
        _unclaim(db, device.id, head.seq, before)  # a file that could not be imported keeps its number
        raise


def _apply(
    db: Database,
    device: DeviceInfo,
    key: str,
    head: bd.Header,
    reqs: list[proto.SyncRequest],
    body: dict[str, Any],
    files: list[dict[str, str]],
    wanted: list[tuple[str, str]],
    blob_dir: Path | None,
    att_bytes: int,
    charged: bool,
) -> tuple[bytes, Imported]:
    """``import_bundle`` after its number is claimed."""
    out = Imported(device.id, head.seq, region=device.region)
    acks: list[dict[str, Any]] = []
    claims = reqs[0].carried if reqs else ()
    if claims and any(req.push for req in reqs):  # proven by their tokens, as ``app._sync_as`` does online
        device = dataclasses.replace(device, carried=auth.carried_devices(db, device, claims))
    for req in reqs:
        if not req.push:
            continue
        pushed = feed.push(db, device, req.push, charged=charged)
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
    aud = audit_heads.observe(db, device.id, proto.parse_audit(body.get("aud")), body.get("trail"))
    if aud is not None:
        reply["aud"] = aud
    held = _store_files(db, device, files, blob_dir, out)
    if held:
        reply["att"] = held
    back = _outgoing(db, device, wanted + _referenced(pages), blob_dir, att_bytes, out)
    if back:
        reply["files"] = back
    if out.files_left:
        reply["fleft"] = out.files_left
    header = bd.Header(bd.KIND_ACK, device.id, head.seq, reply["now"], out.pulled)
    return bd.seal(header, reply, key), out
