"""Issue 18: the clerk's 留痕 view (``villagedesk audit``), real PCs and a real server on loopback.

A case's trail listed each event once per PC that pulled it, under that PC and its pull time, in the
server's arrival order; and a consistent rewrite of a synced entry (edited, chain and heads recomputed)
showed the forged row unmarked while the genuine one read 已被本机替换. Both fail on the old code."""

from __future__ import annotations

import sqlite3

from tests.integration.test_audit_tamper import _rewrite_chain_from
from tests.integration.test_sync_roundtrip import register, sync
from villagedesk import cli
from villagedesk.domain.lifecycle import EventType
from villagedesk.server import audit_heads
from villagedesk.services import actions, queries
from villagedesk.sync import audit_view

VILLAGE = "419001100201"
TOWN = "419001100000"


def _audit(clerk, capsys, *args: str) -> list[str]:
    capsys.readouterr()
    assert cli.main(["--profile", str(clerk.paths.root), "audit", *args]) == 0
    return [line for line in capsys.readouterr().out.splitlines() if line.strip()]


def test_a_case_trail_shows_each_action_once_where_it_was_done_newest_first(enrolled, capsys) -> None:
    new = enrolled("村一新电脑", VILLAGE)
    old = enrolled("旧电脑", VILLAGE)
    clerk = enrolled("镇中心", TOWN, "clerk")
    case = register(new, "张三", "419001198001010014")
    sync(new)
    actions.perform(new, case, EventType.NOTE_ADDED, {"text": "已电话联系"})
    sync(new)
    sync(old)  # the old PC pulls both events: its own chain records them at its pull
    case_no = queries.detail(new, case).row.case_no

    rows = [r for r in audit_view.fetch(clerk, case_no) if r.kind == "event"]
    assert [r.action for r in rows] == ["note_added", "case_registered"]  # once each, newest first
    assert {r.pc for r in rows} == {"村一新电脑"}  # was listed again under 旧电脑 at its pull time
    times = [r.at for r in audit_view.fetch(clerk, case_no)]
    assert times == sorted(times, reverse=True)
    lines = _audit(clerk, capsys, "--case", case_no)
    assert not [x for x in lines if "旧电脑" in x], lines


def test_a_rewritten_synced_entry_marks_the_forged_version_not_the_genuine_one(enrolled, server, qtbot) -> None:
    village = enrolled("村委会电脑", VILLAGE)
    clerk = enrolled("镇中心", TOWN, "clerk")
    case = register(village, "张三", "419001198001010014")
    sync(village)
    con = sqlite3.connect(village.paths.db)
    con.execute("UPDATE events SET payload = replace(payload, '13812345678', '13900000000')")
    reg_id = con.execute("SELECT id FROM events WHERE type = 'case_registered'").fetchone()[0]
    first = con.execute("SELECT min(seq) FROM audit_chain WHERE ref = ?", (reg_id,)).fetchone()[0]
    con.commit()
    con.close()
    _rewrite_chain_from(village, first)
    sync(village)
    assert "rewritten" in {a.kind for a, _ in audit_heads.alerts(server.db)}

    case_no = queries.detail(village, case).row.case_no
    rows = [r for r in audit_view.fetch(clerk, case_no) if r.kind == "event" and r.seq == first]
    assert len(rows) == 2, rows
    genuine = next(r for r in rows if r.superseded)
    forged = next(r for r in rows if not r.superseded)
    assert forged.replaced  # was False: the forged version read as genuine
    assert "镇中心先收到" in audit_view.describe(genuine)
    assert "不同" in audit_view.describe(forged) and "以镇中心先收到的为准" in audit_view.describe(forged)
    assert "已被本机替换" not in audit_view.describe(genuine)  # was the genuine row's only mark

    # the 留痕 page says the same: the forged version is never 已核验
    from villagedesk.ui.pages.audit_page import AuditPage
    from villagedesk.ui.tasks import TaskRunner

    runner = TaskRunner()
    try:
        page = AuditPage(clerk, runner)
        qtbot.addWidget(page)
        page._show([forged, genuine])
        verdicts = [page.table.item(r, 6).text() for r in range(2)]
    finally:
        runner.shutdown()
    assert verdicts[0].startswith("⚠") and "已核验" not in verdicts[0], verdicts
    assert "镇中心先收到的版本" in verdicts[1], verdicts
