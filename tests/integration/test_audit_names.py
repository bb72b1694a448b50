"""账号名单: the clerk's 留痕 names the person ("王芳 (代办员)"), not the account id an event carries; the
village PC sends its accounts' names with its audit entries over real loopback HTTP (SQLite and
PostgreSQL), and the town believes only plain names of the sending PC's own accounts.

Fails on the old code: the clerk read ``账号 1a2b3c4d`` (the account id cut short) for every event, the
town had no way to learn whose account it was, and a roster of markup or of another village's account
ids raised no alert (nothing checked it because nothing was kept)."""

from __future__ import annotations

import gzip
import json

import requests
from sqlalchemy import select

from tests.integration.test_audit_entries import TOWN, VILLAGE, _audit_cli, _case_no
from tests.integration.test_audit_tamper import _register, _sql, _sync
from villagedesk.db import audit_chain
from villagedesk.domain.lifecycle import Role
from villagedesk.server import audit_heads
from villagedesk.server import models as sm
from villagedesk.services import accounts
from villagedesk.services.desk import Desk
from villagedesk.sync import engine
from villagedesk.sync import protocol as proto

OTHER_VILLAGE = "419001100202"


def _login_and_register(desk: Desk, username: str, name: str, id_number: str) -> tuple[str, str]:
    """A person with an account on this PC registers a case; returns (account id, case number)."""
    info = accounts.create_account(desk, username, name, "secret-123", Role.AGENT, VILLAGE)
    accounts.authenticate(desk, username, "secret-123")
    return info.id, _case_no(desk, _register(desk, "张三", id_number))


def _raw_sync(desk: Desk, aud: dict) -> requests.Response:
    """A sync request as a hostile client would write it (ASCII-escaped JSON: lone surrogates travel)."""
    cfg = engine.server_config(desk)
    body = gzip.compress(json.dumps({"v": proto.PROTOCOL_VERSION, "cur": {}, "aud": aud}).encode())
    headers = {
        "Authorization": f"Bearer {cfg.token}", proto.PROTOCOL_HEADER: str(proto.PROTOCOL_VERSION),
        "Content-Type": "application/json", "Content-Encoding": "gzip",
    }  # fmt: skip
    return requests.post(cfg.url + "/api/v1/sync", data=body, headers=headers, timeout=30)


def _roster(server) -> dict[tuple[str, str], str]:
    with server.db.read() as s:
        return {(a.device_id, a.account_id): a.name for a in s.scalars(select(sm.AuditAccount))}


def test_the_clerk_reads_who_did_it_by_name_and_role(enrolled, server, capsys) -> None:
    village = enrolled("村委会电脑", VILLAGE)
    clerk = enrolled("镇中心", TOWN, "clerk")
    wang, case_a = _login_and_register(village, "wangfang", "王芳", "419001198001010014")
    ouyang, case_b = _login_and_register(village, "ouyang", "欧阳·娜", "419001198001010022")
    accounts.deactivate(village, "wangfang")  # 王芳 hands over: her past work keeps her name
    _sync(village)

    code, out, err = _audit_cli(clerk, capsys, "--case", case_a)
    assert code == 0, err
    assert "王芳 (代办员)  事件 代办登记" in out  # the old code: 账号 + the id's first 8 characters
    assert wang[:8] not in out
    code, out, err = _audit_cli(clerk, capsys, "--case", case_b)
    assert code == 0 and "欧阳·娜 (代办员)  事件 代办登记" in out and ouyang[:8] not in out
    code, out, _ = _audit_cli(clerk, capsys, "--device", "村委会电脑")
    assert "王芳 (代办员)" in out and "停用账号" in out


def test_an_account_the_town_has_no_name_for_reads_unknown(enrolled, server, capsys) -> None:
    village = enrolled("村委会电脑", VILLAGE)
    clerk = enrolled("镇中心", TOWN, "clerk")
    wang, case_a = _login_and_register(village, "wangfang", "王芳", "419001198001010014")
    # the account row is gone from the PC before its first sync (a file edited by hand)
    _sql(village, f"DELETE FROM accounts WHERE id = '{wang}'")
    _sync(village)
    code, out, _ = _audit_cli(clerk, capsys, "--case", case_a)
    assert code == 0
    assert f"未知账号 {wang[:8]}  事件 代办登记" in out


def test_a_hostile_roster_renames_nobody_and_injects_nothing(enrolled, server, capsys) -> None:
    village = enrolled("村委会电脑", VILLAGE)
    other = enrolled("外村电脑", OTHER_VILLAGE)
    clerk = enrolled("镇中心", TOWN, "clerk")
    wang, case_a = _login_and_register(village, "wangfang", "王芳", "419001198001010014")
    _sync(village)
    _sync(other)
    with other.store.read() as s:
        seq, head = audit_chain.last_entry(s)
    ok_head = {"s": seq, "h": head}
    hostile = [
        [[wang, "坏人", True]],  # another village's account id: kept under the sender only
        [[wang, "<b>王芳</b>", True]],  # markup
        [[wang, "王\ud800", True]],  # a lone surrogate
        [[wang, "王芳\u202e", True]],  # a bidi override
        [[wang, "王" * 41, True]],  # too long
        [[wang, "王芳", "yes"]],
        [[1, 2, 3]],
        [["x" * 65, "王芳", True]],
        [[f"{i:04d}", "李四", True] for i in range(101)],  # too many
        "王芳",
        {"id": wang},
    ]
    for roster in hostile:
        reply = _raw_sync(other, {**ok_head, "n": roster})
        assert reply.status_code == 200, (roster, reply.text)
        assert "cur" in reply.json()  # the sync goes on
    held = _roster(server)
    assert sorted(name for (_d, a), name in held.items() if a == wang) == ["坏人", "王芳"]  # one per device
    assert len({d for (d, a) in held if a == wang}) == 2 and len(held) == 2  # nothing else was believed
    assert {a.kind for a, _ in audit_heads.alerts(server.db)} == {"malformed"}
    code, out, _ = _audit_cli(clerk, capsys, "--case", case_a)
    assert code == 0
    assert "王芳 (代办员)  事件 代办登记" in out and "坏人" not in out  # the clerk still reads 王芳
