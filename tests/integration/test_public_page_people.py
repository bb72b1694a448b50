"""Issue 18 (who the page names): people are matched by login, never by the name shown; a handover in
the older shape (logins only) is read; a case whose PC was replaced names the new PC's agent. Real
server, real HTTP on loopback, real enrolled PCs (their profiles migrated by Alembic)."""

from __future__ import annotations

from tests.integration.public_world import VILLAGE, register, sync
from tests.integration.test_public_page import get, world  # noqa: F401  (the fixture)
from villagedesk.db import audit_chain
from villagedesk.domain import check_code as cc
from villagedesk.domain.answering import SERVICE_POINT
from villagedesk.domain.lifecycle import Role
from villagedesk.server import auth
from villagedesk.server import models as sm
from villagedesk.services import accounts, handover, queries
from villagedesk.ui.printing import documents


def _agent_on_page(server, case) -> str:
    text = get(server, case.case_no, cc.check_code(case.case_id)).text
    for name in ("李娜", "王强", "赵敏", SERVICE_POINT):
        if f"<dd>{name}</dd>" in text:
            return name
    raise AssertionError(text)


def _desk_names(agent, case_no: str) -> tuple[str, str]:
    shown = queries.detail(agent, case_no, record_view=False)
    return shown.agent, documents.receipt_from(shown, documents.Office("测试村便民服务站", "")).agent


def test_two_accounts_of_one_name_are_told_apart_by_login(server, world) -> None:  # noqa: F811
    agent, _clerk = world
    lina = accounts.create_account(agent, "lina", "李娜", "secret-1", Role.AGENT, VILLAGE)
    accounts.create_account(agent, "lina2", "李娜", "secret-4", Role.AGENT, VILLAGE)  # another 李娜
    accounts.create_account(agent, "wangqiang", "王强", "secret-2", Role.AGENT, VILLAGE)
    agent.act_as(lina.display_name, lina.id)
    case = register(agent, 7)  # the first 李娜's case
    sync(agent)
    sheet = handover.prepare(agent, "lina2", "wangqiang")  # the other 李娜 hands over her (no) cases
    handover.confirm(agent, sheet, "secret-2")
    sync(agent)
    assert _agent_on_page(server, case) == "李娜"  # was 王强: the names matched, not the people
    assert _desk_names(agent, case.case_no) == ("李娜", "李娜")


def _old_shape_handover(agent) -> None:
    """A handover as versions before names were added recorded it: logins only."""
    with agent.store.write() as s:
        audit_chain.add_audit(s, "handover", "lina → wangqiang: 1件在办, 0份原件, 0个预约, 0条未同步", "王强")


def _three_with_logins(agent):
    for login, name, password in (("lina", "李娜", "secret-1"), ("wangqiang", "王强", "secret-2"),
                                  ("zhao", "赵敏", "secret-3")):  # fmt: skip
        accounts.create_account(agent, login, name, password, Role.AGENT, VILLAGE)
        accounts.authenticate(agent, login, password)  # a ``login`` entry: the login's name, in the trail
    accounts.authenticate(agent, "lina", "secret-1")


def test_a_handover_that_names_only_logins_names_the_successor(server, world) -> None:  # noqa: F811
    agent, _clerk = world
    _three_with_logins(agent)
    case = register(agent, 8)
    sync(agent)
    _old_shape_handover(agent)
    accounts.authenticate(agent, "zhao", "secret-3")
    accounts.deactivate(agent, "lina")
    sync(agent)
    assert _agent_on_page(server, case) == "王强"  # was 本村便民服务点: the logins were not read
    assert _desk_names(agent, case.case_no) == ("王强", "王强")

    # a roster from a PC that sent no logins (an older version): the logins' names from its login entries
    with server.db.write() as s:
        for row in s.query(sm.AuditAccount).filter_by(device_id=agent.identity.device_id):
            row.login = None
    assert _agent_on_page(server, case) == "王强"


def test_after_the_pc_is_replaced_the_page_names_the_new_pcs_agent(server, world, enrolled) -> None:  # noqa: F811
    old, _clerk = world
    lina = accounts.create_account(old, "lina", "李娜", "secret-1", Role.AGENT, VILLAGE)
    accounts.create_account(old, "zhao", "赵敏", "secret-3", Role.AGENT, VILLAGE)
    old.act_as(lina.display_name, lina.id)
    case = register(old, 9)  # only the old PC ever touched it
    sync(old)
    assert _agent_on_page(server, case) == "李娜"

    new = enrolled("new", VILLAGE)  # docs/handover.md "A new PC": a fresh code, the village's cases come down
    wang = accounts.create_account(new, "wangqiang", "王强", "secret-2", Role.AGENT, VILLAGE)
    new.act_as(wang.display_name, wang.id)
    sync(new)
    assert auth.revoke(server.db, old.identity.device_id)
    assert _agent_on_page(server, case) == "王强"  # was 李娜: the old PC's roster, as if she were still there

    # two agents at the new PC and no handover names who took the old PC's cases: the service point
    accounts.create_account(new, "sun", "孙丽", "secret-5", Role.AGENT, VILLAGE)
    sync(new)
    assert _agent_on_page(server, case) == SERVICE_POINT

    # the person moved with the work: her login is active on the new PC, so she is still named
    accounts.create_account(new, "lina", "李娜", "secret-6", Role.AGENT, VILLAGE)
    sync(new)
    assert _agent_on_page(server, case) == "李娜"
