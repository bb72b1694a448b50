"""The villager's progress page (GET /q/<case number>?k=<check code>) over real HTTP, on SQLite and
PostgreSQL: what it shows, what it never shows, one 未找到 for every miss, the rate limit, hostile paths,
and the public address travelling to the PC by sync and out through ``villagedesk show``."""

from __future__ import annotations

import http.client
import io
import json
import logging
import tempfile
from contextlib import redirect_stdout
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from sqlalchemy import text

from tests.integration.public_world import ADDRESS, PHONE, TOWN, VILLAGE, register, sync
from villagedesk import cli
from villagedesk.domain import check_code as cc
from villagedesk.domain.lifecycle import EventType
from villagedesk.paths import resources_dir
from villagedesk.server import cli as server_cli
from villagedesk.server import feed, public_page
from villagedesk.services import actions

BASE = "https://cx.town.example.cn"


def set_public(server, *options: str) -> str:
    url = server.db.engine.url.render_as_string(hide_password=False)
    out = io.StringIO()
    with redirect_stdout(out):
        assert server_cli.main(["public-page", "--db", url, *options]) == 0
    return out.getvalue()


def publish_checklist(server, code: str, names: list[str]) -> None:
    """Publish a catalog version whose item ``code`` also lists ``names`` (``publish-catalog``)."""
    doc = json.loads((resources_dir() / "seed" / "catalog.json").read_text("utf-8"))
    doc["version"] = 2
    for item in doc["items"]:
        item["version"] = 2
        if item["code"] == code:
            item["materials"] = [*item["materials"], *({"name": n} for n in names)]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "catalog.json"
        path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
        url = server.db.engine.url.render_as_string(hide_password=False)
        with redirect_stdout(io.StringIO()):
            assert server_cli.main(["publish-catalog", "--db", url, str(path)]) == 0


def get(server, case_no: str, code: str | None, method: str = "GET") -> requests.Response:
    query = "" if code is None else f"?k={code}"
    return requests.request(method, f"{server.url}/q/{quote(case_no, safe='')}{query}", timeout=10)


def show(desk, case_no: str) -> str:
    out = io.StringIO()
    with redirect_stdout(out):
        assert cli.main(["--profile", str(desk.paths.root), "show", case_no]) == 0
    return out.getvalue()


@pytest.fixture
def world(enrolled):
    agent = enrolled("李娜", VILLAGE)
    clerk = enrolled("clerk", TOWN, "clerk")
    return agent, clerk


def test_page_shows_the_case_and_nothing_personal(server, world) -> None:
    agent, _clerk = world
    set_public(server, "--url", BASE + "/", "--hotline", "0391-12345", "--agent-phone", f"{VILLAGE}=13700001111")
    case = register(agent, 0)  # 张三
    # the server judges names against the item's checklist: a catalog the town published names these
    # (markup in a catalog's material name must still come out escaped)
    publish_checklist(server, "JY012", ["户口簿", "<b>证明</b>"])
    sync(agent)  # the desk checks the names against the catalog it holds: the town's, once pulled
    actions.perform(agent, case.case_id, EventType.MATERIALS_MISSING, {"missing": ["户口簿", "<b>证明</b>"]})
    sync(agent)
    code = cc.check_code(case.case_id)
    r = get(server, case.case_no, code.lower()[:4] + "-" + code[4:])  # typed by hand: lower case, a dash
    assert r.status_code == 200, r.text
    page = r.text
    assert "张*" in page and "张三" not in page
    assert "还缺材料" in page and "户口簿" in page and "&lt;b&gt;证明&lt;/b&gt;" in page and "<b>" not in page
    assert "李娜" in page and "13700001111" in page and "0391-12345" in page
    assert "材料补齐之日起计算" in page  # what the receipt and the case page say (domain.promise)
    for secret in (case.id_number, case.id_number[-4:] + "<", ADDRESS, PHONE, case.case_id, code):
        assert secret not in page
    assert "awaiting_materials" not in page  # words, not internal codes
    assert len(r.content) < 20 * 1024
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert r.headers["cache-control"] == "no-store"
    assert r.headers["x-content-type-options"] == "nosniff"
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp and "script-src" not in csp
    assert "set-cookie" not in r.headers
    head = get(server, case.case_no, code, method="HEAD")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == str(len(r.content))


def test_every_miss_is_the_same_not_found(server, world) -> None:
    agent, _clerk = world
    case = register(agent, 1)
    sync(agent)
    code = cc.check_code(case.case_id)
    other = cc.check_code("11111111-2222-4333-8444-555555555555")
    misses = [
        (case.case_no, other),  # wrong code
        (case.case_no, None),  # no code
        (case.case_no, ""),
        (case.case_no, code[:7]),  # a prefix is not the code
        (case.case_no[:-1] + ("9" if case.case_no[-1] != "9" else "8"), code),  # unknown number
        ("not-a-case", code),  # malformed
    ]
    answers = [get(server, no, k) for no, k in misses]
    assert {a.status_code for a in answers} == {404}
    assert len({a.content for a in answers}) == 1  # byte for byte the same page
    assert "未找到" in answers[0].text and "12345" in answers[0].text
    assert get(server, case.case_no, code).status_code == 200


