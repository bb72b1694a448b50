"""The town server's transport edges (issue 12, the hostile client's last round), over real HTTP on loopback.

- an attachment upload's Content-Range TOTAL must be the ``size`` an ``attachment_added`` event of its
  partition names on every PUT, not only on the first one: a "restart" with another total, or the whole
  file under another total, once stored a file whose size differed from its event, and every honest PC
  of the village then failed its download's checksum on every sync;
- a USB bundle's body had no cap on its decompressed size: a 612 KB gzip of a 600 MB string took the
  server to 2.3 GB of memory before a 400. It is refused (413) as it inflates past ``MAX_BODY_BYTES``;
- under that cap, what parsing a bundle's body costs was not bounded: 10 MB of ``{}`` in a key nobody
  reads took the server from 133 to 446 MB, one 120 MB string from 108 to 907 MB. Such bodies are refused
  (413, and ``import-bundle`` exit 1) before they are parsed, the server holding no more than their text;
- a bundle's body was not judged as a sync body is: ``"t": NaN`` (and other top-level values
  ``/api/v1/sync`` refuses) imported with 200;
- a connection whose request headers never finished was never closed and needed no token: 50 sockets
  sending only ``POST /api/v1/sync HTTP/1.1\\r\\nHost: x\\r\\n`` stayed open for more than 130 s.
  ``serve --header-timeout`` now closes them;
- a body trickled a byte at a time, each gap under ``--body-timeout``, held its socket for good (after a
  401 with no token too): it is bounded in total, and a body the app reads must average 1 KB/s (408).

Every test here failed on the old code.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import os
import secrets
import socket
import struct
import time
import uuid
import zlib
from collections.abc import Iterator

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from tests.security.harness import (
    TOWN1,
    VA,
    Raw,
    Resp,
    Server,
    Token,
    Verdict,
    enroll_raw,
    event,
    group,
    server_cli,
)
from tests.security.world import World
from villagedesk.sync import bundle as bd


def _put(world: World, sha: str, data: bytes, start: int, total: int) -> Resp:
    headers = {
        "X-VillageDesk-Protocol": "1",
        "Content-Range": f"bytes {start}-{start + len(data) - 1}/{total}",
        "Content-Type": "application/octet-stream",
    }
    return Raw(world.url, world.attacker.tok).request("PUT", f"/api/v1/att/{VA}/{sha}", data, headers)


def _name(world: World, sha: str, size: int) -> None:
    """A case of the attacker's village whose ``attachment_added`` names ``sha`` with ``size``."""
    atk = world.attacker
    case = str(uuid.uuid4())
    reg = event(case, "case_registered", world.registration(), atk.user, atk.node)
    scan = {"sha256": sha, "size": size, "filename": "扫描.jpg"}
    added = event(case, "attachment_added", scan, atk.user, atk.node)
    v = Verdict.of(atk.raw(world.url).sync(push=[group(VA, atk.dev, "agent", [reg, added])]), 2)
    assert v.accepted(0) and v.accepted(1), v
    world.legit_new_cases.add(case)


def _offset(world: World, sha: str, size: int) -> list:
    ask = {"v": 1, "a": [{"s": sha, "n": size, "p": VA}]}
    resp = world.attacker.raw(world.url).post_json("/api/v1/att/missing", ask)
    assert resp.status == 200, resp.body[:300]
    return resp.json()["miss"]


def _unnamed(resp: Resp) -> None:
    assert resp.status == 409, (resp.status, resp.body[:300])
    err = json.loads(resp.body)
    assert err["error"] == "unnamed" and any("\u4e00" <= ch <= "\u9fff" for ch in err["message"]), err


