"""Issue 18: the public page read only the PC's roster, so after 李娜 left it went on naming her while
two or more accounts were still active; a confirmed handover (交接, an audited entry that reaches the
town in the PC's trail) did not count. Real server, real HTTP on loopback, a real enrolled PC."""

from __future__ import annotations

from tests.integration.public_world import VILLAGE, register, sync
from tests.integration.test_public_page import get, world  # noqa: F401  (the fixture)
from villagedesk.domain import check_code as cc
from villagedesk.domain.answering import SERVICE_POINT
from villagedesk.domain.lifecycle import Role
from villagedesk.services import accounts, handover, queries
from villagedesk.ui.printing import documents


def _three(agent):
    lina = accounts.create_account(agent, "lina", "李娜", "secret-1", Role.AGENT, VILLAGE)
    accounts.create_account(agent, "wangqiang", "王强", "secret-2", Role.AGENT, VILLAGE)
    accounts.create_account(agent, "zhao", "赵敏", "secret-3", Role.AGENT, VILLAGE)
    agent.act_as(lina.display_name, lina.id)


def _desk_names(agent, case_no: str) -> tuple[str, str]:
    shown = queries.detail(agent, case_no, record_view=False)
    return shown.agent, documents.receipt_from(shown, documents.Office("测试村便民服务站", "")).agent


def test_after_a_confirmed_handover_the_page_names_the_successor(server, world) -> None:  # noqa: F811
    agent, _clerk = world
    _three(agent)
    case = register(agent, 5)
    sync(agent)
    code = cc.check_code(case.case_id)
    assert "<dd>李娜</dd>" in get(server, case.case_no, code).text
    sheet = handover.prepare(agent, "lina", "wangqiang")
    assert sheet.unsynced == 0
    handover.confirm(agent, sheet, "secret-2")  # 王强 signs for 李娜's cases
    page = get(server, case.case_no, code).text
    assert "<dd>李娜</dd>" in page  # the town has not heard of it yet: nothing changes before the sync
    sync(agent)
    page = get(server, case.case_no, code).text
    assert "<dd>王强</dd>" in page and "李娜" not in page  # was 李娜: still active, nothing read the handover
    accounts.deactivate(agent, "lina")
    sync(agent)
    page = get(server, case.case_no, code).text
    assert "<dd>王强</dd>" in page and "李娜" not in page  # was 李娜: 王强 and 赵敏 both still active
    assert _desk_names(agent, case.case_no) == ("王强", "王强")  # the reprinted receipt says the same


def test_a_departed_agent_without_a_handover_is_not_named(server, world) -> None:  # noqa: F811
    agent, _clerk = world
    _three(agent)
    case = register(agent, 6)
    sync(agent)
    accounts.authenticate(agent, "zhao", "secret-3")
    accounts.deactivate(agent, "lina")  # she left; nobody signed for her cases
    sync(agent)
    page = get(server, case.case_no, cc.check_code(case.case_id)).text
    assert f"<dd>{SERVICE_POINT}</dd>" in page and "李娜" not in page  # was 李娜, who left
    assert _desk_names(agent, case.case_no) == (SERVICE_POINT, SERVICE_POINT)
