"""The fault proxy against real loopback sockets: shaping, delay, resets, dropped replies, stalls.

Timings are noisy, so wall-time checks use wide bands; exact checks are on counted bytes and order.
"""

from __future__ import annotations

import asyncio
import gc
import http.client
import json
import logging
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from tests.conftest import ROOT
from tests.support.faultproxy import Fault, FaultProxy, Link, random_faults, t_min
from tests.support.processes import interrupt, interrupt_flags
from tests.support.upstreams import AppServer, EchoServer


@pytest.fixture(autouse=True, scope="module")
def _collect_garbage() -> Iterator[None]:
    """Unclosed sockets and transports warn when collected; with filterwarnings=error that fails the run."""
    yield
    gc.collect()


@pytest.fixture(autouse=True)
def _no_asyncio_complaints(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """asyncio reports destroyed pending tasks and callback errors as log records."""
    caplog.set_level(logging.WARNING, logger="asyncio")
    yield
    complaints = [r.getMessage() for r in caplog.records if r.name == "asyncio"]
    assert not complaints


@pytest.fixture
def app() -> Iterator[AppServer]:
    with AppServer() as server:
        yield server


@pytest.fixture
def echo() -> Iterator[EchoServer]:
    with EchoServer() as server:
        yield server


def _get_raw(port: int, path: str, timeout: float = 10) -> tuple[bytes, BaseException | None]:
    """One GET on a fresh socket; everything read until EOF or error, and the error."""
    data = bytearray()
    try:
        # a reset can already be there when a connect with a timeout checks its result
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n".encode())
            while chunk := s.recv(65536):
                data += chunk
    except OSError as exc:
        return bytes(data), exc
    return bytes(data), None


def _wait_closed(proxy: FaultProxy, count: int) -> None:
    """Connection logs are finished a moment after the client sees the end."""
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        logs = proxy.snapshot().connection_logs
        if len(logs) >= count and all(log.closed is not None for log in logs):
            return
        time.sleep(0.01)
    raise AssertionError("connections did not close")


def test_bandwidth_64_kbit_moves_16_kb_in_about_2_s(app: AppServer) -> None:
    with FaultProxy(app.port, Link.symmetric(64, 0, handshake=False)) as proxy:
        start = time.monotonic()
        data, err = _get_raw(proxy.port, "/bytes/16000")
        elapsed = time.monotonic() - start
        _wait_closed(proxy, 1)
        stats = proxy.snapshot()
    assert err is None
    assert data.endswith(bytes(i % 251 for i in range(16000)))
    assert stats.bytes_down == len(data)  # counted on the wire = what the client got
    assert stats.bytes_up == len(b"GET /bytes/16000 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
    expected = 8 * stats.bytes_total / 64_000
    assert 0.9 * expected <= elapsed <= 1.5 * expected + 0.2, (elapsed, expected)


def test_a_sender_with_a_small_send_buffer_is_held_back_by_the_link(echo: EchoServer) -> None:
    """Backpressure: the proxy must not swallow an upload faster than the link carries it."""
    with FaultProxy(echo.port, Link.symmetric(64, 100)) as proxy, socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 16384)
        s.connect(("127.0.0.1", proxy.port))
        s.setblocking(False)
        handed_off = 0
        start = time.monotonic()
        while time.monotonic() - start < 1.0:
            try:
                handed_off += s.send(b"x" * 4096)
            except BlockingIOError:
                time.sleep(0.02)
        on_wire = proxy.snapshot().bytes_up
    assert on_wire <= 8000 * 1.0 + 1460  # 64 kbit/s = 8000 bytes/s
    assert handed_off < 200_000, handed_off  # without backpressure it would be megabytes


def test_latency_and_the_connection_handshake(echo: EchoServer) -> None:
    with FaultProxy(echo.port, Link(rtt_ms=400)) as proxy, socket.create_connection(("127.0.0.1", proxy.port)) as s:
        s.settimeout(5)
        start = time.monotonic()
        s.sendall(b"ping")
        assert s.recv(100) == b"ping"
        first = time.monotonic() - start  # handshake round trip + echo round trip
        start = time.monotonic()
        s.sendall(b"pong")
        assert s.recv(100) == b"pong"
        second = time.monotonic() - start
    assert 0.78 <= first <= 1.3, first
    assert 0.38 <= second <= 0.9, second


def test_jitter_never_reorders_bytes(echo: EchoServer) -> None:
    link = Link(rtt_ms=60, jitter_ms=25, mtu=16, handshake=False, seed=7)
    sent = b"".join(b"%05d," % i for i in range(1500))
    with FaultProxy(echo.port, link) as proxy, socket.create_connection(("127.0.0.1", proxy.port)) as s:
        s.settimeout(5)
        for i in range(0, len(sent), 700):
            s.sendall(sent[i : i + 700])
            time.sleep(0.002)
        s.shutdown(socket.SHUT_WR)
        got = bytearray()
        while chunk := s.recv(65536):
            got += chunk
        _wait_closed(proxy, 1)
        delays = proxy.snapshot().connection_logs[0].delays_ms
    assert bytes(got) == sent
    assert min(delays) < 15 and max(delays) > 45  # the jitter really varied the delay


def test_reset_third_connection_after_20_kb_down(app: AppServer) -> None:
    with FaultProxy(app.port, faults=[Fault.reset(20_000, connection=3, direction="down")]) as proxy:
        results = [_get_raw(proxy.port, "/bytes/100000") for _ in range(4)]
        _wait_closed(proxy, 4)
        stats = proxy.snapshot()
    for i in (0, 1, 3):
        assert results[i][1] is None and results[i][0].endswith(bytes(i % 251 for i in range(100_000)))
    data, err = results[2]
    assert len(data) == 20_000  # exactly N bytes, then the RST
    assert isinstance(err, ConnectionResetError)
    assert stats.resets == 1
    assert [log.outcome for log in stats.connection_logs] == ["closed", "closed", "reset", "closed"]
    assert stats.connection_logs[2].bytes_down == 20_000


def test_reset_after_n_bytes_up_reaches_the_server_exactly(echo: EchoServer) -> None:
    with (
        FaultProxy(echo.port, faults=[Fault.reset(5000, direction="up")]) as proxy,
        socket.create_connection(("127.0.0.1", proxy.port)) as s,
    ):
        s.settimeout(5)
        s.sendall(b"x" * 3000)
        with pytest.raises(ConnectionResetError):
            s.sendall(b"y" * 30_000)
            while s.recv(65536):
                pass
        _wait_closed(proxy, 1)
    deadline = time.monotonic() + 3
    while echo.endings[0] == "open" and time.monotonic() < deadline:
        time.sleep(0.01)
    assert echo.received == [5000]
    assert echo.endings == ["ConnectionResetError"]


def test_periodic_reset_every_n_bytes_across_connections(app: AppServer) -> None:
    with FaultProxy(app.port, Link(reset_every=30_000)) as proxy:
        lengths = [len(_get_raw(proxy.port, "/bytes/12000")[0]) for _ in range(6)]
        _wait_closed(proxy, 6)
        stats = proxy.snapshot()
    assert stats.resets == 2
    assert stats.bytes_total == sum(log.bytes_up + log.bytes_down for log in stats.connection_logs)
    full = max(lengths)
    assert lengths.count(full) == 4
    assert [log.outcome for log in stats.connection_logs].count("reset") == 2


@pytest.mark.parametrize("path", ["/bytes/5000", "/chunked/5000"])
def test_reply_dropped_after_the_server_handled_the_request(app: AppServer, path: str) -> None:
    with FaultProxy(app.port, faults=[Fault.drop_reply(request=2)]) as proxy:
        conn = http.client.HTTPConnection("127.0.0.1", proxy.port, timeout=5)
        conn.request("GET", path)
        first = conn.getresponse().read()
        assert len(first) == 5000
        conn.request("GET", path)  # same keep-alive connection: the framer must find the reply's end
        with pytest.raises((ConnectionError, http.client.RemoteDisconnected)):
            conn.getresponse().read()
        conn.close()
        conn = http.client.HTTPConnection("127.0.0.1", proxy.port, timeout=5)
        conn.request("GET", path)
        assert conn.getresponse().read() == first
        conn.close()
        _wait_closed(proxy, 2)
        stats = proxy.snapshot()
    assert app.handled == 3  # the dropped request was served
    assert stats.dropped_replies == 1
    logs = stats.connection_logs
    assert logs[0].requests == [1, 2] and logs[0].outcome == "reply dropped"
    assert stats.dropped_bytes == logs[0].bytes_down  # the whole reply swallowed, byte for byte the same size
    assert logs[1].requests == [3] and logs[1].bytes_down == stats.dropped_bytes


def test_dropped_post_was_committed(app: AppServer) -> None:
    with FaultProxy(app.port, faults=[Fault.drop_reply(request=1)]) as proxy:
        conn = http.client.HTTPConnection("127.0.0.1", proxy.port, timeout=5)
        with pytest.raises((ConnectionError, http.client.RemoteDisconnected)):
            conn.request("POST", "/events", body=b"e" * 3000)
            conn.getresponse().read()
        conn.close()
        _wait_closed(proxy, 1)
    assert app.committed == [3000]


def test_stall_then_resume(echo: EchoServer) -> None:
    link = Link(handshake=False)
    with (
        FaultProxy(echo.port, link, [Fault.stall(10, 1.0, direction="up")]) as proxy,
        socket.create_connection(("127.0.0.1", proxy.port)) as s,
    ):
        s.settimeout(5)
        start = time.monotonic()
        s.sendall(b"0123456789abcdefghij")
        time.sleep(0.4)
        assert echo.received == [10]  # 10 bytes crossed, then the link went silent both ways
        got = b""
        while len(got) < 20:
            got += s.recv(100)
        late = time.monotonic() - start
        stats = proxy.snapshot()
    assert got == b"0123456789abcdefghij"
    assert echo.received == [20]
    assert 0.9 <= late <= 2.0, late
    assert stats.stalls == 1
    assert [what for _, what in stats.connection_logs[0].events][:2] == ["stalled for 1 s", "resumed"]


def test_stall_forever_keeps_the_connection_open_until_the_client_leaves(echo: EchoServer) -> None:
    with FaultProxy(echo.port, faults=[Fault.stall(0, None, connection=1)]) as proxy:
        with socket.create_connection(("127.0.0.1", proxy.port)) as s:
            s.settimeout(0.5)
            s.sendall(b"hello?")
            with pytest.raises(TimeoutError):  # no reset, no EOF: just silence
                s.recv(100)
        _wait_closed(proxy, 1)
        log = proxy.snapshot().connection_logs[0]
    assert echo.received == [0]
    assert log.outcome == "stalled" and log.bytes_up == 0


def test_same_seed_same_delays(echo: EchoServer) -> None:
    def run(seed: int) -> list[float]:
        link = Link(rtt_ms=20, jitter_ms=10, seed=seed, mtu=100, handshake=False)
        with FaultProxy(echo.port, link) as proxy:
            with socket.create_connection(("127.0.0.1", proxy.port)) as s:
                s.settimeout(5)
                for _ in range(5):  # one message in flight at a time: the same units every run
                    s.sendall(b"m" * 450)
                    got = 0
                    while got < 450:
                        got += len(s.recv(1000))
            _wait_closed(proxy, 1)
            return proxy.snapshot().connection_logs[0].delays_ms

    a, b, c = run(1), run(1), run(2)
    assert len(a) >= 50
    assert a[:50] == b[:50]
    assert a[:50] != c[:50]
    assert random_faults(5, 20) == random_faults(5, 20) != random_faults(6, 20)


def test_shutdown_with_open_and_stalled_connections_is_clean(app: AppServer) -> None:
    proxy = FaultProxy(app.port, Link.symmetric(30, 300), [Fault.stall(0, None, connection=2)]).start()
    busy = socket.create_connection(("127.0.0.1", proxy.port))
    busy.sendall(b"GET /bytes/100000 HTTP/1.1\r\nHost: t\r\n\r\n")
    stalled = socket.create_connection(("127.0.0.1", proxy.port))
    time.sleep(0.5)
    proxy.stop()
    assert proxy._thread is None
    with busy, stalled:
        busy.settimeout(3)
        stalled.settimeout(3)
        assert stalled.recv(100) == b""  # closed, not left hanging
        data = b""
        while chunk := busy.recv(65536):
            data += chunk
        assert len(data) < 100_000
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", proxy.port), timeout=1).close()


def test_unreachable_upstream_resets_the_client() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead_port = probe.getsockname()[1]  # bound, never listening: connections are refused
        with FaultProxy(dead_port) as proxy:
            data, err = _get_raw(proxy.port, "/")
            _wait_closed(proxy, 1)
            log = proxy.snapshot().connection_logs[0]
    assert data == b"" and isinstance(err, ConnectionResetError)
    assert log.outcome == "upstream refused"


def test_runs_inside_an_existing_event_loop(echo: EchoServer) -> None:
    async def scenario() -> tuple[bytes, int]:
        proxy = FaultProxy(echo.port, Link(rtt_ms=50, kbit_up=100, kbit_down=100))
        await proxy.astart()
        reader, writer = await asyncio.open_connection("127.0.0.1", proxy.port)
        writer.write(b"x" * 2000)
        got = await reader.readexactly(2000)
        writer.close()
        await writer.wait_closed()
        await proxy.aclose()
        return got, proxy.stats.bytes_total

    got, total = asyncio.run(scenario())
    assert got == b"x" * 2000 and total == 4000


def test_only_loopback_upstreams() -> None:
    with pytest.raises(ValueError, match="loopback"):
        FaultProxy(("10.0.0.1", 80))


def test_t_min() -> None:
    assert t_min(2, 0.6, 64_000, 16_000) == pytest.approx(1.2 + 2.0)


def test_cli_forwards_and_prints_counters(app: AppServer) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    args = ["--upstream", f"127.0.0.1:{app.port}", "--kbit", "200", "--rtt-ms", "100", "--reset", "2:1000"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.support.faultproxy", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **interrupt_flags(),
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        port = int(line.split("127.0.0.1:")[1].split()[0])
        ok, err = _get_raw(port, "/bytes/3000")
        cut, cut_err = _get_raw(port, "/bytes/3000")
    finally:
        interrupt(proc)
        out, errors = proc.communicate(timeout=10)
    assert err is None and len(ok) > 3000
    assert len(cut) == 1000 - len("GET /bytes/3000 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
    assert isinstance(cut_err, ConnectionResetError)
    summary = json.loads(out.strip().splitlines()[-1])
    assert summary["connections"] == 2 and summary["resets"] == 1 and summary["requests"] == 2
    assert proc.returncode == 0 and not errors


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--upstream", "10.0.0.1:80"], "only talks to loopback"),
        (["--upstream", "127.0.0.1:1", "--reset", "3:lots"], "cannot read reset fault"),
        (["--upstream", "127.0.0.1:1", "--stall", "1:100"], "cannot read stall fault"),
    ],
)
def test_cli_refuses_bad_arguments_clearly(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.support.faultproxy import main

    with pytest.raises(SystemExit) as exit_info:
        main(args)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err
