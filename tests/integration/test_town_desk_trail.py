"""Issue 18, the people around the desk: the town clerk's own desk is in the audit scope.

The town PC keeps its own local audit trail (its decisions, prints, exports). It was chained and sent,
but the town's view listed only village PCs: the clerk's own entries never showed in ``villagedesk
audit``, in a case's trail, or on the 留痕 page, and an edit on the town PC after its sync was seen by
no one reading the trail. Real PCs, a real server on loopback, SQLite and PostgreSQL. Fails on the old
code (no row of the town PC)."""

from __future__ import annotations

import sqlite3

from tests.integration.test_sync_roundtrip import register, sync
from villagedesk import cli
from villagedesk.domain.lifecycle import EventType
from villagedesk.server import audit_heads
from villagedesk.services import actions, audit, queries
from villagedesk.sync import audit_view

VILLAGE = "419001100201"
TOWN = "419001100000"
CITY = "419001000000"


def test_the_town_desks_own_actions_are_chained_sent_and_shown(enrolled, server, capsys, qtbot) -> None:
    village = enrolled("村委会电脑", VILLAGE)
    clerk = enrolled("镇中心前台", TOWN, "clerk")
    city = enrolled("市中心", CITY, "city")
    case = register(village, "张三", "419001198001010014")
    actions.perform(village, case, EventType.SUBMITTED, {})
    sync(village)
    sync(clerk)
    case_no = queries.detail(clerk, case).row.case_no
    actions.perform(clerk, case, EventType.ACCEPTED, {})
    actions.perform(clerk, case, EventType.DECIDED, {"outcome": "approved", "certificate_no": "Z-1"})
    audit.record_print(clerk, "notice", case_no, "镇中心打印机")
    assert audit.verify(clerk).ok  # the town desk's own chain, as check reads it
    sync(clerk)
    with server.db.read() as s:
        from villagedesk.server import models as sm

        held = s.query(sm.AuditEntryRow).filter(sm.AuditEntryRow.device_id == clerk.identity.device_id).count()
        heads = s.query(sm.AuditHead).filter(sm.AuditHead.device_id == clerk.identity.device_id).count()
    assert held > 0 and heads > 0  # sent and kept like a village PC's

    # the clerk's own PC in its trail view, by name
    own = audit_view.fetch(clerk, device="镇中心前台")
    assert own, "the town desk's own entries are not shown"
    assert {r.pc for r in own} == {"镇中心前台"}
    actions_seen = {r.action for r in own}
    assert {"accepted", "decided", "print"} <= actions_seen, actions_seen
    printed = next(r for r in own if r.action == "print")
    assert printed.refused == "" and case_no in printed.detail

    # the case's trail: the village's steps and the town's decision, each once where it was done
    trail = audit_view.fetch(clerk, case_no)
    where = {(r.pc, r.action) for r in trail}
    assert ("村委会电脑", "case_registered") in where and ("镇中心前台", "decided") in where, where
    assert not [r for r in trail if r.refused], trail

    # the command line says the same
    capsys.readouterr()
    assert cli.main(["--profile", str(clerk.paths.root), "audit", "--device", "镇中心前台"]) == 0
    out = capsys.readouterr().out
    assert "镇中心前台" in out and "镇中心打印机" in out

    # the city sees the towns of its city, their desks included, and its own desk; a town not the city's
    assert {r.pc for r in audit_view.fetch(city, case_no)} >= {"村委会电脑", "镇中心前台"}
    audit.record(city, "export", "各镇统计.xlsx")
    sync(city)
    assert [r.detail for r in audit_view.fetch(city, device="市中心") if r.action == "export"] == ["各镇统计.xlsx"]
    assert audit_view.fetch(clerk, device="市中心") == []

    # a village PC still reads nobody's trail
    try:
        audit_view.fetch(village)
    except Exception as err:  # the server's 403 as the transport raises it
        assert "403" in str(err) or "只有镇中心" in str(err)
    else:
        raise AssertionError("a village PC read the trail")

    # the town desk's trail is guarded like a village PC's: an edited synced row raises an alert at the town
    con = sqlite3.connect(clerk.paths.db)
    con.execute("UPDATE audit_log SET detail = replace(detail, '镇中心打印机', '别的打印机')")
    con.commit()
    con.close()
    assert not audit.verify(clerk).ok
    capsys.readouterr()
    assert cli.main(["--profile", str(clerk.paths.root), "check"]) == 1  # the town desk's own check sees it
    assert "留痕被改动" in capsys.readouterr().out
    eng_result = sync(clerk)
    assert eng_result.tampered
    kinds = {a.kind for a, _ in audit_heads.alerts(server.db) if a.device_id == clerk.identity.device_id}
    assert "self_check" in kinds, kinds


def test_a_town_desk_entry_about_another_towns_case_is_not_that_cases_trail(enrolled, server) -> None:
    """The town desk is judged by its own scope (its town): an entry naming a case of a village of
    another town is refused as ``partition`` and never listed in that case's trail."""
    other = enrolled("外镇村电脑", "419001200201")
    clerk = enrolled("镇中心前台", TOWN, "clerk")
    far = enrolled("外镇中心", "419001200000", "clerk")
    case = register(other, "李四", "419001199002020024")
    sync(other)
    sync(far)
    case_no = queries.detail(far, case).row.case_no
    audit.record_print(clerk, "notice", case_no, "镇中心打印机")  # a made-up print of a case it never held
    sync(clerk)
    assert not [r for r in audit_view.fetch(far, case_no) if r.pc == "镇中心前台"]
    mine = [r for r in audit_view.fetch(clerk, device="镇中心前台") if r.action == "print"]
    assert mine and mine[0].refused, mine
