"""One writer per (sha, partition) upload across server processes: a file lock beside the partial upload,
taken by real separate processes (a helper process; two ``villagedesk-server serve`` processes on one
PostgreSQL database and one blob folder)."""

from __future__ import annotations

import asyncio
import hashlib
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import ROOT
from tests.integration.server_harness import PG_ENV, fresh_pg_database
from tests.integration.server_process import ServerProcess
from tests.support.named_files import name_file
from villagedesk.domain.lifecycle import Role
from villagedesk.server import auth
from villagedesk.server import models as sm
from villagedesk.server.attachments import Attachments, BlobStore
from villagedesk.server.auth import DeviceInfo
from villagedesk.server.db import Database
from villagedesk.server.filelock import FileLock
from villagedesk.sync import attachment_protocol as ap
from villagedesk.sync import protocol as proto
from villagedesk.sync.transport import Transport

VILLAGE = "419001100201"

HOLDER = """
import sys
from pathlib import Path
from villagedesk.server.attachments import BlobStore
from villagedesk.server.filelock import FileLock
lock = FileLock(BlobStore(Path(sys.argv[1])).lock_path(sys.argv[2], sys.argv[3]))
assert lock.acquire(10)
print("held", flush=True)
sys.stdin.readline()
lock.release()
print("released", flush=True)
"""


def _holder(root: Path, sha: str) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(root), sha, VILLAGE],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.stdout is not None and proc.stdout.readline() == "held\n"
    return proc


def _end(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=20)
    for pipe in (proc.stdin, proc.stdout):
        if pipe is not None:
            pipe.close()


def _blob(size: int) -> tuple[bytes, str]:
    data = os.urandom(size)
    return data, hashlib.sha256(data).hexdigest()


def test_another_process_holding_the_upload_keeps_this_one_out(tmp_path: Path) -> None:
    db = Database.open(f"sqlite:///{tmp_path / 'server.db'}")
    att = Attachments(db, BlobStore(tmp_path / "blobs"))
    device = DeviceInfo("dev-1", "村电脑", Role.AGENT, VILLAGE)
    data, sha = _blob(50_000)
    name_file(db, VILLAGE, sha, len(data))
    lock_file = att.store.lock_path(sha, VILLAGE)
    proc = _holder(att.store.root, sha)
    try:
        assert not FileLock(lock_file).try_acquire()
        assert not FileLock(lock_file).acquire(0.2)

        async def try_hold() -> bool:
            async with att.hold(sha, VILLAGE, 0.3) as mine:
                return mine

        assert asyncio.run(try_hold()) is False  # an upload request here would answer 409 busy
        assert att.put_whole(device, sha, VILLAGE, data, wait_s=0.3) is False  # a bundle import keeps out too
        assert att.held(sha, VILLAGE) is None and not att.store.final(sha).exists()
        other = FileLock(att.store.lock_path(sha, "419001100202"))  # another partition is not held up
        assert other.try_acquire()
        other.release()

        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write("\n")
        proc.stdin.flush()
        assert proc.stdout.readline() == "released\n"
        assert proc.wait(timeout=20) == 0
        assert not lock_file.exists()  # deleted by its holder

        assert asyncio.run(try_hold()) is True
        assert att.put_whole(device, sha, VILLAGE, data, wait_s=5) is True
        assert att.held(sha, VILLAGE) == len(data)
        assert hashlib.sha256(att.store.final(sha).read_bytes()).hexdigest() == sha
        assert sorted(p.name for p in (att.store.root / "partial").iterdir()) == []
    finally:
        _end(proc)
        db.dispose()


def test_a_lock_dies_with_its_process(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "blobs")
    _, sha = _blob(10)
    proc = _holder(store.root, sha)
    lock = FileLock(store.lock_path(sha, VILLAGE))
    assert not lock.try_acquire()
    _end(proc)  # SIGKILL: a server killed mid-upload leaves its lock file, never a stale lock
    assert store.lock_path(sha, VILLAGE).exists()
    assert lock.acquire(5)
    lock.release()
    assert not store.lock_path(sha, VILLAGE).exists()


