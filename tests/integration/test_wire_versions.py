"""Protocol versions over real HTTP on loopback: the new client speaks 2 to a new server, an old (v1) client
is still served by it, and the new client falls back to 1 against a server that only speaks 1."""

from __future__ import annotations

import gzip
import json
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import zstandard
from stdnum.cn import ric

from tests.integration.server_harness import RunningServer, running_server
from tests.integration.server_process import ServerProcess
from tests.integration.test_sync_roundtrip import register
from villagedesk.domain.lifecycle import EventType, Role
from villagedesk.server import auth
from villagedesk.server.app import ServerConfig
from villagedesk.server.db import Database
from villagedesk.services import actions, queries
from villagedesk.sync import codec, engine, offline, relay
from villagedesk.sync.transport import Transport, TransportError

VILLAGE = "419001100201"


def run(desk, protocol: int | None = None) -> tuple[engine.SyncResult, Transport]:
    """One sync; ``protocol`` holds the client at that version (1: exactly what a v1 client sends)."""
    cfg = engine.server_config(desk)
    transport = Transport(cfg.url, cfg.token, cfg.fingerprint)
    if protocol is not None:
        transport.protocol = transport.newest = protocol
    eng = engine.SyncEngine(desk, transport=transport)
    try:
        result = eng.run()
    finally:
        eng.close()
        transport.close()
    assert result.ok, result.error
    return result, transport


def work(desk, name: str, id_number: str) -> str:
    case = register(desk, name, id_number)
    actions.perform(desk, case, EventType.SUBMITTED, {})
    actions.perform(desk, case, EventType.NOTE_ADDED, {"text": "已电话告知办事人"})
    return case


def test_new_client_speaks_2_and_an_old_client_is_still_served(enrolled) -> None:
    new = enrolled("new", VILLAGE)
    old = enrolled("old", VILLAGE)
    case_new = work(new, "张三", "419001198001010014")
    case_old = work(old, "李·娜", "419001199002020024")
    r_new, t_new = run(new)
    assert t_new.protocol == 2 and r_new.pushed == 3 and not r_new.upgrade
    r_old, t_old = run(old, protocol=1)  # pushes in v1, pulls the v2 client's events in v1
    assert t_old.protocol == 1 and r_old.pushed == 3 and r_old.pulled == 3
    assert r_old.upgrade  # told to upgrade, served all the same
    r_new, _ = run(new)  # pulls the v1 client's events in v2
    assert r_new.pulled == 3
    for desk in (new, old):
        assert {r.id for r in queries.list_cases(desk)} == {case_new, case_old}
        assert engine.pending_count(desk) == 0


def test_a_v2_sync_carries_fewer_bytes_than_v1_for_the_same_events(enrolled) -> None:
    """The same 12 events pushed by two PCs, one held at v1: v2's wire bytes are well under v1's."""
    a, b = enrolled("a", VILLAGE), enrolled("b", VILLAGE)
    for n in range(4):
        head = f"41900119800101{n:03d}"
        number = head + ric.calc_check_digit(head + "0")  # (it reads the first 17 of 18)
        work(a, "王𠮷", number)
        work(b, "王𠮷", number)
    v1, _ = run(b, protocol=1)
    v2, _ = run(a)
    assert v1.pushed == v2.pushed == 12
    assert v2.bytes_sent < 0.8 * v1.bytes_sent, (v2.bytes_sent, v1.bytes_sent)


def test_the_version_learned_is_kept_and_moves_up_when_the_server_does(make_desk, tmp_path: Path) -> None:
    """After a run against a v1 server the next run starts at 1 (no refused first round, which would
    carry a whole batch for nothing); when the server is upgraded, its first reply moves the client up."""
    db = Database.open(f"sqlite:///{tmp_path / 'server.db'}")
    old = RunningServer(db, ServerConfig(protocol=1, blob_dir=tmp_path / "blobs")).start()
    try:
        desk = make_desk("a")
        engine.enroll(desk, old.url, old.code(VILLAGE, "agent", "a"))
        work(desk, "张三", "419001198001010014")
        for _ in range(2):
            eng = engine.SyncEngine(desk)
            starts_at = eng.transport.protocol
            assert eng.run().ok
            eng.close()
        assert (starts_at, eng.transport.protocol) == (1, 1)
    finally:
        old.stop()
    new = RunningServer(db, ServerConfig(blob_dir=tmp_path / "blobs"), port=old.port).start()
    try:
        work(desk, "李·娜", "419001199002020024")
        eng = engine.SyncEngine(desk)
        result = eng.run()
        eng.close()
        assert result.ok and result.pushed == 3 and eng.transport.protocol == 2
        later = engine.SyncEngine(desk)
        later.close()
        assert later.transport.protocol == 2  # kept for the next run
    finally:
        new.stop()
        db.dispose()


def test_new_client_falls_back_to_1_against_a_v1_only_server(make_desk, tmp_path: Path) -> None:
    with running_server("sqlite", tmp_path, ServerConfig(protocol=1)) as server:
        health = json.loads(urllib.request.urlopen(server.url + "/api/v1/health").read())
        assert health["protocol"] == 1
        a, b = make_desk("a"), make_desk("b")
        engine.enroll(a, server.url, server.code(VILLAGE, "agent", "a"))  # refused at 2, enrolled at 1
        engine.enroll(b, server.url, server.code(VILLAGE, "agent", "b"))
        case = work(a, "欧阳𠮷祥", "419001198001010014")
        ra, ta = run(a)
        assert ta.protocol == 1 and ra.pushed == 3 and not ra.upgrade
        rb, tb = run(b)
        assert tb.protocol == 1 and rb.pulled == 3
        assert [r.id for r in queries.list_cases(b)] == [case]


