"""Fixtures of the hostile-client tests: one real server and its honest PCs per module, SQLite or PostgreSQL.

The PostgreSQL variant runs when ``VILLAGEDESK_TEST_PG`` is a SQLAlchemy URL. Each module gets a world of its
own, copied from the one world per backend built in the session (templates.py): its own server process, data
folder, profiles and PostgreSQL database (dropped after), so one module's attacks can never explain another's
failures.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.security.harness import PG_ENV, Server
from tests.security.templates import WorldTemplate, pg_admin, pg_create, pg_drop
from tests.security.world import World

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "pg",
        id="pg",
        marks=[pytest.mark.postgres, pytest.mark.skipif(not os.environ.get(PG_ENV), reason=f"{PG_ENV} not set")],
    ),
]


def _pg_database(name: str) -> tuple[str, str]:
    """A fresh database on the server of VILLAGEDESK_TEST_PG: (its SQLAlchemy URL, a libpq admin URL)."""
    return pg_create(name), pg_admin()


def _pg_drop(_admin: str, name: str) -> None:
    pg_drop(name)


@pytest.fixture(scope="module")
def database(request) -> str:
    """The module's backend: "sqlite" or "pg" (its world's database is a copy of the session's template)."""
    return request.param


# The judge is the same code on either database: the two big matrices run on SQLite, and on PostgreSQL
# only their tests named ``..._on_every_database`` (what PostgreSQL stores differently: NULs, surrogates,
# long ids and strings). Every other module runs on both. (CI time: the matrices took 9 minutes a backend.)
# test_hostile_v2: the body encoding is refused before any database is reached; test_flood: the quota is
# one code on either database, and test_quota_shared runs it on both.
SQLITE_ONLY = {
    "tests.security.test_hostile_events",
    "tests.security.test_hostile_requests",
    "tests.security.test_hostile_v2",
    "tests.security.test_flood",
    "tests.security.test_registration_shapes",  # the judge is one code: its verdicts, then an honest PC
}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "database" in metafunc.fixturenames:
        backends = BACKENDS
        if metafunc.module.__name__ in SQLITE_ONLY and not metafunc.function.__name__.endswith("_on_every_database"):
            backends = BACKENDS[:1]
        metafunc.parametrize("database", backends, indirect=True, scope="module")


@pytest.fixture(scope="session")
def world_templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, WorldTemplate]]:
    """Each backend's world, built the first time a module asks for it (templates.py says why)."""
    built: dict[str, WorldTemplate] = {}
    yield built
    for template in built.values():
        template.close()


@pytest.fixture(scope="module")
def world(database: str, world_templates, request, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """The two towns, a copy of the session's world for this module (and backend): nothing of another
    module's attacks is in it."""
    if database not in world_templates:
        world_templates[database] = WorldTemplate(database, tmp_path_factory.mktemp(f"world-template-{database}"))
    name = f"vdsec_{request.module.__name__.rsplit('.', 1)[-1]}_{uuid.uuid4().hex[:8]}" if database == "pg" else ""
    w, db_name = world_templates[database].copy(tmp_path_factory.mktemp("world") / "w", name)
    try:
        yield w
    finally:
        w.server.stop()
        if db_name:
            pg_drop(db_name)


@pytest.fixture
def fresh_server(database, tmp_path: Path) -> Iterator[Server]:
    """A server and database of its own, for attacks that leave state behind (rate limits, revocations)."""
    name, url, admin = "", None, ""
    if database == "pg":
        name = f"vdsec_fresh_{uuid.uuid4().hex[:12]}"
        url, admin = _pg_database(name)
    server = Server(tmp_path / "town", url).start()
    try:
        yield server
    finally:
        server.stop()
        if name:
            _pg_drop(admin, name)
