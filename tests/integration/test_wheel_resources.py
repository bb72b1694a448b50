"""A built wheel carries ``resources/`` (seed catalog, regions, translations, icon) inside the package, and
``resources_dir()`` finds it there once installed — not only in a checkout. the wheel had none,
so ``demo``, ``setup`` and ``--smoke`` of an installed copy exited 1. (scripts/wheel_check.sh goes further:
a fresh venv, the real console scripts.)"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

SHIPPED = [
    "villagedesk/resources/seed/catalog.json",
    "villagedesk/resources/seed/regions.json",
    "villagedesk/resources/translations/villagedesk_en.qm",
    "villagedesk/resources/icons/villagedesk.png",
    "villagedesk/resources/wire/zstd-dict-1.bin",  # protocol 2: a client without it could not sync
]


CLUTTER = (".git", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", "demo-profile", "*.db*")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    src = out / "src"  # a clean copy: setuptools reuses a checkout's stale build/ folder
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(*CLUTTER))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(src)],
        check=True, capture_output=True, timeout=300, cwd=out,
    )  # fmt: skip
    (found,) = out.glob("villagedesk-*.whl")
    return found


def test_wheel_carries_resources_inside_the_package(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    migrations = {n for n in names if n.startswith("villagedesk/db/migrations/versions/")}
    assert migrations, "no migrations in the wheel"
    for want in SHIPPED:
        assert want in names, f"{want} missing from {wheel.name}"
    assert not any(n.startswith("resources/") for n in names)  # not a top-level package of its own
    assert not any(n.endswith(".ts") for n in names)  # translators' sources stay in the repository


def test_installed_wheel_finds_its_resources(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    with zipfile.ZipFile(wheel) as z:
        z.extractall(target)  # what pip does with a pure-Python wheel, minus the scripts
    code = "import villagedesk.paths as p; print(p.resources_dir())"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"PYTHONPATH": str(target)}
    where = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()) == target / "villagedesk" / "resources"
    demo = subprocess.run(
        [sys.executable, "-m", "villagedesk", "--profile", str(tmp_path / "p"), "demo", "--cases", "5"],
        capture_output=True, text=True, encoding="utf-8", env=env, cwd=tmp_path, timeout=300,
    )  # fmt: skip
    assert demo.returncode == 0 and "示例数据已生成" in demo.stdout, demo.stderr


def test_windows_gets_a_launcher_without_a_console(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as z:
        (name,) = [n for n in z.namelist() if n.endswith(".dist-info/entry_points.txt")]
        entry_points = z.read(name).decode()
    gui = entry_points.split("[gui_scripts]", 1)[1].split("[", 1)[0]
    assert "villagedesk-gui = villagedesk.cli:main" in gui
