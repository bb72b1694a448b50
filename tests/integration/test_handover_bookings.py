"""Issue 18: the 交接单's 预约 section lists only the leaving agent's future bookings.

It listed every booking of the PC still marked booked: past days (a visitor who never came, the day
gone) and the bookings of the other agents of the PC. A real profile migrated by Alembic, two agents,
bookings made through the 预约 service each agent uses, the sheet's text read back from the PDF the CLI
writes. Fails on the old code."""

from __future__ import annotations

import subprocess
from datetime import date, timedelta

from tests.conftest import TODAY
from tests.integration.test_people_fixes import VILLAGE, run
from villagedesk.domain.lifecycle import Role
from villagedesk.services import accounts, appointments, handover
from villagedesk.services.desk import Desk

SAT, NEXT_SAT, LATER_SAT = date(2026, 11, 28), date(2026, 12, 5), date(2026, 12, 12)
LATER = date(2026, 12, 1)  # the day of the handover: 11-28 is past by then


def test_the_sheet_lists_only_the_leaving_agents_future_bookings(desk, qtbot, tmp_path) -> None:
    lina = accounts.create_account(desk, "lina", "李娜", "secret-1", Role.AGENT, VILLAGE)
    wang = accounts.create_account(desk, "wangqiang", "王强", "secret-2", Role.AGENT, VILLAGE)
    zhao = accounts.create_account(desk, "zhaomin", "赵敏", "secret-3", Role.AGENT, VILLAGE)
    desk.act_as(lina.display_name, lina.id)
    appointments.book(desk, "过期甲", "13800138001", "JY001", SAT)  # lina's, its day gone by the handover
    mine = appointments.book(desk, "本人乙", "13800138002", "JY001", NEXT_SAT, "09:30")
    gone = appointments.book(desk, "取消丙", "13800138003", "JY001", NEXT_SAT)
    appointments.cancel(desk, gone.id)
    desk.act_as(wang.display_name, wang.id)
    appointments.book(desk, "别人丁", "13800138004", "JY001", NEXT_SAT)  # the taker's own booking
    desk.act_as(zhao.display_name, zhao.id)
    handed = appointments.book(desk, "转来戊", "13800138005", "JY001", LATER_SAT)  # zhao's, handed to lina below
    zhaos = appointments.book(desk, "留下己", "13800138006", "JY001", LATER_SAT, "10:00")
    desk.close()

    later = Desk.open(desk.paths.root, today=LATER)
    try:
        # zhao hands over to lina: both of zhao's bookings are lina's now; one zhao makes later is not
        sheet = handover.prepare(later, "zhaomin", "lina")
        assert [a[2] for a in sheet.appointments] == ["转来戊", "留下己"]
        handover.confirm(later, sheet, "secret-1", despite_unsynced=True)
        later.act_as(zhao.display_name, zhao.id)
        after = appointments.book(later, "后约庚", "13800138007", "JY001", LATER_SAT)  # zhao's, after the handover

        sheet = handover.prepare(later, "lina", "wangqiang")
        names = [a[2] for a in sheet.appointments]
        # lina's future one, and the two zhao handed to her; not the past, cancelled, wang's or zhao's later one
        assert names == ["本人乙", "转来戊", "留下己"], names
        assert [a[0] for a in sheet.appointments] == [d.isoformat() for d in (NEXT_SAT, LATER_SAT, LATER_SAT)]
        assert handover.prepare(later, "wangqiang", "lina").appointments == [
            (NEXT_SAT.isoformat(), "", "别人丁", "JY001")
        ]
        assert [a[2] for a in handover.prepare(later, "zhaomin", "wangqiang").appointments] == ["后约庚"]
        assert {mine.id, handed.id, zhaos.id, after.id} <= {a.id for a in appointments.upcoming(later)}
        # the sheet as printed (the drawing the command uses), read back from the PDF
        from villagedesk.ui.printing import handover_pdf

        pdf = tmp_path / "交接单.pdf"
        handover_pdf.write(pdf, sheet, lambda _p, _n: None)
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
        assert "已预约未到访 3 个" in text.stdout
        assert "本人乙" in text.stdout and "转来戊" in text.stdout
        assert not [n for n in ("过期甲", "别人丁", "取消丙", "后约庚") if n in text.stdout]
    finally:
        later.close()
    assert TODAY < LATER


def test_the_command_counts_only_the_leaving_agents_bookings(desk, capsys, monkeypatch, tmp_path) -> None:
    """``villagedesk handover`` on the day itself: another agent's booking is not the leaving one's."""
    lina = accounts.create_account(desk, "lina", "李娜", "secret-1", Role.AGENT, VILLAGE)
    wang = accounts.create_account(desk, "wangqiang", "王强", "secret-2", Role.AGENT, VILLAGE)
    future = date.today() + timedelta(days=400)
    future += timedelta(days=(5 - future.weekday()) % 7)  # a Saturday, whatever day the test runs
    desk.act_as(lina.display_name, lina.id)
    appointments.book(desk, "本人乙", "13800138002", "JY001", future)
    desk.act_as(wang.display_name, wang.id)
    appointments.book(desk, "别人丁", "13800138004", "JY001", future)
    appointments.book(desk, "别人戊", "13800138005", "JY001", future)
    pdf = tmp_path / "交接单.pdf"
    code, out, err = run(capsys, monkeypatch, desk.paths.root, "handover", "--from", "lina", "--to", "wangqiang",
                         "--pdf", str(pdf))  # fmt: skip
    assert code == 0, err
    assert "1 个预约" in out, out  # was 3: every booking of the PC


def test_a_booking_of_the_old_local_table_is_on_every_sheet_marked_unattributed(desk, tmp_path) -> None:
    """A row of the old ``appointments`` table (written by a version before bookings were events) names
    nobody who made it, so it was on no one's sheet: the visitor came on the day and nobody expected them."""
    from datetime import datetime

    from villagedesk.db import models as m

    accounts.create_account(desk, "lina", "李娜", "secret-1", Role.AGENT, VILLAGE)
    accounts.create_account(desk, "wangqiang", "王强", "secret-2", Role.AGENT, VILLAGE)
    old = (("old-1", NEXT_SAT, "booked"), ("old-2", SAT, "booked"), ("old-3", NEXT_SAT, "cancelled"))
    with desk.store.write() as s:  # what the older version stored for a booking
        for key, day, status in old:
            row = dict(id=key, village_code=VILLAGE, name=f"旧约{key[-1]}", phone="13800138009", item_code="JY001")
            s.add(m.Appointment(**row, day=day, slot="09:00", status=status, created_at=datetime(2026, 11, 1)))
    desk.close()
    later = Desk.open(desk.paths.root, today=LATER)
    try:
        for leaving, taking in (("lina", "wangqiang"), ("wangqiang", "lina")):
            sheet = handover.prepare(later, leaving, taking)
            assert sheet.appointments == [
                (NEXT_SAT.isoformat(), "09:00", f"旧约1({handover.UNATTRIBUTED})", "JY001")
            ], sheet.appointments  # was []: past and cancelled ones stay off
        from villagedesk.ui.printing import handover_pdf

        pdf = tmp_path / "交接单.pdf"
        handover_pdf.write(pdf, sheet, lambda _p, _n: None)
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "旧约1" in text and "登记人不明" in text, text
    finally:
        later.close()
