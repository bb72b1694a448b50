"""A light fleet client: many devices' sync requests from one asyncio process, on raw keep-alive sockets.

The fleet benchmark runs its 500 "devices" on the server's own machine. With ``requests`` (a thread per
device) each request costs the client ~2.5 ms of CPU, taken from the same cores the server needs, and
threads queue on their process's GIL: the figure then measures the benchmark as much as the server. Here
every request body is encoded before the start, and the timed part is only what a device on its own
machine would wait for: writing the request, the server's work, reading and decoding the reply.
"""

from __future__ import annotations

import asyncio
import time
from urllib.parse import urlsplit

from villagedesk.sync import protocol


def request_bytes(host: str, path: str, token: str, body: bytes) -> bytes:
    """An HTTP/1.1 POST as ``Transport.post`` sends it (same headers, gzip body)."""
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        f"Content-Encoding: gzip\r\nAccept-Encoding: gzip\r\n"
        f"{protocol.PROTOCOL_HEADER}: {protocol.PROTOCOL_VERSION}\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode("ascii") + body


async def _read_reply(reader: asyncio.StreamReader) -> tuple[int, dict[str, str], bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            headers[k.strip().lower()] = v.strip()
    body = await reader.readexactly(int(headers.get("content-length", "0")))
    return status, headers, body


async def _connect(url: str, token: str, body: bytes) -> tuple:
    """Open the device's connection and see the server answer on it (a device keeps its connection
    between syncs); returns the reader, the writer and the request, ready to send."""
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    writer.write(f"GET /api/v1/health HTTP/1.1\r\nHost: {parts.netloc}\r\n\r\n".encode("ascii"))
    await _read_reply(reader)
    if not body:  # the floor: the health endpoint, no token, no body, no database
        return reader, writer, f"GET /api/v1/health HTTP/1.1\r\nHost: {parts.netloc}\r\n\r\n".encode("ascii")
    return reader, writer, request_bytes(parts.netloc, "/api/v1/sync", token, body)


async def _sync(conn: tuple, delay: float, times: list[float], errors: list[str]) -> None:
    reader, writer, request = conn
    try:
        if delay:
            await asyncio.sleep(delay)
        t0 = time.perf_counter()
        writer.write(request)
        status, headers, raw = await _read_reply(reader)
        health = request.startswith(b"GET ")
        reply = {} if health else protocol.decode_body(raw, headers.get("content-encoding") == "gzip")
        times.append(time.perf_counter() - t0)
        if status != 200:
            errors.append(f"HTTP {status}")
        elif not health and (not reply.get("ack") or not all(x > 0 for x in reply["ack"])):
            errors.append("not acked")
    except (OSError, asyncio.IncompleteReadError, protocol.ProtocolError) as exc:
        errors.append(type(exc).__name__)
    finally:
        writer.close()


def run(url: str, devices: list[tuple[str, bytes, float]], barrier, out) -> None:
    """One client process: ``devices`` = (token, gzip body, delay after the common start); an empty
    body asks the health endpoint instead (the bare-HTTP floor). Every connection is open before the
    process joins the barrier; then all requests go out together."""

    async def main() -> None:
        times: list[float] = []
        errors: list[str] = []
        conns = await asyncio.gather(*(_connect(url, tok, body) for tok, body, _ in devices))
        await asyncio.get_running_loop().run_in_executor(None, barrier.wait)
        await asyncio.gather(*(_sync(c, d, times, errors) for c, (_, _, d) in zip(conns, devices, strict=True)))
        out.put((times, errors))

    asyncio.run(main())
