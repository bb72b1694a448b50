"""``villagedesk-server`` installed without the ``server`` extra (a desktop install also gets the command):
one clear line naming the extra to install, exit 1, no traceback. The extra's packages are made
unimportable for the child process the way an absent package is: its import raises ModuleNotFoundError.
(scripts/wheel_check.sh runs the real thing in a venv that lacks the extra.)"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

WITHOUT_EXTRA = """
import sys
from importlib.abc import MetaPathFinder

class Absent(MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {"fastapi", "starlette", "uvicorn", "pydantic", "psycopg", "httptools", "uvloop"}:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, Absent())
from villagedesk.server_main import main
sys.exit(main(sys.argv[1:]))
"""


def _server(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-c", WITHOUT_EXTRA, "--data", str(tmp_path / "town"), *args]
    return subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)


def test_serve_without_the_server_extra_says_what_to_install(tmp_path: Path) -> None:
    out = _server(tmp_path, "serve", "--host", "127.0.0.1", "--port", "1")
    assert out.returncode == 1, out.stderr
    assert "Traceback" not in out.stderr
    assert "server 组件" in out.stderr and "villagedesk[server]" in out.stderr


def test_a_missing_module_of_ours_is_not_blamed_on_the_extra(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    code = "import sys; sys.modules['villagedesk.server.cli'] = None\nimport villagedesk.server_main as m; m.main([])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode != 0 and "ModuleNotFoundError" in out.stderr and "server 组件" not in out.stderr
