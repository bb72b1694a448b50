"""Issue 18's small findings, each failing on the old code: an ``act`` refusal named the raw field key,
the 交接单 said 可直接交接 while the town had refused an event, ``accounts add`` of a stopped login and a
recovery code of a stopped account misled, and subcommand ``-h`` option help was English."""

from __future__ import annotations

import io
from pathlib import Path

from tests.flows import register
from villagedesk import cli
from villagedesk.domain.errors import FIELD_WORDS
from villagedesk.services.action_args import ACTION_FIELDS


def _run(capsys, monkeypatch, profile: Path, *args: str, stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    capsys.readouterr()
    code = cli.main(["--profile", str(profile), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_every_action_field_has_a_chinese_label() -> None:
    missing = sorted({f for fields in ACTION_FIELDS.values() for f in fields} - set(FIELD_WORDS))
    assert missing == []  # was signer, method, holder …: the refusal showed the raw key


def test_act_refusal_names_the_field_in_chinese(desk, capsys, monkeypatch) -> None:
    case_no = register(desk).case_no
    profile = desk.paths.root
    desk.close()
    args = ("act", case_no, "delivered", "--field", "method=village_pickup", "--field", "signer=")
    code, _out, err = _run(capsys, monkeypatch, profile, *args)
    assert code == 2, err
    assert "signer" not in err and "签收人" in err, err  # was 字段 signer: 请填写姓名


def test_handover_never_says_hand_over_directly_while_the_town_refused_an_event(desk) -> None:
    import dataclasses

    from villagedesk.domain.lifecycle import Role
    from villagedesk.services import accounts, handover
    from villagedesk.ui.printing.handover_pdf import document

    accounts.create_account(desk, "lina", "李娜", "secret-1", Role.AGENT, desk.identity.region_code)
    accounts.create_account(desk, "wangqiang", "王强", "secret-2", Role.AGENT, desk.identity.region_code)
    sheet = dataclasses.replace(handover.prepare(desk, "lina", "wangqiang"), unsynced=0, rejected=1)
    section = dict(document(sheet).sections)["四、未同步的工作"]
    assert "可直接交接" not in section and "1条被镇中心退回" in section, section  # was 可直接交接。; 另有1条…
    assert "。;" not in section and "; 另有" not in section
    both = dataclasses.replace(sheet, unsynced=2, enrolled=True)
    assert both.advice.count("。") == 2 and both.advice.endswith("请在同步页查看原因并处理。"), both.advice


def test_a_stopped_login_points_to_reactivate_and_its_code_says_it_is_stopped(desk, capsys, monkeypatch) -> None:
    from villagedesk.domain.lifecycle import Role
    from villagedesk.services import accounts

    accounts.create_account(desk, "wangqiang", "王强", "secret-2", Role.AGENT, desk.identity.region_code)
    lisi = accounts.create_account(desk, "lisi", "李四", "secret-1", Role.AGENT, desk.identity.region_code)
    accounts.deactivate(desk, "lisi")
    profile = desk.paths.root
    desk.close()
    args = ("--user", "wangqiang", "accounts", "add", "lisi", "--name", "李四")
    code, _out, err = _run(capsys, monkeypatch, profile, *args, stdin="secret-9\n")
    assert code != 0 and "accounts reactivate lisi" in err and "已存在" not in err, err  # was 该登录名已存在
    code, _out, err = _run(
        capsys, monkeypatch, profile, "accounts", "reset", "lisi", "--code", lisi.recovery_code, stdin="secret-9\n"
    )
    assert code != 0 and "已停用" in err and "不正确" not in err, err  # was 登录名或恢复码不正确
    wrong = ("accounts", "reset", "lisi", "--code", "ABCD-EFGH-JKMN")
    code, _out, err = _run(capsys, monkeypatch, profile, *wrong, stdin="secret-9\n")
    assert code != 0 and "登录名或恢复码不正确" in err  # a wrong code still learns nothing
