"""World templates: each backend's world is built once per test session, then copied for every module.

Why: building a world (four honest PCs set up, importing, enrolling and syncing through the CLI, plus the
observers and the attacker) took 30–40 s, once per module and backend: about seven minutes of CI. A copy
is the same bytes: the server's data folder (its SQLite file, or a PostgreSQL database created with the
template as ``TEMPLATE``) and every PC's profile folder, served by a new server process on a new port.
Only the PCs' stored server address is changed to that port, as the PCs of a town whose server moved
would be told. So every module starts from a world no test has touched, as before.
"""

from __future__ import annotations

import copy
import os
import shutil
import sqlite3
import time
import uuid
from dataclasses import replace
from pathlib import Path

from tests.security.harness import PG_ENV, Server
from tests.security.world import World

SERVER_URL_KEY = "sync.server"  # the PC's settings row naming its town server (docs: `villagedesk enroll`)


def pg_admin() -> str:
    from sqlalchemy.engine import make_url

    base = make_url(os.environ[PG_ENV])
    return base.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)


def pg_url(name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(os.environ[PG_ENV]).set(database=name).render_as_string(hide_password=False)


def pg_create(name: str, template: str | None = None) -> str:
    """A new database (a copy of ``template`` when given); its SQLAlchemy URL."""
    import psycopg

    sql = f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")
    for attempt in range(50):  # a template is copied only once its last connection has closed
        try:
            with psycopg.connect(pg_admin(), autocommit=True) as conn:
                conn.execute(sql)
            break
        except psycopg.errors.ObjectInUse:
            if attempt == 49:
                raise
            time.sleep(0.1)
    return pg_url(name)


def pg_drop(name: str) -> None:
    import psycopg

    with psycopg.connect(pg_admin(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class WorldTemplate:
    """One backend's world, built and checked once, its server stopped: the source of every copy."""

    def __init__(self, backend: str, root: Path) -> None:
        self.backend = backend
        self.root = root
        self.db_name = f"vdsec_tmpl_{uuid.uuid4().hex[:10]}" if backend == "pg" else ""
        url = pg_create(self.db_name) if self.db_name else None
        server = Server(root / "town", url).start()
        try:
            self.world = World.build(root, server)
        finally:
            server.stop()

    def copy(self, root: Path, db_name: str = "") -> tuple[World, str]:
        """A world of its own under ``root`` (its server started); with the PostgreSQL database's name."""
        shutil.copytree(self.root, root)
        url = None
        if self.backend == "pg":
            db_name = db_name or f"vdsec_copy_{uuid.uuid4().hex[:10]}"
            url = pg_create(db_name, template=self.db_name)
        server = Server(root / "town", url).start()
        try:
            return self._rebased(root, server), db_name
        except BaseException:
            server.stop()
            raise

    def _rebased(self, root: Path, server: Server) -> World:
        src = self.world
        w = World(root, server)
        moved = {d.profile: replace(d, profile=root / d.profile.relative_to(self.root)) for d in src.devices()}
        w.agents = {region: moved[d.profile] for region, d in src.agents.items()}
        w.clerk = moved[src.clerk.profile] if src.clerk else None
        w.observers = dict(src.observers)
        w.attacker = src.attacker
        w.baseline = copy.deepcopy(src.baseline)
        w._serial = src._serial
        for device in moved.values():
            _point_at(device.profile, server.url)
        return w

    def close(self) -> None:
        if self.db_name:
            pg_drop(self.db_name)


def _point_at(profile: Path, url: str) -> None:
    """Set the PC's stored server address (the copy's server listens on another port)."""
    db = profile / "villagedesk.db"
    conn = sqlite3.connect(db)
    try:
        with conn:
            changed = conn.execute("UPDATE settings SET value = ? WHERE key = ?", (url, SERVER_URL_KEY)).rowcount
        assert changed == 1, f"{profile.name}: no server address stored"
    finally:
        conn.close()