def test_every_put_whose_total_differs_from_the_event_is_refused(world: World) -> None:
    data = os.urandom(30_000)
    sha = hashlib.sha256(data).hexdigest()
    wrong = len(data) - 1  # the event names a size one byte short of the file's
    _name(world, sha, wrong)
    first = _put(world, sha, data[:1], 0, wrong)  # the first PUT names the event's size: taken
    assert first.status == 200 and json.loads(first.body)["off"] == 1, first.body[:300]
    whole = _put(world, sha, data, 0, len(data))  # then the whole file under its true total
    _unnamed(whole)
    restart = _put(world, sha, data[:1], 0, len(data) + 7)  # a "restart" from 0 with yet another total
    _unnamed(restart)
    assert _offset(world, sha, wrong) == [[0, 1]], "a refused PUT changed the upload it did not own"
    got = world.attacker.raw(world.url).get(f"/api/v1/att/{VA}/{sha}")
    assert got.status == 404, (got.status, len(got.body))  # nothing stored under a size no event names


def test_a_restart_with_another_total_leaves_the_honest_upload_alone(world: World) -> None:
    data = os.urandom(20_000)
    sha = hashlib.sha256(data).hexdigest()
    _name(world, sha, len(data))
    half = _put(world, sha, data[:10_000], 0, len(data))
    assert half.status == 200 and json.loads(half.body)["off"] == 10_000, half.body[:300]
    _unnamed(_put(world, sha, data[:1], 0, len(data) + 1))
    assert _offset(world, sha, len(data)) == [[0, 10_000]]  # the resumable upload is still where it was
    rest = _put(world, sha, data[10_000:], 10_000, len(data))
    assert rest.status == 200 and json.loads(rest.body)["done"] is True, rest.body[:300]
    got = world.attacker.raw(world.url).get(f"/api/v1/att/{VA}/{sha}")
    assert got.status == 200 and got.body == data


# --- USB bundles: the decompressed size, and the same judgement as a sync body ---------------------------


def _enrolled(world: World, region: str, role: str, name: str) -> tuple[Token, str]:
    """A fresh device of ``region`` and its bundle key (enrollment's ``bk``)."""
    resp = enroll_raw(world.url, world.server.code(region, role, name))
    assert resp.status == 200, resp.body[:300]
    body = resp.json()
    return Token(body["dev"], body["tok"], body["role"], body["region"]), body["bk"]


def _seal(dev: str, seq: int, compressed: bytes, key: str) -> bytes:
    """A push bundle as docs/sync-protocol.md ("USB bundles") lays it out, around a body already gzipped."""
    k = base64.urlsafe_b64decode(key)
    mac_key = hmac.new(k, b"villagedesk-bundle/1 mac", "sha256").digest()
    enc_key = hmac.new(k, b"villagedesk-bundle/1 enc", "sha256").digest()
    head = json.dumps({"k": "push", "dev": dev, "n": seq, "at": int(time.time() * 1000), "cnt": 0}).encode()
    nonce = secrets.token_bytes(12)
    packed = nonce + AESGCM(enc_key).encrypt(nonce, compressed, head)
    data = b"VillageDesk-bundle/1\n" + struct.pack(">I", len(head)) + head + struct.pack(">Q", len(packed)) + packed
    return data + hmac.new(mac_key, data, "sha256").digest()


def _gzip(raw: bytes) -> bytes:
    z = zlib.compressobj(6, wbits=31)
    return z.compress(raw) + z.flush()


def _upload(world: World, clerk: Token, data: bytes) -> Resp:
    headers = {"X-VillageDesk-Protocol": "1", "Content-Type": "application/octet-stream"}
    return clerk.raw(world.url).request("POST", "/api/v1/bundles", data, headers)


