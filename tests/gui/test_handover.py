"""交接: the printed 交接单 of a leaving agent (a real PDF with Chinese text), the new agent's
confirmation as an audited entry, and what the sheet says about unsynced work. Fails on the old code:
there was no handover at all."""

from __future__ import annotations

import io
import subprocess
from datetime import date, timedelta
from pathlib import Path

from tests.gui.test_printing import rid
from villagedesk.cli import main
from villagedesk.domain.lifecycle import Role
from villagedesk.services import accounts, appointments, audit, catalog, handover, intake


def _register(desk, name: str, serial: int, custody: str) -> str:
    plan = catalog.plan(desk, "JY006")
    form = intake.IntakeForm(
        item_code="JY006",
        name=name,
        id_number=rid(serial),
        phone="13812345678",
        mandate_signed=True,
        materials={m.name: intake.MaterialState("have", "original", custody) for m in plan.materials},
    )
    return intake.register(desk, form).case_no


def _text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _nothing_written(desk, folder: Path) -> None:
    """A refused confirmation leaves no sheet (nor a half-written one) and no audited export or print."""
    assert not [p.name for p in folder.iterdir() if "handover" in p.name]
    assert not [d for _at, _who, a, d in audit.log_rows(desk) if a in ("export", "print") and "交接单" in d]


def test_handover_sheet_confirmed_by_the_new_agent(qapp, desk, profile: Path, tmp_path: Path, monkeypatch, capsys):
    region = desk.identity.region_code
    accounts.create_account(desk, "lina", "李娜", "secret-1", Role.AGENT, region)
    accounts.create_account(desk, "wangqiang", "王强", "secret-2", Role.AGENT, region)
    accounts.authenticate(desk, "lina", "secret-1")
    mine = _register(desk, "张三", 41, "village")  # 李娜 holds the originals
    base = max(desk.today(), date.today())  # the command below runs on today's date: a booking still to come
    saturday = base + timedelta(days=(5 - base.weekday()) % 7 or 7)
    appointments.book(desk, "赵六", "13900001111", "JY006", saturday, "09:30")  # 李娜's booking
    accounts.authenticate(desk, "wangqiang", "secret-2")
    theirs = _register(desk, "李四", 42, "applicant")  # 王强's own case stays off 李娜's sheet
    appointments.book(desk, "钱七", "13900002222", "JY006", saturday)  # and so does his own booking

    sent = catalog.plan(desk, "JY006").materials[0].name  # one original sent on to the town since
    act = ["--profile", str(profile), "--user", "lina", "act", mine, "custody_changed"]
    assert main([*act, "--field", f"material={sent}", "--field", "holder=town"]) == 0, capsys.readouterr().err
    sheet = handover.prepare(desk, "lina", "wangqiang")
    assert [c[0] for c in sheet.cases] == [mine] and theirs not in str(sheet.cases)
    assert sheet.originals and all(o[0] == mine for o in sheet.originals)
    holders = {o[2]: o[3] for o in sheet.originals}  # who holds each now, as the case page says
    assert holders[sent] == "镇中心" and set(holders.values()) == {"镇中心", "村代办员"}
    assert sheet.appointments == [(saturday.isoformat(), "09:30", "赵六", "JY006")]
    assert sheet.unsynced > 0 and not sheet.enrolled and "U盘同步包" in sheet.advice

    out = tmp_path / "handover.pdf"
    monkeypatch.setattr("sys.stdin", io.StringIO("wrong\n"))
    args = ["--profile", str(profile), "handover", "--from", "lina", "--to", "wangqiang", "--pdf", str(out)]
    assert main([*args, "--confirm"]) == 2  # issue 18: the unsynced work must be delivered first
    err = capsys.readouterr().err
    assert f"本机有{sheet.unsynced}条事件尚未同步" in err and "U盘同步包" in err and "--despite-unsynced" in err
    assert "未确认交接, 未写入交接单" in err
    _nothing_written(desk, tmp_path)  # was written: the PDF and its audited export came before the refusal
    assert main([*args, "--confirm", "--despite-unsynced"]) == 1  # a wrong password: no confirmation
    err = capsys.readouterr().err
    assert "登录名或密码错误" in err and "未确认交接, 未写入交接单 handover.pdf" in err
    _nothing_written(desk, tmp_path)
    monkeypatch.setattr("sys.stdin", io.StringIO("secret-2\n"))
    assert main([*args, "--confirm", "--despite-unsynced"]) == 0
    said = capsys.readouterr().out
    assert "已保存交接单" in said and "尚未同步" in said and "王强 已确认接收" in said
    assert f"原件 {mine} {sent}: 现由镇中心保管" in said and "张三" not in said  # the on-screen listing
    text = _text(out)
    assert "现由谁保管" in text  # the sheet's custody column (fails on the old code: no such column)
    row = next(line for line in text.splitlines() if sent in line and mine[-4:] in line.replace(" ", ""))
    assert row.rstrip().endswith("镇中心"), row
    assert "村代办员" in text
    for expected in (
        "代办员工作交接单",
        "移交人 李娜",
        "接收人 王强",
        mine,
        "张三",
        "赵六",
        "移交人(签字)",
        "接收人(签字)",
    ):
        assert expected in text, expected
    assert rid(41) not in text and theirs not in text

    done = [(a, d) for _at, _who, a, d in audit.log_rows(desk)]  # newest first: the export after the handover
    assert [a for a, _d in done[:3]] == ["export", "handover", "login"]
    assert done[1][1].startswith("李娜(lina) → 王强(wangqiang): 1件在办")  # both by name: the town reads it
    assert done[1][1].endswith("(未同步仍交接: --despite-unsynced)")  # the override is in the audit trail
    assert "交接单(PDF)" in done[0][1] and sum(a == "export" for a, _d in done) == 1
    assert sorted(p.name for p in tmp_path.iterdir() if "handover" in p.name) == ["handover.pdf"]
    assert audit.verify(desk).ok


def test_wrong_people_are_one_chinese_sentence(qapp, desk, profile: Path, tmp_path: Path, capsys) -> None:
    accounts.create_account(desk, "lina", "李娜", "secret-1", Role.AGENT, desk.identity.region_code)
    base = ["--profile", str(profile), "handover", "--pdf", str(tmp_path / "h.pdf")]
    assert main([*base, "--from", "lina", "--to", "nobody"]) == 1
    assert "没有登录名为 nobody 的账号" in capsys.readouterr().err
    assert main([*base, "--from", "lina", "--to", "lina"]) == 1
    assert "不能是同一人" in capsys.readouterr().err
    assert not (tmp_path / "h.pdf").exists()
