"""Incremental HTTP/1.1 framing, so the fault proxy knows where each request and reply ends.

It only finds message boundaries (Content-Length, chunked, close-delimited, bodiless replies); it never
rewrites bytes. Anything it cannot parse turns it into a plain byte pipe.
"""

from __future__ import annotations

from collections import deque

MAX_HEAD = 64 * 1024


class Framer:
    """Split one direction of an HTTP/1.1 connection into pieces tagged with their message number.

    `feed(data)` returns `(piece, number, ends)` triples: `number` counts final messages in this
    connection from 0 (-1 once the stream is not HTTP), `ends` marks the piece completing that message.
    A reply framer shares `methods` with its request framer (a HEAD reply has no body).
    """

    def __init__(self, response: bool, methods: deque[str]) -> None:
        self.response = response
        self.methods = methods
        self.count = 0
        self.broken = False
        self._state = "head"
        self._buf = bytearray()  # header bytes or the current chunk-size/trailer line
        self._remaining = 0

    def feed(self, data: bytes) -> list[tuple[bytes, int, bool]]:
        pieces: list[tuple[bytes, int, bool]] = []
        start = i = 0
        n = len(data)
        while i < n and not self.broken:
            i, ended = self._step(data, i)
            if ended:
                pieces.append((data[start:i], self.count, True))
                self._finish()
                start = i
        if start < n:
            pieces.append((data[start:], -1 if self.broken else self.count, False))
        return pieces

    def feed_eof(self) -> bool:
        """The peer closed: True if that completes a close-delimited message."""
        if self._state == "close" and not self.broken:
            self._finish()
            return True
        return False

    # -- states ------------------------------------------------------------------------------------
    def _step(self, data: bytes, i: int) -> tuple[int, bool]:
        """Consume from data[i:]; return the new position and whether a final message ended there."""
        state = self._state
        if state in ("body", "chunk_data"):
            take = min(self._remaining, len(data) - i)
            self._remaining -= take
            i += take
            if self._remaining == 0:
                if state == "body":
                    return i, True
                self._state = "chunk_size"
            return i, False
        if state == "close":
            return len(data), False
        # line-oriented states: head, chunk_size, trailer
        if state == "head":
            before = len(self._buf)
            self._buf += data[i:]
            end = self._buf.find(b"\r\n\r\n", max(0, before - 3))
            if end < 0:
                if len(self._buf) > MAX_HEAD:
                    self.broken = True
                return len(data), False
            used = end + 4 - before
            head = bytes(self._buf[: end + 4])
            self._buf.clear()
            return i + used, self._head(head)
        nl = data.find(b"\n", i)
        if nl < 0:
            self._buf += data[i:]
            if len(self._buf) > MAX_HEAD:
                self.broken = True
            return len(data), False
        line = bytes(self._buf + data[i:nl]).rstrip(b"\r")
        self._buf.clear()
        i = nl + 1
        if state == "chunk_size":
            try:
                size = int(line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                self.broken = True
                return i, False
            if size == 0:
                self._state = "trailer"
            else:
                self._state, self._remaining = "chunk_data", size + 2  # data + CRLF
            return i, False
        # trailer: an empty line ends the message
        return i, line == b""

    def _head(self, head: bytes) -> bool:
        """Parse a message head; set the body state. True if the message is already complete."""
        lines = head.decode("latin-1").split("\r\n")
        first = lines[0].split(" ")
        headers: dict[str, str] = {}
        for line in lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip().lower()
        chunked = "chunked" in headers.get("transfer-encoding", "")
        length = headers.get("content-length")
        if self.response:
            try:
                status = int(first[1])
            except (IndexError, ValueError):
                self.broken = True
                return False
            if status == 101:
                self.broken = True  # protocol switch: not HTTP any more
                return False
            if 100 <= status < 200:
                self._state = "head"  # interim reply; the final one follows
                return False
            method = self.methods[0] if self.methods else "GET"
            if method == "HEAD" or status in (204, 304):
                return True
        else:
            if len(first) != 3 or not first[2].startswith("HTTP/"):
                self.broken = True
                return False
            self.methods.append(first[0].upper())
        if chunked:
            self._state = "chunk_size"
            return False
        if length is not None:
            try:
                self._remaining = int(length)
            except ValueError:
                self.broken = True
                return False
            if self._remaining == 0:
                return True
            self._state = "body"
            return False
        if self.response:
            self._state = "close"
            return False
        return True  # a request without a body

    def _finish(self) -> None:
        self.count += 1
        self._state = "head"
        if self.response and self.methods:
            self.methods.popleft()
