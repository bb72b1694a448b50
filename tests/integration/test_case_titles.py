"""A case is called by its catalog name wherever a town or a village reads it, not by the ``title`` the
registering device wrote (issue 12, version3). Another vendor's client of village A registers JY006
(个体工商户设立登记) as 「镇长特批·优先办理」 over real HTTP; the town clerk's inbox and its item filter, the
case page, the case export, the follow-up list (差评回访) and its export, on the clerk's PC and on an honest
PC of the village, and the villager's public page, all say 个体工商户设立登记. Before, all but the public page
showed the device's text. Since version4 the server refuses such a registration; the title is planted
in the server's feed as an older server took it, and every desk must still call the case by the catalog."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import openpyxl
import requests

from tests.integration.test_sync_guarantees import transport_for
from tests.integration.test_sync_roundtrip import sync
from tests.support.events import follow, registration
from villagedesk.domain import check_code as cc
from villagedesk.domain.hlc import HybridClock
from villagedesk.domain.lifecycle import EventType, Role
from villagedesk.services import actions, exports, queries, satisfaction, town
from villagedesk.sync import protocol

VILLAGE = "419001100201"
TOWN = "419001100000"
HOSTILE = "镇长特批·优先办理"
NAME = "个体工商户设立登记"  # JY006 in the seed catalog


def _cells(path: Path) -> set[str]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return {str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if c}
    finally:
        book.close()


def _as_an_older_server_took(server, e) -> None:
    """``e`` stored in the server's feed as a server before #12's item-name check accepted it."""
    from datetime import UTC, datetime

    from villagedesk.server import feed
    from villagedesk.server import models as sm

    row = {k: v for k, v in feed._row_of(e, feed.event_digest(e)).items() if k != "_e"}
    with server.db.write() as s:
        state = s.get(sm.FeedState, 1)
        state.seq += 1
        now = datetime.now(UTC).replace(tzinfo=None)
        s.add(sm.ServerEvent(seq=state.seq, pushed_by=e.device, received_at=now, **row))
        s.add(sm.ServerCase(case_id=e.case_id, partition=e.partition, case_no=e.payload["case_no"]))
        stat = s.get(sm.PartitionStat, e.partition)
        if stat is None:
            s.add(sm.PartitionStat(partition=e.partition, count=1, max_seq=state.seq))
        else:
            stat.count, stat.max_seq = stat.count + 1, state.seq


def test_a_hostile_title_is_shown_as_the_catalogs_name_everywhere(server, enrolled, tmp_path: Path) -> None:
    honest = enrolled("a", VILLAGE)
    vendor = enrolled("b", VILLAGE)
    clerk = enrolled("clerk", TOWN, "clerk")
    dev = vendor.identity.device_id
    clock = HybridClock(dev[:12])
    reg = registration(VILLAGE, dev, clock.now())
    reg.payload["title"] = HOSTILE
    reg.payload["items"] = [{"code": "JY006", "version": 1, "name": HOSTILE}]  # what the receipt prints as 包含事项
    sent = follow(reg, Role.AGENT, dev, EventType.SUBMITTED, {"at": "2026-11-25"}, hlc=clock.now())
    t = transport_for(server, vendor)
    reply = t.post("/api/v1/sync", {"v": 1, "push": protocol.group_events([reg]), "lim": 0}).data
    # this server refuses a title or member name the catalog does not give (#12, version4) ...
    assert reply["ack"] == [0] and "事项名称与事项目录不符" in reply["rej"][0][2], reply
    _as_an_older_server_took(server, reg)  # ... an older one took it, and the desks must still not show it
    reply = t.post("/api/v1/sync", {"v": 1, "push": protocol.group_events([sent]), "lim": 0}).data
    t.close()
    assert all(n > 0 for n in reply["ack"]), reply

    sync(clerk)
    case_no = reg.payload["case_no"]
    inbox = [r for r in town.inbox(clerk) if r.row.case_no == case_no]
    assert [r.row.title for r in inbox] == [NAME]
    assert dict(town.inbox_items(clerk))["JY006"] == NAME
    seen = queries.detail(clerk, case_no)  # the case page and every form printed from it
    assert seen.row.title == NAME and seen.registered["title"] == NAME
    assert [i["name"] for i in seen.registered["items"]] == [NAME]
    for event, payload in (
        (EventType.ACCEPTED, {}),
        (EventType.DECIDED, {"outcome": "approved", "certificate_no": "GT-2026-001"}),
        (EventType.RESULT_READY, {"where": "村便民服务中心"}),
    ):
        actions.perform(clerk, reg.case_id, event, payload)
    sync(clerk)

    sync(honest)  # the village's honest PC: the case, and its review
    assert queries.detail(honest, case_no).row.title == NAME
    actions.perform(honest, reg.case_id, EventType.DELIVERED, {"method": "village_pickup", "signer": "张三"})
    actions.perform(honest, reg.case_id, EventType.EVALUATED, {"level": "不满意"})
    sync(honest)
    sync(clerk)
    for desk in (honest, clerk):
        rows = [r for r in satisfaction.followups(desk) if r.case_no == case_no]
        assert [r.title for r in rows] == [NAME], desk.identity.role
        cells = _cells(exports.followups_xlsx(desk, tmp_path / f"followups-{desk.identity.role.value}.xlsx"))
        assert NAME in cells and HOSTILE not in cells
        path = tmp_path / f"cases-{desk.identity.role.value}.xlsx"
        cells = _cells(exports.cases_xlsx(desk, path, queries.CaseFilter()))
        assert NAME in cells and HOSTILE not in cells
    page = requests.get(f"{server.url}/q/{quote(case_no)}?k={cc.check_code(reg.case_id)}", timeout=10)
    assert page.status_code == 200 and NAME in page.text and HOSTILE not in page.text, page.text[:500]