def test_a_v1_only_server_refuses_a_v2_body_as_an_old_server_does(tmp_path: Path) -> None:
    """What the client's fallback reads: 400 naming the unsupported version, before any work."""
    with running_server("sqlite", tmp_path, ServerConfig(protocol=1)) as server:
        body = codec.encode({"v": 2, "cur": {}})
        req = urllib.request.Request(
            server.url + "/api/v1/sync",
            data=body,
            headers={"X-VillageDesk-Protocol": "2", "Content-Type": codec.CONTENT_TYPE},
        )
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(req)
        assert err.value.code == 400
        assert "不支持的协议版本" in json.loads(err.value.read())["message"]


def test_a_v1_request_gets_a_v1_reply_from_the_new_server(enrolled, server) -> None:
    """Byte for byte what a client from before version 2 sends: gzip JSON with header 1."""
    desk = enrolled("a", VILLAGE)
    token = engine.server_config(desk).token
    req = urllib.request.Request(
        server.url + "/api/v1/sync",
        data=gzip.compress(json.dumps({"v": 1, "cur": {VILLAGE: 0}}).encode()),
        headers={
            "X-VillageDesk-Protocol": "1",
            "Content-Type": "application/json",
            "Content-Encoding": "gzip",
            "Accept-Encoding": "gzip",
            "Authorization": f"Bearer {token}",
        },
    )
    with urllib.request.urlopen(req) as resp:
        assert resp.headers["Content-Encoding"] == "gzip"
        assert resp.headers["Content-Type"].startswith("application/json")
        reply = json.loads(gzip.decompress(resp.read()))
    assert reply["upg"] is True and VILLAGE in reply["cur"]


def test_a_clerk_relays_a_bundle_through_a_v1_only_server(make_desk, tmp_path: Path) -> None:
    """The relay's upload is its run's first request: it too falls back to version 1."""
    with running_server("sqlite", tmp_path, ServerConfig(protocol=1)) as server:
        village, clerk = make_desk("v"), make_desk("clerk")
        engine.enroll(village, server.url, server.code(VILLAGE, "agent", "v"))
        engine.enroll(clerk, server.url, server.code("419001100000", "clerk", "clerk"))
        work(village, "张三", "419001198001010014")
        stick = tmp_path / "usb"
        stick.mkdir()
        assert offline.export_bundle(village, stick / "村.vdb").events == 3
        done = relay.relay_bundle(clerk, stick / "村.vdb", stick / "回执.vdb")
        assert (done.events, done.accepted, done.rejected) == (3, 3, 0)


class _Hostile(BaseHTTPRequestHandler):
    """A 'server' that answers every sync with the v2 bytes it was given."""

    reply = b""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(200)
        self.send_header("Content-Type", codec.CONTENT_TYPE)
        self.send_header("Content-Length", str(len(self.reply)))
        self.end_headers()
        self.wfile.write(self.reply)

    def log_message(self, *args: object) -> None:
        pass


def _v2(inner: bytes, dict_id: int = 0) -> bytes:
    comp = zstandard.ZstdCompressor(dict_data=codec.dictionary(dict_id), write_content_size=True)
    return codec.MAGIC + bytes([dict_id]) + comp.compress(inner)


HOSTILE_REPLIES = {  # made when the test runs (the bomb is 65 MB before compression)
    "bomb": lambda: _v2(codec._varint(0) + b'{"v":2,"x":"' + b"0" * (65 * 1024 * 1024) + b'"}'),
    "index past the table": lambda: _v2(
        codec._varint(0) + b'{"v":2,"pull":[{"p":"419001100201","d":"x","o":"agent","e":[{"c":3}]}]}'
    ),
    "truncated": lambda: _v2(codec._varint(0) + b'{"v":2}')[:-2],
    "unknown dictionary": lambda: codec.MAGIC + b"\x63" + _v2(b"\x00{}")[4:],
}


@pytest.mark.parametrize("name", list(HOSTILE_REPLIES))
def test_the_client_survives_a_hostile_v2_reply(name: str) -> None:
    """What a server sends is decoded under the same limits: a retryable error, never a traceback."""
    handler = type("H", (_Hostile,), {"reply": HOSTILE_REPLIES[name]()})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    transport = Transport(f"http://127.0.0.1:{httpd.server_address[1]}", "vd1.x")
    try:
        with pytest.raises(TransportError, match="服务器回复无法解析"):
            transport.post("/api/v1/sync", {"v": 2, "cur": {}})
    finally:
        transport.close()
        httpd.shutdown()
        httpd.server_close()


def test_a_dictionary_the_server_lacks_is_dropped_for_none(make_desk, tmp_path: Path, monkeypatch) -> None:
    """A newer build compresses with dictionary 2; a `villagedesk-server` process that ships only 1
    answers 400 `dictionary`, and the client sends again without one and keeps that."""
    url = f"sqlite:///{tmp_path / 'town.db'}"
    srv = ServerProcess(url, tmp_path / "srv").start()
    db = Database.open(url)
    try:
        desk = make_desk("a")
        engine.enroll(desk, srv.url, auth.create_code(db, VILLAGE, Role.AGENT, "a", 1.0)[0])
        work(desk, "张三", "419001198001010014")
        monkeypatch.setitem(codec.DICTIONARIES, 2, codec.DICTIONARIES[1])  # this process only: the newer build
        monkeypatch.setattr(codec, "DICTIONARY_ID", 2)
        result, transport = run(desk)
        assert (transport.protocol, transport.dictionary, result.pushed) == (2, 0, 3)
    finally:
        codec._dictionary_bytes.cache_clear()
        srv.stop()
        db.dispose()
