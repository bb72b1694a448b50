"""Issue 18, the independent try of accounts / handover / public page: each test fails on the old code.

Real profiles (copies of the migrated template), the real CLI in-process, a real server on loopback.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from tests.integration.test_sync_roundtrip import register
from villagedesk import cli
from villagedesk.db import store as st
from villagedesk.domain.lifecycle import EventType
from villagedesk.services import handover, queries
from villagedesk.services.desk import Desk
from villagedesk.sync import engine

VILLAGE = "419001100201"


def run(capsys, monkeypatch, profile: Path, *args: str, stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    capsys.readouterr()
    code = cli.main(["--profile", str(profile), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def _setup_lina(capsys, monkeypatch, profile: Path) -> None:
    args = ("setup", "--role", "agent", "--region", VILLAGE, "--name", "李娜", "--username", "lina", "--password")
    code, _out, err = run(capsys, monkeypatch, profile, *args, stdin="secret-1\n")
    assert code == 0, err


def _lina_id(desk: Desk) -> str:
    from villagedesk.services import accounts

    return next(a.id for a in accounts.accounts(desk) if a.username == "lina")


def test_enroll_keeps_the_person_and_their_name(server, make_desk, capsys, monkeypatch) -> None:
    """README: setup --username lina --password, then enroll --code. The PC's person stayed lina: her
    account id authors the cases, the handover finds them; the server's --name names the device."""
    desk = make_desk("lina")
    profile = desk.paths.root
    desk.close()
    _setup_lina(capsys, monkeypatch, profile)
    code = server.code(VILLAGE, "agent", "一号电脑")
    assert run(capsys, monkeypatch, profile, "enroll", "--server", server.url, "--code", code)[0] == 0
    with Desk.open(profile) as desk:
        lina = _lina_id(desk)
        assert desk.identity.user_id == lina  # was a fresh uuid: every later action by an unknown author
        assert desk.identity.user == "李娜"  # was the device's name 一号电脑
        with desk.store.read() as s:
            assert st.get_setting(s, "device_name") == "一号电脑"
        case = register(desk, "张三", "419001198001010014")
        with desk.store.read() as s:
            assert st.case_events(s, case)[-1].author == lina
        from villagedesk.services import accounts

        accounts.add_person(desk, "wangqiang", "王强", "secret-2")
        assert len(handover.prepare(desk, "lina", "wangqiang").cases) == 1  # was 0


def _two_agents(desk: Desk):
    from villagedesk.domain.lifecycle import Role
    from villagedesk.services import accounts

    lina = accounts.create_account(desk, "lina", "李娜", "secret-1", Role.AGENT, VILLAGE)
    wang = accounts.create_account(desk, "wangqiang", "王强", "secret-2", Role.AGENT, VILLAGE)
    desk.act_as(lina.display_name, lina.id)
    return lina, wang


def test_an_original_handed_over_after_registration_is_on_the_sheet(desk, capsys, monkeypatch) -> None:
    _two_agents(desk)
    case = register(desk, "张三", "419001198001010014")  # every original with the villager
    case_no = queries.detail(desk, case).row.case_no
    material = queries.detail(desk, case).registered["materials"][0]["name"]
    assert handover.prepare(desk, "lina", "wangqiang").originals == []
    args = ("act", case_no, "custody_changed", "--field", f"material={material}", "--field", "holder=village")
    code, _, err = run(capsys, monkeypatch, desk.paths.root, "--user", "lina", *args)
    assert code == 0, err
    sheet = handover.prepare(desk, "lina", "wangqiang")
    assert sheet.originals == [(case_no, "张三", material, "村代办员")]  # was []: only the registration was read
    code, out, _ = run(capsys, monkeypatch, desk.paths.root, "show", case_no, "--json")
    assert json.loads(out)["custody"][material] == "village"
    code, out, _ = run(capsys, monkeypatch, desk.paths.root, "show", case_no)
    assert f"原件保管: {material}(村代办员)" in out
    args = ("act", case_no, "custody_changed", "--field", f"material={material}", "--field", "holder=town")
    assert run(capsys, monkeypatch, desk.paths.root, "--user", "lina", *args)[0] == 0
    # sent on to the town: still on the sheet, saying who holds it now (the old sheet had no holder column)
    assert handover.prepare(desk, "lina", "wangqiang").originals == [(case_no, "张三", material, "镇中心")]
    assert queries.detail(desk, case).custody[material] == "town"


