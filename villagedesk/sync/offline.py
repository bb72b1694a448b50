"""USB bundles on the village side: export the outbox as the same byte-sized batches the network sync
pushes, and import the town's acknowledgement bundle through the engine's own apply step (acks,
rejections, pulled page and its cursor in one local transaction per page).

Attachments travel both ways: the push bundle carries the files the town lacks and names (``want``) the
files this village lacks; the ack carries back, up to a byte cap, those the town holds and those its
pulled events name. They are stored through ``attachments.install`` (hashed in memory, then written into
place, sealed on an encrypted profile, then marked present), so a file either arrives whole and checked or
not at all. Whatever did not fit is still missing here, so the next export asks for it again.

A refused acknowledgement bundle changes nothing: its framing, device, tag, number and every batch's
events are checked before the first page is applied. A single attachment in it that is refused (wrong
hash, another village's, not named by any event here) is left out with a message; the rest is applied.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from villagedesk.db import models as m
from villagedesk.db import store as st
from villagedesk.domain.events import Event
from villagedesk.services import failures, restore_counters, sealed_blobs
from villagedesk.services.attachments import blob_path
from villagedesk.services.desk import Desk
from villagedesk.sync import attachment_protocol as ap
from villagedesk.sync import attachments as att
from villagedesk.sync import bundle as bd
from villagedesk.sync import engine
from villagedesk.sync import protocol as proto

K_SEQ = "sync.bundle_seq"  # last bundle number exported
K_ACKED = "sync.bundle_acked"  # last acknowledgement bundle number imported
BUNDLE_TRAIL_BATCHES = 100  # audit-entry batches after the first one a bundle carries (20,000 entries)
BUNDLE_ATTACHMENT_BYTES = bd.ATTACHMENT_BYTES  # attachments per bundle (fits bundle.MAX_UPLOAD_BYTES); the rest next
MAX_WANT = 10_000  # attachments one bundle asks the town for (server/bundles.MAX_WANT)


class _NoLink:
    """The engine's transport slot when the "link" is a USB stick: never used for HTTP."""

    def post(self, *_args: object, **_kw: object) -> Any:
        raise RuntimeError("offline bundle: no transport")

    def close(self) -> None:
        pass


def _engine(desk: Desk, batch_bytes: int = engine.DEFAULT_BATCH_BYTES) -> engine.SyncEngine:
    return engine.SyncEngine(desk, transport=_NoLink(), batch_bytes=batch_bytes)  # type: ignore[arg-type]


def _identity(desk: Desk) -> tuple[str, str]:
    with desk.store.read() as s:
        device = st.get_setting(s, "device_id") or ""
        key = st.get_setting(s, engine.K_BUNDLE_KEY) or ""
        server = st.get_setting(s, engine.K_SERVER) or ""
    if not server or not device:
        raise bd.BundleError("本机尚未注册到镇中心服务器, 请先(在镇中心或有网络时)运行 villagedesk enroll 注册")
    if not key:
        raise bd.BundleError("本机没有离线同步包密钥(用旧版本注册), 请联网重新注册一次后再导出")
    return device, key


@dataclass
class Exported:
    seq: int
    events: int
    batches: int
    bytes: int
    attachments: int = 0
    attachments_left: int = 0  # too many bytes for this bundle: they go in the next one
    wanted: int = 0  # attachments this village lacks, asked of the town
    events_left: int = 0  # past the bundle's event bytes (bundle.EVENT_BYTES): pending for the next one

    def summary(self) -> str:
        text = f"已导出第 {self.seq} 号离线同步包: {self.events} 条待同步记录, {self.batches} 批"
        if self.attachments:
            text += f", 附件 {self.attachments} 个"
        if self.wanted:
            text += f", 请镇中心带回本机缺少的附件 {self.wanted} 个"
        text += f", {self.bytes / 1024:.1f} KB。请拷到镇中心导入, 再把回执包拷回本机导入"
        if self.attachments_left:
            text += f"。另有 {self.attachments_left} 个附件放不下, 将随下一个同步包导出"
        if self.events_left:
            text += f"。另有 {self.events_left} 条记录放不下, 将随下一个同步包导出"
        return text


