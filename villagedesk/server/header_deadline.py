"""A deadline for a request's headers, on every connection ``serve`` accepts.

uvicorn closes a connection that stays idle between requests (``timeout_keep_alive``) but has no limit on
how long a request's headers may take: a socket that sent ``POST /api/v1/sync HTTP/1.1\\r\\nHost: x\\r\\n``
and nothing more stayed open for good, needing no token, and 1,100 of them (``ulimit -n 1024``) made
``/api/v1/health`` unreachable. uvicorn offers no hook for it, so ``serve`` runs this subclass of its own
HTTP protocol (httptools, else h11: ``uvicorn.protocols.http.auto``) with an asyncio timer:

- armed when the connection is made, and again when a response is complete;
- if it fires before a request's headers were complete since it was armed (uvicorn starts a new request
  cycle only at the end of the headers), the connection is closed;
- except on a connection idle between requests with no byte of the next one yet (the keep-alive timer is
  running): that is keep-alive's to close, and the deadline starts again with the next request's first
  byte.

The body has its own limit (``serve --body-timeout``, ``http_io._chunks``). The seconds come from
``serve --header-timeout`` through the environment (``ENV``), so every ``--workers`` process reads them.
"""

from __future__ import annotations

import asyncio
import math
import os
from typing import Any

from uvicorn.protocols.http.auto import AutoHTTPProtocol

HEADER_TIMEOUT_S = 15.0
ENV = "VILLAGEDESK_SERVER_HEADER_TIMEOUT"
NAME = "villagedesk.server.header_deadline:HeaderDeadlineProtocol"  # uvicorn.run(http=NAME)


def configured() -> float:
    """The seconds ``serve`` was given (``ENV``), else the default."""
    try:
        value = float(os.environ.get(ENV, ""))
    except ValueError:
        return HEADER_TIMEOUT_S
    return value if math.isfinite(value) and value > 0 else HEADER_TIMEOUT_S


class HeaderDeadlineProtocol(AutoHTTPProtocol):  # type: ignore[misc, valid-type]
    """uvicorn's HTTP protocol with a deadline from a connection's start (or a request's first byte after an
    idle keep-alive) to the end of that request's headers."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._header_s = configured()
        self._deadline: asyncio.TimerHandle | None = None
        self._armed_at: object = None  # the request cycle that was the latest when the deadline was armed

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        if self._deadline is None and self.cycle is self._armed_at:
            self._arm()  # the first byte of a request after an idle keep-alive: its headers' deadline starts
        super().data_received(data)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._cancel()
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._armed_at = self.cycle
        self._deadline = self.loop.call_later(self._header_s, self._expired)

    def _cancel(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expired(self) -> None:
        self._deadline = None
        if self.cycle is not self._armed_at or self.transport is None or self.transport.is_closing():
            return  # a request's headers arrived in time (or the connection is going anyway)
        keep = self.timeout_keep_alive_task
        if keep is not None and not keep.cancelled():
            return  # idle between requests, no byte of the next one: keep-alive's; data_received arms again
        self.transport.close()
