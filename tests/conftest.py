"""Shared fixtures: real profiles on disk, migrated by Alembic exactly as on a user's PC."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything can import Qt

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from villagedesk.domain.lifecycle import Role
from villagedesk.services import catalog
from villagedesk.services.desk import Desk

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 25)  # a Wednesday; tests that need "today" use this, not the wall clock
HOME_VILLAGE = "419001100201"


@pytest.fixture(scope="session")
def template_profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated, seeded profile per run; each test gets a copy."""
    root = tmp_path_factory.mktemp("template")
    with Desk.open(root, today=TODAY) as desk:
        catalog.seed_reference_data(desk)
    return root


@pytest.fixture
def profile(template_profile: Path, tmp_path: Path) -> Path:
    target = tmp_path / "profile"
    shutil.copytree(template_profile, target)
    return target


@pytest.fixture
def desk(profile: Path):
    """An agent's desk in village 419001100201, on 2026-11-25."""
    d = Desk.open(profile, today=TODAY)
    d.setup(Role.AGENT, HOME_VILLAGE, "李娜")
    yield d
    d.close()


def run_cli(*args: str, profile: Path | None = None, input: str | None = None, env: dict | None = None):
    """Run ``python -m villagedesk`` as a user would, with this checkout on the path."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    cmd = [sys.executable, "-m", "villagedesk"]
    if profile is not None:
        cmd += ["--profile", str(profile)]
    return subprocess.run(
        [*cmd, *args], capture_output=True, text=True, encoding="utf-8", input=input, env=full_env, timeout=600
    )
