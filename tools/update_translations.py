"""Refresh the Qt Linguist sources and build the .qm files: ``python -m tools.update_translations``.

1. ``pyside6-lupdate`` reads every .py (and .ui) under villagedesk/ui and updates
   resources/translations/villagedesk_en.ts: new strings appear as unfinished; strings no longer in the
   code are kept, marked vanished (lrelease skips them), so a translation survives a string moving or a
   branch that lacks some pages; ``--drop-obsolete`` removes them. Locations are left out so the .ts
   only changes when the strings do.
2. Translate the unfinished strings (Qt Linguist, or any editor: it is XML).
3. ``pyside6-lrelease`` builds villagedesk_en.qm beside it.

The .qm is committed: a checkout, a wheel and the PyInstaller bundle all work without Qt's tools, and CI
does not rebuild it. ``--check`` instead verifies that every string in the code has a finished
translation in the .ts and that the committed .qm is what lrelease builds from the .ts (exit 1 if not).
"""

from __future__ import annotations

import argparse
import filecmp
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "villagedesk" / "ui"
TS_DIR = ROOT / "resources" / "translations"
LANGUAGES = ("en",)


def _tool(name: str) -> list[str]:
    """``pyside6-NAME`` from PATH, else the same entry point through this Python."""
    exe = shutil.which(f"pyside6-{name}")
    if exe:
        return [exe]
    return [sys.executable, "-c", f"from PySide6.scripts.pyside_tool import {name}; {name}()"]


def source_files() -> list[Path]:
    return sorted(p for p in SOURCES.rglob("*") if p.suffix in (".py", ".ui") and "__pycache__" not in p.parts)


def lupdate(ts: Path, language: str, drop_obsolete: bool = False) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        listing = Path(tmp) / "sources.lst"  # a list file keeps the command short on Windows
        listing.write_text("\n".join(str(p) for p in source_files()) + "\n", "utf-8")
        cmd = [*_tool("lupdate"), f"@{listing}", "-silent", "-locations", "none"]
        if drop_obsolete:
            cmd.append("-no-obsolete")
        cmd += ["-source-language", "zh_CN", "-target-language", language, "-ts", str(ts)]
        subprocess.run(cmd, check=True)


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([*_tool("lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)


def unfinished(ts: Path) -> list[str]:
    """Source texts in use with no finished translation (vanished ones do not count)."""
    out = []
    for message in ET.parse(ts).getroot().iter("message"):
        tr = message.find("translation")
        if tr is not None and tr.get("type") in ("vanished", "obsolete"):
            continue
        text = "".join(tr.itertext()) if tr is not None else ""  # plural forms are <numerusform> children
        if tr is None or tr.get("type") == "unfinished" or not text.strip():
            out.append(message.findtext("source") or "")
    return out


def check() -> int:
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        for lang in LANGUAGES:
            ts = TS_DIR / f"villagedesk_{lang}.ts"
            qm = TS_DIR / f"villagedesk_{lang}.qm"
            if not ts.is_file() or not qm.is_file():
                problems.append(f"{ts.name} or {qm.name} missing")
                continue
            fresh_ts = Path(tmp) / ts.name
            shutil.copy(ts, fresh_ts)
            lupdate(fresh_ts, lang)
            missing = unfinished(fresh_ts)
            if missing:
                problems.append(
                    f"{ts.name}: {len(missing)} strings in the code have no translation, e.g. {missing[:5]}"
                    " (run tools/update_translations.py, then translate them)"
                )
            fresh_qm = Path(tmp) / qm.name
            lrelease(ts, fresh_qm)
            if not filecmp.cmp(fresh_qm, qm, shallow=False):
                problems.append(f"{qm.name} is stale (run tools/update_translations.py)")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


def update(drop_obsolete: bool = False) -> int:
    TS_DIR.mkdir(parents=True, exist_ok=True)
    for lang in LANGUAGES:
        ts = TS_DIR / f"villagedesk_{lang}.ts"
        lupdate(ts, lang, drop_obsolete)
        lrelease(ts, TS_DIR / f"villagedesk_{lang}.qm")
        missing = unfinished(ts)
        print(f"{ts.relative_to(ROOT)}: {len(missing)} untranslated")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="verify instead of updating (exit 1 on problems)")
    parser.add_argument("--drop-obsolete", action="store_true", help="remove strings no longer in the code")
    args = parser.parse_args(argv)
    return check() if args.check else update(args.drop_obsolete)


if __name__ == "__main__":
    raise SystemExit(main())
