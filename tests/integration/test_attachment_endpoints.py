"""The attachment endpoints against hostile and wrong input (real uvicorn, SQLite and PostgreSQL): a clear
4xx, and nothing stored; a foreign partition learns nothing; a download honours HTTP Range."""

from __future__ import annotations

import gzip
import hashlib
import http.client
import json
import os

import pytest
from sqlalchemy import func, select

from tests.support.named_files import name_file
from villagedesk.server import models as sm
from villagedesk.sync import attachment_protocol as ap
from villagedesk.sync import engine
from villagedesk.sync import protocol as proto

VILLAGE = "419001100201"
OTHER = "419001100202"  # same town, another village
FAR = "419002100201"  # another town


class Client:
    def __init__(self, server, desk) -> None:
        self.port = server.port
        self.token = engine.server_config(desk).token
        self.server = server
        self.named: set[tuple[str, str, int]] = set()

    def call(self, method: str, path: str, body: bytes | None = None, **headers: str):
        h = {proto.PROTOCOL_HEADER: "1", "Authorization": f"Bearer {self.token}"}
        h.update({k.replace("_", "-"): v for k, v in headers.items()})
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        try:
            conn.request(method, path, body=body, headers=h)
            resp = conn.getresponse()
            data = resp.read()
            return resp.status, dict(resp.getheaders()), data
        finally:
            conn.close()

    def put(self, partition: str, sha: str, data: bytes, start: int, total: int, **headers: str):
        headers.setdefault("Content_Range", ap.content_range(start, start + len(data) - 1, total))
        if (partition, sha, total) not in self.named and ap.is_sha(sha):
            name_file(self.server.db, partition, sha, total)
            self.named.add((partition, sha, total))
        status, _, body = self.call("PUT", f"{ap.PREFIX}/{partition}/{sha}", data, **headers)
        return status, json.loads(body) if body else {}

    def missing(self, items: list[tuple[str, int, str]]):
        body = gzip.compress(json.dumps({"v": 1, "a": [{"s": s, "n": n, "p": p} for s, n, p in items]}).encode())
        status, _, data = self.call(
            "POST", ap.PREFIX + "/missing", body, Content_Encoding="gzip", Content_Type="application/json"
        )
        return status, json.loads(data)


def _stored(server) -> tuple[int, list]:
    with server.db.read() as s:
        rows = s.scalar(select(func.count()).select_from(sm.ServerAttachment))
    root = server.app.state.attachments.store.root
    files = [p for p in root.rglob("*") if p.is_file()] if root.exists() else []
    return rows, files


def _blob(size: int) -> tuple[bytes, str]:
    data = os.urandom(size)
    return data, hashlib.sha256(data).hexdigest()


def test_upload_in_ranges_then_download_with_range(enrolled, server) -> None:
    c = Client(server, enrolled("a", VILLAGE))
    data, sha = _blob(50_000)
    status, reply = c.missing([(sha, 50_000, VILLAGE)])
    assert status == 200 and reply["miss"] == [[0, 0]] and isinstance(reply["now"], int)
    status, reply = c.put(VILLAGE, sha, data[:20_000], 0, 50_000)
    assert status == 200 and reply["off"] == 20_000 and reply["done"] is False
    # a retry overlapping what the server holds: only the new bytes are kept
    status, reply = c.put(VILLAGE, sha, data[10_000:30_000], 10_000, 50_000)
    assert status == 200 and reply["off"] == 30_000
    status, reply = c.put(VILLAGE, sha, data[40_000:], 40_000, 50_000)  # a gap: told where to go on
    assert status == 409 and reply["off"] == 30_000 and "30000" in reply["message"]
    assert c.missing([(sha, 50_000, VILLAGE)])[1]["miss"] == [[0, 30_000]]
    status, reply = c.put(VILLAGE, sha, data[30_000:], 30_000, 50_000)
    assert status == 200 and reply["done"] is True
    assert c.missing([(sha, 50_000, VILLAGE)])[1]["miss"] == []

    status, headers, body = c.call("GET", f"{ap.PREFIX}/{VILLAGE}/{sha}", Range="bytes=1000-1999")
    assert status == 206 and body == data[1000:2000] and headers["content-range"] == "bytes 1000-1999/50000"
    status, _, body = c.call("GET", f"{ap.PREFIX}/{VILLAGE}/{sha}", Range="bytes=49000-")
    assert status == 206 and body == data[49000:]
    status, _, body = c.call("GET", f"{ap.PREFIX}/{VILLAGE}/{sha}")
    assert status == 200 and body == data
    status, headers, body = c.call("GET", f"{ap.PREFIX}/{VILLAGE}/{sha}", Range="bytes=50000-")
    assert status == 416 and headers["content-range"] == "bytes */50000" and "超出" in json.loads(body)["message"]
    status, _, body = c.call("GET", f"{ap.PREFIX}/{VILLAGE}/{'0' * 64}")
    assert status == 404 and "尚无此附件" in json.loads(body)["message"]


def test_wrong_content_is_refused_and_the_partial_discarded(enrolled, server) -> None:
    c = Client(server, enrolled("a", VILLAGE))
    data, sha = _blob(30_000)
    forged = data[:29_999] + bytes([data[-1] ^ 1])
    assert c.put(VILLAGE, sha, forged[:15_000], 0, 30_000)[0] == 200
    status, reply = c.put(VILLAGE, sha, forged[15_000:], 15_000, 30_000)
    assert status == 422 and reply["error"] == "sha_mismatch" and "不符" in reply["message"]
    assert _stored(server) == (0, [])
    assert c.missing([(sha, 30_000, VILLAGE)])[1]["miss"] == [[0, 0]]  # starts again from zero


