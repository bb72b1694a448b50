"""Package metadata for the Windows executables' version resource (build.spec), read from the files of
the checkout — building must not import Qt or the app, and an installed copy elsewhere must not leak in.

``version_info()`` is what Explorer shows under 属性 → 详细信息: product name, description, version,
copyright. The numeric version is the first four integers of ``__version__`` (0.1.0 → 0.1.0.0).
"""

from __future__ import annotations

import ast
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Meta:
    name: str
    description: str
    version: str
    license: str

    @property
    def numeric(self) -> tuple[int, int, int, int]:
        """Windows wants four 16-bit numbers; a pre-release suffix (0.2.0rc1) keeps its numeric part."""
        parts = [int(n) for n in re.findall(r"\d+", self.version.split("+")[0])[:4]]
        return (*parts, 0, 0, 0, 0)[:4]  # type: ignore[return-value]


def read_version(root: Path = ROOT) -> str:
    tree = ast.parse((root / "villagedesk" / "__init__.py").read_text("utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "__version__" for t in node.targets):
            return str(ast.literal_eval(node.value))
    raise SystemExit("build_meta: __version__ not found in villagedesk/__init__.py")


def meta(root: Path = ROOT) -> Meta:
    project = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["project"]
    return Meta(project["name"], project["description"], read_version(root), str(project["license"]))


def version_info(m: Meta):
    """PyInstaller's VSVersionInfo for ``EXE(version=...)``; its module needs pefile (Windows installs only)."""
    from PyInstaller.utils.win32 import versioninfo as vi

    strings = [
        vi.StringStruct("CompanyName", "VillageDesk"),
        vi.StringStruct("FileDescription", m.description),
        vi.StringStruct("FileVersion", m.version),
        vi.StringStruct("InternalName", m.name),
        vi.StringStruct("LegalCopyright", m.license),
        vi.StringStruct("OriginalFilename", "VillageDesk.exe"),
        vi.StringStruct("ProductName", "VillageDesk 村级便民代办台"),
        vi.StringStruct("ProductVersion", m.version),
    ]
    return vi.VSVersionInfo(
        ffi=vi.FixedFileInfo(filevers=m.numeric, prodvers=m.numeric),
        kids=[
            vi.StringFileInfo([vi.StringTable("080404B0", strings)]),  # zh-CN, Unicode
            vi.VarFileInfo([vi.VarStruct("Translation", [0x0804, 1200])]),
        ],
    )
