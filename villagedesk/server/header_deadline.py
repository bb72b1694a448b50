"""Deadlines on every connection ``serve`` accepts, and the JSON error shape for requests uvicorn's parser
refuses.

uvicorn closes a connection that stays idle between requests (``timeout_keep_alive``) but has no limit on
how long a request's headers may take: a socket that sent ``POST /api/v1/sync HTTP/1.1\\r\\nHost: x\\r\\n``
and nothing more stayed open for good, needing no token, and 1,100 of them (``ulimit -n 1024``) made
``/api/v1/health`` unreachable. uvicorn offers no hook for it, so ``serve`` runs this subclass of its own
httptools protocol (``httptools`` is a dependency of the server) with an asyncio timer, driven by the
parser's own callbacks, so it holds for every request of a connection, pipelined ones too:

- the headers: from the connection's start, and from the first byte of every later request
  (``on_message_begin``: a request sent in the same write as the one before it once escaped the
  deadline, and held the socket for the whole keep-alive), until its headers are complete; else the
  connection is closed;
- an idle kept-alive connection with no byte of a next request is keep-alive's to close;
- the rest of a body nobody reads any more (the reply was sent first: a 401, a 413, the 408 of a body
  that stalled) must keep coming: no byte for ``serve --body-timeout`` seconds and the connection is
  closed (it once stayed for the whole keep-alive after the reply, and for good while a byte trickled);
  once it is complete the keep-alive timer runs again (uvicorn's stopped at the first byte of it).

A body the app reads has its own limit (``serve --body-timeout``, ``http_io._chunks``: 408). The seconds
come from ``serve`` through the environment (``ENV``, ``BODY_ENV``), so every ``--workers`` process reads
them.

A request the parser refuses (``Content-Length: -1``, ``Transfer-Encoding: chunked`` beside a
``Content-Length``, a broken request line) got uvicorn's plain-text 400; it gets the project's JSON error
shape (``send_400_response``), and the connection is closed as before.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import time
from collections.abc import Sequence
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

HEADER_TIMEOUT_S = 15.0
BODY_TIMEOUT_S = 30.0  # http_io.BODY_IDLE_S
ENV = "VILLAGEDESK_SERVER_HEADER_TIMEOUT"
BODY_ENV = "VILLAGEDESK_SERVER_BODY_TIMEOUT"
NAME = "villagedesk.server.header_deadline:HeaderDeadlineProtocol"  # uvicorn.run(http=NAME)
BAD_REQUEST = "请求格式错误(HTTP 请求头无法解析), 已拒绝"


def configured(env: str = ENV, default: float = HEADER_TIMEOUT_S) -> float:
    """The seconds ``serve`` was given (``env``), else the default."""
    try:
        value = float(os.environ.get(env, ""))
    except ValueError:
        return default
    return value if math.isfinite(value) and value > 0 else default


def bad_request_bytes(default_headers: Sequence[tuple[bytes, bytes]] = ()) -> bytes:
    """The whole 400 reply to a request the parser refused: ``http_io.error``'s shape, then close."""
    body = json.dumps(
        {"error": "bad_request", "message": BAD_REQUEST, "now": time.time_ns() // 1_000_000},
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")
    lines = [b"HTTP/1.1 400 Bad Request"] + [name + b": " + value for name, value in default_headers]
    lines += [b"content-type: application/json", b"content-length: %d" % len(body), b"connection: close"]
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


class HeaderDeadlineProtocol(HttpToolsProtocol):  # type: ignore[misc]
    """uvicorn's httptools protocol with a deadline on every request's headers and on the rest of a body
    read by nobody, and a JSON 400 for what its parser refuses."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._header_s = configured()
        self._body_s = configured(BODY_ENV, BODY_TIMEOUT_S)
        self._timer: asyncio.TimerHandle | None = None
        self._body_open = False  # a request's headers are complete, its body is not
        self._draining = False  # ... and its reply was sent: nobody reads the rest

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm(self._header_s)  # the first request's headers, from the connection's start

    def data_received(self, data: bytes) -> None:
        if self._draining:
            self._arm(self._body_s)  # the unread body moves: its silence starts again
        super().data_received(data)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self._timer is None:  # the first byte of a later request (kept alive or pipelined)
            self._arm(self._header_s)

    def on_headers_complete(self) -> None:
        self._cancel()
        self._body_open = True
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._body_open = False
        if self._draining:
            self._draining = False
            self._cancel()
            if self.timeout_keep_alive_task is None and not self.pipeline and not self.transport.is_closing():
                self.timeout_keep_alive_task = self.loop.call_later(
                    self.timeout_keep_alive, self.timeout_keep_alive_handler
                )
        super().on_message_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if self._body_open and not self.transport.is_closing():
            self._draining = True
            self._arm(self._body_s)

    def send_400_response(self, msg: str) -> None:
        self._cancel()
        self.transport.write(bad_request_bytes(self.server_state.default_headers))
        self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel()
        super().connection_lost(exc)

    def _arm(self, seconds: float) -> None:
        self._cancel()
        self._timer = self.loop.call_later(seconds, self._expired)

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _expired(self) -> None:
        self._timer = None
        if self.transport is not None and not self.transport.is_closing():
            self.transport.close()
