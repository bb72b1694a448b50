"""The two command lines as an administrator and an agent use them: villagedesk-server and villagedesk."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli
from tests.integration.server_harness import RunningServer
from tests.integration.test_sync_roundtrip import register
from villagedesk.server.cli import main
from villagedesk.server.db import Database, default_url
from villagedesk.services.desk import Desk


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def server_cli(capsys):
    """``villagedesk-server --data DIR ...`` through its entry point, in this process (spawning a
    Python per admin command would dominate the test's time)."""

    def run(data: Path, *args: str) -> Ran:
        capsys.readouterr()
        code = main(["--data", str(data), *args])
        out = capsys.readouterr()
        return Ran(code, out.out, out.err)

    return run


def test_admin_and_agent_command_lines(tmp_path: Path, profile: Path, server_cli) -> None:
    data = tmp_path / "srv"
    out = server_cli(data, "enroll", "--region", "419001100201", "--role", "agent", "--name", "李娜")
    assert out.returncode == 0, out.stderr
    code = re.search(r"注册码: (\S+)", out.stdout).group(1)
    bad = server_cli(data, "enroll", "--region", "419001100201", "--role", "clerk", "--name", "x")
    assert bad.returncode == 2 and "乡镇代码" in bad.stderr

    catalog = json.loads((ROOT / "resources/seed/catalog.json").read_text("utf-8"))
    catalog["version"] = 2
    (tmp_path / "cat.json").write_text(json.dumps(catalog, ensure_ascii=False), "utf-8")
    assert server_cli(data, "publish-catalog", str(tmp_path / "cat.json")).returncode == 0
    (tmp_path / "broken.json").write_text("{not json", "utf-8")
    broken = server_cli(data, "publish-catalog", str(tmp_path / "broken.json"))
    assert broken.returncode == 2 and "JSON" in broken.stderr
    (tmp_path / "cal.json").write_text(json.dumps({"year": 2027, "holidays": ["2027-01-01"]}), "utf-8")
    assert server_cli(data, "publish-calendar", str(tmp_path / "cal.json")).returncode == 0
    assert (
        server_cli(data, "notice", "--region", "419001100000", "--title", "通知", "--body", "周五停电").returncode == 0
    )

    db = Database.open(default_url(data))
    srv = RunningServer(db).start()
    try:
        unenrolled = run_cli("sync", profile=profile)
        assert unenrolled.returncode == 1 and "尚未注册" in unenrolled.stderr
        ok = run_cli("enroll", "--server", srv.url, "--code", code, profile=profile)
        assert ok.returncode == 0 and "注册成功" in ok.stdout, ok.stderr
        with Desk.open(profile) as desk:
            register(desk, "张三", "419001198001010014")
        synced = run_cli("sync", profile=profile)
        assert synced.returncode == 0 and "同步完成: 上传 1 条" in synced.stdout, synced.stderr
        devices = server_cli(data, "devices")
        device_id = devices.stdout.split()[0]
        assert "有效" in devices.stdout and " - " not in devices.stdout  # last seen is recorded
        assert server_cli(data, "revoke", device_id).returncode == 0
        srv.app.state.tokens.forget()
        refused = run_cli("sync", profile=profile)
        assert refused.returncode == 1 and "吊销" in refused.stdout
    finally:
        srv.stop()
        db.dispose()
    letters = server_cli(data, "dead-letters")
    assert letters.returncode == 0
    assert "已吊销" in server_cli(data, "devices").stdout


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.7"])
def test_serve_refuses_plain_http_off_loopback(tmp_path: Path, host: str, server_cli) -> None:
    out = server_cli(tmp_path / "srv", "serve", "--host", host, "--port", "1")
    assert out.returncode == 2 and "HTTPS" in out.stderr
