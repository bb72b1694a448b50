"""Issue 18: ``villagedesk-server devices`` and ``audit-alerts`` printed UTC with no label while ``revoke``
said 北京时间. Every server command now prints its times in Beijing time, labelled (one helper)."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, timedelta

from tests.integration.test_sync_roundtrip import register, sync
from villagedesk.server import audit_heads, auth
from villagedesk.server import cli as server_cli

VILLAGE = "419001100201"


def _beijing(moment) -> str:
    return (moment.replace(tzinfo=UTC) + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M")


def test_devices_and_audit_alerts_say_beijing_time(enrolled, server, capsys) -> None:
    pc = enrolled("village", VILLAGE)
    register(pc, "张三", "419001198001010014")
    sync(pc)
    con = sqlite3.connect(pc.paths.db)
    con.execute("DELETE FROM audit_chain")  # the PC's trail emptied: the town raises an alert at the next sync
    con.commit()
    con.close()
    sync(pc)
    url = server.db.engine.url.render_as_string(hide_password=False)

    device = next(d for d in auth.list_devices(server.db) if d.id == pc.identity.device_id)
    assert device.last_seen is not None
    capsys.readouterr()
    assert server_cli.main(["devices", "--db", url]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if device.id in x)
    assert f"{_beijing(device.last_seen)}(北京时间)" in line, line  # was the UTC time, unlabelled

    alert, _name = audit_heads.alerts(server.db)[0]
    assert server_cli.main(["audit-alerts", "--db", url]) == 1
    out = capsys.readouterr().out
    assert re.search(re.escape(_beijing(alert.at)) + r":\d\d\(北京时间\)", out), out
