"""#18: a case the old PC registered after its last sync, carried by its backup onto a new enrolled PC,
reaches the town exactly once whichever route the office takes, and no route leaves a PC's sync stuck.

Before, the new PC's push was dead-lettered (``[duplicate_case] … 的设备码属于本村另一台电脑``) while
``check`` said 结论 正常; and once the old PC, enrolled again, delivered the case, every sync of the new
PC ended with 同步没有进展."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import TODAY, run_cli
from tests.integration.test_sync_roundtrip import VILLAGE_A, register, sync
from villagedesk.db import models as m
from villagedesk.db import store as st
from villagedesk.server import auth
from villagedesk.services import maintenance, queries, restore_counters
from villagedesk.services.desk import Desk
from villagedesk.sync import engine
from villagedesk.sync.transport import ServerRefused


def _ok(result) -> str:
    assert result.returncode == 0, (result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    return result.stdout


def _old_pc_with_a_late_case(enrolled, server, tmp_path: Path):
    """Old PC A: one case synced, one (the late AE006) registered after its last sync, a backup, revoked;
    the backup restored onto N2, a new PC enrolled as handover.md step 2 allows."""
    old = enrolled("old", VILLAGE_A)
    first = register(old, "张三", "419001198001010014")
    sync(old)
    late = register(old, "李四", "419001199002020024")
    backup = maintenance.backup(old, tmp_path / "old.vdbak")
    assert auth.revoke(server.db, old.identity.device_id)
    new = enrolled("new", VILLAGE_A)
    root = new.paths.root
    new.close()
    _ok(run_cli("restore", str(backup), profile=root))
    return old, root, first, late


def _town_holds_once(enrolled, late: str, name: str = "fresh") -> None:
    fresh = enrolled(name, VILLAGE_A)
    sync(fresh)
    rows = queries.rows_by_ids(fresh, [late])
    assert len(rows) == 1
    assert [r.case_no for r in queries.list_cases(fresh, limit=100)].count(rows[0].case_no) == 1


def _settled(root: Path) -> None:
    for _ in range(2):  # rerunning stays clean too
        out = _ok(run_cli("sync", profile=root))
        assert "被拒" not in out or "被拒 0" in out, out
    with Desk.open(root, today=TODAY) as desk:
        assert engine.pending_count(desk) == 0
    check = run_cli("check", profile=root)
    assert re.search(r"待同步/被拒 +0 / 0", check.stdout) and re.search(r"结论 +正常", check.stdout), check.stdout


def test_the_new_pc_delivers_the_restored_late_case(enrolled, server, tmp_path: Path) -> None:
    old, root, _first, late = _old_pc_with_a_late_case(enrolled, server, tmp_path)
    _settled(root)  # was 被拒 1 条, [duplicate_case] … 的设备码属于本村另一台电脑
    _town_holds_once(enrolled, late)
    # the other route afterwards: the old PC enrolled again delivers the same case, acknowledged once
    engine.enroll(old, server.url, server.code(VILLAGE_A, "agent", "旧电脑"))
    result = sync(old)
    assert result.rejected == 0 and engine.pending_count(old) == 0, result
    _settled(root)
    _town_holds_once(enrolled, late, "fresh2")


def test_the_old_pc_delivers_first_and_the_new_pc_is_not_stuck(enrolled, server, tmp_path: Path) -> None:
    old, root, _first, late = _old_pc_with_a_late_case(enrolled, server, tmp_path)
    engine.enroll(old, server.url, server.code(VILLAGE_A, "agent", "旧电脑"))
    result = sync(old)  # the documented way out for a PC revoked too early
    assert result.rejected == 0 and engine.pending_count(old) == 0, result
    _settled(root)  # every sync ended with 同步没有进展, 已停止… before
    _town_holds_once(enrolled, late)


def test_a_refused_sync_then_the_old_pc_then_the_new_pc(enrolled, server, tmp_path: Path) -> None:
    """The order the tester took: N2 first, then the old PC enrolled again, then N2 again."""
    old, root, _first, late = _old_pc_with_a_late_case(enrolled, server, tmp_path)
    _ok(run_cli("sync", profile=root))
    engine.enroll(old, server.url, server.code(VILLAGE_A, "agent", "旧电脑"))
    result = sync(old)
    assert result.rejected == 0 and engine.pending_count(old) == 0, result
    _settled(root)
    _town_holds_once(enrolled, late)


def test_a_dead_letter_an_older_server_left_is_settled_and_check_says_so(enrolled, server, tmp_path: Path) -> None:
    """N2 still holds the refusal an older server gave: check is not 正常 while the case is refused, and
    once the old PC (enrolled again) delivered the case, N2's next sync settles it instead of stalling."""
    old, root, _first, late = _old_pc_with_a_late_case(enrolled, server, tmp_path)
    reason = "办件编号 … 的设备码属于本村另一台电脑 [duplicate_case]"
    with Desk.open(root, today=TODAY) as desk, desk.store.write() as s:
        ids = [e.id for e in st.case_events(s, late)]
        outbox = m.OutboxEntry.__table__
        s.execute(outbox.update().where(outbox.c.event_id.in_(ids)).values(status="rejected", reason=reason))
        st.restore_refused(s, desk.calendar, desk.today(), ids)
        case_no = s.get(m.Case, late).case_no
    check = run_cli("check", profile=root)
    assert check.returncode != 0 and re.search(r"结论 +有问题", check.stdout), check.stdout
    assert f"办件 {case_no} 的登记被服务器拒收" in check.stdout
    engine.enroll(old, server.url, server.code(VILLAGE_A, "agent", "旧电脑"))
    assert sync(old).rejected == 0
    _settled(root)  # 同步没有进展, 已停止… on every run before
    _town_holds_once(enrolled, late)


