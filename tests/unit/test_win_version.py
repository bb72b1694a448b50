"""The Windows version resource is built and checked on Linux too: scripts/win_version.py writes
PyInstaller's version file for each executable (build.spec passes it to ``EXE(version=...)``), and here
PyInstaller's own loader reads it back and compiles it to the resource bytes Windows would embed."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import shutil
import sys
import tomllib
import types
from pathlib import Path

import pytest

import villagedesk
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import win_version

WINDOWS_ONLY_IMPORTS = {"pefile", "PyInstaller.compat"}  # pefile, and win32api from compat (Windows only)


def _versioninfo() -> types.ModuleType:
    """PyInstaller's own versioninfo module, its source as shipped. Its top imports pefile and win32api
    for the functions that open and patch .exe files (Windows only, never called here); off Windows
    those two import statements are left out and everything else runs unchanged: the structures, their
    ``toRaw`` and ``load_version_info_from_text_file``."""
    if sys.platform == "win32":
        return importlib.import_module("PyInstaller.utils.win32.versioninfo")
    spec = importlib.util.find_spec("PyInstaller.utils.win32.versioninfo")
    assert spec is not None and spec.origin
    tree = ast.parse(Path(spec.origin).read_text("utf-8"))
    kept = []
    for node in tree.body:
        names = {a.name for a in node.names} if isinstance(node, ast.Import) else set()
        if isinstance(node, ast.ImportFrom):
            names = {node.module or ""}
        if names & WINDOWS_ONLY_IMPORTS:
            continue
        kept.append(node)
    assert len(kept) == len(tree.body) - 2, "PyInstaller's versioninfo imports changed: look again"
    module = types.ModuleType("pyinstaller_versioninfo")
    exec(compile(ast.Module(kept, []), spec.origin, "exec"), module.__dict__)
    return module


def _strings(info) -> dict[str, str]:
    table = info.kids[0].kids[0]
    assert table.name == win_version.LANG_ZH_CN
    return {s.name: s.val for s in table.kids}


def _fixed(info) -> tuple[int, int, int, int]:
    ms, ls = info.ffi.fileVersionMS, info.ffi.fileVersionLS
    return (ms >> 16, ms & 0xFFFF, ls >> 16, ls & 0xFFFF)


def test_the_version_files_parse_and_carry_the_packages_version(tmp_path: Path) -> None:
    pytest.importorskip("PyInstaller")
    vi = _versioninfo()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert project["project"]["dynamic"] == ["version"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "villagedesk.__version__"}
    version = villagedesk.__version__
    files = win_version.write_version_files(tmp_path, ("VillageDesk", "villagedesk-cli"))
    assert sorted(files) == ["VillageDesk", "villagedesk-cli"]
    for exe, path in files.items():
        info = vi.load_version_info_from_text_file(str(path))
        strings = _strings(info)
        assert strings["FileVersion"] == strings["ProductVersion"] == version
        assert strings["OriginalFilename"] == f"{exe}.exe" and strings["InternalName"] == exe
        assert strings["ProductName"] == "VillageDesk 村级便民代办台"
        numbers = [int(n) for n in version.split(".")[:3]]
        assert _fixed(info) == (*numbers, 0)
        raw = info.toRaw()  # the VS_VERSIONINFO bytes written into the .exe
        assert version.encode("utf-16-le") in raw and "村级便民代办台".encode("utf-16-le") in raw


def test_a_release_candidate_keeps_its_numbers(tmp_path: Path) -> None:
    pytest.importorskip("PyInstaller")
    vi = _versioninfo()
    root = tmp_path / "checkout"
    (root / "villagedesk").mkdir(parents=True)
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    (root / "villagedesk" / "__init__.py").write_text('__version__ = "1.2.3rc4"\n', "utf-8")
    path = win_version.write_version_files(tmp_path / "build", ("VillageDesk",), root)["VillageDesk"]
    info = vi.load_version_info_from_text_file(str(path))
    assert _strings(info)["FileVersion"] == "1.2.3rc4"
    assert _fixed(info) == (1, 2, 3, 4)


def test_build_spec_hands_each_executable_its_version_file() -> None:
    """build.spec runs only under PyInstaller; its lines that wire the files in are checked as text."""
    spec = (ROOT / "build.spec").read_text("utf-8")
    assert "win_version.write_version_files(Path(workpath), EXE_NAMES)" in spec
    assert 'version=str(VERSION_FILES[name]) if sys.platform == "win32" else None' in spec
    assert 'EXE_NAMES = ("VillageDesk", "villagedesk-cli")' in spec
