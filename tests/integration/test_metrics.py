"""Metrics on hand-built histories; every expected figure is worked out here from the 2025/2026
official schedule (国庆/中秋 holidays and the 调休 working weekends)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.casebuilder import TOWN, VILLAGE, VILLAGE2, Builder
from tests.casebuilder import E as Ev
from villagedesk.domain.metrics import METRIC_DEFINITIONS, Appointment, Period, compute
from villagedesk.services import metrics

D = date
OCT = Period.month(2026, 10)


@pytest.fixture
def october(desk):
    """Nine cases around October 2026. 2026 schedule: 9-25 (Fri) off, 10-01..10-07 off, 10-10 (Sat) is a
    working day (调休), 10-11 (Sun) off."""
    b = Builder(desk)
    ids = {}
    # A: 临时救助 JY012, 10 working days. Accepted 9-30 -> counted working days: 10-08, 10-09, 10-10 (调休),
    # 10-12 .. 10-16, 10-19, 10-20 => due 10-20 without pause. 公示 10-13 -> 10-16 pauses 10-14, 15, 16
    # (3 working days) => due 10-23. Decided 10-22: on time (it would be late without the pause).
    # Used: working days in (9-30, 10-22] = 12, minus 3 paused = 9.
    a = ids["A"] = b.register("JY012", D(2026, 9, 28))
    b.act(a, Ev.SUBMITTED, D(2026, 9, 29))
    b.act(a, Ev.ACCEPTED, D(2026, 9, 30))
    b.act(a, Ev.PROCEDURE_STARTED, D(2026, 10, 13), {"procedure": "公示"})
    b.act(a, Ev.PROCEDURE_ENDED, D(2026, 10, 16))
    b.act(a, Ev.DECIDED, D(2026, 10, 22), {"outcome": "approved", "certificate_no": "LS-1"})
    b.act(a, Ev.RESULT_READY, D(2026, 10, 23), {"where": "村便民服务中心"})
    # delivered 10-27 (Tue): working days in (10-23, 10-27] = 10-26, 10-27 => lag 2
    b.act(a, Ev.DELIVERED, D(2026, 10, 27), {"method": "village_pickup", "signer": "王一民"})
    b.act(a, Ev.EVALUATED, D(2026, 10, 27), {"level": "不满意", "scores": {"效率": 2, "水平": 3, "态度": 4}})
    # follow-up due 15 working days after 10-27 = 11-17; recorded 10-28, fixed 11-10 (in time)
    b.act(a, Ev.FOLLOWUP_RECORDED, D(2026, 10, 28), {"finding": "群众反映等待时间长", "verified": True})
    b.act(a, Ev.FOLLOWUP_FIXED, D(2026, 11, 10), {"result": "已电话致歉并调整窗口时间"})
    # B: 个体工商户 JY006, 1 working day. Accepted 10-09 (Fri) => due 10-10, the 调休 Saturday. Decided
    # 10-12: late (without 调休 it would count as on time). Used: 10-10, 10-12 = 2.
    bb = ids["B"] = b.register("JY006", D(2026, 10, 9))
    b.act(bb, Ev.SUBMITTED, D(2026, 10, 9))
    b.act(bb, Ev.ACCEPTED, D(2026, 10, 9))
    b.act(bb, Ev.DECIDED, D(2026, 10, 12), {"outcome": "approved"})
    # C: JY012 registered 10-12 with a material missing (paused 10-12 -> 10-15: 3 working days),
    # submitted 10-19: (10-12, 10-19] has 5 working days - 3 = 2 <= 3, in the window. Then the town returns
    # it once and asks for materials once: 2 correction rounds. Accepted 10-27, still open on 10-31.
    c = ids["C"] = b.register("JY012", D(2026, 10, 12), missing=("申请书",))
    b.act(c, Ev.MATERIALS_SUPPLIED, D(2026, 10, 15), {"received": ["申请书"]})
    b.act(c, Ev.SUBMITTED, D(2026, 10, 19))
    b.act(c, Ev.RETURNED, D(2026, 10, 20), {"missing": ["身份证"], "reason": "身份证复印件不清晰"})
    b.act(c, Ev.SUBMITTED, D(2026, 10, 22))
    b.act(c, Ev.MATERIALS_MISSING, D(2026, 10, 23), {"missing": ["困难情况证明材料"], "_clerk": True})
    b.act(c, Ev.MATERIALS_SUPPLIED, D(2026, 10, 26), {"received": ["困难情况证明材料"]})
    b.act(c, Ev.SUBMITTED, D(2026, 10, 26))
    b.act(c, Ev.ACCEPTED, D(2026, 10, 27))
    # D: registered 10-12, never submitted: 14 working days by 10-31 => late, in the denominator.
    ids["D"] = b.register("JY006", D(2026, 10, 12))
    # E: registered 10-28, not submitted: 2 working days by 10-31 => not yet due, left out.
    ids["E"] = b.register("JY012", D(2026, 10, 28))
    # F: withdrawn before submission => left out of the submission window.
    f = ids["F"] = b.register("JY006", D(2026, 10, 13))
    b.act(f, Ev.WITHDRAWN, D(2026, 10, 14), {"reason": "申请人暂不办理"})
    # G, H: 人民调解 JY022, 30 natural days from registration. G agreed in 12 days, H failed in 1 day.
    g = ids["G"] = b.register("JY022", D(2026, 10, 8))
    b.act(g, Ev.VILLAGE_COMPLETED, D(2026, 10, 20), {"outcome": "agreed", "result": "双方签订调解协议"})
    b.act(g, Ev.EVALUATED, D(2026, 10, 20), {"level": "非常满意", "scores": {"效率": 5, "水平": 5, "态度": 5}})
    h = ids["H"] = b.register("JY022", D(2026, 10, 15))
    b.act(h, Ev.VILLAGE_COMPLETED, D(2026, 10, 16), {"outcome": "not_agreed"})
    b.act(h, Ev.EVALUATED, D(2026, 10, 16), {"level": "满意", "scores": {"效率": 4, "水平": 4, "态度": 5}})
    # I: JY006 accepted 10-15 => due 10-16, still undecided on 10-31: overdue.
    i = ids["I"] = b.register("JY006", D(2026, 10, 14))
    b.act(i, Ev.SUBMITTED, D(2026, 10, 14))
    b.act(i, Ev.ACCEPTED, D(2026, 10, 15))
    # J, in the neighbouring village: accepted 10-20, decided 10-21 = due day, on time.
    j = ids["J"] = b.register("JY006", D(2026, 10, 19), village=VILLAGE2)
    b.act(j, Ev.SUBMITTED, D(2026, 10, 19), village=VILLAGE2)
    b.act(j, Ev.ACCEPTED, D(2026, 10, 20))
    b.act(j, Ev.DECIDED, D(2026, 10, 21), {"outcome": "approved"})
    b.agent()
    return ids


def test_village_october(desk, october) -> None:
    got = metrics.village(desk, VILLAGE, OCT)
    assert got.as_of == D(2026, 10, 31)
    assert got.cases == 8  # B..I; A was registered in September
    assert got.by_category == {"证照代办": 4, "民政救助": 2, "民事调解": 2}
    assert got.by_state == {"已登记": 2, "已受理": 2, "村级办结": 2, "准予": 1, "已撤回": 1}
    # finished in October: A on time, B late, G and H on time
    assert (got.on_time_rate.num, got.on_time_rate.den) == (3, 4)
    assert got.avg_used_days == pytest.approx((9 + 2 + 12 + 1) / 4)
    assert got.avg_promised_days == pytest.approx((10 + 1 + 30 + 30) / 4)
    assert (got.used_vs_promised.num, got.used_vs_promised.den) == (24, 71)
    assert (got.submitted_in_window.num, got.submitted_in_window.den) == (3, 4)  # B, C, I in time; D late
    assert got.corrections_per_case == pytest.approx(2 / 3)  # B 0, C 2, I 0
    assert (got.return_rate.num, got.return_rate.den) == (1, 3)
    assert got.delivery_lag == pytest.approx(2.0)
    assert (got.good_review_rate.num, got.good_review_rate.den) == (2, 3)
    assert got.sub_scores == pytest.approx({"效率": 11 / 3, "水平": 4.0, "态度": 14 / 3})
    # As of 10-31 A's follow-up is open but not yet due: not in the fix rate's denominator.
    assert (got.bad_review_fix_rate.den, got.followups_open, got.followups_overdue) == (0, 1, 0)
    assert got.verified_bad_reviews == 1
    # I, and D: never submitted, its receipt's promised day (10-12 + 3 + 1 working days = 10-16) has
    # passed; the 工作台 and the case list count it 逾期, so 统计 does too (domain.promise)
    assert got.overdue_open == 2
    assert got.closed_late == 1  # B, decided after its promised day: 超期办结, not 逾期
    assert (got.mediation_agreement_rate.num, got.mediation_agreement_rate.den) == (1, 2)
    assert got.appointment_show_up is None
    assert {k for k, _, _ in got.rows()} == set(METRIC_DEFINITIONS)


def test_late_months_see_the_fix_and_later_events(desk, october) -> None:
    autumn = metrics.village(desk, VILLAGE, Period(D(2026, 10, 1), D(2026, 11, 30)))
    assert autumn.as_of == D(2026, 11, 25)  # today
    assert (autumn.bad_review_fix_rate.num, autumn.bad_review_fix_rate.den) == (1, 1)
    assert autumn.followups_open == 0
    # C accepted 10-27 is due 11-10 and still open on 11-25; I too; and D and E, never submitted, whose
    # receipts promised 10-16 and 11-16 (registration + 3 working days + the item's limit).
    assert autumn.overdue_open == 4


def test_town_totals_and_village_comparison(desk, october) -> None:
    got = metrics.town(desk, TOWN, OCT)
    assert got.total.cases == 9
    assert (got.total.on_time_rate.num, got.total.on_time_rate.den) == (4, 5)
    assert {VILLAGE, VILLAGE2} <= set(got.villages)  # and the town's other villages (region list), none
    assert all(got.villages[v].cases == 0 for v in set(got.villages) - {VILLAGE, VILLAGE2})
    assert (got.villages[VILLAGE2].on_time_rate.num, got.villages[VILLAGE2].on_time_rate.den) == (1, 1)
    assert got.villages[VILLAGE].cases == 8


def test_2025_national_day_and_adjusted_weekends(desk) -> None:
    """2025: 9-28 (Sun) and 10-11 (Sat) are working days; 10-01..10-08 are off."""
    b = Builder(desk)
    # Registered 9-25 (Thu), submitted 9-30: 9-26, 9-28 (调休), 9-29, 9-30 = 4 working days > 3: late.
    x = b.register("JY006", D(2025, 9, 25))
    b.act(x, Ev.SUBMITTED, D(2025, 9, 30))
    # Accepted 9-30: the next working day is 10-09 after the holiday; decided 10-09 => on time, used 1.
    b.act(x, Ev.ACCEPTED, D(2025, 9, 30))
    b.act(x, Ev.DECIDED, D(2025, 10, 9), {"outcome": "approved"})
    # Accepted 10-10 (Fri): due 10-11, the 调休 Saturday; decided 10-13 (Mon) => late, used 2.
    y = b.register("JY006", D(2025, 10, 10))
    b.act(y, Ev.SUBMITTED, D(2025, 10, 10))
    b.act(y, Ev.ACCEPTED, D(2025, 10, 10))
    b.act(y, Ev.DECIDED, D(2025, 10, 13), {"outcome": "denied", "reason": "经营范围不符合规定"})
    sep = metrics.village(desk, VILLAGE, Period.month(2025, 9))
    assert (sep.submitted_in_window.num, sep.submitted_in_window.den) == (0, 1)
    octo = metrics.village(desk, VILLAGE, Period.month(2025, 10))
    assert (octo.on_time_rate.num, octo.on_time_rate.den) == (1, 2)
    assert octo.avg_used_days == pytest.approx(1.5)
    assert (octo.submitted_in_window.num, octo.submitted_in_window.den) == (1, 1)  # y, same day


def test_appointment_show_up_over_given_records(desk) -> None:
    appts = [
        Appointment(D(2026, 10, 3), "arrived"),
        Appointment(D(2026, 10, 4), "no_show"),
        Appointment(D(2026, 10, 10), "arrived"),
        Appointment(D(2026, 10, 11), "cancelled"),  # not counted
        Appointment(D(2026, 11, 1), "arrived"),  # other month
    ]
    got = compute([], OCT, desk.calendar, appointments=appts)
    assert (got.appointment_show_up.num, got.appointment_show_up.den) == (2, 3)
    assert got.on_time_rate.text() == "—"


def test_bad_scope_is_refused_in_chinese(desk) -> None:
    from villagedesk.domain.errors import ValidationError

    with pytest.raises(ValidationError, match="12 位"):
        metrics.village(desk, "4190", OCT)
    with pytest.raises(ValidationError, match="乡镇"):
        metrics.town(desk, VILLAGE, OCT)


def test_fast_event_rows_equal_the_store_reading(desk, october) -> None:
    """services.metrics builds events without the dataclass __init__; they must be the same events."""
    from sqlalchemy import select

    from villagedesk.db import models as m
    from villagedesk.db import store as st

    with desk.store.read() as s:
        rows = s.scalars(select(m.EventRow).order_by(m.EventRow.local_seq)).all()
        assert rows
        for row in rows:
            fast, slow = metrics._event(row), st.row_to_event(row)
            assert fast == slow and fast.__dict__ == slow.__dict__ and hash(fast.id) == hash(slow.id)
