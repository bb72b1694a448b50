"""The attachment phase of a sync: after the events, so a scan never holds a case back.

Uploads the local attachments the server lacks (asking first, resuming from the server's offset) and
downloads the ones named by pulled ``attachment_added`` events. Chunks are sized to the link: small at
first, doubled while a chunk is quick, halved after a failure, so a cut link costs at most the chunk in
flight. Bytes are metered per calendar month and capped per sync and per month (settings); reaching a
cap ends the phase cleanly with a Chinese note and the rest travels next time.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Protocol

from sqlalchemy import select

from villagedesk.db import models as m
from villagedesk.db import store as st
from villagedesk.domain.lifecycle import EventType
from villagedesk.services import failures, sealed_blobs
from villagedesk.services.attachments import blob_path
from villagedesk.services.desk import Desk
from villagedesk.sync import attachment_protocol as ap
from villagedesk.sync import protocol as proto
from villagedesk.sync.attachment_notes import note_text
from villagedesk.sync.progress import Progress
from villagedesk.sync.transport import ServerRefused, Transport, TransportError

if TYPE_CHECKING:
    from villagedesk.sync.engine import SyncEngine, SyncResult

K_CAP_SYNC = "attachments.cap_sync"  # bytes a single sync may spend on attachments; 0 = no cap
K_CAP_MONTH = "attachments.cap_month"  # bytes a calendar month may spend; 0 = no cap
K_USED = "attachments.used"  # {"month": "YYYY-MM", "bytes": n}
K_SCAN = "attachments.scan_seq"  # events up to this local_seq were looked at for attachments to fetch
DEFAULT_CAP_SYNC = 0
DEFAULT_CAP_MONTH = 200 * 1024 * 1024

MIN_CHUNK = 4 * 1024
START_CHUNK = 16 * 1024
MAX_CHUNK = ap.MAX_CHUNK_BYTES
TARGET_S = 10.0  # a chunk may take about this long: long enough to hide the round trip (a cut keeps what arrived)
MAX_FAILURES = 4  # consecutive failures without progress before the phase gives up (the scheduler retries)
ASK_BATCH = 500
REPLY_RESERVE = 512  # bytes kept back under a cap for the reply to the last request


def _called(item: Item) -> str:
    """How a note names an attachment: its file name, else the start of its hash."""
    return item.name or item.sha[:12]


# --- caps and the meter (what the GUI shows) --------------------------------------------------------


def caps(desk: Desk) -> tuple[int, int]:
    """(per sync, per month) in bytes; 0 = no cap."""
    with desk.store.read() as s:
        per_sync = int(st.get_setting(s, K_CAP_SYNC, str(DEFAULT_CAP_SYNC)) or 0)
        per_month = int(st.get_setting(s, K_CAP_MONTH, str(DEFAULT_CAP_MONTH)) or 0)
    return per_sync, per_month


def set_caps(desk: Desk, per_sync: int | None = None, per_month: int | None = None) -> None:
    """Change the caps (bytes; 0 = no cap); None leaves one as it is."""
    for value in (per_sync, per_month):
        if value is not None and value < 0:
            raise ValueError("流量上限不能为负数")
    with desk.store.write() as s:
        if per_sync is not None:
            st.set_setting(s, K_CAP_SYNC, str(int(per_sync)))
        if per_month is not None:
            st.set_setting(s, K_CAP_MONTH, str(int(per_month)))


def _month(desk: Desk) -> str:
    return desk.today().strftime("%Y-%m")


def _used(raw: str | None, month: str) -> int:
    try:
        data = json.loads(raw or "{}")
    except ValueError:
        return 0
    return int(data.get("bytes", 0)) if isinstance(data, dict) and data.get("month") == month else 0


def attachment_usage(desk: Desk) -> tuple[int, int]:
    """(bytes used on attachments this calendar month, the monthly cap; 0 = no cap)."""
    with desk.store.read() as s:
        used = _used(st.get_setting(s, K_USED), _month(desk))
    return used, caps(desk)[1]


class _Noted(Exception):
    """An exception that is an attachment note: ``code`` of NOTE_TEXTS and its parameters."""

    def __init__(self, code: str, **args: str | int) -> None:
        super().__init__(note_text(code, args))
        self.code, self.args_ = code, args

    @property
    def note(self) -> dict:
        return {"code": self.code, "args": dict(self.args_)}


class CapReached(_Noted):
    """The per-sync or the monthly byte cap is spent; the code says which (cap_sync, cap_month)."""


class Meter:
    """Counts attachment bytes on the wire, persisted per calendar month after every chunk."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.month = _month(desk)
        self.per_sync, self.per_month = caps(desk)
        self.used_month = attachment_usage(desk)[0]
        self.used_sync = 0

    def allowance(self, need: int = 1024) -> int | None:
        """Bytes that may still be spent now (None = no cap); raises CapReached when fewer than ``need``
        are left (a request carrying a few bytes would cost more in headers than it moves)."""
        left: list[int] = []
        if self.per_sync:
            left.append(self.per_sync - self.used_sync)
        month_left = self.per_month - self.used_month
        if self.per_month:
            left.append(month_left)
        if not left:
            return None
        room = min(left) - REPLY_RESERVE
        if room < need:
            if self.per_month and month_left - REPLY_RESERVE < need:
                raise CapReached("cap_month", used=self.used_month, cap=self.per_month)
            raise CapReached("cap_sync", cap=self.per_sync)
        return room

    def add(self, nbytes: int) -> None:
        if nbytes <= 0:
            return
        self.used_sync += nbytes
        self.used_month += nbytes
        with self.desk.store.write() as s:
            st.set_setting(s, K_USED, json.dumps({"month": self.month, "bytes": self.used_month}))


