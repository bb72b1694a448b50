"""Fixtures for the server tests: the same suite on SQLite and on PostgreSQL (VILLAGEDESK_TEST_PG)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import TODAY
from tests.integration.server_harness import PG_ENV, running_server
from tests.support.events import use_tag
from villagedesk.services.desk import Desk
from villagedesk.sync import engine

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "pg",
        id="pg",
        marks=[
            pytest.mark.postgres,
            pytest.mark.skipif(not os.environ.get(PG_ENV), reason=f"{PG_ENV} not set"),
        ],
    ),
]


@pytest.fixture(params=BACKENDS)
def server(request, tmp_path: Path):
    with running_server(request.param, tmp_path) as srv:
        yield srv


@pytest.fixture
def make_desk(template_profile: Path, tmp_path: Path):
    """Fresh real profiles (copies of the migrated, seeded template), closed at the end."""
    opened: list[Desk] = []

    def make(name: str) -> Desk:
        target = tmp_path / f"profile-{name}"
        shutil.copytree(template_profile, target)
        desk = Desk.open(target, today=TODAY)
        opened.append(desk)
        return desk

    yield make
    for d in opened:
        d.close()


@pytest.fixture
def enrolled(server, make_desk):
    """make a desk enrolled with the server in a region and role."""

    def make(name: str, region: str, role: str = "agent") -> Desk:
        desk = make_desk(name)
        engine.enroll(desk, server.url, server.code(region, role, name))
        use_tag(desk.identity.device_id, desk.identity.device_tag)
        return desk

    return make
