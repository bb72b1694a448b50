"""Issue 18 (town office tester): a second handover on a new PC listed only the cases the leaving person
registered on that PC. Real profiles, a real server on loopback; each test fails on the old code."""

from __future__ import annotations

from tests.integration.test_public_page import get
from tests.integration.test_sync_roundtrip import register, sync
from villagedesk.domain import check_code as cc
from villagedesk.domain.lifecycle import EventType, Role
from villagedesk.server import auth
from villagedesk.services import accounts, actions, handover, queries

VILLAGE = "419001100201"


def _person(desk, login: str, name: str, password: str):
    return accounts.create_account(desk, login, name, password, Role.AGENT, VILLAGE)


def _as(desk, who) -> None:
    desk.act_as(who.display_name, who.id)


def test_second_handover_lists_every_case_the_person_answers_for(enrolled, server) -> None:
    old = enrolled("old", VILLAGE)
    lisi_old = _person(old, "lisi", "李四", "secret-1")
    _as(old, lisi_old)
    on_old = register(old, "赵一", "419001198001010014")  # registered by lisi on the OLD PC, still open
    sync(old)

    new = enrolled("new", VILLAGE)
    zhang = _person(new, "zhangsan", "张三", "secret-0")
    lisi = _person(new, "lisi", "李四", "secret-1")
    _person(new, "wangliu", "王六", "secret-2")
    sync(new)  # the old PC's case comes down, authored by the old PC's account of lisi
    _as(new, zhang)
    from_zhang = [register(new, "钱二", "419001199002020024"), register(new, "孙三", "419001198503030031")]
    material = queries.detail(new, from_zhang[0]).registered["materials"][0]["name"]
    actions.perform(new, from_zhang[0], EventType.CUSTODY_CHANGED, {"material": material, "holder": "village"})
    sync(new)
    handover.confirm(new, handover.prepare(new, "zhangsan", "lisi"), "secret-1")  # the earlier handover
    _as(new, lisi)
    own = register(new, "周四", "419001199104040042")
    sync(new)

    sheet = handover.prepare(new, "lisi", "wangliu")
    numbers = {queries.detail(new, c).row.case_no: c for c in (on_old, *from_zhang, own)}
    assert {c[0] for c in sheet.cases} == set(numbers)  # was only the one lisi registered on this PC
    held = {(c, mat, who) for c, _name, mat, who in sheet.originals}
    first = queries.detail(new, from_zhang[0]).row.case_no
    assert (first, material, "村代办员") in held  # the original 张三 handed to the desk came along
    # the handed-away cases are no longer zhangsan's
    assert handover.prepare(new, "zhangsan", "wangliu").cases == []

    handover.confirm(new, sheet, "secret-2")
    _as(new, accounts.authenticate(new, "wangliu", "secret-2"))
    accounts.deactivate(new, "lisi")
    for case in numbers.values():  # a reprinted receipt names whoever answers now, never the departed lisi
        assert queries.detail(new, case).agent == "王六", case

    # the town's public page says the same once the trail reached it and the old PC was revoked
    sync(new)
    assert auth.revoke(server.db, old.identity.device_id)
    for number, case in numbers.items():
        page = get(server, number, cc.check_code(case)).text
        assert "李四" not in page and "<dd>王六</dd>" in page, (number, page[-600:])