def test_a_cli_action_is_done_as_the_named_active_account(desk, capsys, monkeypatch) -> None:
    from villagedesk.services import accounts

    lina, wang = _two_agents(desk)
    case = register(desk, "张三", "419001198001010014")
    case_no = queries.detail(desk, case).row.case_no
    root = desk.paths.root
    note = ("act", case_no, "note_added", "--field", "text=电话联系过")

    def author() -> str:
        with desk.store.read() as s:
            return st.case_events(s, case)[-1].author

    assert run(capsys, monkeypatch, root, "--user", "wangqiang", *note)[0] == 0
    assert author() == wang.id  # was lina: the last person logged in, --user ignored
    with desk.store.read() as s:
        assert st.get_setting(s, "user_id") == lina.id  # this run only: the GUI's login is not changed
    events = len(queries.detail(desk, case).timeline)
    code, _, err = run(capsys, monkeypatch, root, "--user", "nobody", *note)
    assert code == 2 and "没有登录名为 nobody 的账号" in err
    code, _, err = run(capsys, monkeypatch, root, *note)  # two people here: which of them?
    assert code == 2 and "--user" in err and "lina" in err and "wangqiang" in err
    accounts.deactivate(desk, "lina")
    code, _, err = run(capsys, monkeypatch, root, "--user", "lina", *note)
    assert code == 2 and "账号 lina 已停用" in err
    assert len(queries.detail(desk, case).timeline) == events  # none of the refused runs wrote anything
    assert run(capsys, monkeypatch, root, *note)[0] == 0  # the only active account now: wangqiang
    assert author() == wang.id


def test_check_rebuild_never_makes_a_forged_decision_official(enrolled, capsys, monkeypatch) -> None:
    import sqlite3

    from villagedesk.services import actions

    village, clerk = enrolled("village", VILLAGE), enrolled("clerk", "419001100000", "clerk")
    case = register(village, "张三", "419001198001010014")
    actions.perform(village, case, EventType.SUBMITTED, {})
    for d in (village, clerk):
        _sync(d)
    actions.perform(clerk, case, EventType.ACCEPTED, {})
    actions.perform(clerk, case, EventType.DECIDED, {"outcome": "approved", "certificate_no": "Z-1"})
    _sync(clerk)
    _sync(village)
    case_no = queries.detail(village, case).row.case_no
    assert queries.detail(village, case).row.status == "approved"
    con = sqlite3.connect(village.paths.db)  # the forger's edit, behind the app's back
    con.execute("UPDATE events SET payload = replace(payload, '\"approved\"', '\"denied\"') WHERE type = 'decided'")
    con.commit()
    con.close()
    code, out, _ = run(capsys, monkeypatch, village.paths.root, "check", "--rebuild")
    assert code != 0 and "结论          有问题" in out
    assert queries.detail(village, case).row.status == "approved"  # was denied: the forgery made official
    assert f'办件 {case_no} 的"作出决定"记录' in out and "在数据库中被直接修改" in out  # was 事件 a8715888…(decided)
    assert f"未重建        1 件: {case_no}" in out
    assert "镇中心保存着" in out and "villagedesk restore" in out and "villagedesk sync" in out
    # the agent's next sync says so too (it said only 同步完成; the town alone saw the alert)
    told = engine.SyncEngine(village).run()
    assert told.ok and told.tampered >= 1 and "villagedesk check" in told.summary()
    # the case itself says so: the forged step is marked wherever it is shown (it read as a real 不予)
    steps = {t.type: t for t in queries.detail(village, case).timeline}
    assert steps["decided"].edited and not steps["submitted"].edited
    code, out, _ = run(capsys, monkeypatch, village.paths.root, "show", case_no)
    assert code == 0 and "数据库中被直接修改" in out
    decided = next(line for line in out.splitlines() if "作出决定" in line)
    assert "记录被改动, 不可信" in decided
    assert sum("记录被改动" in line for line in out.splitlines()) == 1  # the honest steps are not marked