def test_only_the_revoked_pcs_own_token_carries_its_numbers(enrolled, server, tmp_path: Path) -> None:
    """The device-code rule stands: a PC of the village without the old PC's token (here a wrong one, as a
    hostile PC reusing another PC's numbers would have) is refused, and nothing reaches the town."""
    _old, root, _first, late = _old_pc_with_a_late_case(enrolled, server, tmp_path)
    with Desk.open(root, today=TODAY) as desk, desk.store.write() as s:
        carried = json.loads(st.get_setting(s, restore_counters.CARRIED, "[]") or "[]")
        assert len(carried) == 1  # the restore kept the old PC's (revoked) token
        st.set_setting(s, restore_counters.CARRIED, json.dumps([{**carried[0], "t": "vd1.guessed"}]))
    out = _ok(run_cli("sync", profile=root))
    assert "被拒 1 条" in out, out
    fresh = enrolled("fresh", VILLAGE_A)
    sync(fresh)
    assert not queries.rows_by_ids(fresh, [late])


def test_a_usb_bundle_carries_the_restored_cases_once(enrolled, server, tmp_path: Path) -> None:
    """#12: the bundle route of #18. The new PC (the old PC's backup restored) exports a USB bundle; the
    town clerk's app uploads it (real HTTP, the clerk's token); the late case arrives, once, and the ack
    brings the village's outbox to zero. A second upload of the same file adds nothing (a replay), and a
    bundle exported again (the ack lost on the way) is acknowledged as duplicates. Before, the bundle did
    not carry ``was``: the case was refused ``duplicate_case`` (the old PC's device tag) and sat rejected."""
    from villagedesk.sync import relay

    _old, root, _first, late = _old_pc_with_a_late_case(enrolled, server, tmp_path)
    clerk = enrolled("clerk", "419001100000", "clerk")
    usb = tmp_path / "usb"
    usb.mkdir()
    out = _ok(run_cli("sync", "--export-bundle", str(usb / "out.vdb"), profile=root))
    assert "已导出第 1 号离线同步包" in out, out
    done = relay.relay_bundle(clerk, usb / "out.vdb", usb / "ack.vdb")
    assert done.rejected == 0 and done.accepted >= 1, done
    with pytest.raises(ServerRefused) as again:  # the same file again: refused, nothing added
        relay.relay_bundle(clerk, usb / "out.vdb", usb / "ack-again.vdb")
    assert again.value.status == 409 and "已导入过" in relay.reason(again.value)
    # the ack lost on the way: the agent exports again, the events still pending; the town takes nothing new
    _ok(run_cli("sync", "--export-bundle", str(usb / "out2.vdb"), profile=root))
    redo = relay.relay_bundle(clerk, usb / "out2.vdb", usb / "ack2.vdb")
    assert redo.rejected == 0 and redo.accepted == 0 and redo.duplicates == redo.events > 0, redo
    back = _ok(run_cli("sync", "--import-bundle", str(usb / "ack2.vdb"), profile=root))
    assert "被拒 0 条" in back, back
    with Desk.open(root, today=TODAY) as desk:
        assert engine.pending_count(desk) == 0
    _town_holds_once(enrolled, late)
    _settled(root)  # and the network sync afterwards is clean
