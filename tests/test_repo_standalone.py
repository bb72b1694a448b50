"""A clone stands on its own: what the code, scripts and docs cite — a test file, a document — is in the
repository. comments cited a test file that never existed and design notes (sync.md, quality.md,
domain.md) from a folder beside the clone."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import ROOT

SOURCES = ["villagedesk", "tests", "benchmarks", "tools", "scripts", "docs", ".ci"]
TOP = ["README.md", "CONTRIBUTING.md", "CHANGELOG.md", "pyproject.toml", "build.spec", "setup.py"]


def _files() -> list[Path]:
    found = [ROOT / name for name in TOP if (ROOT / name).exists()]
    for folder in SOURCES:
        found += [p for p in (ROOT / folder).rglob("*") if p.is_file() and p.suffix in {".py", ".md", ".sh", ""}]
    return [p for p in found if "__pycache__" not in p.parts]


def test_cited_test_files_and_documents_exist() -> None:
    docs = {p.name for p in ROOT.rglob("*.md") if ".git" not in p.parts}
    problems = []
    for path in _files():
        if path.resolve() == Path(__file__).resolve():
            continue  # names the old citations in its docstring
        text = path.read_text("utf-8", errors="replace")
        for cited in set(re.findall(r"\btests/[\w/]+\.py\b", text)):
            if not (ROOT / cited).is_file():
                problems.append(f"{path.relative_to(ROOT)} cites {cited}")
        for cited in set(re.findall(r"(?<![\w/.-])([\w-]+\.md)\b", text)):
            if cited not in docs:
                problems.append(f"{path.relative_to(ROOT)} cites {cited}")
        if "../shared" in text and "tests" not in path.relative_to(ROOT).parts:  # tests may guard against it
            problems.append(f"{path.relative_to(ROOT)} points at ../shared")
    assert not problems, "\n".join(sorted(problems))


def test_no_merge_conflict_marker_is_left_in_any_file() -> None:
    """README carried a stray ``>>>>>>> audit`` line after a merge."""
    marker = re.compile(r"^(<{7}|>{7}) ", re.M)
    texts = [p for p in ROOT.rglob("*") if p.is_file() and ".git" not in p.parts and p.suffix in _TEXT]
    found = [str(p.relative_to(ROOT)) for p in texts if marker.search(p.read_text(encoding="utf-8", errors="ignore"))]
    assert not found, found


_TEXT = {".py", ".md", ".sh", ".toml", ".txt", ".ts", ".json", ".spec", ".cfg", ".ini", ".yml", ".yaml"}
