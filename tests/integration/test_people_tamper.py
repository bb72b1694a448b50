"""Issue 18, the tester's second try: an event row deleted or edited behind the app's back never goes
quietly into a rebuild or a 交接单. Real profiles, the real CLI in-process, the row changed with sqlite3."""

from __future__ import annotations

import sqlite3

from tests.integration.test_people_fixes import run
from tests.integration.test_sync_roundtrip import register
from villagedesk.domain.lifecycle import EventType
from villagedesk.services import actions, queries


def _delete(db, event_type: str) -> None:
    con = sqlite3.connect(db)  # the forger's delete, behind the app's back
    con.execute("DELETE FROM events WHERE type = ?", (event_type,))
    con.commit()
    con.close()


def test_a_case_with_a_deleted_event_is_held_not_rebuilt_and_show_warns(desk, capsys, monkeypatch) -> None:
    case = register(desk, "张三", "419001198001010014")
    actions.perform(desk, case, EventType.SUBMITTED, {})
    actions.perform(desk, case, EventType.NOTE_ADDED, {"text": "电话联系过"})
    case_no = queries.detail(desk, case).row.case_no
    status = queries.detail(desk, case).row.status
    _delete(desk.paths.db, "submitted")
    code, out, _ = run(capsys, monkeypatch, desk.paths.root, "check")
    assert code != 0 and "已从数据库中删除" in out
    assert "check --rebuild 按事件重建" not in out  # was: the advice to rebuild from what is left
    code, out, _ = run(capsys, monkeypatch, desk.paths.root, "check", "--rebuild")
    assert code != 0 and f"未重建        1 件: {case_no}" in out and "删除" in out
    assert queries.detail(desk, case).row.status == status  # was rebuilt back to 已登记 from the rest
    assert queries.detail(desk, case).events_deleted
    code, out, _ = run(capsys, monkeypatch, desk.paths.root, "show", case_no)
    assert code == 0 and "已从数据库中被直接删除" in out  # was: no word at all


def test_the_last_event_deleted_is_seen_too(desk, capsys, monkeypatch) -> None:
    case = register(desk, "李四", "419001198001010022")
    actions.perform(desk, case, EventType.NOTE_ADDED, {"text": "电话联系过"})
    _delete(desk.paths.db, "note_added")  # no later event names it: the case row's count does
    assert queries.detail(desk, case).events_deleted
    code, out, _ = run(capsys, monkeypatch, desk.paths.root, "check", "--rebuild")
    assert code != 0 and "未重建        1 件" in out


def test_an_honest_case_is_not_marked_deleted(desk) -> None:
    case = register(desk, "王五", "419001198001010030")
    actions.perform(desk, case, EventType.SUBMITTED, {})
    assert not queries.detail(desk, case).events_deleted


def test_an_account_change_is_audited_under_the_user_given(desk, capsys, monkeypatch) -> None:
    from villagedesk.domain.lifecycle import Role
    from villagedesk.services import accounts, audit

    region = desk.identity.region_code
    accounts.create_account(desk, "lina", "李娜", "secret-1", Role.AGENT, region)
    accounts.create_account(desk, "wangqiang", "王强", "secret-2", Role.AGENT, region)
    accounts.create_account(desk, "zhao", "赵敏", "secret-3", Role.AGENT, region)
    accounts.authenticate(desk, "lina", "secret-1")  # the last login: the GUI's person

    def last() -> tuple[str, str, str]:
        _at, who, action, detail = audit.log_rows(desk)[0]
        return who, action, detail

    root = desk.paths.root
    code, _, err = run(capsys, monkeypatch, root, "--user", "wangqiang", "accounts", "deactivate", "zhao")
    assert code == 0, err
    assert last() == ("王强", "account_deactivate", "zhao")  # was 李娜: --user ignored
    before = audit.log_rows(desk)
    code, _, err = run(capsys, monkeypatch, root, "--user", "nobody", "accounts", "reactivate", "zhao")
    assert code == 2 and "没有登录名为 nobody 的账号" in err
    code, _, err = run(capsys, monkeypatch, root, "--user", "zhao", "accounts", "reactivate", "zhao")
    assert code == 2 and "账号 zhao 已停用" in err
    zhao = next(a for a in accounts.accounts(desk) if a.username == "zhao")
    assert audit.log_rows(desk) == before and not zhao.active
    code, _, err = run(capsys, monkeypatch, root, "accounts", "reactivate", "zhao")  # no --user, not a terminal
    assert code == 2 and "更改账号须指明由谁操作" in err and "--user" in err  # was 0, audited under 李娜
    zhao = next(a for a in accounts.accounts(desk) if a.username == "zhao")
    assert audit.log_rows(desk) == before and not zhao.active
    code, _, err = run(capsys, monkeypatch, root, "accounts", "add", "sun", "--name", "孙丽", stdin="secret-4\n")
    assert code == 2 and "更改账号须指明由谁操作" in err  # was 0: 李娜, the last login, added her
    assert audit.log_rows(desk) == before
    code, _, err = run(capsys, monkeypatch, root, "--user", "wangqiang", "accounts", "reactivate", "zhao")
    assert code == 0, err
    assert last() == ("王强", "account_reactivate", "zhao")
    code, out, _ = run(capsys, monkeypatch, root, "accounts")  # listing changes nothing: no --user needed
    assert code == 0 and "zhao" in out
