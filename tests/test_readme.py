"""The README as a newcomer follows it: its two commands are the ones CI and a first run use, and every
fenced command in it runs as written (in a temporary folder, against a town server on loopback), so
the examples cannot rot. Only these are not run: the first command's venv and pip install (CI's wheel
check does the same in a fresh venv) and `bash .ci/run` itself. The PostgreSQL example runs where .ci/run's
PostgreSQL is (VILLAGEDESK_TEST_PG), with its port and a fresh database name put in."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import tomllib
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text("utf-8")
CI_RUN = (ROOT / ".ci" / "run").read_text("utf-8")
EXAMPLE_CODE, EXAMPLE_PORT, USB = "7H8C-WV57-H3ES", "8765", "/media/usb"


def fenced() -> list[list[str]]:
    """The lines of each ```bash block, comments after two spaces and a # dropped."""
    blocks = re.findall(r"```bash\n(.*?)```", README, re.S)
    return [[re.sub(r"\s{2,}#.*$", "", line).strip() for line in b.splitlines() if line.strip()] for b in blocks]


def two_commands() -> tuple[str, str]:
    section = README.split("## The two commands", 1)[1].split("\n## ", 1)[0]
    first, second = re.findall(r"```bash\n(.*?)\n```", section, re.S)[:2]
    return first.strip(), second.strip()


def test_the_first_command_makes_a_venv_and_opens_the_demo() -> None:
    first, _ = two_commands()
    steps = [s.strip() for s in first.split("&&")]
    assert steps[0].startswith("python3 -m venv .venv")
    assert "pip install -c constraints.txt" in steps[1] and (ROOT / "constraints.txt").is_file()
    assert steps[-1] == ".venv/bin/villagedesk --demo"


def test_the_second_command_is_what_ci_runs() -> None:
    _, second = two_commands()
    assert second == "bash .ci/run"
    assert re.search(r"^bash scripts/test\.sh$", CI_RUN, re.M), ".ci/run no longer runs README's scripts/test.sh"
    assert "`bash scripts/test.sh`" in README


def test_extras_and_constraints_named_in_the_readme_exist() -> None:
    extras = set(tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["optional-dependencies"])
    for group in re.findall(r'-e "\.\[([a-z,]+)\]"', README):
        assert set(group.split(",")) <= extras, group
    pinned = {line.split("==")[0].lower().replace("_", "-") for line in (ROOT / "constraints.txt").read_text().split()
              if "==" in line}  # fmt: skip
    assert {"pyside6-essentials", "sqlalchemy", "cryptography", "urllib3", "fastapi", "pytest", "pyinstaller"} <= pinned


def test_no_machine_paths_and_only_shipped_regions() -> None:
    assert "../shared" not in README and "E:/" not in README and "/work/" not in README
    shipped = {r["code"] for r in json.loads((ROOT / "resources/seed/regions.json").read_text("utf-8"))["regions"]}
    for code in set(re.findall(r"\b4\d{11}\b", README)):
        town = code[:9] + "000"
        assert code in shipped or town in shipped, f"region {code} (town {town}) is not in the shipped regions"
    for link in re.findall(r"\]\(([^)#]+)\)", README):
        if not link.startswith("http"):
            assert (ROOT / link).exists(), f"README links to a missing {link}"


def test_postgres_example_creates_the_database_it_names() -> None:
    lines = [line for block in fenced() for line in block]
    url = next(line for line in lines if "postgresql+psycopg://" in line)
    name = re.search(r"postgresql\+psycopg://\S+/(\w+)", url).group(1)
    create = next(n for n, line in enumerate(lines) if line.startswith("createdb "))
    assert lines[create].split()[-1] == name and create < lines.index(url)


@pytest.mark.postgres
@pytest.mark.skipif(not os.environ.get("VILLAGEDESK_TEST_PG") or not shutil.which("createdb"), reason="no PostgreSQL")
def test_postgres_example_runs_as_written(tmp_path: Path) -> None:
    """README's createdb and `serve --db postgresql+psycopg://…` on the PostgreSQL that .ci/run starts: only
    its port and a fresh database name are put in (both must be in the README as the test expects)."""
    pg = urlsplit(os.environ["VILLAGEDESK_TEST_PG"])
    lines = [line for block in fenced() for line in block]
    create = next(line for line in lines if line.startswith("createdb "))
    serve = next(line for line in lines if "postgresql+psycopg://" in line)
    name = create.split()[-1]
    fresh = f"vd_readme_{uuid.uuid4().hex[:8]}"
    assert "-h 127.0.0.1 -U postgres " in create and f"@127.0.0.1:5432/{name} " in serve
    create = create.replace(" -U postgres ", f" -p {pg.port} -U postgres ").replace(f" {name}", f" {fresh}")
    port = str(_free_port())
    serve = serve.replace(f":5432/{name} ", f":{pg.port}/{fresh} ").replace(f"--port {EXAMPLE_PORT}", f"--port {port}")
    env = _shims(tmp_path / "bin")
    made = subprocess.run(["bash", "-c", create], env=env, capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    server = subprocess.Popen(["bash", "-c", "exec " + serve], cwd=tmp_path, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE)  # fmt: skip
    try:
        _wait_for(int(port), server)
    finally:
        server.terminate()
        server.communicate(timeout=20)
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-p", str(pg.port), "-U", "postgres", "--if-exists", fresh],
                       capture_output=True, timeout=60)  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _shims(bin_dir: Path) -> dict[str, str]:
    """`villagedesk` and `villagedesk-server` on PATH as the console scripts would be, from this checkout."""
    bin_dir.mkdir()
    for name, module in (("villagedesk", "villagedesk"), ("villagedesk-server", "villagedesk.server_main")):
        shim = bin_dir / name
        shim.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m {module} "$@"\n')
        shim.chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "PYTHONPATH": str(ROOT),
            "QT_QPA_PLATFORM": "offscreen", "VILLAGEDESK_PROFILE": "", "VILLAGEDESK_SERVER_DATA": ""}  # fmt: skip


@pytest.mark.skipif(os.name == "nt", reason="the README's examples are written for a POSIX shell")
def test_every_fenced_command_runs_as_written(tmp_path: Path) -> None:
    first, second = two_commands()
    env = _shims(tmp_path / "bin")
    work = tmp_path / "work"
    (work / USB.lstrip("/")).mkdir(parents=True)
    port = str(_free_port())
    variables: dict[str, str] = {}
    server: subprocess.Popen | None = None
    ran: list[str] = []

    def run(line: str) -> str:
        line = line.replace(USB, str(work / USB.lstrip("/"))).replace(f":{EXAMPLE_PORT}", f":{port}")
        line = line.replace(f"--port {EXAMPLE_PORT}", f"--port {port}")
        line = line.replace(EXAMPLE_CODE, variables.get("CODE", EXAMPLE_CODE))
        out = subprocess.run(["bash", "-c", line], cwd=work, env={**env, **variables}, capture_output=True,
                             text=True, encoding="utf-8", timeout=120)  # fmt: skip
        assert out.returncode == 0, f"README command failed: {line}\n{out.stdout}\n{out.stderr}"
        ran.append(line)
        return out.stdout

    try:
        for block in fenced():
            for line in block:
                if line in (first, second) or " pip install " in line or "postgresql" in line:
                    continue
                if line.startswith("createdb "):
                    continue
                if " serve " in line:
                    assert f"--port {EXAMPLE_PORT}" in line
                    server = subprocess.Popen(["bash", "-c", "exec " + line.replace(EXAMPLE_PORT, port)], cwd=work,
                                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
                    _wait_for(int(port), server)
                    continue
                assign = re.fullmatch(r"(\w+)=\$\((.*)\)", line)
                if assign:
                    variables[assign.group(1)] = run(assign.group(2)).strip()
                    continue
                out = run(line)
                code = re.search(r"注册码: (\S+)", out)
                if code:
                    variables["CODE"] = code.group(1)
    finally:
        if server is not None:
            server.terminate()
            server.communicate(timeout=20)
    for pdf in ("receipt.pdf", "notice.pdf", "mandate.pdf"):
        assert (work / pdf).read_bytes()[:5] == b"%PDF-"
    assert (work / USB.lstrip("/") / "ack-1.vdb").stat().st_size > 0
    assert "CODE" in variables and re.fullmatch(r"[\w-]+", variables["CASE"])
    assert len(ran) >= 15, ran


def _wait_for(port: int, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"README's serve command exited: {proc.stderr.read() if proc.stderr else ''}")
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("README's serve command did not start listening")


def test_docs_link_only_inside_the_repository() -> None:
    """A clone has nothing beside it: every relative link of the docs resolves inside the repository."""
    pages = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", ROOT / "CHANGELOG.md", *sorted((ROOT / "docs").glob("*.md"))]
    for page in pages:
        text = page.read_text("utf-8")
        assert "../shared" not in text and "shared/design" not in text and "/work/" not in text, page.name
        for link in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
            if not re.match(r"[a-z]+:", link):
                assert (page.parent / link).resolve().is_relative_to(ROOT) and (page.parent / link).exists(), (
                    f"{page.name} links to {link}, which is not in the repository"
                )
