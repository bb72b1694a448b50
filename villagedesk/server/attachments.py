"""Attachment endpoints: ask which are missing, upload byte ranges (resumable), download with Range.

Bytes live in the server's data folder, one file per SHA-256 (``ab/abcdef…``), shared by partitions.
An upload grows ``partial/<sha>-<partition>.part``; the table row says how far it got, so a cut link
costs at most the bytes in flight (the ones that arrived are kept). When the last byte is in, the file
is hashed: a mismatch is refused and discarded, a match is renamed into place atomically. One writer per
(sha, partition) at a time, across processes too (``serve --workers N``, ``import-bundle`` beside a running
server): an asyncio lock queues this process's requests, a file lock (``filelock.py``) keeps other
processes out. A device may
only touch attachments of partitions in its scope; a foreign partition gets 403 before anything is
looked up, so it learns nothing. A partition that never uploaded a file cannot download it, even if
another village's copy is on disk (knowing a hash is not holding the file).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import os
import shutil
import time
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from villagedesk.domain import jsonfast
from villagedesk.server import http_io, quota
from villagedesk.server import models as sm
from villagedesk.server.auth import DeviceInfo, TokenCache, utcnow
from villagedesk.server.db import Database
from villagedesk.server.filelock import FileLock
from villagedesk.sync import attachment_protocol as ap
from villagedesk.sync import protocol as proto

log = logging.getLogger(__name__)

IDLE_READ_S = 60.0  # an upload whose bytes stop for this long is treated as cut (and its lock released)
LOCK_WAIT_S = 30.0
ASK_WAIT_S = 5.0
PIECE = 64 * 1024

FOREIGN = "无权访问该分区的附件"


class NotNamed(Exception):
    """A new upload of a file that no ``attachment_added`` event of its partition held here names (with
    that size): refused, so a token can only store the files its village's cases actually record."""


UNNAMED = "服务器尚未收到登记此附件的事件(或大小不符), 请先同步事件, 附件将在下次同步时上传"


def _named(s, sha: str, partition: str, total: int) -> bool:
    """Whether an event of ``partition`` records this file and size. Stored payloads are canonical JSON
    (sorted keys, no spaces), so the hash appears as ``"sha256":"<sha>"``; the size is read back."""
    q = select(sm.ServerEvent.payload).where(
        sm.ServerEvent.partition == partition,
        sm.ServerEvent.type == "attachment_added",
        sm.ServerEvent.payload.like(f'%"sha256":"{sha}"%'),  # sha: 64 hex digits, checked by the route
    )
    for text in s.scalars(q):
        try:
            payload = jsonfast.loads(text)
        except (ValueError, RecursionError):
            continue
        if type(payload) is dict and payload.get("sha256") == sha and payload.get("size") == total:
            return True
    return False


class BlobStore:
    """Files named by their SHA-256 under ``root``; partial uploads per (sha, partition)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def free_space_root(self) -> Path:
        """The nearest existing folder of the store (before the first upload ``root`` may not exist yet):
        whose disk's free space the upload floor reads."""
        path = self.root
        while not path.exists() and path.parent != path:
            path = path.parent
        return path

    def final(self, sha: str) -> Path:
        return self.root / sha[:2] / sha

    def partial(self, sha: str, partition: str) -> Path:
        return self.root / "partial" / f"{sha}-{partition}.part"

    def lock_path(self, sha: str, partition: str) -> Path:
        """The file whose OS lock says a process is writing this partial upload."""
        return self.root / "partial" / f"{sha}-{partition}.lock"


def default_blob_dir(db: Database) -> Path | None:
    """Next to a SQLite database file; a PostgreSQL server must be told (``ServerConfig.blob_dir``)."""
    if db.dialect != "sqlite":
        return None
    name = db.engine.url.database
    if not name or name == ":memory:":
        return None
    return Path(name).parent / "blobs"


def _hash_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1024 * 1024), b""):
            h.update(block)
    return h.hexdigest()


