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
  that stalled) must be complete within ``serve --body-timeout`` seconds of the reply, in total, or the
  connection is closed (it once stayed for the whole keep-alive after the reply, and for good while a byte
  trickled: each byte re-armed the timer); once it is complete the keep-alive timer runs again (uvicorn's
  stopped at the first byte of it);
- a body the app reads must average ``MIN_RATE`` past its first ``--body-timeout`` seconds (the app's own
  gap deadline let a byte every few seconds go on for good): else 408 JSON, if no reply started, and
  close; while uvicorn has paused reading (the app is slow to take it) that clock waits.

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
TIMEOUT = "请求体传输超时, 请重试"  # http_io.BodyTimeout's
MAX_HEADER_BYTES = 64 * 1024  # a request line and headers past it: 431 and close
HEADERS_TOO_LARGE = "请求头过大, 已拒绝"
MIN_RATE = 1024  # bytes/s a body must average, past its first --body-timeout seconds (2G sends ~5 KB/s)


def configured(env: str = ENV, default: float = HEADER_TIMEOUT_S) -> float:
    """The seconds ``serve`` was given (``env``), else the default."""
    try:
        value = float(os.environ.get(env, ""))
    except ValueError:
        return default
    return value if math.isfinite(value) and value > 0 else default


def bad_request_bytes(
    default_headers: Sequence[tuple[bytes, bytes]] = (),
    status: bytes = b"400 Bad Request",
    code: str = "bad_request",
    message: str = BAD_REQUEST,
) -> bytes:
    """The whole 400 reply to a request the parser refused (or the 408 of a body too slow): ``http_io.error``'s
    shape, then close."""
    body = json.dumps(
        {"error": code, "message": message, "now": time.time_ns() // 1_000_000},
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")
    lines = [b"HTTP/1.1 " + status] + [name + b": " + value for name, value in default_headers]
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
        self._body_start = 0.0
        self._head_bytes = 0  # bytes of the request line and headers so far (not complete yet)
        self._body_got = 0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm(self._header_s)  # the first request's headers, from the connection's start

    def data_received(self, data: bytes) -> None:
        if not self._body_open:
            self._head_bytes += len(data)
        super().data_received(data)
        if not self._body_open and self._head_bytes > MAX_HEADER_BYTES and not self.transport.is_closing():
            self._cancel()  # headers still incomplete past the limit: 431, close
            self.transport.write(
                bad_request_bytes(
                    self.server_state.default_headers,
                    b"431 Request Header Fields Too Large",
                    "headers_too_large",
                    HEADERS_TOO_LARGE,
                )
            )
            self.transport.close()

    def on_body(self, body: bytes) -> None:
        self._body_got += len(body)
        if not self._draining:  # a body being read: its budget grows with what came
            self._arm(self._body_start + self._body_s + self._body_got / MIN_RATE - time.monotonic(), True)
        super().on_body(body)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self._timer is None:  # the first byte of a later request (kept alive or pipelined)
            self._arm(self._header_s)

    def on_headers_complete(self) -> None:
        self._head_bytes = 0
        self._body_open = True
        self._body_start = time.monotonic()
        self._body_got = 0
        self._arm(self._body_s, True)  # a body must average MIN_RATE past its first --body-timeout seconds
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._body_open = False
        self._head_bytes = 0
        self._cancel()
        if self._draining:
            self._draining = False
            if self.timeout_keep_alive_task is None and not self.pipeline and not self.transport.is_closing():
                self.timeout_keep_alive_task = self.loop.call_later(
                    self.timeout_keep_alive, self.timeout_keep_alive_handler
                )
        super().on_message_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if self._body_open and not self.transport.is_closing():
            self._draining = True
            self._arm(self._body_s)  # in total: a trickle no longer re-arms it

    def send_400_response(self, msg: str) -> None:
        self._cancel()
        self.transport.write(bad_request_bytes(self.server_state.default_headers))
        self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel()
        super().connection_lost(exc)

    def _arm(self, seconds: float, reading: bool = False) -> None:
        self._cancel()
        self._timer = self.loop.call_later(max(0.0, seconds), self._too_slow if reading else self._expired)

    def _too_slow(self) -> None:
        """A body the app reads fell below MIN_RATE: 408 if no reply started yet, and close. While uvicorn
        has paused reading (the app is slow to take it) the client is not to blame: the clock waits."""
        self._timer = None
        if self.transport is None or self.transport.is_closing() or not self._body_open or self._draining:
            return
        if self.flow is not None and self.flow.read_paused:
            self._body_start = time.monotonic() - self._body_got / MIN_RATE
            self._arm(self._body_s, True)
            return
        cycle = self.cycle
        if cycle is None or not cycle.response_started:
            self.transport.write(
                bad_request_bytes(self.server_state.default_headers, b"408 Request Timeout", "timeout", TIMEOUT)
            )
            if cycle is not None:
                cycle.response_complete = True  # the app's own reply, if it comes, is not written after it
        self.transport.close()

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _expired(self) -> None:
        self._timer = None
        if self.transport is not None and not self.transport.is_closing():
            self.transport.close()