def _peak_rss(world: World) -> int:
    """The server process's peak resident memory so far (VmHWM), in bytes."""
    assert world.server.proc is not None
    with open(f"/proc/{world.server.proc.pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    raise AssertionError("no VmHWM")


def _fresh_peak(world: World) -> int:
    """Reset the server process's peak (Linux: ``5`` into ``clear_refs``) so an earlier test's peak cannot
    hide this one's; returns the peak from now on, which is the memory it holds now."""
    assert world.server.proc is not None
    with open(f"/proc/{world.server.proc.pid}/clear_refs", "w") as f:
        f.write("5")
    return _peak_rss(world)


def _bomb(inflated: int) -> bytes:
    """A well-formed bundle body whose one string inflates to ``inflated`` bytes, compressed piece by piece
    (the test never holds more than a megabyte of it)."""
    z = zlib.compressobj(9, wbits=31)
    out = [z.compress(b'{"v":1,"cur":{},"ref":0,"batches":[],"x":"')]
    piece = b"a" * (1024 * 1024)
    for _ in range(inflated // len(piece) + 1):
        out.append(z.compress(piece))
    out.append(z.compress(b'"}') + z.flush())
    return b"".join(out)


def test_a_bundle_inflating_past_the_cap_is_refused_without_being_held(world: World) -> None:
    agent, key = _enrolled(world, VA, "agent", "bomb-village")
    clerk, _ = _enrolled(world, TOWN1, "clerk", "bomb-clerk")
    compressed = _bomb(bd.MAX_BODY_BYTES + 64 * 1024 * 1024)
    assert len(compressed) < 2 * 1024 * 1024  # about a megabyte on the stick
    before = _peak_rss(world)
    resp = _upload(world, clerk, _seal(agent.dev, 1, compressed, key))
    grew = _peak_rss(world) - before
    # what was inflated before the refusal (at most the cap, as a growing buffer), never the bomb whole
    assert grew < bd.MAX_BODY_BYTES * 5 // 4 + 32 * 1024 * 1024, grew
    assert resp.status == 413, (resp.status, resp.body[:300])
    err = json.loads(resp.body)
    assert err["error"] == "too_large" and "上限" in err["message"], err
    # nothing was claimed: the same device's honest bundle number 1 is taken afterwards
    ok = _upload(world, clerk, _seal(agent.dev, 1, _gzip(b'{"v":1,"cur":{},"ref":0,"batches":[]}'), key))
    assert ok.status == 200, (ok.status, ok.body[:300])
    world.healthy()


def _gzip_pieces(pieces: Iterator[bytes]) -> bytes:
    z = zlib.compressobj(9, wbits=31)
    return b"".join(z.compress(piece) for piece in pieces) + z.flush()


def _costly(kind: str) -> Iterator[bytes]:
    """Bodies well under the decompressed cap whose parse cost many times their size: 10 MB of ``{}`` in a
    key nobody reads (the server went from 133 to 446 MB), one 120 MB string (108 to 907 MB), 12 MB of
    one-letter strings in an event's payload."""
    yield b'{"v":1,"cur":{},"ref":0,"batches":['
    if kind == "objects":
        yield b'],"x":['
        yield from (b"{}," * 350_000 for _ in range(10))  # 10.5 MB
        yield b"{}]}"
    elif kind == "string":
        yield b'],"x":"'
        yield from (b"a" * (1024 * 1024) for _ in range(120))
        yield b'"}'
    else:
        yield b'{"push":[{"p":"' + VA.encode() + b'","d":"x","o":"agent","e":[{"i":"x","p":{"n":['
        yield from (b'"a",' * 250_000 for _ in range(12))  # 12 MB
        yield b'"a"]}}]}]}]}'


@pytest.mark.parametrize("kind", ["objects", "string", "strings"])
def test_a_bundle_whose_parse_costs_far_more_than_its_size_is_refused_before_it(world: World, kind: str) -> None:
    agent, key = _enrolled(world, VA, "agent", f"dense-{kind}")
    clerk, _ = _enrolled(world, TOWN1, "clerk", f"dense-clerk-{kind}")
    inflated = sum(len(piece) for piece in _costly(kind))
    assert inflated < bd.MAX_BODY_BYTES  # the decompressed cap lets each of them through
    hostile = _seal(agent.dev, 1, _gzip_pieces(_costly(kind)), key)
    before = _fresh_peak(world)
    resp = _upload(world, clerk, hostile)
    grew = _peak_rss(world) - before
    # the server held the text it inflated, never the objects it would have read from it
    assert grew < inflated + 48 * 1024 * 1024, (kind, grew // 2**20, inflated // 2**20, resp.status)
    assert resp.status == 413, (resp.status, resp.body[:300])
    err = json.loads(resp.body)
    assert err["error"] == "too_large" and "已拒绝" in err["message"], err
    # the operator's CLI refuses the same file: exit 1, the same Chinese line, no traceback
    stick = world.server.data / f"dense-{kind}.vdb"
    stick.write_bytes(hostile)
    ack = world.server.data / f"dense-{kind}-ack.vdb"
    out = server_cli(world.server.data, world.server.db, "import-bundle", str(stick), "--ack-out", str(ack))
    assert out.returncode == 1 and err["message"] in out.stderr and "Traceback" not in out.stderr, out
    assert not ack.exists()
    # neither claimed a number: the same device's honest bundle number 1 is taken afterwards
    ok = _upload(world, clerk, _seal(agent.dev, 1, _gzip(b'{"v":1,"cur":{},"ref":0,"batches":[]}'), key))
    assert ok.status == 200, (ok.status, ok.body[:300])
    world.healthy()


# Bodies /api/v1/sync refuses with 400 for a top-level value: NaN and infinities (the strict wire reader
# takes them as floats), a float where an integer is due, a key named twice in the body's own object.
REFUSED_TOPS = {
    "t_nan": b'"t":NaN',
    "t_inf": b'"t":Infinity',
    "t_minus_inf": b'"t":-Infinity',
    "t_float": b'"t":1.5',
    "t_huge": b'"t":' + b"9" * 30,
    "ref_nan": b'"ref":NaN',
    "ref_twice": b'"ref":0,"ref":0',
}


@pytest.mark.parametrize("name", sorted(REFUSED_TOPS))
def test_a_bundle_body_is_refused_as_the_same_sync_body_is(world: World, name: str) -> None:
    agent, key = _enrolled(world, VA, "agent", f"strict-{name}")
    clerk, _ = _enrolled(world, TOWN1, "clerk", f"strict-clerk-{name}")
    top = REFUSED_TOPS[name]
    sync = agent.raw(world.url).request(
        "POST",
        "/api/v1/sync",
        _gzip(b'{"v":1,"push":[],"cur":{},' + top + b"}"),
        {"X-VillageDesk-Protocol": "1", "Content-Type": "application/json", "Content-Encoding": "gzip"},
    )
    assert sync.status == 400, (name, sync.status, sync.body[:300])
    resp = _upload(world, clerk, _seal(agent.dev, 1, _gzip(b'{"v":1,"cur":{},"batches":[],' + top + b"}"), key))
    assert resp.status == 400, (name, resp.status, resp.body[:300])
    err = json.loads(resp.body)
    assert err["error"] == "bad_bundle" and any("\u4e00" <= ch <= "\u9fff" for ch in err["message"]), err
    # the refusal claimed no number: the honest body under the same number is imported
    good = _gzip(b'{"v":1,"cur":{},"ref":0,"t":' + str(int(time.time() * 1000)).encode() + b',"batches":[]}')
    ok = _upload(world, clerk, _seal(agent.dev, 1, good, key))
    assert ok.status == 200, (name, ok.status, ok.body[:300])


# --- request headers that never finish ---------------------------------------------------------------------

HEADER_S = 2.0  # the served server's --header-timeout
BODY_S = 2.0  # and its --body-timeout
MARGIN_S = 3.0
HEALTH = b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n"


def _closed_by(sock: socket.socket, deadline: float) -> bool:
    """Whether the server closes ``sock`` (EOF or reset) before ``deadline`` (time.monotonic)."""
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        sock.settimeout(left)
        try:
            data = sock.recv(65536)
        except TimeoutError:
            return False
        except ConnectionError:
            return True
        if not data:
            return True


def _reply(sock: socket.socket) -> bytes:
    """One whole response to a health request (its body is small JSON with a Content-Length)."""
    sock.settimeout(10)
    data = b""
    while b"\r\n\r\n" not in data:
        piece = sock.recv(65536)
        assert piece, data
        data += piece
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    length = int(next(line.split(b":")[1] for line in lines if line.lower().startswith(b"content-length")))
    while len(body) < length:
        body += sock.recv(65536)
    return head


@pytest.fixture
def short_headers(tmp_path) -> Iterator[Server]:
    extra = ("--header-timeout", str(HEADER_S), "--body-timeout", str(BODY_S))
    server = Server(tmp_path / "town", None, extra=extra).start()
    try:
        yield server
    finally:
        server.stop()


def test_connections_whose_headers_never_finish_are_closed(short_headers: Server) -> None:
    port = short_headers.port
    opened = time.monotonic()
    stuck = []
    for _ in range(5):  # the hostile client's socket: a request line and one header, then nothing
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"POST /api/v1/sync HTTP/1.1\r\nHost: x\r\n")
        stuck.append(s)
    silent = socket.create_connection(("127.0.0.1", port))  # connected, not a byte sent
    trickle = socket.create_connection(("127.0.0.1", port))  # a byte a second: never the end of the headers
    honest = socket.create_connection(("127.0.0.1", port))  # keep-alive: a request, a pause, another
    second = socket.create_connection(("127.0.0.1", port))  # a request, then half of the next one
    try:
        honest.sendall(HEALTH)
        assert _reply(honest).startswith(b"HTTP/1.1 200"), "an honest request failed"
        second.sendall(HEALTH)
        assert _reply(second).startswith(b"HTTP/1.1 200")
        second.sendall(b"GET /api/v1/health HTTP/1.1\r\n")
        started_second = time.monotonic()
        for ch in b"GET /api/v1/health HTTP/1.1\r\nX-Slow: " + b"a" * 10:
            if time.monotonic() - opened > HEADER_S + MARGIN_S:
                break
            try:
                trickle.sendall(bytes([ch]))
            except OSError:
                break  # closed already
            time.sleep(0.5)
        for s in [*stuck, silent, trickle]:
            assert _closed_by(s, opened + HEADER_S + MARGIN_S), "a socket without whole headers stayed open"
        assert _closed_by(second, started_second + HEADER_S + MARGIN_S), "a half second request stayed open"
        assert time.monotonic() - opened > HEADER_S - 0.5
        # the honest connection, idle between its requests longer than the header deadline, is kept
        time.sleep(max(0.0, opened + HEADER_S + 1.0 - time.monotonic()))
        honest.sendall(HEALTH)
        assert _reply(honest).startswith(b"HTTP/1.1 200"), "an idle keep-alive connection was cut"
        # and a fresh honest request is served at once
        assert Raw(short_headers.url).get("/api/v1/health").status == 200
    finally:
        for s in [*stuck, silent, trickle, honest, second]:
            s.close()
    assert short_headers.alive()


def _replies(sock: socket.socket, n: int) -> list[bytes]:
    """The heads of ``n`` whole responses read from ``sock`` (each body has a Content-Length)."""
    sock.settimeout(10)
    data, heads = b"", []
    while len(heads) < n:
        while b"\r\n\r\n" not in data:
            piece = sock.recv(65536)
            assert piece, (heads, data)
            data += piece
        head, _, data = data.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        length = int(next(line.split(b":")[1] for line in lines if line.lower().startswith(b"content-length")))
        while len(data) < length:
            piece = sock.recv(65536)
            assert piece, (heads, head)
            data += piece
        heads.append(head + b"\r\n\r\n" + data[:length])
        data = data[length:]
    return heads


def test_every_request_of_a_connection_has_the_deadlines_pipelined_ones_too(short_headers: Server) -> None:
    """A request and half of the next in one write held the socket for the whole keep-alive (75 s), and so
    did a body left unsent after its reply (a 401 before the body is read, the 408 of a stalled one)."""
    port = short_headers.port

    def opened(data: bytes) -> socket.socket:
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(data)
        return s

    half = opened(HEALTH + b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n")  # one write: a whole one, half one
    unread = opened(  # refused (no token) before its body is read; the body then never comes
        b"POST /api/v1/sync HTTP/1.1\r\nHost: x\r\nX-VillageDesk-Protocol: 1\r\nContent-Length: 1000\r\n\r\nabcde"
    )
    piped = opened(HEALTH + b"POST /api/v1/sync HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nabcde")
    stalled = opened(  # the app reads this body: 408 when it stalls, then the connection goes
        b"POST /api/v1/enroll HTTP/1.1\r\nHost: x\r\nX-VillageDesk-Protocol: 1\r\n"
        b"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"
    )
    honest = opened(HEALTH + HEALTH)  # two whole requests in one write: both answered, kept alive
    started = time.monotonic()
    try:
        assert _replies(half, 1)[0].startswith(b"HTTP/1.1 200")
        assert _replies(unread, 1)[0].startswith(b"HTTP/1.1 401")
        assert [r[:12] for r in _replies(piped, 2)] == [b"HTTP/1.1 200", b"HTTP/1.1 400"]
        assert all(r.startswith(b"HTTP/1.1 200") for r in _replies(honest, 2))
        assert _closed_by(half, started + HEADER_S + MARGIN_S), "half a pipelined request kept the socket"
        assert _closed_by(unread, started + BODY_S + MARGIN_S), "a body nobody reads kept the socket"
        assert _closed_by(piped, started + BODY_S + MARGIN_S), "a pipelined body nobody reads kept the socket"
        timeout = _replies(stalled, 1)[0]
        assert timeout.startswith(b"HTTP/1.1 408") and b'"error":"timeout"' in timeout, timeout
        assert _closed_by(stalled, started + 2 * BODY_S + MARGIN_S), "a stalled body's socket stayed after its 408"
        assert time.monotonic() - started > HEADER_S - 0.5
        # the honest connection, idle longer than both deadlines, still serves its next request
        time.sleep(max(0.0, started + 2 * BODY_S + 1.0 - time.monotonic()))
        honest.sendall(HEALTH)
        assert _replies(honest, 1)[0].startswith(b"HTTP/1.1 200"), "an idle keep-alive connection was cut"
        # a body sent in two pieces, a pause shorter than the body timeout between them, is read whole
        body = b'{"v":1}'
        honest.sendall(b"POST /api/v1/enroll HTTP/1.1\r\nHost: x\r\nX-VillageDesk-Protocol: 1\r\n")
        honest.sendall(b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body) + body[:3])
        time.sleep(BODY_S / 2)
        honest.sendall(body[3:])
        answer = _replies(honest, 1)[0]
        assert answer.startswith(b"HTTP/1.1 400") and b'"error":"bad_request"' in answer, answer  # read, judged
    finally:
        for s in (half, unread, piped, stalled, honest):
            s.close()
    assert short_headers.alive()


BAD_FRAMING = {
    "content_length_negative": b"Content-Length: -1\r\n",
    "chunked_and_length": b"Transfer-Encoding: chunked\r\nContent-Length: 5\r\n",
    "length_twice": b"Content-Length: 5\r\nContent-Length: 6\r\n",
}


@pytest.mark.parametrize("name", sorted(BAD_FRAMING))
def test_a_request_the_http_parser_refuses_gets_the_json_error_shape(short_headers: Server, name: str) -> None:
    s = socket.create_connection(("127.0.0.1", short_headers.port))
    try:
        s.sendall(b"POST /api/v1/sync HTTP/1.1\r\nHost: x\r\n" + BAD_FRAMING[name] + b"\r\n0\r\n\r\n")
        reply = _replies(s, 1)[0]
        head, _, body = reply.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 400") and b"content-type: application/json" in head.lower(), reply
        err = json.loads(body)
        assert err["error"] == "bad_request" and isinstance(err["now"], int), err
        assert any("\u4e00" <= ch <= "\u9fff" for ch in err["message"]), err
        assert _closed_by(s, time.monotonic() + MARGIN_S)
    finally:
        s.close()
    assert Raw(short_headers.url).get("/api/v1/health").status == 200


def test_a_trickled_body_is_bounded_in_total_not_per_gap(short_headers: Server) -> None:
    """A byte every few seconds, each gap under --body-timeout, kept a socket for good with no token: after a
    401 (nobody reads the rest), and in a body the app reads (Content-Length or chunked)."""
    port = short_headers.port

    def opened(data: bytes) -> socket.socket:
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(data)
        return s

    unread = opened(
        b"POST /api/v1/sync HTTP/1.1\r\nHost: x\r\nX-VillageDesk-Protocol: 1\r\nContent-Length: 10000000\r\n\r\na"
    )
    read = opened(
        b"POST /api/v1/enroll HTTP/1.1\r\nHost: x\r\nX-VillageDesk-Protocol: 1\r\n"
        b"Content-Type: application/json\r\nContent-Length: 20000\r\n\r\n{"
    )
    chunked = opened(
        b"POST /api/v1/enroll HTTP/1.1\r\nHost: x\r\nX-VillageDesk-Protocol: 1\r\n"
        b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    started = time.monotonic()
    try:
        assert _replies(unread, 1)[0].startswith(b"HTTP/1.1 401")
        until = started + BODY_S + MARGIN_S + 2
        while time.monotonic() < until:
            for s, piece in ((unread, b"a"), (read, b" "), (chunked, b"1\r\n \r\n")):
                with contextlib.suppress(OSError):
                    s.sendall(piece)
            time.sleep(0.5)
        for s in (read, chunked):  # the body the app reads is answered 408 in the JSON error shape
            timeout = _replies(s, 1)[0]
            assert timeout.startswith(b"HTTP/1.1 408") and b'"error":"timeout"' in timeout, timeout
        for name, s in (("401", unread), ("read", read), ("chunked", chunked)):
            assert _closed_by(s, started + BODY_S + MARGIN_S + 2.5), f"a trickled {name} body kept the socket"
        # an honest slow-but-steady upload (1.5 KB/s, longer than --body-timeout in all) is still read whole
        honest = socket.create_connection(("127.0.0.1", port))
        try:
            body = b'{"v":1,"pad":"' + b"x" * 6000 + b'"}'
            honest.sendall(
                b"POST /api/v1/enroll HTTP/1.1\r\nHost: x\r\nX-VillageDesk-Protocol: 1\r\n"
                b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body)
            )
            sent_at = time.monotonic()
            for i in range(0, len(body), 750):
                honest.sendall(body[i : i + 750])
                time.sleep(0.5)
            assert time.monotonic() - sent_at > BODY_S
            answer = _replies(honest, 1)[0]
            assert answer.startswith(b"HTTP/1.1 400") and b'"error":"bad_request"' in answer, answer  # judged
        finally:
            honest.close()
    finally:
        for s in (unread, read, chunked):
            s.close()
    assert short_headers.alive()


# --- USB bundles: replay judged before the body ----------------------------------------------------------


def _big_string(mb: int) -> bytes:
    """A well-formed body whose one string is ``mb`` MB: under the decompressed cap, refused (413) only
    once inflated, as its parse would cost too much."""
    return _gzip_pieces(iter([b'{"v":1,"cur":{},"ref":0,"batches":[],"x":"', *([b"a" * (1024 * 1024)] * mb), b'"}']))


def test_a_replayed_bundle_is_refused_before_its_body_is_inflated(world: World) -> None:
    agent, key = _enrolled(world, VA, "agent", "replay-village")
    clerk, _ = _enrolled(world, TOWN1, "clerk", "replay-clerk")
    ok = _upload(world, clerk, _seal(agent.dev, 1, _gzip(b'{"v":1,"cur":{},"ref":0,"batches":[]}'), key))
    assert ok.status == 200, (ok.status, ok.body[:300])
    replay = _seal(agent.dev, 1, _big_string(150), key)  # number 1 again, 150 MB of text inside
    assert len(replay) < 1024 * 1024
    before = _fresh_peak(world)
    resp = _upload(world, clerk, replay)
    grew = _peak_rss(world) - before
    assert resp.status == 409 and json.loads(resp.body)["error"] == "replayed", (resp.status, resp.body[:300])
    assert grew < 8 * 1024 * 1024, grew  # its body was never inflated (it was: +150 MB and more, then 409)
    world.healthy()


def test_headers_past_the_limit_are_refused_431(short_headers: Server) -> None:
    s = socket.create_connection(("127.0.0.1", short_headers.port))
    try:
        s.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: ")
        with contextlib.suppress(OSError):
            s.sendall(b"a" * (4 * 1024 * 1024) + b"\r\n\r\n")
        reply = _replies(s, 1)[0]
        assert reply.startswith(b"HTTP/1.1 431") and b'"error":"headers_too_large"' in reply, reply[:300]
        assert _closed_by(s, time.monotonic() + MARGIN_S)
    finally:
        s.close()
    assert Raw(short_headers.url).get("/api/v1/health").status == 200
