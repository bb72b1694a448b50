"""The server's database: one engine for SQLite (default) or PostgreSQL, migrated by Alembic at start.

SQLite: WAL, busy timeout, ``BEGIN IMMEDIATE`` for writers so pushes serialize cleanly. PostgreSQL:
a pool sized for many devices; pulls read in REPEATABLE READ so the feed watermark, the per-partition
counts and the page all come from one snapshot.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from villagedesk.server import models as sm

MIGRATIONS = Path(__file__).with_name("migrations")
SQLITE_NAME = "server.db"
POOL_SIZE = 42  # anyio's 40 worker threads + the group writer + one spare


class DatabaseVersionError(RuntimeError):
    """The database was migrated by a newer server version."""


def _alembic(connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def _sqlite_connect(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()
    dbapi_conn.isolation_level = None


def _sqlite_begin(conn) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("write") else "BEGIN")


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        # as many pooled connections as the server has threads that read (anyio's 40 workers and the
        # writer): an overflow connection is opened (pragmas and all) and closed for every request
        engine = create_engine(url, pool_size=POOL_SIZE, max_overflow=8, pool_timeout=60)
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    # no pre-ping: a round trip on every checkout (three a sync); a connection PostgreSQL dropped fails
    # one request, is discarded by the pool, and the device retries
    return create_engine(url, pool_size=POOL_SIZE, max_overflow=8, pool_timeout=60)


def default_url(data_dir: Path) -> str:
    data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{data_dir / SQLITE_NAME}"


def migrate(engine: Engine) -> None:
    """Upgrade to head; refuse a database stamped by a newer server."""
    script = ScriptDirectory(str(MIGRATIONS))
    known = {r.revision for r in script.walk_revisions()}
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    if current is not None and current not in known:
        raise DatabaseVersionError(f"服务器数据库由更新版本创建(结构版本 {current}), 请升级服务器程序")
    with engine.execution_options(write=True).connect() as conn:
        command.upgrade(_alembic(conn), "head")
        conn.commit()
    with Database(engine).write() as s:
        if s.get(sm.FeedState, 1) is None:
            s.add(sm.FeedState(id=1, seq=0, ref_seq=0))


class Database:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        self._write = sessionmaker(engine.execution_options(write=True), expire_on_commit=False)
        pg = self.dialect == "postgresql"
        snap = engine.execution_options(isolation_level="REPEATABLE READ") if pg else engine
        self._snapshot = sessionmaker(snap, expire_on_commit=False)
        self._snap_engine = snap
        self._read = sessionmaker(engine, expire_on_commit=False)
        self._writers: contextlib.AbstractContextManager = threading.RLock() if not pg else contextlib.nullcontext()

    @classmethod
    def open(cls, url: str) -> Database:
        engine = make_engine(url)
        migrate(engine)
        return cls(engine)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction. On SQLite, writers of this process queue on a lock first: SQLite has one
        writer anyway, and its busy handler waits by sleeping in growing steps (up to 100 ms), which
        under many concurrent pushes costs far more than the writes themselves."""
        with self._writers, self._write() as session, session.begin():
            yield session

    @contextmanager
    def snapshot(self) -> Iterator[Session]:
        """A read transaction that sees one consistent snapshot (REPEATABLE READ on PostgreSQL)."""
        with self._snapshot() as session, session.begin():
            yield session

    @contextmanager
    def snapshot_conn(self) -> Iterator[Connection]:
        """``snapshot`` as a plain Core connection: the hot read paths (a pull, a token check) run
        prepared statements only, and an ORM session around them cost more than the statements."""
        with self._snap_engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read() as session, session.begin():
            yield session

    def lock_feed(self, session: Session) -> sm.FeedState:
        """Take the feed lock for the rest of this write transaction (row lock on PostgreSQL; SQLite's
        BEGIN IMMEDIATE already holds the database's single write lock)."""
        return session.scalars(select(sm.FeedState).where(sm.FeedState.id == 1).with_for_update()).one()

    def dispose(self) -> None:
        self.engine.dispose()