def _attachments(desk: Desk, budget: int) -> tuple[list[dict[str, str]], int]:
    """The attachments the server is not known to hold, up to ``budget`` bytes: [{"s", "p", "d"}] with the
    bytes base64url-encoded; and how many were left for the next bundle. A local file that no longer
    matches its hash is left out (a network sync reports it)."""
    out: list[dict[str, str]] = []
    left = used = 0
    for item in att.pending_uploads(desk):
        if used + item.size > budget:
            left += 1
            continue
        try:
            data = sealed_blobs.read(desk.paths.root, item.sha)  # the scan itself, unsealed if need be
        except (OSError, sealed_blobs.BlobError):
            continue
        if hashlib.sha256(data).hexdigest() != item.sha:
            continue
        out.append({"s": item.sha, "p": item.partition, "d": base64.urlsafe_b64encode(data).decode("ascii")})
        used += item.size
    return out, left


def _outbox_batches(desk: Desk, batch_bytes: int, budget: int = bd.EVENT_BYTES) -> tuple[list[list[Event]], int]:
    """Pending outbox events, oldest first, cut by the network engine's rule (``SyncEngine._next_batch``:
    payload + 160 bytes each, at least one per batch) in one pass instead of one query per batch; at most
    ``budget`` bytes of them (UTF-8), so the town's cap on a bundle's body (``bundle.MAX_BODY_BYTES``)
    never refuses an honest one: the rest stay pending for the next bundle. Returns (batches, left)."""
    batches: list[list[Event]] = []
    size = used = left = 0
    with desk.store.read() as s:
        rows = s.scalars(
            select(m.EventRow)
            .join(m.OutboxEntry, m.OutboxEntry.event_id == m.EventRow.id)
            .where(m.OutboxEntry.status == "pending")
            .order_by(m.EventRow.local_seq)
            .execution_options(yield_per=1000)
        )
        for row in rows:
            cost = len(row.payload) + 160
            if left or (used and used + len(row.payload.encode("utf-8")) + 160 > budget):
                left += 1
                continue
            used += len(row.payload.encode("utf-8")) + 160
            if not batches or (batches[-1] and size + cost > batch_bytes):
                batches.append([])
                size = 0
            batches[-1].append(st.row_to_event(row))
            size += cost
    return batches, left


def export_bundle(desk: Desk, path: Path, batch_bytes: int = engine.DEFAULT_BATCH_BYTES) -> Exported:
    """Write every pending outbox event (in network-sized batches) and this device's cursors."""
    device, key = _identity(desk)
    eng = _engine(desk, batch_bytes)
    cut, events_left = _outbox_batches(desk, batch_bytes)
    batches = [{"push": proto.group_events(batch)} for batch in cut]
    events = sum(len(g["e"]) for b in batches for g in b["push"])
    eng._audit_found = eng._audit_self_check()  # the town judges a bundle's audit head like a sync's
    eng._trail = True  # a bundle carries the audit entries too (docs/audit.md)
    state = eng._body([], False)  # v, cur, ref, t, aud: exactly what a network request would carry
    body = {"v": state["v"], "cur": state["cur"], "ref": state["ref"], "t": state["t"], "batches": batches}
    carried = _carried(desk)
    if events and carried:  # a restored backup's PCs (sync/engine._body's ``was``): their cases deliver once
        body["was"] = carried
    if "aud" in state:
        body["aud"] = state["aud"]
        more = eng.more_entries(state["aud"].get("e") or {}, BUNDLE_TRAIL_BATCHES)
        if more:
            body["trail"] = more  # the rest of the backlog, batch by batch (docs/audit.md)
    files, left = _attachments(desk, BUNDLE_ATTACHMENT_BYTES)
    if files:
        body["att"] = files
    att.scan_pulled(desk)  # rows for files named by events that came in since the last sync
    want = [[i.sha, i.partition] for i in att.missing_here(desk)][:MAX_WANT]
    if want:
        body["want"] = want
    with desk.store.read() as s:
        seq = int(st.get_setting(s, K_SEQ, "0") or 0) + 1
    data = bd.seal(bd.Header(bd.KIND_PUSH, device, seq, engine.now_ms(), events), body, key)
    bd.write_file(path, data)
    _claim_number(desk, path, seq)
    return Exported(seq, events, len(batches), len(data), len(files), left, len(want), events_left)


def _carried(desk: Desk) -> list[dict[str, str]]:
    """The revoked PCs whose backup was restored here, with their tokens, as a network push names them
    (``was``): without them the town refused the old PC's undelivered cases by their device tag (#18)."""
    with desk.store.read() as s:
        return engine.carried_claims(st.get_setting(s, restore_counters.CARRIED, "") or "")


