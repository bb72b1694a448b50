"""Open the local SQLite database: pragmas, migrate at open (backup first), refuse a newer DB.

WAL lets readers (the GUI's list) run while the writer commits; foreign keys are on; a busy timeout
makes a second process wait instead of failing; ``synchronous=FULL`` syncs the WAL at every commit, so a
power cut (common in mountain villages) never takes back a case whose receipt was printed. Paths reach
SQLite as file names or percent-quoted URIs, never as text spliced into a URL: a folder named
``备份 #1 100%`` is a folder like any other. An upgrade is preceded by a backup made with SQLite's
online backup API, never a file copy, and a DB stamped by a newer VillageDesk is left untouched.
"""

from __future__ import annotations

import ast
import logging
import os
import re
import sqlite3
import urllib.parse
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import NullPool

from villagedesk.db import cipher
from villagedesk.domain.errors import DomainError

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).with_name("migrations")
BUSY_TIMEOUT_MS = 10_000


class NewerDatabaseError(DomainError):
    """The DB was written by a newer VillageDesk: opening it would risk the user's data."""


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    """Every schema revision this version of VillageDesk can open (and upgrade)."""
    from alembic.script import ScriptDirectory

    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config("sqlite://")).walk_revisions()}


def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA synchronous=FULL")
    cur.close()
    dbapi_conn.isolation_level = None  # transactions are begun by _begin below


def file_uri(path: Path, mode: str = "ro") -> str:
    """A SQLite ``file:`` URI for ``path`` with ``#``, ``%``, ``?`` and spaces quoted (they would
    otherwise cut the path short or decode into another file's name)."""
    quoted = urllib.parse.quote(Path(path).absolute().as_posix(), safe="/:")
    return f"file:{quoted}?mode={mode}"


def connect_readonly(path: Path) -> sqlite3.Connection:
    """Open an existing DB read-only; never creates a file, whatever characters the path holds.

    An encrypted DB is opened with the key this process unlocked (``cipher``)."""
    return cipher.connect(path, uri_target=file_uri(path, "ro"))


def make_engine(path: Path) -> Engine:
    """An engine on ``path`` with our pragmas on every connection (the path never goes through a URL).

    An encrypted file (or a new one in a folder whose key is unlocked) goes through SQLCipher, whose
    DB-API module SQLAlchemy is given so its errors are wrapped like sqlite3's."""
    name = Path(path)
    sealed = cipher.is_encrypted(name) and (cipher.looks_sealed(name) or cipher.key_of(name) is not None)
    encrypted = sealed or (
        cipher.key_for_folder(name.absolute().parent) is not None and (not name.exists() or name.stat().st_size == 0)
    )
    extra = {"module": cipher.dbapi()} if encrypted else {}
    if encrypted:
        cipher.connect(name, check_same_thread=False).close()  # a wrong or missing key: one sentence now
    engine = create_engine(
        "sqlite://",
        creator=lambda: cipher.connect(name, check_same_thread=False),
        poolclass=NullPool,
        **extra,
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _begin)
    return engine


def _begin(conn) -> None:
    """pysqlite defers BEGIN; we emit it, IMMEDIATE for writers, so a writer takes its lock up front
    instead of failing to upgrade a read lock half-way through a transaction."""
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("write") else "BEGIN")


def current_revision(path: Path) -> str | None:
    if not path.exists():
        return None
    conn = connect_readonly(path)
    try:
        has = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'").fetchone()
        if not has:
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    finally:
        conn.close()


def backup_to(source: Path, target: Path) -> Path:
    """Copy a live DB with SQLite's online backup API (consistent even while others write)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")  # a killed copy never sits under the real name
    key = cipher.key_of(source)  # an encrypted DB's copy is encrypted with the same key
    src = cipher.connect(source)
    part.unlink(missing_ok=True)
    dst = cipher.connect(part, key=key) if key is not None else sqlite3.connect(part)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    with open(part, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(part, target)
    return target


_ASSIGN = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*(.+?)\s*$", re.MULTILINE)


def head_from_files() -> str | None:
    """The head revision read from the migration files' own ``revision``/``down_revision`` lines.

    Importing Alembic (and Mako, Pygments) costs about a second of start-up; a profile that is already
    at head does not need it. None when the files cannot be read this way (then Alembic decides).
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    try:
        for file in (MIGRATIONS / "versions").glob("*.py"):
            found = dict((k, ast.literal_eval(v)) for k, v in _ASSIGN.findall(file.read_text(encoding="utf-8")))
            if "revision" not in found or "down_revision" not in found:
                continue
            revisions.add(found["revision"])
            down = found["down_revision"]
            parents.update(down if isinstance(down, tuple | list) else [down] if down else [])
    except (OSError, ValueError, SyntaxError):
        return None
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def open_database(path: Path, backups: Path | None = None) -> Engine:
    """Create or upgrade the DB at ``path`` to this version's schema and return an engine on it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    current = current_revision(path)
    if current is not None and current == head_from_files():
        return make_engine(path)  # already current: no Alembic import, no migration environment
    from alembic import command
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    head = script.get_current_head()
    if current is not None and current != head:
        known = {rev.revision for rev in script.walk_revisions()}
        if current not in known:
            raise NewerDatabaseError(
                f"数据库由更新版本的 VillageDesk 创建(结构版本 {current}), 本程序不能打开它。"
                "请安装最新版本; 数据库未作任何改动。"
            )
        if backups is not None:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            backup_to(path, backups / f"before-upgrade-{current}-{stamp}.db")
            log.info("backed up the database before upgrading from %s", current)
    engine = make_engine(path)
    if current != head:
        from villagedesk.db.schema_repair import repair_schema

        with engine.execution_options(write=True).connect() as conn:
            cfg = alembic_config(str(engine.url))
            cfg.attributes["connection"] = conn
            _collapse_stamps(conn, script)
            command.upgrade(cfg, "head")
            if current is not None:  # an upgrade: what a misleading stamp skipped is created now
                repair_schema(conn)
            conn.commit()
    return engine


def _collapse_stamps(conn, script) -> None:
    """A build whose tree had two heads stamped both; in today's tree one descends from the other.

    Keep only that descendant (what Alembic would call current), so the upgrade can proceed; the
    objects the other branch's stamp hid are created afterwards by ``repair_schema``.
    """
    from sqlalchemy import inspect

    if "alembic_version" not in inspect(conn).get_table_names():
        return
    stamped = [r[0] for r in conn.exec_driver_sql("SELECT version_num FROM alembic_version")]
    if len(stamped) < 2:
        return
    for candidate in stamped:
        ancestors = {rev.revision for rev in script.iterate_revisions(candidate, "base")}
        if set(stamped) <= ancestors:
            conn.exec_driver_sql("DELETE FROM alembic_version")
            conn.exec_driver_sql("INSERT INTO alembic_version (version_num) VALUES (?)", (candidate,))
            log.warning("collapsed two schema stamps %s into %s", ", ".join(sorted(stamped)), candidate)
            return


def stamped_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()
