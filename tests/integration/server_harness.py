"""A real town server for tests and benchmarks: uvicorn on 127.0.0.1 (ephemeral port) in a thread,
on a fresh SQLite file or a fresh PostgreSQL database."""

from __future__ import annotations

import dataclasses
import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from villagedesk.domain.lifecycle import Role
from villagedesk.server import auth
from villagedesk.server.app import ServerConfig, create_app
from villagedesk.server.db import Database

PG_ENV = "VILLAGEDESK_TEST_PG"


@contextmanager
def fresh_pg_database() -> Iterator[str]:
    """A new, empty database on the test PostgreSQL; dropped afterwards."""
    base = os.environ[PG_ENV]
    name = "vd_" + uuid.uuid4().hex[:12]
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


class RunningServer:
    def __init__(
        self,
        db: Database,
        config: ServerConfig | None = None,
        cert: Path | None = None,
        key: Path | None = None,
        port: int = 0,  # a fixed port brings a stopped server back at the same address
    ) -> None:
        self.db = db
        self.app = create_app(db, config)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
        self.port = sock.getsockname()[1]
        self._sock = sock
        cfg = uvicorn.Config(
            self.app,
            log_level="error",
            access_log=False,
            ws="none",
            lifespan="off",
            timeout_keep_alive=30,
            backlog=2048,
            ssl_certfile=str(cert) if cert else None,
            ssl_keyfile=str(key) if key else None,
        )
        self.scheme = "https" if cert else "http"
        self._server = uvicorn.Server(cfg)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]}, daemon=True)

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def start(self) -> RunningServer:
        self._thread.start()
        deadline = time.monotonic() + 20
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("server did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._sock.close()

    def code(self, region: str, role: str = "agent", name: str = "测试设备", hours: float = 1.0) -> str:
        return auth.create_code(self.db, region, Role(role), name, hours)[0]


@contextmanager
def running_server(kind: str, tmp: Path, config: ServerConfig | None = None) -> Iterator[RunningServer]:
    config = config or ServerConfig()
    if config.blob_dir is None:
        config = dataclasses.replace(config, blob_dir=tmp / "server-blobs")
    if kind == "sqlite":
        db = Database.open(f"sqlite:///{tmp / 'server.db'}")
        srv = RunningServer(db, config).start()
        try:
            yield srv
        finally:
            srv.stop()
            db.dispose()
    else:
        with fresh_pg_database() as url:
            db = Database.open(url)
            srv = RunningServer(db, config).start()
            try:
                yield srv
            finally:
                srv.stop()
                db.dispose()