# --- chunk sizing -------------------------------------------------------------------------------------


@dataclass
class ChunkSizer:
    """Bytes per request: start small, double while a chunk takes under half the target, halve when it
    takes too long or a failure cut it before half of it got through (a stall, a link too weak for it).
    A cut after most of the chunk arrived says the link broke, not that the chunk was too big (what
    arrived is kept on both sides): the size stays."""

    size: int = START_CHUNK

    def success(self, nbytes: int, seconds: float) -> None:
        if nbytes >= self.size and seconds < TARGET_S / 2:
            self.size = min(MAX_CHUNK, self.size * 2)
        elif seconds > TARGET_S * 1.5:
            self.size = max(MIN_CHUNK, self.size // 2)

    def failure(self, sent: int, kept: int) -> None:
        if kept * 2 < sent:
            self.size = max(MIN_CHUNK, self.size // 2)


# --- the phase ----------------------------------------------------------------------------------------


@dataclass
class Item:
    row_id: int
    sha: str
    size: int
    partition: str
    name: str


def _rows(desk: Desk, where) -> list[Item]:
    """Attachments matching ``where`` with the partition of their event, one per (sha, partition)."""
    with desk.store.read() as s:
        q = (
            select(m.Attachment.id, m.Attachment.sha256, m.Attachment.size, m.EventRow.partition, m.EventRow.payload)
            .join(m.EventRow, m.EventRow.id == m.Attachment.event_id)
            .where(where)
            .order_by(m.Attachment.id)
        )
        rows = s.execute(q).all()
    out, seen = [], set()
    for rid, sha, size, partition, payload in rows:
        if (sha, partition) in seen or not ap.is_sha(sha) or not 0 < size <= ap.MAX_ATTACHMENT_BYTES:
            continue
        seen.add((sha, partition))
        try:
            name = str(json.loads(payload).get("filename", ""))[:200]
        except (ValueError, AttributeError):
            name = ""
        out.append(Item(rid, sha, size, partition, name))
    return out


def pending_uploads(desk: Desk) -> list[Item]:
    """Local attachments the server is not known to hold (network sync and USB bundles alike)."""
    return _rows(desk, m.Attachment.present.is_(True) & m.Attachment.synced.is_(False))


def missing_here(desk: Desk) -> list[Item]:
    """Attachments named by events here whose bytes are not (network downloads and USB acks alike)."""
    return _rows(desk, m.Attachment.present.is_(False))


def _mark(desk: Desk, pairs: list[tuple[str, str]], **values: bool) -> None:
    if not pairs:
        return
    with desk.store.write() as s:
        for sha, partition in pairs:
            # every row of this file in this partition (the same scan attached twice is one upload)
            s.execute(
                m.Attachment.__table__.update()
                .where(
                    m.Attachment.sha256 == sha,
                    m.Attachment.event_id.in_(select(m.EventRow.id).where(m.EventRow.partition == partition)),
                )
                .values(**values)
            )


def mark_held(desk: Desk, pairs: list[tuple[str, str]]) -> None:
    """The server now holds these (sha, partition) attachments (e.g. acknowledged in a bundle)."""
    _mark(desk, pairs, synced=True)


def scan_pulled(desk: Desk) -> None:
    """Rows (not present yet) for attachments named by events that came from other devices."""
    ev = m.EventRow
    with desk.store.write() as s:
        mark = int(st.get_setting(s, K_SCAN, "0") or 0)
        top = s.scalar(select(ev.local_seq).order_by(ev.local_seq.desc()).limit(1)) or 0
        if top <= mark:
            return
        rows = s.execute(
            select(ev.id, ev.case_id, ev.payload)
            .where(ev.local_seq > mark, ev.type == EventType.ATTACHMENT_ADDED.value)
            .order_by(ev.local_seq)
        ).all()
        ids = [r.id for r in rows]
        known: set[str] = set()
        for i in range(0, len(ids), 500):
            known.update(s.scalars(select(m.Attachment.event_id).where(m.Attachment.event_id.in_(ids[i : i + 500]))))
        for eid, case_id, payload in rows:
            if eid in known:
                continue
            try:
                p = json.loads(payload)
                sha, size = p["sha256"], int(p["size"])
            except (ValueError, KeyError, TypeError):
                continue
            if not ap.is_sha(sha) or not 0 < size <= ap.MAX_ATTACHMENT_BYTES:
                continue
            here = blob_path(desk, sha).exists()
            s.add(
                m.Attachment(
                    sha256=sha,
                    size=size,
                    mime=str(p.get("mime", ""))[:64] or "application/octet-stream",
                    material=str(p.get("material", ""))[:128],
                    case_id=case_id,
                    event_id=eid,
                    present=here,
                    synced=True,
                )
            )
        st.set_setting(s, K_SCAN, str(top))


def install(desk: Desk, data: bytes, sha: str, partition: str) -> bool:
    """Store a received scan held in memory (one out of an acknowledgement bundle) if its bytes hash to its
    name, and mark this partition's rows of it present. Written straight into the store (sealed on an
    encrypted profile): no plain temporary rests beside it. A scan that does not match changes nothing."""
    if hashlib.sha256(data).hexdigest() != sha:
        return False
    sealed_blobs.write(desk.paths.root, sha, data)
    _resize(desk, sha, len(data))
    _mark(desk, [(sha, partition)], present=True)
    return True


class _Skip(_Noted):
    """This attachment cannot move now (refused, not on the server yet); the others go on."""


class _UploadsPaused(_Noted):
    """The server takes no more attachment bytes from this device for now (its upload quota): the other
    uploads wait for a later sync (they would be refused alike); downloads go on."""


class AttachmentPhase:
    def __init__(
        self,
        desk: Desk,
        transport: Transport,
        result: SyncResult,
        tell: Callable[[str, Item | None, int], None],
        cancelled: Callable[[], bool],
    ) -> None:
        self.desk = desk
        self.transport = transport
        self.r = result
        self.tell = tell
        self.cancelled = cancelled
        self.meter = Meter(desk)
        self.chunks = ChunkSizer()
        self.failures = 0
        self.notes: list[dict] = []  # {"code", "args"} of NOTE_TEXTS, in the order they came

    def run(self) -> None:
        try:
            self._scan_pulled()
            try:
                for item in self._ask(self._to_upload()):
                    if self.cancelled():
                        return
                    self._guarded(self._upload, item)
            except _UploadsPaused as exc:
                self.notes.append(exc.note)
            for item in self._to_download():
                if self.cancelled():
                    return
                self._guarded(self._download, item)
        except CapReached as exc:
            self.notes.append(exc.note)
        finally:
            self.r.attachments_waiting = self._waiting()
            if self.notes:
                self.r.add_attachment_notes(self.notes)

    def _guarded(self, step: Callable[[Item], None], item: Item) -> None:
        try:
            step(item)
        except _Skip as exc:
            self.notes.append(exc.note)

    # --- what to move ---------------------------------------------------------------------------

    def _to_upload(self) -> list[Item]:
        return pending_uploads(self.desk)

    def _to_download(self) -> list[Item]:
        return missing_here(self.desk)

    def _waiting(self) -> int:
        with self.desk.store.read() as s:
            rows = s.execute(select(m.Attachment.present, m.Attachment.synced)).all()
        return sum(1 for present, synced in rows if not present or not synced)

    def _scan_pulled(self) -> None:
        scan_pulled(self.desk)

    def _ask(self, items: list[Item]) -> list[Item]:
        """The items the server lacks (each with its resume offset checked later); the rest are marked synced."""
        lacking: list[Item] = []
        for i in range(0, len(items), ASK_BATCH):
            group = items[i : i + ASK_BATCH]
            miss = self._missing(group)
            held = [it for j, it in enumerate(group) if j not in miss]
            self._mark(held, synced=True)
            lacking += [it for j, it in enumerate(group) if j in miss]
        return lacking

    def _missing(self, group: list[Item]) -> dict[int, int]:
        self.meter.allowance()
        body = {"v": proto.PROTOCOL_VERSION, "a": [{"s": it.sha, "n": it.size, "p": it.partition} for it in group]}
        reply = self._call(lambda: self.transport.post(ap.PREFIX + "/missing", body))
        self._count(reply.sent, reply.received)
        out = {}
        for entry in reply.data.get("miss") or []:
            if isinstance(entry, list) and len(entry) == 2 and all(isinstance(x, int) for x in entry):
                out[entry[0]] = entry[1]
        return out

    def _mark(self, items: list[Item], **values: bool) -> None:
        _mark(self.desk, [(it.sha, it.partition) for it in items], **values)

    # --- one request, with the retry rule -------------------------------------------------------

    def _call(self, fn):
        """Run one request; a broken link shrinks the chunk and is retried, up to MAX_FAILURES in a row."""
        while True:
            try:
                return fn()
            except TransportError:
                self.failures += 1
                if self.failures >= MAX_FAILURES or self.cancelled():
                    raise
                time.sleep(min(2.0, 0.25 * self.failures))

    def _count(self, sent: int, received: int, request: bool = True) -> None:
        self.r.attachment_bytes += sent + received
        self.r.bytes_sent += sent
        self.r.bytes_received += received
        self.r.requests += request
        self.meter.add(sent + received)

    # --- upload ---------------------------------------------------------------------------------

    def _plain(self, path: Path, item: Item) -> BinaryIO:
        """The file to send: the scan itself (a sealed file is unsealed in memory; the server keeps its own)."""
        if not sealed_blobs.is_sealed(path):
            return path.open("rb")
        try:
            return io.BytesIO(sealed_blobs.read(self.desk.paths.root, item.sha))
        except sealed_blobs.BlobError:
            raise _Skip("local_damaged", name=_called(item)) from None

    def _upload(self, item: Item) -> None:
        path = blob_path(self.desk, item.sha)
        if not path.exists():
            self._mark([item], present=False)  # lost here; fetched back if another copy reaches the server
            raise _Skip("local_missing", name=_called(item))
        offset: int | None = None
        lost: tuple[int, int] | None = None  # (offset, bytes) of the chunk a broken link cut
        with self._plain(path, item) as f:
            while True:
                if offset is None:
                    offset = self._missing([item]).get(0)
                    if lost is not None:  # what the server kept of the cut chunk need not go again
                        kept = item.size - lost[0] if offset is None else max(0, offset - lost[0])
                        self.r.attachment_resent += max(0, lost[1] - kept)
                        self.chunks.failure(lost[1], kept)
                        self.failures = 0 if kept else self.failures
                        lost = None
                    if offset is None:
                        break  # the server holds it (a retried last chunk got through)
                if offset >= item.size or self.cancelled():
                    break
                self.tell("push", item, offset)
                room = self.meter.allowance(min(MIN_CHUNK, item.size - offset))
                n = min(self.chunks.size, item.size - offset, room if room is not None else item.size)
                f.seek(offset)
                data = f.read(n)
                if len(data) != n:
                    raise _Skip("local_incomplete", name=_called(item))
                headers = {"Content-Range": ap.content_range(offset, offset + n - 1, item.size)}
                try:
                    reply = self.transport.put_bytes(ap.path_for(item.partition, item.sha), data, headers)
                except TransportError:
                    self._count(n, 0, request=False)  # it went on the wire, at least in part
                    self.failures += 1
                    if self.failures >= MAX_FAILURES:
                        raise
                    lost, offset = (offset, n), None  # ask the server how far it got
                    continue
                except ServerRefused as exc:
                    if exc.status == 409 and isinstance(exc.detail.get("off"), int):
                        offset = exc.detail["off"]
                        continue
                    if exc.code == "upload_quota":  # kept here, unsynced: a later sync sends it
                        raise _UploadsPaused("uploads_paused", message=exc.message, server_code=exc.code) from None
                    why = {"message": exc.message, "server_code": exc.code}
                    raise _Skip("upload_refused", name=_called(item), **why) from None
                self._count(reply.sent, reply.received)
                self.chunks.success(n, reply.seconds)
                new = reply.data.get("off")
                if isinstance(new, int) and new > offset:
                    self.failures = 0
                offset = new if isinstance(new, int) else None
                if reply.data.get("done"):
                    break
        if offset is None or offset >= item.size:
            self._mark([item], synced=True)
            self.r.attachments_up += 1
            self.tell("push", item, item.size)

    # --- download -------------------------------------------------------------------------------

    def _download(self, item: Item) -> None:
        final = blob_path(self.desk, item.sha)
        if final.exists():
            self._mark([item], present=True)
            return
        final.parent.mkdir(parents=True, exist_ok=True)
        part = final.with_suffix(".download")
        root = self.desk.paths.root
        sink_file = sealed_blobs.sealed_download(root, part, item.sha) or _PlainDownload(root, part, item.sha)
        named = item.size
        try:
            ok = self._fetch(item, sink_file)
        finally:
            sink_file.close()
        if ok is None:
            return  # cancelled: what arrived stays (sealed on an encrypted profile) for the next sync
        if not ok:
            raise _Skip("download_corrupt", name=_called(item))
        if item.size != named:
            _resize(self.desk, item.sha, item.size)
        self._mark([item], present=True)
        self.r.attachments_down += 1
        self.tell("pull", item, item.size)

    def _fetch(self, item: Item, out: _Partial) -> bool | None:
        """Fetch the rest of ``item`` into ``out`` chunk by chunk, each flushed to disk as it lands; True when
        it is whole and installed, False when its bytes did not match (discarded), None when cancelled."""
        offset = out.offset
        if offset > item.size:
            out.discard()
            raise _Skip("download_too_long", name=_called(item))
        while offset < item.size:
            if self.cancelled():
                return None
            self.tell("pull", item, offset)
            room = self.meter.allowance(min(MIN_CHUNK, item.size - offset))
            n = min(self.chunks.size, item.size - offset, room if room is not None else item.size)
            got = [0]

            def sink(piece: bytes, got: list[int] = got) -> None:
                out.write(piece)
                got[0] += len(piece)

            try:
                reply = self.transport.get_range(ap.path_for(item.partition, item.sha), offset, offset + n - 1, sink)
            except TransportError:
                out.flush()  # what arrived before the cut is kept
                self._count(0, got[0], request=False)
                self.r.attachment_resent += n - got[0]  # at most this may have crossed and been lost
                self.chunks.failure(n, got[0])
                offset += got[0]
                self.failures = 0 if got[0] else self.failures + 1
                if self.failures >= MAX_FAILURES:
                    raise
                continue
            except ServerRefused as exc:
                out.flush()
                if exc.status == 404:
                    raise _Skip("not_uploaded_yet") from None
                total = exc.detail.get("total") if exc.status == 416 else None
                if type(total) is int and total == offset and _size_ok(offset):
                    item.size = offset  # all the file the server has is here: the hash decides
                    break
                if type(total) is int and total < offset:  # longer than the file: start again next sync
                    out.discard()
                    raise _Skip("download_too_long", name=_called(item)) from None
                raise _Skip("download_refused", name=_called(item), message=exc.message, server_code=exc.code) from None
            out.flush()
            self._count(0, got[0])
            self.chunks.success(got[0], reply.seconds)
            self.failures = 0
            offset += got[0]
            if reply.total is not None and reply.total != item.size and _size_ok(reply.total) and reply.total >= offset:
                item.size = reply.total  # the event named another size (stored before #12): the hash decides
        return out.finish()


def _size_ok(n: int) -> bool:
    return 0 < n <= ap.MAX_ATTACHMENT_BYTES


def _resize(desk: Desk, sha: str, size: int) -> None:
    """The bytes of ``sha`` arrived whole and hash to it, with another length than an event named (a row
    stored before the server refused such events): the SHA-256 is the file's identity, so every row of it
    takes the true size (else the same download would be tried, and fail, on every sync)."""
    t = m.Attachment.__table__
    with desk.store.write() as s:
        s.execute(t.update().where(t.c.sha256 == sha, t.c.size != size).values(size=size))


class _Partial(Protocol):
    offset: int

    def write(self, data: bytes) -> None: ...
    def flush(self) -> None: ...
    def close(self) -> None: ...
    def discard(self) -> None: ...
    def finish(self) -> bool: ...


class _PlainDownload:
    """A download in progress on a plain profile: appended to ``….download`` in clear, as always."""

    def __init__(self, root: Path, part: Path, sha: str) -> None:
        self.root, self.part, self.sha = root, part, sha
        self.offset = part.stat().st_size if part.exists() else 0
        self._fh = part.open("ab")

    def write(self, data: bytes) -> None:
        self._fh.write(data)

    def flush(self) -> None:
        self._fh.flush()
        os.fsync(self._fh.fileno())

    def close(self) -> None:
        self._fh.close()

    def discard(self) -> None:
        self.close()
        self.part.unlink(missing_ok=True)

    def finish(self) -> bool:
        """Into the store if its bytes hash to its name; deleted otherwise (False)."""
        self.close()
        if _sha_of(self.part) != self.sha:
            self.part.unlink(missing_ok=True)
            return False
        sealed_blobs.install_file(self.root, self.part, self.sha)
        return True


def _sha_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1024 * 1024), b""):
            h.update(block)
    return h.hexdigest()


