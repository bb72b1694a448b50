"""Issue 18, the tester's try: a custody change edited in the SQLite file (the original the village holds
turned back to the villager) went silently into the 交接单. Handover now runs the audit check: the case is
named on screen and marked on the sheet, and ``--confirm`` is refused without ``--despite-tampered``.
Fails on the old code (exit 0, no word, the original gone from the sheet)."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

from tests.gui.test_handover import _register, _text
from villagedesk.cli import main
from villagedesk.domain.lifecycle import EventType, Role
from villagedesk.services import accounts, actions, audit, handover, queries

VILLAGE = "419001100201"


def _run(monkeypatch, capsys, profile: Path, *args: str, stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    capsys.readouterr()
    code = main(["--profile", str(profile), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_hand_edited_custody_change_is_named_marked_and_refused(qapp, desk, tmp_path, monkeypatch, capsys) -> None:
    lina = accounts.create_account(desk, "lina", "李娜", "secret-1", Role.AGENT, VILLAGE)
    accounts.create_account(desk, "wangqiang", "王强", "secret-2", Role.AGENT, VILLAGE)
    desk.act_as(lina.display_name, lina.id)
    case_no = _register(desk, "张三", 14, "applicant")
    case = queries.detail(desk, case_no)
    material = case.registered["materials"][0]["name"]
    actions.perform(desk, case.row.id, EventType.CUSTODY_CHANGED, {"material": material, "holder": "village"})
    assert handover.prepare(desk, "lina", "wangqiang").originals  # the village holds it
    assert handover.prepare(desk, "lina", "wangqiang").tampered == ()  # an honest PC: nothing flagged
    con = sqlite3.connect(desk.paths.db)  # the tester's edit, behind the app's back
    edited = con.execute(
        """update events set payload=replace(payload,'"holder":"village"','"holder":"applicant"')
           where type = 'custody_changed'"""
    ).rowcount
    con.commit()
    con.close()
    assert edited == 1
    pdf = tmp_path / "handover.pdf"
    args = ("handover", "--from", "lina", "--to", "wangqiang", "--pdf", str(pdf))
    code, out, err = _run(monkeypatch, capsys, desk.paths.root, *args)
    assert code == 0, err
    assert f"办件 {case_no} 记录被改动, 不可信 — 请先核对原件" in out  # was: no word on screen
    text = _text(pdf).replace(" ", "")
    assert "记录被改动,不可信" in text and case_no in text  # was: the sheet quietly short of the original
    assert "请先核对原件" in text
    confirmed = ("handover", "--from", "lina", "--to", "wangqiang", "--pdf", str(tmp_path / "confirmed.pdf"))
    code, out, err = _run(monkeypatch, capsys, desk.paths.root, *confirmed, "--confirm", stdin="secret-2\n")
    assert code == 2 and "--despite-tampered" in err and case_no in err  # was: confirmed (exit 0)
    assert not [a for _t, _w, a, _d in audit.log_rows(desk) if a == "handover"]
    both = ("--confirm", "--despite-tampered", "--despite-unsynced")
    code, out, err = _run(monkeypatch, capsys, desk.paths.root, *confirmed, *both, stdin="secret-2\n")
    assert code == 0, err
    entry = next(d for _t, _w, a, d in audit.log_rows(desk) if a == "handover")
    assert "--despite-tampered" in entry and case_no in entry
