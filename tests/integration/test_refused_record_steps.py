"""A step the server refused counts in none of the shared records (issue #17): 星级考评, 督查, 预约 and
工作进展报送 fold their streams through ``services.record_streams``, which leaves out this PC's refused
steps as every case projection does (``projection.standing``). The refusal is recorded the way the sync
engine records the server's answer (``pushpath.write_acks``); the step stays stored with its reason.

Before the shared filter each record folded every stored event: a refused cancellation still showed the
booking 已取消, a refused submission 已报送, a refused 已整改 answer closed the inspection, a refused score
stood in the town's ranking."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tests.conftest import TODAY
from villagedesk.db import models as m
from villagedesk.domain.lifecycle import Role, State
from villagedesk.services import appointments, progress_reports, star_rating, supervision
from villagedesk.sync import engine, pushpath

VILLAGE = "419001100201"
TOWN = "419001100000"
REASON = "服务器拒收: 内容不符合规则"


def refuse_last(desk, record_id: str) -> str:
    """The server refused the record's latest step: as the engine writes the refusal it is told of."""
    with desk.store.write() as s:
        row = s.scalars(
            select(m.EventRow).where(m.EventRow.case_id == record_id).order_by(m.EventRow.local_seq.desc())
        ).first()
        pushpath.write_acks(s, [], [(REASON, row.id)])
        return row.id


def still_stored(desk, event_id: str) -> bool:
    with desk.store.read() as s:
        out = s.scalars(select(m.OutboxEntry).where(m.OutboxEntry.event_id == event_id)).one()
        held = s.scalars(select(m.EventRow).where(m.EventRow.id == event_id)).one_or_none()
        return out.status == "rejected" and out.reason == REASON and held is not None


def test_a_refused_cancellation_leaves_the_booking_booked(make_desk) -> None:
    a = make_desk("a")
    a.setup(Role.AGENT, VILLAGE, "李娜")
    booked = appointments.book(a, "张三", "13800138000", "JY001", date(2026, 11, 28), "09:30")
    appointments.cancel(a, booked.id, "村民改期")
    refused = refuse_last(a, booked.id)
    [row] = appointments.upcoming(a)
    assert row.status == "booked" and still_stored(a, refused)
    appointments.cancel(a, booked.id, "村民改期")  # the single-record fold, too: not "该预约已取消"
    assert [x.status for x in appointments.upcoming(a)] == ["cancelled"]  # this one is not refused (yet)


def test_a_refused_booking_is_no_booking(make_desk) -> None:
    a = make_desk("a")
    a.setup(Role.AGENT, VILLAGE, "李娜")
    booked = appointments.book(a, "张三", "13800138000", "JY001", date(2026, 11, 28))
    refuse_last(a, booked.id)
    assert appointments.upcoming(a) == [] and appointments.show_up_facts(a, VILLAGE) == []


def test_a_refused_submission_leaves_the_report_a_draft(make_desk) -> None:
    a = make_desk("a")
    a.setup(Role.AGENT, VILLAGE, "李娜")
    progress_reports.draft(a, 2026, 10)
    sent = progress_reports.submit(a, 2026, 10, "十月情况")
    refused = refuse_last(a, sent.report_id)
    [row] = progress_reports.list_reports(a)
    assert row.state is State.REPORT_DRAFT and still_stored(a, refused)
    assert progress_reports.get(a, sent.report_id).state is State.REPORT_DRAFT
    assert progress_reports.submit(a, 2026, 10, "十月情况").state is State.REPORT_SUBMITTED  # may go again


def test_a_refused_score_is_not_in_the_ranking(make_desk) -> None:
    clerk = make_desk("clerk")
    clerk.setup(Role.CLERK, TOWN, "王芳")
    star_rating.score_center(clerk, VILLAGE, 2026, "年度考评")
    assert [r.village_code for r in star_rating.ratings(clerk, 2026)] == [VILLAGE]
    refuse_last(clerk, star_rating.rating_id(VILLAGE, 2026))
    assert star_rating.ratings(clerk, 2026) == []


def test_a_refused_inspection_and_a_refused_fix_do_not_count(enrolled) -> None:
    a = enrolled("a", VILLAGE)
    clerk = enrolled("clerk", TOWN, "clerk")
    kept = supervision.record(clerk, VILLAGE, "unannounced", TODAY, "窗口无人值守", 3, fix_by=TODAY)
    gone = supervision.record(clerk, VILLAGE, "phone_check", TODAY, "电话无人接听", data_leak=True)
    refuse_last(clerk, gone.id)
    assert [r.id for r in supervision.list_for(clerk)] == [kept.id]  # the leak counts in no rating
    _sync(clerk), _sync(a)

    supervision.answer(a, kept.id, "已安排专人值守", True, TODAY)
    refuse_last(a, kept.id)
    [row] = supervision.list_for(a)
    assert (row.answered, row.fixed_on) == (False, None)
    again = supervision.answer(a, kept.id, "已安排专人值守, 并公示值班表", True, TODAY)  # not "already fixed"
    assert again.fixed_on == TODAY


def _sync(desk) -> None:
    eng = engine.SyncEngine(desk)
    try:
        result = eng.run()
    finally:
        eng.close()
    assert result.ok, result.error