def run_phase(eng: SyncEngine, r: SyncResult) -> None:
    """The engine's hook after its event rounds. A broken link ends the run as retryable; the events
    already moved stay counted and applied."""

    def tell(phase: str, item: Item | None, done: int) -> None:
        if eng.progress:
            eng.progress(
                Progress(
                    phase,
                    r.pushed + r.duplicates + r.pulled,
                    r.bytes_sent + r.bytes_received,
                    attachment=item.sha if item else None,
                    attachment_name=item.name if item else "",
                    attachment_bytes=done,
                    attachment_total=item.size if item else 0,
                )
            )

    phase = AttachmentPhase(eng.desk, eng.transport, r, tell, eng.cancel.is_set)
    try:
        phase.run()
    except OSError as exc:  # this PC's disk: full, or a blob folder it may not write
        r.ok, r.retryable = False, True
        r.error = f"附件读写失败(事件已同步): {failures.file_error(exc)}"
    except TransportError as exc:
        r.ok = False
        r.retryable = True
        r.error = f"附件未传完(已完成的部分已保存): {exc}"
    except ServerRefused as exc:
        if exc.status == 404:  # a server without attachment support: events are fine, say so
            r.add_attachment_notes([{"code": "no_attachment_sync", "args": {}}])
            return
        if exc.code == "no_storage":
            r.add_attachment_notes([{"code": "no_storage", "args": {"message": exc.message}}])
            return
        r.ok = False
        r.retryable = exc.status in (429, 500, 502, 503, 504)
        r.error = f"附件同步被服务器拒绝(HTTP {exc.status}): {exc.message}"
    if eng.cancel.is_set():
        r.cancelled, r.ok = True, False
