"""The proxy's HTTP framer finds message ends however the bytes are split."""

from __future__ import annotations

from collections import deque

import pytest

from tests.support.httpframe import Framer


def _frame(stream: bytes, response: bool, step: int, methods: deque[str] | None = None) -> list[tuple[int, bytes]]:
    """Feed `stream` in `step`-byte reads; return (message number, bytes) per completed message."""
    framer = Framer(response=response, methods=methods if methods is not None else deque())
    done: list[tuple[int, bytes]] = []
    current = bytearray()
    for i in range(0, len(stream), step):
        for piece, number, ends in framer.feed(stream[i : i + step]):
            current += piece
            if ends:
                done.append((number, bytes(current)))
                current.clear()
    if framer.feed_eof():
        done.append((framer.count - 1, bytes(current)))
        current.clear()
    assert not current, "bytes left outside any message"
    return done


REQUESTS = [
    b"GET /a HTTP/1.1\r\nHost: x\r\n\r\n",
    b"POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
    b"POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n0\r\n\r\n",
    b"HEAD /d HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /e HTTP/1.1\r\nHost: x\r\n\r\n",
]
RESPONSES = [
    b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc",
    b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n"
    b"5\r\nhello\r\na\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n",
    b"HTTP/1.1 204 No Content\r\n\r\n",
    b"HTTP/1.1 200 OK\r\nContent-Length: 999\r\n\r\n",  # reply to HEAD: no body despite the length
    b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end",
]


@pytest.mark.parametrize("step", [1, 2, 7, 10_000])
def test_requests_and_replies_split_at_the_right_bytes(step: int) -> None:
    methods: deque[str] = deque()
    assert _frame(b"".join(REQUESTS), False, step, methods) == list(enumerate(REQUESTS))
    assert list(methods) == ["GET", "POST", "POST", "HEAD", "GET"]
    assert _frame(b"".join(RESPONSES), True, step, methods) == list(enumerate(RESPONSES))
    assert not methods


def test_garbage_turns_the_framer_into_a_pipe() -> None:
    framer = Framer(response=False, methods=deque())
    pieces = framer.feed(b"\x16\x03\x01 not http at all\r\n\r\nmore")
    assert framer.broken
    assert b"".join(p for p, _, _ in pieces) == b"\x16\x03\x01 not http at all\r\n\r\nmore"
    assert framer.feed(b"rest") == [(b"rest", -1, False)]