class Attachments:
    """The storage and table logic; the HTTP handlers below only translate."""

    def __init__(
        self, db: Database, store: BlobStore, limits: quota.UploadQuota | None = None, clock=time.time
    ) -> None:
        self.db = db
        self.store = store
        self.limits = limits or quota.UploadQuota()
        self._clock = clock
        self._locks: dict[tuple[str, str], asyncio.Lock] = {}

    def lock(self, sha: str, partition: str) -> asyncio.Lock:
        key = (sha, partition)
        if key not in self._locks:
            if len(self._locks) > 10_000:
                self._locks = {k: v for k, v in self._locks.items() if v.locked()}
            self._locks[key] = asyncio.Lock()
        return self._locks[key]

    @contextlib.asynccontextmanager
    async def hold(self, sha: str, partition: str, wait_s: float) -> AsyncIterator[bool]:
        """Sole use of one (sha, partition) upload: first this process's queue (asyncio), then the file lock
        that other processes take too. Yields False (holding nothing) when not free within ``wait_s``."""
        deadline = time.monotonic() + wait_s
        lock = self.lock(sha, partition)
        try:
            await asyncio.wait_for(lock.acquire(), wait_s)
        except TimeoutError:
            yield False
            return
        try:
            flock = FileLock(self.store.lock_path(sha, partition))
            if not await flock.acquire_async(max(0.0, deadline - time.monotonic())):
                yield False
                return
            try:
                yield True
            finally:
                flock.release()
        finally:
            lock.release()

    async def settle(self, items: list[ap.Wanted], wait_s: float = ASK_WAIT_S) -> None:
        """Let uploads of these items that are still running (in this process or another) finish first: a
        client asking right after its link broke would otherwise be told an offset from before its cut
        request was recorded."""
        for w in items:
            lock = self._locks.get((w.sha, w.partition))
            if (lock is not None and lock.locked()) or self.store.lock_path(w.sha, w.partition).exists():
                async with self.hold(w.sha, w.partition, wait_s):
                    pass

    def missing(self, items: list[ap.Wanted]) -> list[list[int]]:
        """[[index, offset to resume from], ...] for every item not complete here."""
        shas = sorted({w.sha for w in items})
        rows: dict[tuple[str, str], sm.ServerAttachment] = {}
        with self.db.read() as s:
            for i in range(0, len(shas), 500):
                q = select(sm.ServerAttachment).where(sm.ServerAttachment.sha256.in_(shas[i : i + 500]))
                rows.update({(r.sha256, r.partition): r for r in s.scalars(q)})
        out = []
        for idx, w in enumerate(items):
            row = rows.get((w.sha, w.partition))
            if row is None:
                out.append([idx, 0])
            elif not row.complete:
                out.append([idx, row.received if row.size == w.size else 0])
            elif row.size != w.size:
                # held, but not the file asked about: a size an event named wrongly is not "held" (its
                # upload is then refused with the file's true size, 416)
                out.append([idx, 0])
        return out

    def begin(self, device: DeviceInfo, sha: str, partition: str, total: int) -> tuple[int, bool]:
        """The row for an upload (created or reset to this size); returns (received, complete)."""
        with self.db.write() as s:
            row = s.get(sm.ServerAttachment, (sha, partition))
            if row is None:
                if not _named(s, sha, partition, total):
                    raise NotNamed(UNNAMED)
                self._room(s, device, total)
                row = sm.ServerAttachment(
                    sha256=sha,
                    partition=partition,
                    size=total,
                    received=0,
                    complete=False,
                    device_id=device.id,
                    created_at=utcnow(),
                )
                s.add(row)
            elif row.complete:
                if row.size != total:
                    raise ap.RangeError("Content-Range", f"该附件总长为 {row.size} 字节")
                return row.size, True
            elif row.size != total:
                # a different claim: held to the same rule as a new upload (an event of the partition names
                # this size), else refused with the old upload left as it was; the hash at the end decides.
                # It is this device's upload from now on, and the new size is counted against its quota
                # (without the old claim's)
                if not _named(s, sha, partition, total):
                    raise NotNamed(UNNAMED)
                self._room(s, device, total, (sha, partition))
                row.size, row.received, row.device_id = total, 0, device.id
            return row.received, False

    def _room(self, s, device: DeviceInfo, need: int, besides: tuple[str, str] | None = None) -> None:
        """Raise quota.UploadRefused unless ``need`` more bytes fit in the device's attachment quota. The
        device's row is locked first (PostgreSQL; SQLite's write transaction is already the one writer),
        so concurrent uploads of one device, in any worker, are counted one after another."""
        cfg = self.limits
        if cfg.min_free:
            disk = shutil.disk_usage(self.store.free_space_root())
            quota.disk_room(cfg, need, disk.total, disk.free)
        if not cfg.per_day and not cfg.total:
            return
        s.execute(select(sm.Device.id).where(sm.Device.id == device.id).with_for_update())
        a = sm.ServerAttachment
        q = select(a.sha256, a.partition, a.size, a.created_at).where(a.device_id == device.id)
        now = self._clock()
        since = datetime.fromtimestamp(now - quota.UPLOAD_WINDOW_S, UTC).replace(tzinfo=None)
        total_used, recent = 0, []
        for sha, partition, size, created in s.execute(q):
            if (sha, partition) == besides:
                continue
            total_used += size
            if created >= since:
                recent.append((created.replace(tzinfo=UTC).timestamp(), size))
        recent.sort()
        quota.upload_room(cfg, need, now, recent, total_used)

    def advance(self, sha: str, partition: str, received: int) -> None:
        with self.db.write() as s:
            row = s.get(sm.ServerAttachment, (sha, partition))
            if row is not None and not row.complete:
                row.received = received

    def finish(self, sha: str, partition: str) -> bool:
        """Hash the complete upload: into place when it matches, else discarded. Returns whether it matched."""
        part = self.store.partial(sha, partition)
        ok = part.exists() and _hash_file(part) == sha
        with self.db.write() as s:
            row = s.get(sm.ServerAttachment, (sha, partition))
            if not ok:
                part.unlink(missing_ok=True)
                if row is not None:
                    s.delete(row)
                return False
            final = self.store.final(sha)
            if final.exists():
                part.unlink()
            else:
                final.parent.mkdir(parents=True, exist_ok=True)
                os.replace(part, final)
            if row is not None:
                row.received, row.complete, row.completed_at = row.size, True, utcnow()
        return True

    def put_whole(self, device: DeviceInfo, sha: str, partition: str, data: bytes, wait_s: float = LOCK_WAIT_S) -> bool:
        """Store a whole attachment at once (a USB bundle); False when the bytes do not match the name, or
        when an upload of it (in any process) kept it busy for ``wait_s``: the village then keeps it pending."""
        if hashlib.sha256(data).hexdigest() != sha:
            return False
        flock = FileLock(self.store.lock_path(sha, partition))
        if not flock.acquire(wait_s):
            log.info("attachment %s… busy; not taken from the bundle", sha[:12])
            return False
        try:
            if self.held(sha, partition) is not None:
                return True
            try:
                self.begin(device, sha, partition, len(data))
            except NotNamed:
                return False  # no event of the bundle (or before it) names the file: it stays pending
            except quota.UploadRefused:
                return False  # past the village device's attachment quota: it stays pending too
            part = self.store.partial(sha, partition)
            part.parent.mkdir(parents=True, exist_ok=True)
            with part.open("wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            return self.finish(sha, partition)
        finally:
            flock.release()

    def held_many(self, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
        """``held`` for many (sha, partition) pairs in a few queries: {pair: size} of those complete here."""
        want = set(pairs)
        shas = sorted({sha for sha, _ in want})
        out: dict[tuple[str, str], int] = {}
        with self.db.read() as s:
            for i in range(0, len(shas), 500):
                q = select(sm.ServerAttachment).where(
                    sm.ServerAttachment.sha256.in_(shas[i : i + 500]), sm.ServerAttachment.complete.is_(True)
                )
                out.update({(r.sha256, r.partition): r.size for r in s.scalars(q) if (r.sha256, r.partition) in want})
        return {k: v for k, v in out.items() if self.store.final(k[0]).exists()}

    def held(self, sha: str, partition: str) -> int | None:
        """The size of a complete attachment of this partition, else None."""
        with self.db.read() as s:
            row = s.get(sm.ServerAttachment, (sha, partition))
        if row is None or not row.complete or not self.store.final(sha).exists():
            return None
        return row.size


async def _pieces(request: Request) -> AsyncIterator[bytes]:
    """The request body; a pause longer than IDLE_READ_S counts as a cut link."""
    stream = request.stream().__aiter__()
    while True:
        try:
            piece = await asyncio.wait_for(stream.__anext__(), IDLE_READ_S)
        except StopAsyncIteration:
            return
        except TimeoutError:
            raise ClientDisconnect() from None
        if piece:
            yield piece


def register(
    app: FastAPI, db: Database, tokens: TokenCache, blob_dir: Path | None, limits: quota.UploadQuota | None = None
) -> None:
    """Add the attachment routes to the app (see docs/sync-protocol.md)."""
    att = Attachments(db, BlobStore(blob_dir), limits) if blob_dir else None
    app.state.attachments = att

    @app.exception_handler(ap.RangeError)
    async def _range_error(_request: Request, exc: ap.RangeError) -> JSONResponse:
        return http_io.error(416, "range", exc.message)

    @app.exception_handler(ap.TooLarge)
    async def _too_large(_request: Request, exc: ap.TooLarge) -> JSONResponse:
        return http_io.error(413, "too_large", exc.message)

    @app.exception_handler(quota.UploadRefused)
    async def _upload_refused(_request: Request, exc: quota.UploadRefused) -> JSONResponse:
        if exc.retry_after:
            return http_io.error(exc.status, "upload_quota", exc.message, retry_after=exc.retry_after)
        return http_io.error(exc.status, "upload_quota", exc.message)

    @app.exception_handler(NotNamed)
    async def _not_named(_request: Request, exc: NotNamed) -> JSONResponse:
        return http_io.error(409, "unnamed", str(exc))

    async def guard(request: Request, partition: str | None = None, sha: str | None = None) -> DeviceInfo:
        http_io.protocol_of(request)
        device = await run_in_threadpool(tokens.device, request.headers.get("authorization"))
        if sha is not None:
            ap.check_sha(sha)
        if partition is not None:
            ap.check_partition(partition)
        return device

    def unavailable() -> JSONResponse:
        return http_io.error(503, "no_storage", "本服务器未配置附件存储目录")

    @app.post(
        ap.PREFIX + "/missing",
        summary="which of these attachments does the server lack, and from which offset to resume",
        openapi_extra={"security": [{"bearer": []}]},
    )
    async def missing(request: Request) -> Response:
        device = await guard(request)
        items = ap.parse_ask(await http_io.read_body(request))
        if any(not device.may_write(w.partition) for w in items):
            return http_io.error(403, "partition", FOREIGN)
        if att is None:
            return unavailable()
        await att.settle(items)
        miss = await run_in_threadpool(att.missing, items)
        return http_io.reply(request, {"v": proto.PROTOCOL_VERSION, "now": http_io.now_ms(), "miss": miss})

    @app.put(
        ap.PREFIX + "/{partition}/{sha:path}",
        summary="upload one byte range (Content-Range: bytes START-END/TOTAL)",
        openapi_extra={"security": [{"bearer": []}]},
    )
    async def upload(partition: str, sha: str, request: Request) -> Response:
        device = await guard(request, partition, sha)
        if not device.may_write(partition):
            return http_io.error(403, "partition", FOREIGN)
        start, end, total = ap.parse_content_range(
            request.headers.get("content-range"), request.headers.get("content-length")
        )
        if att is None:
            return unavailable()
        async with att.hold(sha, partition, LOCK_WAIT_S) as mine:
            if not mine:
                return http_io.error(409, "busy", "该附件正在由另一连接上传, 请稍后再试")
            return await _upload_locked(att, device, partition, sha, start, end, total, request)

    @app.get(
        ap.PREFIX + "/{partition}/{sha:path}",
        summary="download an attachment (Range: bytes=START-END for a part)",
        openapi_extra={"security": [{"bearer": []}]},
    )
    async def download(partition: str, sha: str, request: Request) -> Response:
        device = await guard(request, partition, sha)
        if not device.may_write(partition):
            return http_io.error(403, "partition", FOREIGN)
        if att is None:
            return unavailable()
        size = await run_in_threadpool(att.held, sha, partition)
        if size is None:
            return http_io.error(404, "missing", "服务器尚无此附件(可能尚未上传完成)")
        try:
            rng = ap.parse_range(request.headers.get("range"), size)
        except ap.RangeError as exc:
            resp = http_io.error(416, "range", exc.message)
            resp.headers["Content-Range"] = f"bytes */{size}"
            return resp
        start, end = rng if rng else (0, size - 1)
        headers = {"Content-Length": str(end - start + 1), "Accept-Ranges": "bytes", "ETag": f'"{sha}"'}
        if rng:
            headers["Content-Range"] = ap.content_range(start, end, size)
        path = att.store.final(sha)

        def read() -> Iterator[bytes]:
            with path.open("rb") as f:
                f.seek(start)
                left = end - start + 1
                while left > 0:
                    block = f.read(min(PIECE, left))
                    if not block:
                        return
                    left -= len(block)
                    yield block

        return StreamingResponse(
            read(), status_code=206 if rng else 200, media_type="application/octet-stream", headers=headers
        )


async def _upload_locked(
    att: Attachments, device: DeviceInfo, partition: str, sha: str, start: int, end: int, total: int, request: Request
) -> Response:
    received, complete = await run_in_threadpool(att.begin, device, sha, partition, total)
    if complete:
        return JSONResponse({"off": total, "done": True, "now": http_io.now_ms()})
    if start > received:
        return http_io.error(409, "offset", f"上传应从第 {received} 字节继续", off=received)
    part = att.store.partial(sha, partition)
    part.parent.mkdir(parents=True, exist_ok=True)
    pos = start  # the byte of the attachment the next body byte is
    cut = too_long = False
    with part.open("r+b" if part.exists() else "w+b") as f:
        f.truncate(received)
        f.seek(received)
        try:
            async for piece in _pieces(request):
                if pos + len(piece) > end + 1:
                    too_long = True
                    break
                skip = max(0, received - pos)  # bytes the server already holds (an overlapping retry)
                if skip < len(piece):
                    f.write(piece[skip:])
                pos += len(piece)
        except ClientDisconnect:
            cut = True
        if too_long:
            f.truncate(received)
        else:
            f.flush()
            os.fsync(f.fileno())
    if too_long:
        return http_io.error(400, "bad_request", "请求体长于 Content-Range")
    now_have = max(received, pos)
    if now_have < total:
        # the row never says "all received" before the hash is checked: a crash in between resends the tail
        if now_have != received:
            await run_in_threadpool(att.advance, sha, partition, now_have)
        if cut:
            log.info("upload of %s… cut at byte %d", sha[:12], now_have)
            return Response(status_code=400)  # nobody is listening
        if pos != end + 1:
            return http_io.error(400, "bad_request", "请求体短于 Content-Range", off=now_have)
        return JSONResponse({"off": now_have, "done": False, "now": http_io.now_ms()})
    if not await run_in_threadpool(att.finish, sha, partition):
        return http_io.error(422, "sha_mismatch", "附件内容与其 SHA-256 不符, 已丢弃, 请重新上传")
    log.info("attachment %s… complete for %s", sha[:12], partition)
    return JSONResponse({"off": total, "done": True, "now": http_io.now_ms()})