@pytest.mark.skipif(os.name == "nt", reason="POSIX deletes lock files; Windows keeps them")
def test_lock_file_deleted_by_its_holder_is_not_shared(tmp_path: Path) -> None:
    """A waiter that opened the lock file just before its holder deleted it must not also count as holder."""
    path = tmp_path / "partial" / "x.lock"
    first = FileLock(path)
    assert first.try_acquire()
    fd = os.open(path, os.O_RDWR)  # a waiter's open, before the release below
    first.release()
    second, third = FileLock(path), FileLock(path)
    assert second.try_acquire()
    assert not third.try_acquire()
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # the old, deleted file: lockable, but no longer the lock
    assert os.fstat(fd).st_ino != os.stat(path).st_ino
    os.close(fd)
    second.release()


def _put_raw(port: int, token: str, sha: str, data: bytes) -> socket.socket:
    """Start a PUT of the whole file and send only the first half of its body."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=60)
    head = (
        f"PUT {ap.path_for(VILLAGE, sha)} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
        f"{proto.PROTOCOL_HEADER}: 1\r\nContent-Range: {ap.content_range(0, len(data) - 1, len(data))}\r\n"
        f"Content-Length: {len(data)}\r\nConnection: close\r\n\r\n"
    )
    sock.sendall(head.encode("ascii") + data[: len(data) // 2])
    return sock


def _reply(sock: socket.socket) -> tuple[int, dict]:
    raw = b""
    while chunk := sock.recv(65536):
        raw += chunk
    sock.close()
    head, _, body = raw.partition(b"\r\n\r\n")
    return int(head.split()[1]), json.loads(body)


@pytest.mark.postgres
@pytest.mark.skipif(not os.environ.get(PG_ENV), reason=f"{PG_ENV} not set")
def test_two_server_processes_never_write_one_upload_at_once(tmp_path: Path) -> None:
    data, sha = _blob(600_000)
    with fresh_pg_database() as url:
        one = ServerProcess(url, tmp_path / "one").start()
        (tmp_path / "one" / "blobs").mkdir(exist_ok=True)
        (tmp_path / "two").mkdir()
        (tmp_path / "two" / "blobs").symlink_to(tmp_path / "one" / "blobs")  # one blob folder, as with --workers
        two = ServerProcess(url, tmp_path / "two").start()
        db = Database.open(url)
        try:
            code = auth.create_code(db, VILLAGE, Role.AGENT, "村电脑")[0]
            name_file(db, VILLAGE, sha, len(data))
            t = Transport(one.url)
            token = t.post("/api/v1/enroll", {"v": 1, "code": code}).data["tok"]
            t.close()

            first = _put_raw(one.port, token, sha, data)  # process one is writing the partial file...
            time.sleep(0.5)
            second: dict = {}

            def upload_whole() -> None:  # ...when the same upload (a retry over another link) reaches two
                conn = http.client.HTTPConnection("127.0.0.1", two.port, timeout=60)
                headers = {
                    "Authorization": f"Bearer {token}",
                    proto.PROTOCOL_HEADER: "1",
                    "Content-Range": ap.content_range(0, len(data) - 1, len(data)),
                }
                conn.request("PUT", ap.path_for(VILLAGE, sha), body=data, headers=headers)
                resp = conn.getresponse()
                second.update(status=resp.status, body=json.loads(resp.read()), at=time.monotonic())
                conn.close()

            thread = threading.Thread(target=upload_whole)
            thread.start()
            time.sleep(1.5)
            assert not second, "process two wrote the upload while process one held it"
            first.sendall(data[len(data) // 2 :])
            status, body = _reply(first)
            done_first = time.monotonic()
            thread.join(timeout=60)
            assert status == 200 and body["done"] and body["off"] == len(data)
            assert second["status"] == 200 and second["body"]["done"] and second["at"] >= done_first
            with db.read() as s:
                rows = list(s.scalars(select(sm.ServerAttachment)))
            assert [(r.sha256, r.partition, r.complete, r.received) for r in rows] == [(sha, VILLAGE, True, len(data))]
            blobs = BlobStore(tmp_path / "one" / "blobs")
            assert hashlib.sha256(blobs.final(sha).read_bytes()).hexdigest() == sha
            assert list((blobs.root / "partial").iterdir()) == []
            conn = http.client.HTTPConnection("127.0.0.1", two.port, timeout=60)
            conn.request(
                "GET",
                ap.path_for(VILLAGE, sha),
                headers={"Authorization": f"Bearer {token}", proto.PROTOCOL_HEADER: "1"},
            )
            resp = conn.getresponse()
            assert resp.status == 200 and resp.read() == data
            conn.close()
        finally:
            db.dispose()
            one.stop()
            two.stop()
