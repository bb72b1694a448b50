"""督查 of a town by the city, through a real server (SQLite and PostgreSQL) over loopback HTTP: the city
records an inspection of a town (``villagedesk inspection record TOWN``), it reaches every clerk of that
town and no village, no other town and no other city; a clerk of the town answers (整改情况) and the city
sees the answer. Who may write what is the shared judge's: the town cannot inspect itself, the city cannot
answer for the town, a village's agent answers no town's inspection — refused per event on the server."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.e2e.test_case_loop import sync_all
from tests.e2e.test_city_loop import CITY, OTHER_CITY, T1, T2, VA, VB, VC, enrolled_desks
from tests.integration.conftest import BACKENDS
from tests.integration.server_harness import running_server
from tests.security.harness import Raw, Verdict, event, group
from villagedesk import cli
from villagedesk.db import models as m
from villagedesk.domain.errors import DomainError
from villagedesk.services import supervision
from villagedesk.services.desk import Desk
from villagedesk.sync import engine


@pytest.fixture(params=BACKENDS)
def world(request, template_profile: Path, tmp_path: Path):
    with running_server(request.param, tmp_path) as srv:
        specs = [("a", VA, "agent"), ("b", VB, "agent"), ("c", VC, "agent"), ("t1", T1, "clerk")]
        specs += [("t2", T2, "clerk"), ("city", CITY, "city"), ("zz", OTHER_CITY, "city"), ("t1b", T1, "clerk")]
        with enrolled_desks(srv, template_profile, tmp_path, *specs) as desks:
            yield srv, desks


def run(desk: Desk, *args: str, capsys) -> tuple[int, str]:
    capsys.readouterr()
    code = cli.main(["--profile", str(desk.paths.root), "inspection", *args])
    out = capsys.readouterr()
    return code, out.out + out.err


def held(desk: Desk, iid: str) -> int:
    with desk.store.read() as s:
        return s.scalar(select(func.count()).select_from(m.EventRow).where(m.EventRow.case_id == iid)) or 0


def test_the_city_inspects_a_town_whose_clerks_answer(world, capsys) -> None:
    srv, (a, b, c, t1, t2, yc, zz, t1b) = world
    everyone = (a, b, c, t1, t2, yc, zz, t1b)
    today = yc.today().isoformat()  # the desks' day; the inspection's, its fix deadline's and the fix's

    # --- the city records an inspection of the first town -----------------------------------------
    code, out = run(
        yc,
        "record",
        T1,
        "--kind",
        "暗访",
        "--findings",
        "窗口午间无人值守",
        "--on",
        today,
        "--fix-by",
        today,
        capsys=capsys,
    )
    assert code == 0 and "已记录督查" in out, out
    [row] = supervision.list_for(yc)
    assert (row.village_code, row.level, row.answered) == (T1, "市", False)
    iid = row.id
    # the town cannot inspect itself, nor the city another city's town
    code, out = run(t1, "record", T1, "--kind", "暗访", "--findings", "自查", capsys=capsys)
    assert code == 2 and "村(社区)" in out, out
    code, out = run(zz, "record", T1, "--kind", "暗访", "--findings", "越界", capsys=capsys)
    assert code == 2 and "本市" in out, out
    sync_all(*everyone)

    # --- it reaches every clerk of that town, and nobody else ---------------------------------------
    for clerk in (t1, t1b):
        assert [r.id for r in supervision.list_for(clerk)] == [iid], clerk.identity.user
    for desk in (a, b, c, t2, zz):
        assert held(desk, iid) == 0 and supervision.list_for(desk) == [], desk.identity.region_code
    with pytest.raises(DomainError, match="乡镇的工作人员"):  # the city does not answer for the town
        supervision.answer(yc, iid, "代为整改", False)

    # --- a clerk of the town answers; the city and the town's other clerk see the answer -------------
    code, out = run(t1, "answer", iid[:8], "--result", "已安排午间轮岗", "--fixed-on", today, capsys=capsys)
    assert code == 0 and "已填报整改情况" in out, out
    sync_all(*everyone)
    for desk in (yc, t1b):
        [seen] = supervision.list_for(desk)
        assert seen.result == "已安排午间轮岗" and seen.fixed_on is not None, desk.identity.region_code
        assert [x.answerer for x in seen.answers] == [t1.identity.user]
    code, out = run(yc, "show", iid[:8], capsys=capsys)
    assert code == 0 and "已安排午间轮岗" in out and "市级暗访" in out, out
    for desk in (a, b, c, t2, zz):
        assert held(desk, iid) == 0

    # --- other writers, refused per event by the server's judge --------------------------------------
    def push(desk: Desk, partition: str, role: str, events: list[dict]) -> Verdict:
        token, dev = engine.server_config(desk).token, desk.identity.device_id
        return Verdict.of(Raw(srv.url, token).sync(push=[group(partition, dev, role, events)]), len(events))

    answer = {"at": today, "result": "冒充", "fixed": False, "fixed_on": None, "answerer": "x"}
    recorded = {"at": today, "kind": "open_visit", "on": today, "findings": "自查", "deduction": 0}
    recorded |= {"data_leak": False, "fix_by": None, "inspector": "x"}
    v1 = push(yc, T1, "city", [event(iid, "inspection_answered", answer, "x", "n1")])
    assert v1.rej[0][0] == "type", v1.rej  # the inspector does not answer for the town: no city ever answers
    v2 = push(t1, T1, "clerk", [event(str(uuid.uuid4()), "inspection_recorded", recorded, "x", "n2")])
    assert v2.rej[0][0] == "partition", v2.rej  # a town does not inspect itself
    v3 = push(t2, T1, "clerk", [event(iid, "inspection_answered", answer, "x", "n3")])
    assert v3.rej[0][0] == "partition", v3.rej  # nor answers for another town
    v4 = push(a, T1, "agent", [event(iid, "inspection_answered", answer, "x", "n4")])
    assert v4.rej[0][0] == "partition", v4.rej
    good = push(t1b, T1, "clerk", [event(iid, "inspection_answered", answer | {"result": "复查无误"}, "x", "n5")])
    assert good.accepted(0), good.rej  # the town's other clerk, for contrast