def _claim_number(desk: Desk, path: Path, seq: int) -> None:
    """Record ``seq`` as exported only now that its file is written: a full or pulled stick leaves no
    gap in the numbers the agent and the town see. If another export took the number meanwhile, or the
    record cannot be committed, the file is removed: every number names exactly one bundle."""
    try:
        with desk.store.write() as s:
            taken = int(st.get_setting(s, K_SEQ, "0") or 0)
            if taken >= seq:
                raise bd.BundleError(f"第 {seq} 号同步包已由另一次导出写出, 本次导出已撤销, 请重新导出")
            st.set_setting(s, K_SEQ, str(seq))
    except BaseException:
        path.unlink(missing_ok=True)
        raise


@dataclass
class AckImported:
    seq: int
    result: engine.SyncResult
    more: bool
    files_refused: list[str] = field(default_factory=list)  # one Chinese line per attachment left out
    files_left: int = 0  # attachments the town holds for this village but could not fit in this ack

    def summary(self) -> str:
        r = self.result
        text = (
            f"已导入第 {self.seq} 号回执包: 确认上传 {r.pushed + r.duplicates} 条, 被拒 {r.rejected} 条, "
            f"收到 {r.pulled} 条"
        )
        if r.attachments_up:
            text += f", 镇中心已收到附件 {r.attachments_up} 个"
        if r.attachments_down:
            text += f", 带回附件 {r.attachments_down} 个"
        if self.files_refused:
            text += "。" + "; ".join(self.files_refused)
        if self.more or self.files_left:
            text += "。镇中心还有更多数据"
            if self.files_left:
                text += f"(附件 {self.files_left} 个)"
            text += ", 请再导出一次同步包带去"
        return text


def _batches(body: dict[str, Any]) -> list[dict[str, Any]]:
    batches = body.get("batches", [])
    if not isinstance(batches, list):
        raise bd.BundleError("回执包内容格式错误, 已拒绝")
    for b in batches:
        ok = isinstance(b, dict) and isinstance(b.get("ids"), list) and isinstance(b.get("ack"), list)
        if not ok or len(b["ids"]) != len(b["ack"]) or not all(isinstance(i, str) for i in b["ids"]):
            raise bd.BundleError("回执包内容格式错误, 已拒绝")
    return batches


def _pages(body: dict[str, Any]) -> list[dict[str, Any]]:
    pages = body.get("pages", [])
    if not isinstance(pages, list) or not all(isinstance(p, dict) for p in pages):
        raise bd.BundleError("回执包内容格式错误, 已拒绝")
    try:
        for p in pages:
            proto.ungroup(p.get("pull"), "pull")
            if not isinstance(p.get("cur", {}), dict):
                raise proto.ProtocolError("cur", "格式错误")
    except proto.ProtocolError:
        raise bd.BundleError("回执包内容格式错误, 已拒绝") from None
    return pages


def _held(body: dict[str, Any]) -> list[tuple[str, str]]:
    """The (sha, partition) attachments the town stored from the bundle."""
    raw = body.get("att", [])
    ok = isinstance(raw, list) and all(
        isinstance(x, list) and len(x) == 2 and ap.is_sha(x[0]) and proto.is_village(x[1]) for x in raw
    )
    if not ok:
        raise bd.BundleError("回执包内容格式错误, 已拒绝")
    return [(x[0], x[1]) for x in raw]


def _incoming(body: dict[str, Any]) -> tuple[list[dict[str, str]], int]:
    """The attachments the town sent back (shape only: each is judged on its own) and how many it kept
    for the next ack."""
    raw, left = body.get("files", []), body.get("fleft", 0)
    ok = isinstance(raw, list) and all(
        isinstance(x, dict) and all(isinstance(x.get(k), str) for k in ("s", "p", "d")) for x in raw
    )
    if not ok or not isinstance(left, int) or isinstance(left, bool) or left < 0:
        raise bd.BundleError("回执包内容格式错误, 已拒绝")
    return raw, left


