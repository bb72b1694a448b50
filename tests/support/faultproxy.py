"""A fault-injecting TCP proxy on loopback: simulates a 2G mountain link for tests and benchmarks.

Clients connect to 127.0.0.1:<port>; each connection is forwarded to a 127.0.0.1 upstream through a
simulated link: a shared token bucket per direction (bits/s), a one-way delay of rtt/2 ± jitter that
never reorders bytes, and a one-round-trip "handshake" before a new connection carries data (TCP's
SYN/SYN-ACK). Scheduled faults hit chosen connections or requests: a real RST after N bytes, the reply
to a request dropped after the upstream produced it, a stall. Everything random comes from `seed`.

Limits of a user-space link: the client's kernel acknowledges locally, so a sender can hand off up to
its socket send buffer (Linux autotunes it up to 4 MB on loopback) before it blocks; a client that
wants "no bytes moved" timeouts on uploads to mean the wire should set a small SO_SNDBUF. The proxy
itself buffers at most ~50 KB per direction (mostly its kernel receive buffer). Counted bytes are TCP
payload, not IP/TCP headers.

Use it from synchronous code as a context manager (the proxy runs its own event loop in a thread):

    with FaultProxy(upstream_port, Link(kbit=64, rtt_ms=600)) as proxy:
        requests.get(proxy.url + "/x")
        print(proxy.stats().bytes_total)

or from asyncio with `await proxy.astart()` / `await proxy.aclose()`, or as a CLI:
`python -m tests.support.faultproxy --listen-port P --upstream 127.0.0.1:Q --kbit 64 --rtt-ms 600`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import copy
import fcntl
import ipaddress
import json
import os
import random
import signal
import socket
import struct
import sys
import termios
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, TypeVar

from tests.support.httpframe import Framer

Direction = Literal["up", "down", "any"]
T = TypeVar("T")

_READ = 4096
# Kernel receive buffer of the proxy's sockets. With the proxy's own queues this bounds what a sender can
# hand off before the link lets it through (like a modem's buffer), so "no bytes move" is observable.
_RCVBUF = 16 * 1024
_EOF = object()
_KILL = object()


@dataclass(frozen=True)
class Link:
    """The simulated link. Bandwidths in kbit/s (1 kbit = 1000 bits); None means unlimited."""

    kbit_up: float | None = None
    kbit_down: float | None = None
    rtt_ms: float = 0.0
    jitter_ms: float = 0.0
    seed: int = 0
    handshake: bool = True  # a new connection waits one RTT before carrying data
    reset_every: int | None = None  # RST the carrying connection every N bytes (both ways, all connections)
    burst_bytes: int = 0  # token bucket depth; 0 = a plain serial line
    mtu: int = 1460  # bytes shaped and delayed as one unit

    @classmethod
    def symmetric(cls, kbit: float | None, rtt_ms: float, **kw: Any) -> Link:
        return cls(kbit_up=kbit, kbit_down=kbit, rtt_ms=rtt_ms, **kw)

    @property
    def rtt(self) -> float:
        return self.rtt_ms / 1000.0


@dataclass(frozen=True)
class Fault:
    """One scheduled fault. Connections and requests are numbered from 1 in the order the proxy sees them.

    reset: RST both sides once `after_bytes` crossed the link on `connection` (None: every connection),
      counted in `direction` ("up" = client to server, "down", or "any" = both summed).
    stall: after `after_bytes`, forward nothing either way for `seconds` (None: until the client leaves).
    drop_reply: forward request number `request` upstream, swallow the upstream's complete reply,
      then RST the client connection: the server committed, the client never learns it.
    """

    kind: Literal["reset", "stall", "drop_reply"]
    connection: int | None = None
    request: int | None = None
    after_bytes: int = 0
    direction: Direction = "any"
    seconds: float | None = None

    @classmethod
    def reset(cls, after_bytes: int, connection: int | None = None, direction: Direction = "any") -> Fault:
        return cls("reset", connection=connection, after_bytes=after_bytes, direction=direction)

    @classmethod
    def stall(
        cls, after_bytes: int, seconds: float | None, connection: int | None = None, direction: Direction = "any"
    ) -> Fault:
        return cls("stall", connection=connection, after_bytes=after_bytes, direction=direction, seconds=seconds)

    @classmethod
    def drop_reply(cls, request: int) -> Fault:
        return cls("drop_reply", request=request)


@dataclass
class ConnectionLog:
    """What happened to one client connection; times are seconds since the proxy started."""

    index: int
    opened: float
    closed: float | None = None
    bytes_up: int = 0
    bytes_down: int = 0
    requests: list[int] = field(default_factory=list)
    outcome: str = "open"
    events: list[tuple[float, str]] = field(default_factory=list)
    delays_ms: list[float] = field(default_factory=list)  # one-way delay given to each shaped unit (first 10 000)


@dataclass
class Stats:
    """Counters since start (or `reset_stats`).

    Bytes are TCP payload bytes that crossed the simulated link (IP/TCP headers are not counted), so
    `bytes_total` is the W of T_min = k·R + 8·W/B.
    """

    bytes_up: int = 0
    bytes_down: int = 0
    connections: int = 0
    resets: int = 0
    dropped_replies: int = 0
    dropped_bytes: int = 0  # reply bytes swallowed by drop_reply
    stalls: int = 0
    requests: int = 0
    connection_logs: list[ConnectionLog] = field(default_factory=list)

    @property
    def bytes_total(self) -> int:
        return self.bytes_up + self.bytes_down

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"bytes_total": self.bytes_total}


def random_faults(
    seed: int, connections: int, reset_rate: float = 0.3, stall_rate: float = 0.1, max_bytes: int = 50_000
) -> list[Fault]:
    """A reproducible schedule of resets and short stalls over the first `connections` connections."""
    rng = random.Random(f"faults:{seed}")
    faults: list[Fault] = []
    for conn in range(1, connections + 1):
        roll = rng.random()
        if roll < reset_rate:
            faults.append(Fault.reset(rng.randrange(max_bytes), connection=conn))
        elif roll < reset_rate + stall_rate:
            faults.append(Fault.stall(rng.randrange(max_bytes), round(rng.uniform(0.1, 2.0), 2), connection=conn))
    return faults


def t_min(round_trips: int, rtt_s: float, bits_per_s: float, wire_bytes: int) -> float:
    """The physical limit (docs/architecture.md, "Targets"): k round trips plus the wire bytes serialised
    at the bandwidth."""
    return round_trips * rtt_s + 8 * wire_bytes / bits_per_s


def _loopback(host: str) -> str:
    if not ipaddress.ip_address(host).is_loopback:
        raise ValueError(f"the fault proxy only talks to loopback addresses, not {host}")
    return host


def _unsent(sock: socket.socket) -> int:
    """Bytes still in the kernel send queue (Linux); 0 where that cannot be asked."""
    try:
        buf = fcntl.ioctl(sock.fileno(), termios.TIOCOUTQ, b"\0\0\0\0")
        return struct.unpack("i", buf)[0]
    except OSError:
        return 0


class TokenBucket:
    """A shared token bucket in bits; may go into debt so waiters are served in order."""

    def __init__(self, bits_per_s: float | None, burst_bytes: int) -> None:
        self.rate = bits_per_s
        self.depth = 8.0 * burst_bytes
        self.tokens = self.depth
        self.stamp = time.monotonic()

    async def take(self, nbytes: int) -> None:
        if not self.rate or nbytes <= 0:
            return
        now = time.monotonic()
        self.tokens = min(self.depth, self.tokens + (now - self.stamp) * self.rate) - 8.0 * nbytes
        self.stamp = now
        if self.tokens < 0:
            await asyncio.sleep(-self.tokens / self.rate)


_PERIODIC = Fault("reset", after_bytes=-1)  # the link's `reset_every`


class _Connection:
    """One proxied connection: per direction a reader, a sender (faults, shaping) and a deliverer (delay)."""

    def __init__(self, proxy: FaultProxy, index: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.proxy = proxy
        self.index = index
        self.client = (reader, writer)
        self.upstream: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        self.log = ConnectionLog(index=index, opened=proxy._now())
        self.tasks: list[asyncio.Task[None]] = []
        self.dead = False
        self.fired: set[int] = set()
        self.stall_until = 0.0
        self.stall_forever = False
        self.unstalled = asyncio.Event()
        self.unstalled.set()
        self.methods: deque[str] = deque()
        self.start_at = time.monotonic() + (proxy.link.rtt if proxy.link.handshake else 0.0)
        self.done = asyncio.Event()

    def event(self, what: str) -> None:
        self.log.events.append((round(self.proxy._now(), 4), what))

    # -- lifecycle ---------------------------------------------------------------------------------
    async def run(self) -> None:
        host, port = self.proxy.upstream
        try:
            try:
                self.upstream = await _connect(host, port)
            except OSError as exc:
                self.kill(f"upstream refused: {exc.__class__.__name__}", outcome="upstream refused")
                return
            if self.dead:  # the proxy stopped while we were connecting
                self.upstream[1].transport.abort()
                return
            for _, w in (self.client, self.upstream):
                w.transport.set_write_buffer_limits(high=0)  # drain() = everything handed to the kernel
            self.tasks = []
            for direction, (src, _), (_, dst) in (
                ("up", self.client, self.upstream),
                ("down", self.upstream, self.client),
            ):
                raw: asyncio.Queue[object] = asyncio.Queue(maxsize=2)
                timed: asyncio.Queue[tuple[float, object]] = asyncio.Queue(maxsize=64)
                self.tasks += [
                    asyncio.create_task(self._read(direction, src, raw)),
                    asyncio.create_task(self._send(direction, raw, timed)),
                    asyncio.create_task(self._deliver(direction, timed, dst)),
                ]
            await asyncio.wait(self.tasks, return_when=asyncio.FIRST_EXCEPTION)
            for task in self.tasks:
                if task.done() and not task.cancelled() and (exc := task.exception()) is not None:
                    outcome = "peer reset" if isinstance(exc, ConnectionError) else "error"
                    self.kill(f"{outcome}: {exc!r}", outcome=outcome)
            if not self.dead:
                self.dead = True
                self.log.outcome = "closed"
                self.event("closed")
                for _, w in (self.client, self.upstream):
                    w.close()
            for task in self.tasks:
                task.cancel()
            await asyncio.gather(*self.tasks, return_exceptions=True)
            for _, w in (self.client, self.upstream):
                with contextlib.suppress(OSError):
                    await w.wait_closed()
        finally:
            self.log.closed = self.proxy._now()
            self.done.set()

    def kill(self, reason: str, outcome: str = "reset", rst: bool = True) -> None:
        """Tear the connection down now; with `rst` both peers see a connection reset (SO_LINGER 0)."""
        if self.dead:
            return
        self.dead = True
        self.log.outcome = outcome
        self.event(reason)
        for pair in (self.client, self.upstream):
            if pair is None:
                continue
            writer = pair[1]
            sock = writer.get_extra_info("socket")
            if rst and sock is not None:
                with contextlib.suppress(OSError):
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            writer.transport.abort()
        current = asyncio.current_task()
        for task in self.tasks:
            if task is not current:
                task.cancel()

    # -- the three stages --------------------------------------------------------------------------
    async def _read(self, direction: str, src: asyncio.StreamReader, raw: asyncio.Queue[object]) -> None:
        while True:
            try:
                data = await src.read(_READ)
            except OSError as exc:
                side = "client" if direction == "up" else "upstream"
                self.kill(f"{side} {exc.__class__.__name__}", outcome=f"{side} reset", rst=True)
                return
            if not data:
                self.event(f"eof from {'client' if direction == 'up' else 'upstream'}")
                if direction == "up" and self.stall_forever:
                    self.kill("client left a stalled connection", outcome="stalled", rst=False)
                    return
                await raw.put(_EOF)
                return
            await raw.put(data)

    async def _send(self, direction: str, raw: asyncio.Queue[object], timed: asyncio.Queue[tuple[float, object]]):
        framer = Framer(response=direction == "down", methods=self.methods)
        rng = self.proxy._rng(self.index, direction)
        bucket = self.proxy.buckets[direction]
        link = self.proxy.link
        last = 0.0
        held = bytearray()
        holding: int | None = None  # the request whose reply is being swallowed

        async def ship(chunk: bytes) -> bool:
            """Shape, delay and queue chunk; False once a reset was scheduled."""
            nonlocal last
            pos = 0
            while pos < len(chunk):
                await self._wait_unstalled()
                n, fault = self.proxy._plan(self, direction, min(link.mtu, len(chunk) - pos))
                self._count(direction, n)
                await bucket.take(n)
                sent = time.monotonic()
                delay = max(0.0, link.rtt / 2 + rng.uniform(-link.jitter_ms, link.jitter_ms) / 1000.0)
                last = max(last, sent + delay)
                if n and len(self.log.delays_ms) < 10_000:
                    self.log.delays_ms.append(round(delay * 1000, 3))
                if n:
                    await timed.put((last, chunk[pos : pos + n]))
                pos += n
                if fault is not None:
                    self.fired.add(id(fault))
                    if fault is _PERIODIC:
                        self.proxy._since_reset = 0
                    if fault.kind == "reset":
                        await timed.put((last, _KILL))
                        return False
                    self._stall(fault.seconds)
            return True

        await asyncio.sleep(max(0.0, self.start_at - time.monotonic()))
        while True:
            item = await raw.get()
            if item is _EOF:
                if holding is not None and framer.feed_eof():
                    self._drop(holding, held)
                    return
                await timed.put((last, _EOF))
                return
            assert isinstance(item, bytes)
            for piece, number, ends in framer.feed(item):
                if direction == "up":
                    if number >= 0 and number >= len(self.log.requests):
                        self.log.requests.append(self.proxy._next_request())
                    if not await ship(piece):
                        return
                    continue
                request = self.log.requests[number] if 0 <= number < len(self.log.requests) else None
                if request is not None and self.proxy._wants_drop(request):
                    holding = request
                    held += piece
                    if ends:
                        self._drop(request, held)
                        return
                    continue
                if not await ship(piece):
                    return

    async def _deliver(self, direction: str, timed: asyncio.Queue[tuple[float, object]], dst: asyncio.StreamWriter):
        while True:
            at, item = await timed.get()
            await asyncio.sleep(max(0.0, at - time.monotonic()))
            if item is _EOF:
                if dst.can_write_eof():
                    dst.write_eof()
                return
            if item is _KILL:
                sock = dst.get_extra_info("socket")
                for _ in range(200):  # let the last bytes reach the peer before the RST overtakes them
                    if sock is None or _unsent(sock) == 0:
                        break
                    await asyncio.sleep(0.005)
                self.proxy.stats.resets += 1
                self.kill(f"reset after {self.log.bytes_up} up / {self.log.bytes_down} down")
                return
            assert isinstance(item, bytes)
            dst.write(item)
            await dst.drain()

    # -- helpers -----------------------------------------------------------------------------------
    def _count(self, direction: str, n: int) -> None:
        stats = self.proxy.stats
        if direction == "up":
            self.log.bytes_up += n
            stats.bytes_up += n
        else:
            self.log.bytes_down += n
            stats.bytes_down += n
        self.proxy._since_reset += n

    def _stall(self, seconds: float | None) -> None:
        self.proxy.stats.stalls += 1
        self.unstalled.clear()
        if seconds is None:
            self.stall_forever = True
            self.event("stalled for good")
        else:
            self.stall_until = time.monotonic() + seconds
            self.event(f"stalled for {seconds:g} s")

    async def _wait_unstalled(self) -> None:
        if self.unstalled.is_set():
            return
        if self.stall_forever:
            await asyncio.Event().wait()  # until the connection is torn down
        await asyncio.sleep(max(0.0, self.stall_until - time.monotonic()))
        if not self.unstalled.is_set():
            self.unstalled.set()
            self.event("resumed")

    def _drop(self, request: int, held: bytearray) -> None:
        stats = self.proxy.stats
        stats.dropped_replies += 1
        stats.dropped_bytes += len(held)
        self.proxy._dropped.add(request)
        self.kill(f"reply to request {request} dropped ({len(held)} bytes)", outcome="reply dropped")


class FaultProxy:
    """The proxy. Thread-safe entry points: start/stop (or `with`), stats, reset_stats, set_faults."""

    def __init__(
        self,
        upstream: int | tuple[str, int],
        link: Link | None = None,
        faults: Sequence[Fault] = (),
        listen_port: int = 0,
    ) -> None:
        host, port = ("127.0.0.1", upstream) if isinstance(upstream, int) else upstream
        self.upstream = (_loopback(host), port)
        self.link = link or Link()
        self.faults: list[Fault] = list(faults)
        self.listen_port = listen_port
        self.port = 0
        self.stats = Stats()
        self.buckets: dict[str, TokenBucket] = {}
        self._since_reset = 0
        self._dropped: set[int] = set()
        self._request_no = 0
        self._conns: list[_Connection] = []
        self._server: asyncio.Server | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._stop: asyncio.Event | None = None
        self._started = time.monotonic()

    # -- public ------------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def address(self) -> tuple[str, int]:
        return ("127.0.0.1", self.port)

    async def astart(self) -> None:
        self._loop = asyncio.get_running_loop()
        self.buckets = {
            "up": TokenBucket(_bps(self.link.kbit_up), self.link.burst_bytes),
            "down": TokenBucket(_bps(self.link.kbit_down), self.link.burst_bytes),
        }
        self._started = time.monotonic()
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, _RCVBUF)  # inherited by accepted sockets
            listener.bind(("127.0.0.1", self.listen_port))
            self._server = await asyncio.start_server(self._accept, sock=listener, limit=_READ)
        except BaseException:
            listener.close()
            raise
        self.port = self._server.sockets[0].getsockname()[1]

    async def aclose(self) -> None:
        if self._server is not None:
            self._server.close()
        for conn in list(self._conns):
            conn.kill("proxy stopped", outcome="shutdown", rst=False)
        for conn in list(self._conns):
            await conn.done.wait()
        if self._server is not None:
            await self._server.wait_closed()
            self._server = None

    def start(self) -> FaultProxy:
        """Run the proxy on its own event loop in a background thread; returns once it listens."""
        ready = threading.Event()
        failure: list[BaseException] = []

        async def main() -> None:
            self._stop = asyncio.Event()
            try:
                await self.astart()
            except BaseException as exc:
                failure.append(exc)
                ready.set()
                return
            ready.set()
            try:
                await self._stop.wait()
            finally:
                await self.aclose()

        self._thread = threading.Thread(target=lambda: asyncio.run(main()), name="faultproxy", daemon=True)
        self._thread.start()
        ready.wait()
        if failure:
            self._thread.join()
            raise failure[0]
        return self

    def stop(self) -> None:
        if self._thread is None:
            return
        assert self._loop is not None and self._stop is not None
        self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout=10)
        self._thread = None

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def snapshot(self) -> Stats:
        """A consistent copy of the counters and connection logs."""
        return self._on_loop(lambda: copy.deepcopy(self.stats))

    def reset_stats(self) -> None:
        def reset() -> None:
            self.stats = Stats()

        self._on_loop(reset)

    def set_faults(self, faults: Sequence[Fault]) -> None:
        """Replace the schedule; connection and request numbers keep counting from where they are."""

        def replace() -> None:
            self.faults = list(faults)
            self._dropped.clear()

        self._on_loop(replace)

    # -- internals ---------------------------------------------------------------------------------
    def _on_loop(self, fn: Callable[[], T]) -> T:
        loop = self._loop
        if loop is None or self._thread is None or threading.current_thread() is self._thread:
            return fn()

        async def call() -> T:
            return fn()

        return asyncio.run_coroutine_threadsafe(call(), loop).result(timeout=10)

    def _now(self) -> float:
        return time.monotonic() - self._started

    def _rng(self, connection: int, direction: str) -> random.Random:
        # one stream per connection and direction: same seed, same delays, whatever the interleaving
        return random.Random(f"{self.link.seed}:{connection}:{direction}")

    def _next_request(self) -> int:
        self.stats.requests += 1
        self._request_no += 1
        return self._request_no

    def _wants_drop(self, request: int) -> bool:
        return request not in self._dropped and any(
            f.kind == "drop_reply" and f.request == request for f in self.faults
        )

    def _plan(self, conn: _Connection, direction: str, n: int) -> tuple[int, Fault | None]:
        """How many of the next n bytes may go before a fault fires, and which fault fires then."""
        best, chosen = n, None
        for fault in self.faults:
            if fault.kind == "drop_reply" or id(fault) in conn.fired:
                continue
            if fault.connection is not None and fault.connection != conn.index:
                continue
            if fault.direction == "any":
                counted = conn.log.bytes_up + conn.log.bytes_down
            elif fault.direction == direction:
                counted = conn.log.bytes_up if direction == "up" else conn.log.bytes_down
            else:
                continue
            left = max(0, fault.after_bytes - counted)
            if left <= best and (chosen is None or left < best):
                best, chosen = left, fault
        every = self.link.reset_every
        if every:
            left = max(0, every - self._since_reset)
            if left <= best and (chosen is None or left < best):
                best, chosen = left, _PERIODIC
        return best, chosen

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.stats.connections += 1
        conn = _Connection(self, self.stats.connections, reader, writer)
        self._conns.append(conn)
        self.stats.connection_logs.append(conn.log)
        sock = writer.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            await conn.run()
        finally:
            self._conns.remove(conn)


async def _connect(host: str, port: int) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, _RCVBUF)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.setblocking(False)
        await asyncio.get_running_loop().sock_connect(sock, (host, port))
        return await asyncio.open_connection(sock=sock, limit=_READ)  # small buffer: backpressure
    except BaseException:
        sock.close()
        raise


def _bps(kbit: float | None) -> float | None:
    return None if kbit is None else kbit * 1000.0


# -- CLI -------------------------------------------------------------------------------------------
def _parse_fault(kind: str, text: str) -> Fault:
    try:
        if kind == "drop":
            return Fault.drop_reply(int(text))
        parts = text.split(":")
        conn = None if parts[0] in ("*", "") else int(parts[0])
        if kind == "reset" and len(parts) in (2, 3):
            direction = parts[2] if len(parts) == 3 else "any"
            if direction not in ("up", "down", "any"):
                raise ValueError(direction)
            return Fault.reset(int(parts[1]), connection=conn, direction=direction)  # type: ignore[arg-type]
        if kind == "stall" and len(parts) == 3:
            seconds = None if parts[2] in ("inf", "forever") else float(parts[2])
            return Fault.stall(int(parts[1]), seconds, connection=conn)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"cannot read {kind} fault {text!r}")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.support.faultproxy", description=__doc__.splitlines()[0])
    ap.add_argument("--listen-port", type=int, default=0)
    ap.add_argument("--upstream", required=True, help="127.0.0.1:PORT")
    ap.add_argument("--kbit", type=float, help="bandwidth each way, kbit/s")
    ap.add_argument("--kbit-up", type=float)
    ap.add_argument("--kbit-down", type=float)
    ap.add_argument("--rtt-ms", type=float, default=0.0)
    ap.add_argument("--jitter-ms", type=float, default=0.0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-handshake", action="store_true", help="new connections carry data at once")
    ap.add_argument("--reset-every", type=int, help="RST every N bytes on the link")
    ap.add_argument(
        "--reset", action="append", default=[], type=lambda t: _parse_fault("reset", t), metavar="CONN:BYTES[:DIR]"
    )
    ap.add_argument(
        "--stall",
        action="append",
        default=[],
        type=lambda t: _parse_fault("stall", t),
        metavar="CONN:BYTES:SECONDS|inf",
    )
    ap.add_argument("--drop-reply", action="append", default=[], type=lambda t: _parse_fault("drop", t), metavar="N")
    args = ap.parse_args(argv)
    host, _, port = args.upstream.rpartition(":")
    link = Link(
        kbit_up=args.kbit_up if args.kbit_up is not None else args.kbit,
        kbit_down=args.kbit_down if args.kbit_down is not None else args.kbit,
        rtt_ms=args.rtt_ms,
        jitter_ms=args.jitter_ms,
        seed=args.seed,
        handshake=not args.no_handshake,
        reset_every=args.reset_every,
    )
    try:
        proxy = FaultProxy((host, int(port)), link, args.reset + args.stall + args.drop_reply, args.listen_port)
    except ValueError as exc:
        ap.error(f"--upstream {args.upstream}: {exc}")

    async def serve() -> None:
        await proxy.astart()
        print(f"faultproxy listening on 127.0.0.1:{proxy.port} -> {host}:{port}", flush=True)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        if os.name == "nt":  # pragma: no cover - no add_signal_handler there; CTRL_BREAK_EVENT is SIGBREAK
            for sig in (signal.SIGINT, signal.SIGBREAK):  # type: ignore[attr-defined]
                signal.signal(sig, lambda *_: loop.call_soon_threadsafe(stop.set))
        else:
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(sig, stop.set)
        await stop.wait()
        await proxy.aclose()

    asyncio.run(serve())
    summary = proxy.stats.to_dict()
    summary.pop("connection_logs")
    print(json.dumps(summary), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