@pytest.mark.parametrize(
    ("path_sha", "content_range", "status", "words"),
    [
        ("ABCDEF" + "0" * 58, None, 400, "SHA-256"),  # upper case
        ("0" * 63, None, 400, "SHA-256"),
        ("0" * 64 + ".part", None, 400, "SHA-256"),
        ("..%2F..%2Fetc%2Fpasswd", None, 400, "SHA-256"),
        ("../../../../etc/passwd", None, 400, "SHA-256"),
        ("0" * 64 + "/../../x", None, 400, "SHA-256"),
        (None, "bytes 0-99/100", 400, "长度"),  # body is 10 bytes
        (None, "bytes -5-4/100", 400, "Content-Range"),
        (None, "bytes 5-1/100", 400, "起点"),
        (None, "items 0-9/100", 400, "Content-Range"),
        (None, "bytes 0-9/*", 400, "Content-Range"),
        (None, "", 400, "Content-Range"),
        (None, "bytes 0-9/5", 416, "超出"),
        (None, "bytes 95-104/100", 416, "超出"),
        (None, "bytes 0-9/0", 400, "空"),
        (None, f"bytes 0-9/{ap.MAX_ATTACHMENT_BYTES + 1}", 413, "上限"),
        (None, "bytes 0-9/999999999999", 413, "上限"),
    ],
)
def test_bad_names_and_ranges_get_a_clear_4xx_and_store_nothing(
    enrolled, server, path_sha, content_range, status, words
) -> None:
    c = Client(server, enrolled("a", VILLAGE))
    data, sha = _blob(10)
    headers = {} if content_range is None else {"Content_Range": content_range}
    got, reply = c.put(VILLAGE, path_sha or sha, data, 0, 100, **headers)
    assert got == status, reply
    assert words in reply["message"]
    assert _stored(server) == (0, [])


def test_oversize_chunk_and_body_longer_than_range(enrolled, server) -> None:
    c = Client(server, enrolled("a", VILLAGE))
    big = os.urandom(ap.MAX_CHUNK_BYTES + 1)
    sha = hashlib.sha256(big).hexdigest()
    status, reply = c.put(VILLAGE, sha, big, 0, len(big))
    assert status == 413 and "KB" in reply["message"]
    status, reply = c.missing([(sha, ap.MAX_ATTACHMENT_BYTES + 1, VILLAGE)])
    assert status == 413 and "上限" in reply["message"]
    status, reply = c.missing([("zz", 10, VILLAGE)])
    assert status == 400 and "SHA-256" in reply["message"]
    assert _stored(server) == (0, [])


@pytest.mark.parametrize("foreign", [OTHER, FAR])
def test_a_foreign_partition_is_refused_and_learns_nothing(enrolled, server, foreign) -> None:
    owner = Client(server, enrolled("owner", foreign))
    data, sha = _blob(4_000)
    assert owner.put(foreign, sha, data, 0, 4_000)[1]["done"] is True
    stranger = Client(server, enrolled("stranger", VILLAGE))
    _, unknown = _blob(4_000)
    for s in (sha, unknown):  # held or not, the answer is the same
        status, reply = stranger.missing([(s, 4_000, foreign)])
        assert status == 403 and reply["error"] == "partition" and "无权" in reply["message"]
        status, _, body = stranger.call("GET", f"{ap.PREFIX}/{foreign}/{s}")
        assert status == 403 and json.loads(body)["message"] == reply["message"]
        assert stranger.put(foreign, s, data, 0, 4_000)[0] == 403
    # knowing the hash is not holding the file: its own partition must upload the bytes itself
    assert stranger.missing([(sha, 4_000, VILLAGE)])[1]["miss"] == [[0, 0]]
    status, _, _ = stranger.call("GET", f"{ap.PREFIX}/{VILLAGE}/{sha}")
    assert status == 404
    assert stranger.put(VILLAGE, sha, data, 0, 4_000)[1]["done"] is True
    status, _, body = stranger.call("GET", f"{ap.PREFIX}/{VILLAGE}/{sha}")
    assert status == 200 and body == data
    files = _stored(server)[1]
    assert len([f for f in files if f.name == sha]) == 1  # stored once for both partitions


def test_a_clerk_reads_the_villages_of_its_town_only(enrolled, server) -> None:
    agent = Client(server, enrolled("agent", VILLAGE))
    data, sha = _blob(2_000)
    agent.put(VILLAGE, sha, data, 0, 2_000)
    clerk = Client(server, enrolled("clerk", VILLAGE[:9] + "000", "clerk"))
    status, _, body = clerk.call("GET", f"{ap.PREFIX}/{VILLAGE}/{sha}")
    assert status == 200 and body == data
    assert clerk.missing([(sha, 2_000, FAR)])[0] == 403


def test_no_token_or_no_version_is_refused(enrolled, server) -> None:
    c = Client(server, enrolled("a", VILLAGE))
    data, sha = _blob(100)
    c.token = "nonsense"
    status, reply = c.put(VILLAGE, sha, data, 0, 100)
    assert status == 401 and reply["error"] == "unauthorized"
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request("GET", f"{ap.PREFIX}/{VILLAGE}/{sha}")
    resp = conn.getresponse()
    assert resp.status == 400 and "协议版本" in json.loads(resp.read())["message"]
    conn.close()
    assert _stored(server) == (0, [])


def test_server_models_and_migrations_do_not_drift(server) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with server.db.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), sm.Base.metadata)
    assert diffs == []