def test_an_honest_sync_reports_no_tampering(enrolled) -> None:
    village = enrolled("village", VILLAGE)
    register(village, "王五", "419001198001010030")
    told = engine.SyncEngine(village).run()
    assert told.ok and told.tampered == 0 and "自检" not in told.summary()


def test_a_case_with_no_edited_event_shows_no_mark(desk, capsys, monkeypatch) -> None:
    case = register(desk, "李四", "419001198001010022")
    assert not any(t.edited for t in queries.detail(desk, case).timeline)
    code, out, _ = run(capsys, monkeypatch, desk.paths.root, "show", queries.detail(desk, case).row.case_no)
    assert code == 0 and "记录被改动" not in out


def _sync(desk: Desk) -> None:
    eng = engine.SyncEngine(desk)
    try:
        result = eng.run()
    finally:
        eng.close()
    assert result.ok, result.error


def test_handover_confirms_only_once_the_work_reached_the_town(enrolled, capsys, monkeypatch, tmp_path) -> None:
    import pytest

    from villagedesk.services import audit

    desk = enrolled("village", VILLAGE)
    _two_agents(desk)
    register(desk, "张三", "419001198001010014")
    sheet = handover.prepare(desk, "lina", "wangqiang")
    assert sheet.unsynced > 0
    with pytest.raises(handover.UnsyncedWork, match="请先同步"):  # was confirmed: the sheet's "must" was advice
        handover.confirm(desk, sheet, "secret-2")
    args = ("handover", "--from", "lina", "--to", "wangqiang", "--pdf", str(tmp_path / "h.pdf"), "--confirm")
    code, _, err = run(capsys, monkeypatch, desk.paths.root, *args, stdin="secret-2\n")
    assert code == 2 and f"本机有{sheet.unsynced}条事件尚未同步到镇中心" in err and "立即同步" in err
    assert not [a for _t, _w, a, _d in audit.log_rows(desk) if a == "handover"]
    _sync(desk)
    code, out, err = run(capsys, monkeypatch, desk.paths.root, *args, stdin="secret-2\n")
    assert code == 0, err
    assert "王强 已确认接收" in out
    entry = next(d for _t, _w, a, d in audit.log_rows(desk) if a == "handover")
    assert entry.endswith("0条未同步")  # delivered: no override to record


def test_revoke_says_the_last_sync_and_the_old_pc_can_still_deliver(enrolled, server, capsys) -> None:
    """Revoking a PC with unsynced work gave no hint. revoke now prints when the PC last reached the town
    and the way out (docs/handover.md): enrolled again with a new code, its outbox is uploaded."""
    from villagedesk.server import cli as server_cli
    from villagedesk.services import queries as q

    old = enrolled("old", VILLAGE)
    first = register(old, "张三", "419001198001010014")
    _sync(old)
    late = register(old, "李四", "419001199002020024")  # after its last sync
    assert engine.pending_count(old) > 0
    device = old.identity.device_id
    url = server.db.engine.url.render_as_string(hide_password=False)
    capsys.readouterr()
    assert server_cli.main(["revoke", "--db", url, device]) == 0
    out = capsys.readouterr().out
    assert "该设备最后一次与镇中心联系: 20" in out and "(北京时间)" in out  # was only 已吊销设备 …
    assert "villagedesk enroll" in out

    engine.enroll(old, server.url, server.code(VILLAGE, "agent", "旧电脑"))
    _sync(old)
    assert engine.pending_count(old) == 0
    fresh = enrolled("new", VILLAGE)
    _sync(fresh)
    numbers = {r.case_no for r in q.rows_by_ids(fresh, [first, late])}
    assert len(numbers) == 2  # the late case reached the town and the new PC
