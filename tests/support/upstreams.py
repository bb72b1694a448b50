"""Tiny loopback servers to put behind the fault proxy: an asyncio echo server and a stdlib HTTP server."""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class EchoServer:
    """Echoes every byte back; records per connection how many bytes arrived and how it ended."""

    def __init__(self) -> None:
        self.port = 0
        self.received: list[int] = []
        self.endings: list[str] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread: threading.Thread | None = None
        self._handlers: set[asyncio.Task[None]] = set()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        index = len(self.received)
        self.received.append(0)
        self.endings.append("open")
        task = asyncio.current_task()
        assert task is not None
        self._handlers.add(task)
        try:
            while data := await reader.read(65536):
                self.received[index] += len(data)
                writer.write(data)
                await writer.drain()
            self.endings[index] = "eof"
        except OSError as exc:
            self.endings[index] = exc.__class__.__name__
        except asyncio.CancelledError:
            self.endings[index] = "stopped"
        finally:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()
            self._handlers.discard(task)

    def __enter__(self) -> EchoServer:
        ready = threading.Event()

        async def main() -> None:
            self._loop = asyncio.get_running_loop()
            self._stop = asyncio.Event()
            server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
            self.port = server.sockets[0].getsockname()[1]
            ready.set()
            await self._stop.wait()
            server.close()
            for task in list(self._handlers):
                task.cancel()
            while self._handlers:
                await asyncio.sleep(0.01)
            await server.wait_closed()

        self._thread = threading.Thread(target=lambda: asyncio.run(main()), name="echo", daemon=True)
        self._thread.start()
        ready.wait(5)
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._loop is not None and self._stop is not None and self._thread is not None
        self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(10)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so several requests share a connection
    server: AppServer

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def _send(self, body: bytes, chunked: bool = False) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for i in range(0, len(body), 1000):
                part = body[i : i + 1000]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.write(b"0\r\nX-Trailer: done\r\n\r\n")
        else:
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    def do_GET(self) -> None:
        parts = self.path.strip("/").split("/")
        self.server.handled += 1
        if parts[0] in ("bytes", "chunked") and len(parts) == 2:
            body = bytes(i % 251 for i in range(int(parts[1])))
            self._send(body, chunked=parts[0] == "chunked")
        else:
            self._send(json.dumps({"handled": self.server.handled}).encode())

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        self.server.handled += 1
        self.server.committed.append(len(body))  # the "commit": visible to the test even if the reply is lost
        self._send(json.dumps({"committed": len(self.server.committed)}).encode())


class AppServer(ThreadingHTTPServer):
    """GET /bytes/N (Content-Length), GET /chunked/N, POST anything (counted in `committed`)."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.handled = 0
        self.committed: list[int] = []
        self.errors: list[str] = []  # a reset client shows up here, not as a traceback on stderr
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self.server_address[1]

    def handle_error(self, request: Any, client_address: Any) -> None:
        self.errors.append(repr(sys.exc_info()[1]))

    def __enter__(self) -> AppServer:
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()
        if self._thread is not None:
            self._thread.join(10)
