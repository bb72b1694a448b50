"""The HTTP API (FastAPI): enroll, sync, health. The OpenAPI document at /openapi.json is the contract.

Bodies are gzip-compressed JSON in the compact schema of ``villagedesk.sync.protocol`` (protocol 1), or
on ``/api/v1/sync`` the version 2 encoding of ``villagedesk.sync.codec`` (zstd, ids once per body);
handlers read the raw body so that the exact same validation runs here and in the client's tests.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

from villagedesk import __version__
from villagedesk.domain import jsonfast
from villagedesk.domain.lifecycle import Role
from villagedesk.server import (
    attachments,
    audit_heads,
    audit_view,
    auth,
    bundles,
    feed,
    heap,
    http_io,
    public_page,
    quota,
)
from villagedesk.server.db import Database
from villagedesk.server.writer import GroupWriter
from villagedesk.sync import bundle as bd
from villagedesk.sync import codec
from villagedesk.sync import protocol as proto

log = logging.getLogger(__name__)

# Refusals of the framework itself, in the documented {"error", "message", "now"} shape.
_HTTP_ERRORS = {
    404: ("not_found", "没有这个接口或资源"),
    405: ("method_not_allowed", "该接口不支持这种请求方法"),
    408: ("timeout", "请求体传输超时, 请重试"),
    413: ("too_large", "请求体过大"),
}
BUNDLE_HEADER = bd.SUMMARY_HEADER

INLINE_JUDGE_EVENTS = 64  # pushes up to this size are judged on the event loop (~20 µs an event)
INLINE_JUDGE_BYTES = 32 * 1024  # ... and up to this many bytes on the wire


@dataclass
class ServerConfig:
    enroll_failures_per_client: int = 5
    enroll_failures_per_code: int = 5
    enroll_window_s: float = 600.0
    token_ttl_s: float = 0.0  # 0: every request reads the device row, so a revocation holds at once
    bundle_max_bytes: int = bd.MAX_UPLOAD_BYTES  # a clerk's upload of a village's USB bundle
    blob_dir: Path | None = None  # attachments; default: next to a SQLite database file
    public_failures_per_client: int = public_page.FAILURES_PER_CLIENT  # 未找到 answers per address in the window
    public_failures_per_case: int = public_page.FAILURES_PER_CASE  # ... and per case number, from all addresses
    protocol: int = proto.PROTOCOL_VERSION  # the newest version served (1: behave as a server from before v2)
    push_quota: quota.QuotaConfig = field(default_factory=quota.QuotaConfig)  # per-device limits (quota.py)
    upload_quota: quota.UploadQuota = field(default_factory=quota.UploadQuota)  # attachment bytes a device stores
    syncs_at_once: int = quota.SYNCS_AT_ONCE  # a device's sync requests served at once (0: no limit)
    body_idle_s: float = http_io.BODY_IDLE_S  # a request body stalled this long: 408 (``serve --body-timeout``)


_HEADER_PARAMS = [
    {"name": proto.PROTOCOL_HEADER, "in": "header", "required": True, "schema": {"type": "integer"}},
]


_V2_BODY = {
    codec.CONTENT_TYPE: {
        "schema": {"type": "string", "format": "binary"},
        "x-description": "protocol 2: the same document in the encoding of docs/sync-protocol.md (zstd, ids once)",
    }
}


def _body_doc(request_schema: str, reply_schema: str, v2: bool = False) -> dict:
    return {
        "parameters": _HEADER_PARAMS,
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": f"#/components/schemas/{request_schema}"}},
                **(_V2_BODY if v2 else {}),
            },
        },
        "responses": {
            "200": {
                "description": "OK (gzip when accepted; a protocol 2 body is answered in protocol 2)",
                "content": {
                    "application/json": {"schema": {"$ref": f"#/components/schemas/{reply_schema}"}},
                    **(_V2_BODY if v2 else {}),
                },
            },
            "400": {"description": "malformed request or unsupported protocol version"},
            "401": {"description": "missing, unknown or revoked device token"},
            "403": {"description": "enrollment code unknown, used or expired"},
            "413": {"description": "body too large: split the batch"},
            "429": {
                "description": "too many failed enrollment attempts, or the device's push quota is spent (Retry-After)"
            },
        },
    }


def create_app(db: Database, config: ServerConfig | None = None) -> FastAPI:
    cfg = config or ServerConfig()
    writer = GroupWriter(db)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        heap.freeze_startup()
        yield
        writer.close()
        heap.thaw()

    app = FastAPI(
        title="VillageDesk town server",
        version=__version__,
        description="村级便民代办台 镇中心同步服务",
        lifespan=lifespan,
        default_response_class=http_io.SafeJSONResponse,
    )
    auth.announce_cities(db)  # a city device enrolled before the ``city`` reference row existed
    tokens = auth.TokenCache(db, cfg.token_ttl_s)
    limiter = auth.FailureLimiter(cfg.enroll_failures_per_client, cfg.enroll_failures_per_code, cfg.enroll_window_s)
    app.state.db = db
    app.state.tokens = tokens
    app.state.writer = writer
    app.state.protocol = cfg.protocol
    app.state.body_idle_s = cfg.body_idle_s
    pushes = app.state.quota = quota.PushQuota(db, cfg.push_quota)
    inflight = app.state.inflight = quota.InFlight(cfg.syncs_at_once)

    @app.exception_handler(proto.ProtocolError)
    async def _protocol_error(_request: Request, exc: proto.ProtocolError) -> JSONResponse:
        if isinstance(exc, proto.BodyTooLarge):
            return http_io.error(413, "too_large", exc.message)
        if isinstance(exc, http_io.BodyTimeout):
            return http_io.error(408, "timeout", exc.message)
        if isinstance(exc, codec.UnknownDictionary):
            return http_io.error(400, "dictionary", str(exc))  # the client sends again without a dictionary
        return http_io.error(400, "bad_request", str(exc))

    @app.exception_handler(ClientDisconnect)
    async def _client_left(request: Request, _exc: ClientDisconnect) -> Response:
        # A village link that breaks mid-upload is routine, not a server error: one quiet line instead of
        # the ~4 KB traceback per cut that uvicorn would print (a stderr nobody drains then filled up
        # and froze the whole event loop). The reply goes nowhere; the client retries the batch.
        log.info("client left mid-request: %s %s", request.method, request.url.path)
        return Response(status_code=400)

    @app.exception_handler(UnicodeEncodeError)
    async def _unencodable(request: Request, _exc: UnicodeEncodeError) -> JSONResponse:
        # Text that JSON allows but UTF-8 cannot hold (a lone surrogate) reached a database lookup: the
        # request is wrong, not the server. The class is closed where it is seen first; this is the net.
        log.info("unencodable text in %s %s", request.method, request.url.path)
        return http_io.error(400, "bad_request", "请求中含有无法编码的字符(孤立的 Unicode 代理项)")

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException) -> Response:
        # FastAPI's own refusals (no such route, wrong method) in the documented error shape, not {"detail"}
        code, message = _HTTP_ERRORS.get(exc.status_code, ("bad_request", "请求无法处理"))
        headers = dict(exc.headers or {})
        reply = http_io.error(exc.status_code, code, message)
        reply.headers.update(headers)
        return reply

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, _exc: RequestValidationError) -> Response:
        return http_io.error(400, "bad_request", "请求参数格式错误")

    @app.exception_handler(auth.AuthError)
    async def _auth_error(_request: Request, exc: auth.AuthError) -> JSONResponse:
        return http_io.error(401, "unauthorized", str(exc))

    @app.exception_handler(auth.RateLimited)
    async def _rate_limited(_request: Request, exc: auth.RateLimited) -> JSONResponse:
        return http_io.error(429, "rate_limited", str(exc))

    @app.get("/api/v1/health", summary="operator health check")
    async def health() -> dict:
        def check() -> dict:
            with db.snapshot_conn() as conn:
                row = conn.execute(feed.READ_FEED).first()
                seq = row.seq if row else 0
            return {
                "ok": True,
                "version": __version__,
                "protocol": cfg.protocol,
                "db": db.dialect,
                "seq": seq,
                "now": http_io.now_ms(),
            }

        return await run_in_threadpool(check)

    @app.post(
        "/api/v1/enroll",
        summary="exchange a one-time code for a device token",
        openapi_extra=_body_doc("EnrollRequest", "EnrollReply"),
    )
    async def enroll(request: Request) -> Response:
        http_io.protocol_of(request)
        client = request.client.host if request.client else "?"
        limiter.check(client)
        req = proto.parse_enroll(await http_io.read_body(request), cfg.protocol)
        limiter.check(client, req.code)
        try:
            info, token, tag = await run_in_threadpool(auth.enroll, db, req)
        except auth.EnrollRefused as exc:
            if exc.guess:  # a wrong, spent or expired code; not a valid one refused for its device or village
                limiter.failed(client, req.code)
            return http_io.error(403, exc.code, str(exc))
        log.info("device %s enrolled (%s @ %s)", info.id, info.role.value, info.region)
        return http_io.reply(
            request,
            {
                "v": cfg.protocol,
                "dev": info.id,
                "tok": token,
                "role": info.role.value,
                "region": info.region,
                "name": info.name,
                "parts": info.scopes,
                "bk": await run_in_threadpool(auth.bundle_key, db, info.id),
                **({"tag": tag} if tag else {}),
                "now": http_io.now_ms(),
            },
        )

    @app.post(
        "/api/v1/sync",
        summary="push a batch and pull a page in one round trip",
        openapi_extra={**_body_doc("SyncRequest", "SyncReply", v2=True), "security": [{"bearer": []}]},
    )
    async def sync(request: Request) -> Response:
        http_io.protocol_of(request)
        authorization = request.headers.get("authorization")
        device = tokens.cached(authorization)  # a device syncing again: no thread hop, no query
        if device is None:
            device = await run_in_threadpool(tokens.device, authorization, False)  # contact: with the push
        if not inflight.enter(device.id):
            return http_io.error(429, "busy", "本设备已有同步正在进行: 请等它结束后再同步", retry_after=2)
        try:
            return await _sync_as(request, device)
        finally:
            inflight.leave(device.id)

    async def _sync_as(request: Request, device: auth.DeviceInfo) -> Response:
        req = proto.parse_sync(await http_io.read_body(request, v2_ok=True), cfg.protocol)
        if req.carried and req.push:  # a restored backup's PCs: proven by their tokens, for this request only
            carried = await run_in_threadpool(auth.carried_devices, db, device, req.carried)
            device = dataclasses.replace(device, carried=carried)
        if len(req.push) > quota.MAX_PUSH_EVENTS:
            return http_io.error(413, "too_large", f"一次最多上传 {quota.MAX_PUSH_EVENTS} 条事件, 请分批上传")
        try:  # before any judging: a flood costs the server one locked row
            n = len(req.push)
            charged = pushes.enabled and n > 0 and await run_in_threadpool(pushes.take, device.id, n)
        except quota.Refused as exc:
            return http_io.error(429, "quota", exc.message, retry_after=exc.retry_after)
        wire_dict = getattr(request.state, "wire_dict", None)  # a v2 request: a v2 reply
        gzip_ok = "gzip" in request.headers.get("accept-encoding", "")
        seen = tokens.seen_due(device.id)
        size = request.headers.get("content-length", "")
        small = len(req.push) <= INLINE_JUDGE_EVENTS and size.isdigit() and int(size) <= INLINE_JUDGE_BYTES
        if small:  # a few events: cheaper here than a thread hop, and too little to stall the loop
            judged = feed.judge(device, req.push, seen)
        else:
            judged = await run_in_threadpool(feed.judge, device, req.push, seen)
        judged.charged = charged  # the store's transaction settles the quota (dups back, bytes taken)
        pushed = await writer.push(judged)  # group commit with the other devices pushing now

        def work() -> dict | bytes:
            pulled = feed.pull(db, device, req.cursors, req.limit, req.own, req.ref)
            reply: dict = {"v": cfg.protocol, "now": http_io.now_ms(), "cur": pulled.cursors, "more": pulled.more}
            if req.push:
                reply["ack"] = pushed.ack
                if pushed.dup:
                    reply["dup"] = pushed.dup
                if pushed.rej:
                    reply["rej"] = pushed.rej
            if pulled.groups:
                reply["pull"] = pulled.groups
            if pulled.counts is not None:
                reply["cnt"] = pulled.counts
            reply["ref"] = pulled.ref
            aud = audit_heads.observe(db, device.id, req.audit)
            if aud is not None:
                reply["aud"] = aud
            if req.version < cfg.protocol:
                reply["upg"] = True
            if wire_dict is not None:
                return codec.encode(reply, wire_dict, codec.REPLY_ZSTD_LEVEL)
            if gzip_ok:
                return proto.encode_body(reply, proto.REPLY_GZIP_LEVEL)
            return jsonfast.loads(jsonfast.dumps_bytes(reply))  # RawJSON payloads as plain values

        return http_io.reply(request, await run_in_threadpool(work))

    @app.post(
        "/api/v1/bundles",
        summary="a town clerk imports a village's USB bundle; the reply is the acknowledgement bundle",
        openapi_extra={
            "parameters": _HEADER_PARAMS,
            "security": [{"bearer": []}],
            "requestBody": {
                "required": True,
                "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
            },
            "responses": {
                "200": {
                    "description": f"the acknowledgement bundle; counts as JSON in the {BUNDLE_HEADER} header",
                    "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
                },
                "400": {"description": "not a bundle, truncated, tampered, or of a device unknown here"},
                "401": {"description": "missing, unknown or revoked device token"},
                "403": {"description": "the caller is not a clerk device, or the bundle's village is of another town"},
                "409": {"description": "this bundle (or a later one of the device) was imported already"},
                "413": {"description": "the file is larger than the upload limit"},
                "429": {"description": "the village device's push quota is spent: nothing imported (Retry-After)"},
            },
        },
    )
    async def import_bundle(request: Request) -> Response:
        http_io.protocol_of(request)
        device = await run_in_threadpool(tokens.device, request.headers.get("authorization"))
        if device.role is not Role.CLERK:
            return http_io.error(403, "forbidden", "只有镇中心的设备可以导入村里的离线同步包")
        data = await http_io.read_raw(request, cfg.bundle_max_bytes)
        try:
            ack, done = await run_in_threadpool(bundles.import_bundle, db, data, device.region, blob_dir, pushes=pushes)
        except quota.Refused as exc:  # the village device's quota: nothing imported, the same file later
            return http_io.error(429, "quota", exc.message, retry_after=exc.retry_after)
        except bundles.Replayed as exc:
            return http_io.error(409, "replayed", exc.message)
        except bundles.OtherTown as exc:
            return http_io.error(403, "other_town", exc.message)
        except bd.TooLarge as exc:  # inflates past the body cap: refused as it was decompressed
            return http_io.error(413, "too_large", exc.message)
        except bd.BundleError as exc:
            return http_io.error(400, "bad_bundle", exc.message)
        log.info("clerk %s imported bundle %s of device %s", device.id, done.seq, done.device)
        summary = {
            "dev": done.device,
            "region": done.region,
            "n": done.seq,
            "events": done.events,
            "accepted": done.accepted,
            "dup": done.duplicates,
            "rej": done.rejected,
            "pulled": done.pulled,
            "more": done.more,
            "att": done.attachments,
            "att_no": done.attachments_refused,
            "fout": done.files_out,
            "fleft": done.files_left,
        }
        return Response(
            ack,
            media_type="application/octet-stream",
            headers={BUNDLE_HEADER: json.dumps(summary, separators=(",", ":"), ensure_ascii=True)},
        )

    blob_dir = cfg.blob_dir or attachments.default_blob_dir(db)
    attachments.register(app, db, tokens, blob_dir, cfg.upload_quota)
    public_page.register(app, db, cfg.public_failures_per_client, cfg.public_failures_per_case)
    audit_view.register(app, db, tokens)

    def openapi() -> dict:
        if app.openapi_schema is None:
            from fastapi.openapi.utils import get_openapi

            schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            schema.setdefault("components", {}).setdefault("schemas", {}).update(proto.SCHEMAS)
            schema["components"]["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app