def test_hostile_paths_never_fail_the_server(server) -> None:
    host, port = "127.0.0.1", server.port
    paths = [
        "/q/",
        "/q",
        "/q/%00",
        "/q/100201-261128-AN001%00?k=%00",
        "/q/%FF%FE%C0%AF?k=%FF",
        "/q/../../etc/passwd",
        "/q/" + quote("张三𠮷" * 200),
        "/q/" + "9" * 20000,
        "/q/x?k=" + "A" * 20000,
        "/q/%E2%80%AE%F0%9F%98%80?k=%%%",
        "/q/a/b/c?k=1&k=2",
    ]
    for path in paths:
        conn = http.client.HTTPConnection(host, port, timeout=10)
        conn.request("GET", path)
        resp = conn.getresponse()
        body = resp.read()
        conn.close()
        assert resp.status < 500, (path[:60], resp.status)
        if resp.status == 404:
            assert "未找到".encode() in body


def test_unsuccessful_lookups_are_limited_per_address(server, world) -> None:
    agent, _clerk = world
    case = register(agent, 2)
    sync(agent)
    for _ in range(public_page.FAILURES_PER_CLIENT):
        assert get(server, f"100201-261128-AN{_:03d}", "AAAAAAAA").status_code == 404
    limited = get(server, case.case_no, cc.check_code(case.case_id))
    assert limited.status_code == 429
    assert "查询过于频繁" in limited.text and "10分钟" in limited.text
    assert limited.headers["cache-control"] == "no-store"


def test_public_address_reaches_the_pc_and_show_prints_it(server, world) -> None:
    agent, _clerk = world
    case = register(agent, 3)
    sync(agent)
    code = cc.check_code(case.case_id)
    before = show(agent, case.case_no)
    assert f"查询码 {cc.grouped(code)}" in before and "未设置公开查询地址" in before
    printed = set_public(server, "--url", BASE)
    assert BASE in printed
    sync(agent)
    after = show(agent, case.case_no)
    url = f"{BASE}/q/{case.case_no}?k={code}"
    lines = after.splitlines()
    assert lines[0].startswith(f"办件编号 {case.case_no}") and url in lines[1]
    set_public(server, "--no-url")
    sync(agent)
    assert "未设置公开查询地址" in show(agent, case.case_no)


@pytest.mark.parametrize(
    "options",
    [
        ["--url", "ftp://town.example.cn"],
        ["--url", "https://town.example.cn/?a=1"],
        ["--url", "town.example.cn"],
        ["--url", "https://user:pw@town.example.cn"],
        ["--hotline", "call me"],
        ["--agent-phone", "4190011002=13700001111"],
        ["--url", "https://a.cn", "--no-url"],
    ],
)
def test_public_page_command_refuses_bad_settings(tmp_path, options, capsys) -> None:
    assert server_cli.main(["--data", str(tmp_path), "public-page", *options]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误: ") and "Traceback" not in err
    assert server_cli.main(["--data", str(tmp_path), "public-page"]) == 0  # nothing was published
    assert "未设置" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("host", "key"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:1:2:3", "2001:db8:1:2::/64"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
        ("testclient", "testclient"),
    ],
)
def test_misses_are_counted_per_ipv4_address_or_ipv6_64(host: str, key: str) -> None:
    assert public_page.client_key(host) == key


def test_a_stored_history_the_page_cannot_read_is_not_found_never_a_500(server, world, caplog) -> None:
    """An event stored before the judge checked the time-limit unit (an older, laxer server) once made
    the due-date rule raise: the page answers 未找到 and logs frames only, no name."""
    agent, _clerk = world
    case = register(agent, 0)  # 张三
    sync(agent)
    with server.db.engine.begin() as conn:
        row = conn.execute(
            text("SELECT id, payload FROM events WHERE case_id = :c AND type = 'case_registered'"), {"c": case.case_id}
        ).one()
        payload = json.loads(row.payload)
        payload["limit_unit"] = "lunar_months"
        conn.execute(text("UPDATE events SET payload = :p WHERE id = :i"), {"p": json.dumps(payload), "i": row.id})
    with caplog.at_level(logging.ERROR, logger="villagedesk.server.public_page"):
        r = get(server, case.case_no, cc.check_code(case.case_id))
    assert r.status_code == 404 and "未找到" in r.text
    logged = "\n".join(rec.getMessage() for rec in caplog.records)
    assert "ValueError" in logged and "张三" not in logged and case.id_number not in logged


