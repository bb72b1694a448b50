"""Request and reply plumbing shared by every route module of the server: the clock, JSON error bodies,
replies in the request's encoding, reading a body (gzip JSON or protocol 2) within its limit, and the
protocol header. Why a module of its own: app.py, attachments.py and bundles.py all need it, and while it
lived in app.py the route modules imported the app that imports them (an import circle).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response

from villagedesk.sync import codec
from villagedesk.sync import protocol as proto


class SafeJSONResponse(JSONResponse):
    """Every JSON reply of the server. A request may carry text that is valid JSON but not UTF-8 (a lone
    surrogate such as \\ud800); a refusal that quotes it must still be sent, not turned into a 500 with a
    plain-text body by the encoder: such a character is sent as "?"."""

    def render(self, content: Any) -> bytes:
        text = json.dumps(content, ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":"))
        return text.encode("utf-8", "replace")


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def error(status: int, code: str, message: str, **extra: object) -> SafeJSONResponse:
    """``{"error", "message", "now", ...extra}`` with ``status``: every refusal of every route. A
    ``retry_after`` (seconds) is also sent as the Retry-After header, which any HTTP client honours."""
    body = {"error": code, "message": message, "now": now_ms(), **extra}
    headers = {"Retry-After": str(extra["retry_after"])} if "retry_after" in extra else None
    return SafeJSONResponse(body, status_code=status, headers=headers)


def reply(request: Request, data: dict | bytes) -> Response:
    """``data`` may already be the encoded body (in a worker thread, off the event loop): a v2 body
    starts with ``codec.MAGIC`` (no gzip stream does), anything else is gzip JSON."""
    if isinstance(data, bytes):
        if codec.dictionary_of(data) is not None:
            return Response(data, media_type=codec.CONTENT_TYPE)
        return Response(data, media_type="application/json", headers={"Content-Encoding": "gzip"})
    if "gzip" in request.headers.get("accept-encoding", ""):
        return Response(proto.encode_body(data), media_type="application/json", headers={"Content-Encoding": "gzip"})
    return SafeJSONResponse(data)


def is_v2(request: Request) -> bool:
    """A version 2 body (``codec.CONTENT_TYPE``), which a version 2 reply answers."""
    return request.headers.get("content-type", "").split(";")[0].strip().lower() == codec.CONTENT_TYPE


async def read_body(request: Request, v2_ok: bool = False) -> object:
    """The decoded document of a gzip JSON (or, where ``v2_ok``, protocol 2) body, refused past the limit
    while it is read, so a huge body is never held whole."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > proto.MAX_BODY_BYTES:
        raise proto.BodyTooLarge("body", "请求体过大")
    data = b""
    async for chunk in _chunks(request):
        data += chunk
        if len(data) > proto.MAX_BODY_BYTES:
            raise proto.BodyTooLarge("body", "请求体过大")
    encoding = request.headers.get("content-encoding", "").strip().lower()
    if is_v2(request):
        if not v2_ok or protocol_of(request) < 2:
            raise proto.ProtocolError("Content-Type", "此接口或此协议版本不接受第 2 版编码的请求体")
        if encoding not in ("", "identity"):
            raise proto.ProtocolError("Content-Encoding", "第 2 版编码的请求体不再另行压缩")
        request.state.wire_dict = codec.dictionary_of(data)  # the reply is compressed with the same
        return codec.decode(data)
    if encoding not in ("", "identity", "gzip"):
        raise proto.ProtocolError("Content-Encoding", "只接受 gzip 压缩或不压缩的请求体")
    return proto.decode_body(data, encoding == "gzip")


async def read_raw(request: Request, limit: int) -> bytes:
    """The body as it came (a bundle file is already compressed and encrypted), refused past ``limit``."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise proto.BodyTooLarge("body", "同步包文件过大, 请在服务器上用 villagedesk-server import-bundle 导入")
    data = bytearray()
    async for chunk in _chunks(request):
        data += chunk
        if len(data) > limit:
            raise proto.BodyTooLarge("body", "同步包文件过大, 请在服务器上用 villagedesk-server import-bundle 导入")
    return bytes(data)


BODY_IDLE_S = 30.0  # a body that makes no progress for this long is cut (408) and its sync slot freed


class BodyTimeout(proto.ProtocolError):
    """The body stopped arriving (``BODY_IDLE_S`` without a byte): 408, the client sends again."""


async def _chunks(request: Request) -> AsyncIterator[bytes]:
    """The request body, piece by piece; a pause longer than the app's ``body_idle_s`` raises
    BodyTimeout, so a client that sends its headers and five bytes cannot hold a device's sync slot."""
    idle = getattr(request.app.state, "body_idle_s", BODY_IDLE_S)
    stream = request.stream().__aiter__()
    while True:
        try:
            chunk = await asyncio.wait_for(stream.__anext__(), idle)
        except StopAsyncIteration:
            return
        except TimeoutError:
            raise BodyTimeout("body", "请求体传输超时, 请重试") from None
        yield chunk


def protocol_of(request: Request) -> int:
    """The request's protocol version; a missing or unsupported header is a clear 400, checked first."""
    value = request.headers.get(proto.PROTOCOL_HEADER)
    if value is None:
        raise proto.ProtocolError(proto.PROTOCOL_HEADER, "缺少协议版本")
    return proto.check_version(value, getattr(request.app.state, "protocol", proto.PROTOCOL_VERSION))
