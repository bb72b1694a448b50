"""人员轮换: two people share a PC, one leaves, a password is forgotten. Each change is an audited entry,
each case action names the person logged in. Fails on the old code: there was no way to add a person
after setup, stop one, or reset a password, and nothing of it was recorded."""

from __future__ import annotations

import io

import pytest

from tests.integration.test_sync_roundtrip import register
from villagedesk.cli import main
from villagedesk.db import store as st
from villagedesk.domain.lifecycle import EventType, Role
from villagedesk.services import accounts, actions, audit


def _cli(desk, monkeypatch, capsys, *args: str, stdin: str = "", user: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    capsys.readouterr()
    who = ["--user", user] if user else []  # add/deactivate/reactivate name who makes the change
    code = main(["--profile", str(desk.paths.root), *who, "accounts", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def _author(desk, case_id: str) -> str:
    with desk.store.read() as s:
        return st.case_events(s, case_id)[-1].author


def _code(out: str) -> str:
    return next(line.split(": ", 1)[1] for line in out.splitlines() if line.startswith("恢复码"))


def test_two_agents_one_leaves_a_password_is_reset(desk, monkeypatch, capsys) -> None:
    first = accounts.create_account(desk, "lina", "李娜", "secret-1", Role.AGENT, desk.identity.region_code)
    assert len(first.recovery_code) == 14
    added = ("add", "wangqiang", "--name", "王强")
    code, out, _ = _cli(desk, monkeypatch, capsys, *added, stdin="secret-2\n", user="lina")
    assert code == 0 and "已添加账号: wangqiang" in out
    recovery = _code(out)

    # the login picks the person, and the case actions carry who did them
    second = accounts.authenticate(desk, "wangqiang", "secret-2")
    case = register(desk, "张三", "419001198001010014")
    assert _author(desk, case) == second.id
    accounts.authenticate(desk, "lina", "secret-1")
    actions.perform(desk, case, EventType.SUBMITTED, {})
    assert _author(desk, case) == first.id

    # 李娜 leaves: she can no longer log in; her work keeps her id
    code, out, _ = _cli(desk, monkeypatch, capsys, "deactivate", "lina", user="lina")
    assert code == 0 and "已停用账号: lina" in out
    with pytest.raises(accounts.AuthError):
        accounts.authenticate(desk, "lina", "secret-1")
    assert _author(desk, case) == first.id
    code, _, err = _cli(desk, monkeypatch, capsys, "deactivate", "wangqiang", user="wangqiang")
    assert code == 1 and "最后一个可登录的账号" in err  # nobody could log in any more

    # 王强 forgot his password: a wrong code changes nothing, the right one works once
    code, _, err = _cli(desk, monkeypatch, capsys, "reset", "wangqiang", "--code", "AAAA-BBBB-CCCC", stdin="new-pass\n")
    assert code == 1 and "恢复码不正确" in err
    accounts.authenticate(desk, "wangqiang", "secret-2")
    code, out, _ = _cli(desk, monkeypatch, capsys, "reset", "wangqiang", "--code", recovery.lower(), stdin="new-pass\n")
    assert code == 0 and _code(out) != recovery
    with pytest.raises(accounts.AuthError):
        accounts.authenticate(desk, "wangqiang", "secret-2")
    assert accounts.authenticate(desk, "wangqiang", "new-pass").id == second.id
    with pytest.raises(accounts.AuthError):  # used up
        accounts.reset_password(desk, "wangqiang", recovery, "other-pass")

    done = [(action, detail) for _at, _who, action, detail in audit.log_rows(desk)][::-1]
    assert [a for a, _ in done] == [
        "account_add",
        "account_add",
        "login",
        "login",
        "account_deactivate",
        "login",
        "password_reset",
        "login",
    ]
    assert done[4] == ("account_deactivate", "lina")
    assert audit.verify(desk).ok
    code, out, _ = _cli(desk, monkeypatch, capsys)
    assert "lina" in out and "已停用" in out and "wangqiang" in out and "在用" in out


WRONG = [
    (("add", "a b", "--name", "王强"), "secret-2\n", "登录名为2-32位"),
    (("add", "lina", "--name", "王强"), "secret-2\n", "该登录名已存在"),
    (("add", "lina", "--name", "王强"), "123\n", "该登录名已存在"),  # office test: it said 密码至少6位
    (("add", "wq", "--name", "王强"), "123\n", "密码至少6位"),
    (("add", "wq", "--name", ""), "secret-2\n", "姓名"),
    (("deactivate", "nobody"), "", "没有登录名为 nobody 的账号"),
    (("reset", "lina", "--code", "x"), "123\n", "密码至少6位"),
    (("reset", "nobody", "--code", "x"), "secret-9\n", "恢复码不正确"),
    (("recovery-code", "lina"), "wrong-pass\n", "登录名或密码错误"),
]


def test_wrong_input_is_one_chinese_sentence_and_changes_nothing(desk, monkeypatch, capsys) -> None:
    accounts.create_account(desk, "lina", "李娜", "secret-1", Role.AGENT, desk.identity.region_code)
    before = (accounts.accounts(desk), audit.log_rows(desk))
    for args, stdin, said in WRONG:
        code, out, err = _cli(desk, monkeypatch, capsys, *args, stdin=stdin, user="lina")
        assert code != 0 and err.startswith("错误: ") and said in err, (args, err)
        assert "Traceback" not in err + out
        assert (accounts.accounts(desk), audit.log_rows(desk)) == before