def test_a_hostile_servers_settings_never_reach_a_receipt(server, world) -> None:
    """Settings published around the command's checks (as a hostile or broken server would send them)
    are dropped by the PC: no javascript: address, no markup for a phone."""
    agent, _clerk = world
    case = register(agent, 4)
    bad = {"url": "javascript:alert(1)//", "hotline": "<script>", "agents": {VILLAGE: "1; DROP"}}
    feed.publish_ref(server.db, "public", "page", bad)
    sync(agent)
    printed = show(agent, case.case_no)
    assert "未设置公开查询地址" in printed and "javascript" not in printed
    page = get(server, case.case_no, cc.check_code(case.case_id))
    assert page.status_code == 200 and "<script>" not in page.text and "DROP" not in page.text
    assert "12345" in page.text


def _from(server, source: str, path: str) -> int:
    """GET from a loopback source address of our choice (Linux answers all of 127.0.0.0/8)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10, source_address=(source, 0))
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        resp.read()
        return resp.status
    finally:
        conn.close()


def test_the_limit_is_per_address_and_per_case_number(server, world) -> None:
    agent, _clerk = world
    one, two = register(agent, 5), register(agent, 6)
    sync(agent)
    right = f"/q/{one.case_no}?k={cc.check_code(one.case_id)}"
    for _ in range(public_page.FAILURES_PER_CLIENT):
        assert _from(server, "127.0.0.2", f"/q/{two.case_no}?k=WRONG") == 404
    assert _from(server, "127.0.0.2", right) == 429  # this address is limited ...
    assert _from(server, "127.0.0.3", right) == 200  # ... another one is not
    # Misses spread over many addresses still add up per case number.
    for n in range(public_page.FAILURES_PER_CASE - public_page.FAILURES_PER_CLIENT):
        assert _from(server, f"127.0.1.{n % 200 + 1}", f"/q/{two.case_no}?k=WRONG") == 404
    assert _from(server, "127.0.0.4", f"/q/{two.case_no}?k={cc.check_code(two.case_id)}") == 429
    assert _from(server, "127.0.0.4", right) == 200


def test_a_new_receipt_before_the_first_sync_says_when_the_case_appears(server, world) -> None:
    """Issue 18: a villager with a brand-new receipt read 没有找到这个办件。请核对…, as if the receipt were wrong.
    The one 未找到 page (the same for a truly unknown number, so nothing leaks) says when a case appears."""
    agent, _clerk = world
    case = register(agent, 2)  # registered, not yet synced
    code = cc.check_code(case.case_id)
    before = get(server, case.case_no, code)
    unknown = get(server, case.case_no[:-1] + ("9" if case.case_no[-1] != "9" else "8"), code)
    assert before.status_code == unknown.status_code == 404 and before.content == unknown.content
    assert "新登记的办件在代办点同步到镇中心后才能查到" in before.text
    sync(agent)
    assert get(server, case.case_no, code).status_code == 200


def test_the_query_time_is_beijing_time_whatever_the_servers_zone(server, world, monkeypatch) -> None:
    """Issue 18: 查询时间 was the server's local time with no zone; now Beijing time, said so."""
    import time
    from datetime import UTC, datetime, timedelta

    monkeypatch.setenv("TZ", "America/New_York")  # a server set up in another zone
    time.tzset()
    try:
        agent, _clerk = world
        case = register(agent, 3)
        sync(agent)
        page = get(server, case.case_no, cc.check_code(case.case_id)).text
        now = datetime.now(UTC) + timedelta(hours=8)
        shown = {f"{(now - timedelta(minutes=d)):%Y-%m-%d %H:%M}（北京时间）" for d in range(3)}
        assert any(s in page for s in shown), page[-400:]
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_after_a_handover_the_page_names_the_agent_answering_now(server, world) -> None:
    """Issue 18: the page kept naming the agent who registered the case after she left. It names whoever
    answers for it now: the last agent who acted while their account is active, else the PC's one active
    account (by the names the PC sends with its audit trail)."""
    from villagedesk.domain.lifecycle import Role
    from villagedesk.services import accounts

    agent, _clerk = world
    lina = accounts.create_account(agent, "lina", "李娜", "secret-1", Role.AGENT, VILLAGE)
    accounts.create_account(agent, "wangqiang", "王强", "secret-2", Role.AGENT, VILLAGE)
    agent.act_as(lina.display_name, lina.id)
    case = register(agent, 4)
    sync(agent)
    code = cc.check_code(case.case_id)
    page = get(server, case.case_no, code).text
    assert "<dd>李娜</dd>" in page
    accounts.authenticate(agent, "wangqiang", "secret-2")  # the handover: 王强 takes over, 李娜 is stopped
    accounts.deactivate(agent, "lina")
    sync(agent)
    page = get(server, case.case_no, code).text
    assert "<dd>王强</dd>" in page and "李娜" not in page  # was 李娜, who left
    # the desk's reprinted receipt and notice name the same person as the page (they named 李娜)
    from villagedesk.services import queries
    from villagedesk.ui.printing import documents

    shown = queries.detail(agent, case.case_no, record_view=False)
    assert shown.agent == "王强"
    assert documents.receipt_from(shown, documents.Office("测试村便民服务站", "")).agent == "王强"