def _receive(desk: Desk, files: list[dict[str, str]]) -> tuple[int, list[str]]:
    """Store the attachments of an ack that this village lacks; (stored, one message per refused file).
    A file already here (a network sync fetched it meanwhile) is skipped silently."""
    ident = desk.identity
    scopes = proto.scopes_for(ident.role, ident.region_code)
    lacking = {(i.sha, i.partition): i for i in att.missing_here(desk)}
    stored, refused = 0, []
    for f in files:
        sha, partition = f["s"], f["p"]
        item = lacking.get((sha, partition))
        name = (item.name if item else "") or sha[:12]
        if not ap.is_sha(sha):
            refused.append("回执包中有一个附件名称无效, 未保存")
            continue
        if not any(proto.in_scope(scope, partition) for scope in scopes):
            refused.append(f"附件 {name} 属于其他村({partition[:12]}), 不是发给本机的, 未保存")
            continue
        if item is None:
            if not blob_path(desk, sha).exists():
                refused.append(f"附件 {name} 本机没有办件引用, 未保存")
            continue
        try:
            data = base64.urlsafe_b64decode(f["d"].encode("ascii"))
        except (binascii.Error, ValueError):
            data = b""
        if len(data) != item.size:
            refused.append(f"附件 {name} 长度与记录不符(内容损坏), 未保存")
            continue
        try:
            ok = att.install(desk, data, sha, partition)  # no plain temporary file: sealed from memory
        except OSError as exc:
            refused.append(f"附件 {name} 无法写入本机: {failures.file_error(exc)}")
            continue
        if not ok:
            refused.append(f"附件 {name} 内容与其校验值(SHA-256)不符, 已丢弃; 下次同步时重新获取")
            continue
        stored += 1
    return stored, refused


def _load(desk: Desk, batches: list[dict[str, Any]]) -> list[list[Event]]:
    """The pushed events of each batch, from this device's own database, in the acknowledged order."""
    out: list[list[Event]] = []
    with desk.store.read() as s:
        for b in batches:
            rows: dict[str, m.EventRow] = {}
            ids = b["ids"]
            for i in range(0, len(ids), 500):
                rows.update({r.id: r for r in s.scalars(select(m.EventRow).where(m.EventRow.id.in_(ids[i : i + 500])))})
            if any(i not in rows for i in ids):
                raise bd.BundleError("回执包确认的记录本机没有, 不是本机导出的同步包的回执, 已拒绝")
            out.append([st.row_to_event(rows[i]) for i in ids])
    return out


def _no_regression(desk: Desk, page: dict[str, Any]) -> dict[str, Any]:
    """A page's cursor never moves a scope backwards (a network sync may have gone further meanwhile);
    its events are applied either way, duplicates ignored by id."""
    with desk.store.read() as s:
        local = {c.partition: c.cursor for c in s.scalars(select(m.SyncCursor))}
    cur = {k: v for k, v in (page.get("cur") or {}).items() if not (isinstance(v, int) and v < local.get(k, 0))}
    return {**page, "cur": cur}


def import_ack(desk: Desk, path: Path) -> AckImported:
    """Apply the town's acknowledgement bundle: acks per batch, then each pull page with its cursor."""
    device, key = _identity(desk)
    opened = bd.open_bytes(bd.read_file(path))
    head = opened.header
    if head.kind != bd.KIND_ACK:
        raise bd.BundleError("这是村里导出的同步包, 应在镇中心导入; 本机只能导入镇中心写出的回执包")
    if head.device != device:
        raise bd.BundleError("此回执包是发给另一台设备的, 已拒绝")
    body = bd.verify(opened, key)
    with desk.store.read() as s:
        exported = int(st.get_setting(s, K_SEQ, "0") or 0)
        acked = int(st.get_setting(s, K_ACKED, "0") or 0)
    if head.seq > exported:
        raise bd.BundleError(f"本机从未导出第 {head.seq} 号同步包, 此回执包不属于本机, 已拒绝")
    if head.seq <= acked:
        raise bd.BundleError(f"此回执包(第 {head.seq} 号)已导入过, 或早于已导入的第 {acked} 号, 已拒绝")
    batches, pages, held = _batches(body), _pages(body), _held(body)
    files, files_left = _incoming(body)
    events = _load(desk, batches)
    eng = _engine(desk)
    r = engine.SyncResult()
    tried: set[str] = set()
    for b, batch in zip(batches, events, strict=True):
        eng._apply(batch, {"ack": b["ack"], "dup": b.get("dup") or [], "rej": b.get("rej") or []}, r, tried)
    for page in pages:
        eng._apply([], _no_regression(desk, page), r, tried)
    if isinstance(body.get("aud"), dict):
        eng._apply([], {"aud": body["aud"]}, r, tried)  # the audit head the town now holds
    att.mark_held(desk, held)
    r.attachments_up = len(held)
    att.scan_pulled(desk)  # rows for the files the pulled events name, before their bytes are stored
    r.attachments_down, refused = _receive(desk, files)
    with desk.store.write() as s:
        st.set_setting(s, K_ACKED, str(head.seq))
    r.ok = True
    more = bool(pages and pages[-1].get("more"))
    return AckImported(head.seq, r, more, refused, files_left)
