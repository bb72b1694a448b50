"""工作进展报送 镇→市 through a real server (SQLite and PostgreSQL) over loopback HTTP: one city, two
towns, their villages and their devices. The town drafts its month's report from its villages' synced
data, submits it (not with an empty 情况说明, not twice), the city returns it with a reason, the town
resubmits, the city accepts, and the town's other clerk sees the same; every step driven through
``villagedesk town-report`` (the services the page uses). The other town, the villages and another
city's clerk see nothing of it; a village device and the other town cannot write it (refused per
event), and a hostile report is refused by the judge.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.e2e.test_case_loop import register, sync_all
from tests.e2e.test_city_loop import CITY, OTHER_CITY, T1, T2, VA, VB, VC, enrolled_desks
from tests.integration.conftest import BACKENDS
from tests.integration.server_harness import running_server
from tests.security.harness import Raw, Verdict, event, group
from villagedesk import cli
from villagedesk.db import models as m
from villagedesk.domain.errors import ValidationError
from villagedesk.domain.lifecycle import EventType, State
from villagedesk.domain.progress_report import town_report_id
from villagedesk.services import actions, town_reports
from villagedesk.services.desk import Desk
from villagedesk.sync import engine

E = EventType
RID = town_report_id(T1, 2026, 11)


@pytest.fixture(params=BACKENDS)
def world(request, template_profile: Path, tmp_path: Path):
    with running_server(request.param, tmp_path) as srv:
        specs = [("a", VA, "agent"), ("b", VB, "agent"), ("c", VC, "agent"), ("t1", T1, "clerk")]
        specs += [("t2", T2, "clerk"), ("city", CITY, "city"), ("zz", OTHER_CITY, "city"), ("t1b", T1, "clerk")]
        with enrolled_desks(srv, template_profile, tmp_path, *specs) as desks:
            yield srv, desks


def run(desk: Desk, *args: str, capsys) -> tuple[int, str]:
    capsys.readouterr()
    code = cli.main(["--profile", str(desk.paths.root), "town-report", *args])
    out = capsys.readouterr()
    return code, out.out + out.err


def held(desk: Desk, rid: str = RID) -> int:
    with desk.store.read() as s:
        return s.scalar(select(func.count()).select_from(m.EventRow).where(m.EventRow.case_id == rid)) or 0


def test_a_town_reports_to_the_city_which_returns_and_accepts(world, capsys) -> None:
    srv, (a, b, c, t1, t2, yc, zz, t1b) = world  # t1b: a second clerk's PC of the first town
    everyone = (a, b, c, t1, t2, yc, zz, t1b)
    for desk, name, idn in ((a, "李四", "419001199002020024"), (b, "王五", "419001197503030037")):
        actions.perform(desk, register(desk, "JY012", name, idn), E.SUBMITTED, {})
    sync_all(a, b, t1)

    # --- the town drafts from its villages' synced data; an empty 情况说明 is refused ---------------
    code, out = run(t1, "draft", "2026-11", capsys=capsys)
    assert code == 0 and "报告草稿" in out, out
    draft = town_reports.get(t1, RID)
    assert set(draft.villages) >= {VA, VB} and VC not in draft.villages  # its own villages, no other town's
    assert draft.metrics["cases"] == 2 and draft.villages[VA]["cases"] == draft.villages[VB]["cases"] == 1
    code, out = run(t1, "submit", "2026-11", capsys=capsys)
    assert code == 2 and "情况说明" in out and town_reports.get(t1, RID).state is State.REPORT_DRAFT
    code, out = run(t1, "submit", "2026-11", "--remarks", "十一月两村各报送一件", capsys=capsys)
    assert code == 0 and "已报送市级" in out, out
    code, out = run(t1, "submit", "2026-11", "--remarks", "再报一次", capsys=capsys)
    assert code == 2 and "报告已报送" in out  # not again before the city's return
    # the village's report commands and services do not touch it, nor do a village's roles
    with pytest.raises(Exception, match="乡镇中心"):
        town_reports.draft(a, 2026, 11)
    sync_all(*everyone)

    # --- the city sees it; the other town, the villages and another city see nothing --------------
    assert [r.report_id for r in town_reports.list_reports(yc)] == [RID]
    for desk in (a, b, c, t2, zz):
        assert town_reports.list_reports(desk) == [] and held(desk) == 0, desk.identity.region_code
    code, out = run(yc, "show", "2026-11", "--town", T1, capsys=capsys)
    assert code == 0 and "十一月两村各报送一件" in out and VA in out

    # --- the city returns it (a reason required), the town resubmits, the city accepts -----------
    with pytest.raises(ValidationError):
        town_reports.return_report(yc, RID, "  ")
    code, out = run(t1, "accept", "2026-11", capsys=capsys)
    assert code == 2  # a town cannot accept its own report
    code, out = run(yc, "return", "2026-11", "--town", T1, "--reason", "未写存在问题", capsys=capsys)
    assert code == 0 and "报告已退回" in out, out
    sync_all(yc, t1)
    back = town_reports.get(t1, RID)
    assert back.state is State.REPORT_RETURNED and back.review_note == "未写存在问题"
    code, out = run(t1, "submit", "2026-11", "--remarks", "两村各一件; 存在问题: 村站人手不足", capsys=capsys)
    assert code == 0, out
    sync_all(t1, yc)
    code, out = run(yc, "accept", "2026-11", "--town", T1, "--comment", "同意", capsys=capsys)
    assert code == 0 and "报告已通过" in out, out
    sync_all(*everyone)
    done = town_reports.get(t1, RID)
    assert done.state is State.REPORT_ACCEPTED and done.review_note == "同意"
    assert done.remarks == "两村各一件; 存在问题: 村站人手不足"
    assert [label for _d, label, _n in done.history] == [
        "生成镇进展报告",
        "报送市级进展报告",
        "退回镇进展报告",
        "报送市级进展报告",
        "通过镇进展报告",
    ]
    for desk in (a, b, c, t2, zz):
        assert held(desk) == 0
    assert town_reports.get(yc, RID).state is State.REPORT_ACCEPTED
    assert town_reports.get(t1b, RID).state is State.REPORT_ACCEPTED  # every clerk of the town sees it

    # --- other writers, refused per event ------------------------------------------------------------
    def push(desk: Desk, partition: str, role: str, events: list[dict]) -> Verdict:
        token, dev = engine.server_config(desk).token, desk.identity.device_id
        return Verdict.of(Raw(srv.url, token).sync(push=[group(partition, dev, role, events)]), len(events))

    other = town_report_id(T1, 2026, 10)
    submitted = event(other, "town_report_submitted", {"at": "2026-11-25", "remarks": "冒充"}, "x", "n1")
    drafted = {"at": "2026-11-25", "kind": "town_progress_report", "town": T1, "year": 2026, "month": 10}
    drafted |= {"metrics": {}, "villages": {}, "remarks": ""}
    # a village device: the town's partition is not its own; in its own partition the type is not its
    v1 = push(a, T1, "agent", [submitted, event(other, "town_report_drafted", drafted, "x", "n1")])
    assert [v1.rej[i][0] for i in (0, 1)] == ["partition", "partition"], v1.rej
    v2 = push(a, VA, "agent", [event(other, "town_report_submitted", {"at": "2026-11-25", "remarks": "x"}, "x", "n1")])
    assert v2.rej[0][0] == "type", v2.rej  # an agent may author no town report at all
    # the other town's clerk: not its partition, nor under its own code with the first town's id
    v3 = push(t2, T1, "clerk", [event(other, "town_report_drafted", drafted, "x", "n2")])
    assert v3.rej[0][0] == "partition", v3.rej
    v4 = push(t2, T2, "clerk", [event(other, "town_report_drafted", drafted | {"town": T2}, "x", "n2")])
    assert v4.rej[0][0] == "malformed", v4.rej  # the id is the first town's: not its to file

    # --- hostile payloads from the town itself: each refused, none stored -----------------------------
    hostile = [
        drafted | {"villages": {VC: {"cases": 1}}},  # a village of the other town
        drafted | {"villages": {VA: {"cases": 10**12}}},  # a billion cases and more
        drafted | {"villages": {VA: {"on_time_rate": [5, 1]}}},  # more on time than counted
        drafted | {"villages": {VA: {"cases": 1, "owner": "x"}}},  # a key no report has
        drafted | {"remarks": "长" * 5000},  # longer than any 情况说明
        drafted | {"kind": "progress_report"},
        drafted | {"month": 13},
    ]
    ids = [town_report_id(T1, 2026, 10 if d["month"] == 10 else 12) for d in hostile]
    sent = [event(rid, "town_report_drafted", d, "x", "n3") for rid, d in zip(ids, hostile, strict=True)]
    v5 = push(t1, T1, "clerk", sent)
    assert all(v5.rejected(i) for i in range(len(sent))), v5.rej
    assert {code for code, _msg in v5.rej.values()} <= {"payload", "malformed"}, v5.rej
    inspection = {"at": "2026-11-25", "kind": "open_visit", "findings": "x", "deduction": 0}
    v6 = push(t1, T1, "clerk", [event(str(uuid.uuid4()), "inspection_recorded", inspection, "x", "n3")])
    assert v6.rej[0][0] == "partition", v6.rej  # nothing but its reports lives in a town's partition
    good = push(t1, T1, "clerk", [event(other, "town_report_drafted", drafted, "x", "n3")])
    assert good.accepted(0), good.rej  # the honest one, for contrast
