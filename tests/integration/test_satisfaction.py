"""好差评 through the real actions: validation, follow-up rules, 15-working-day deadlines, mediation."""

from __future__ import annotations

from datetime import date

import pytest

from tests.casebuilder import Builder
from tests.casebuilder import E as Ev
from villagedesk.domain.errors import TransitionError, ValidationError
from villagedesk.services import actions, satisfaction


def _delivered(b: Builder) -> str:
    c = b.register("JY006", date(2026, 9, 21))
    b.act(c, Ev.SUBMITTED, date(2026, 9, 21))
    b.act(c, Ev.ACCEPTED, date(2026, 9, 22))
    b.act(c, Ev.DECIDED, date(2026, 9, 23), {"outcome": "approved"})
    b.act(c, Ev.RESULT_READY, date(2026, 9, 23), {"where": "村便民服务中心"})
    b.act(c, Ev.DELIVERED, date(2026, 9, 24), {"method": "village_pickup", "signer": "王二民"})
    b.agent()
    return c


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"level": "还行"}, "level"),
        ({"level": "满意", "scores": {"效率": 6}}, "scores"),
        ({"level": "满意", "scores": {"速度": 3}}, "scores"),
        ({"level": "满意", "scores": {"态度": True}}, "scores"),
        ({"level": "满意", "channel": "telegram"}, "channel"),
    ],
)
def test_bad_evaluation_payloads_are_refused(desk, payload, field) -> None:
    c = _delivered(Builder(desk))
    with pytest.raises(ValidationError) as err:
        actions.perform(desk, c, Ev.EVALUATED, payload, on=date(2026, 9, 24))
    assert err.value.field == field


def test_good_review_needs_no_followup(desk) -> None:
    b = Builder(desk)
    c = _delivered(b)
    actions.perform(desk, c, Ev.EVALUATED, {"level": "基本满意"}, on=date(2026, 9, 24))
    assert Ev.FOLLOWUP_RECORDED not in actions.available(desk, c)
    with pytest.raises(TransitionError, match="没有差评"):
        actions.perform(desk, c, Ev.FOLLOWUP_RECORDED, {"finding": "x"}, on=date(2026, 9, 25))


def test_bad_review_followup_is_tracked_to_the_end(desk) -> None:
    b = Builder(desk)
    c = _delivered(b)
    actions.perform(desk, c, Ev.EVALUATED, {"level": "非常不满意", "channel": "sms"}, on=date(2026, 9, 24))
    actions.perform(desk, c, Ev.CLOSED, {}, on=date(2026, 9, 24))
    assert Ev.FOLLOWUP_RECORDED in actions.available(desk, c)  # still possible on a closed case
    [row] = satisfaction.followups(desk)
    # 15 working days after 9-24 (Thu), 2026: 9-25 off (中秋), 9-28..9-30, 10-01..07 off, 10-08, 09, 10 (调休),
    # 10-12 .. => 9-28(1) 29(2) 30(3) 10-08(4) 09(5) 10(6) 12(7) 13(8) 14(9) 15(10) 16(11) 19(12) 20(13)
    # 21(14) 22(15)
    assert row.followup.due_on == date(2026, 10, 22)
    assert row.overdue  # today is 2026-11-25 and nothing was fixed
    with pytest.raises(ValidationError) as err:
        actions.perform(desk, c, Ev.FOLLOWUP_RECORDED, {"finding": ""}, on=date(2026, 9, 25))
    assert err.value.field == "finding"
    actions.perform(desk, c, Ev.FOLLOWUP_RECORDED, {"finding": "属实", "verified": True}, on=date(2026, 9, 28))
    actions.perform(desk, c, Ev.FOLLOWUP_FIXED, {"result": "已整改"}, on=date(2026, 10, 23))
    assert satisfaction.followups(desk) == []
    [done] = satisfaction.followups(desk, include_fixed=True)
    assert done.followup.fixed and done.followup.verified and not done.followup.fixed_in_time
    assert Ev.FOLLOWUP_FIXED not in actions.available(desk, c)
    with pytest.raises(TransitionError, match="已整改"):
        actions.perform(desk, c, Ev.FOLLOWUP_FIXED, {"result": "再次"}, on=date(2026, 10, 24))


def test_mediation_needs_an_outcome(desk) -> None:
    b = Builder(desk)
    c = b.register("JY022", date(2026, 10, 8))
    with pytest.raises(ValidationError) as err:
        actions.perform(desk, c, Ev.VILLAGE_COMPLETED, {}, on=date(2026, 10, 9))
    assert err.value.field == "outcome"
    with pytest.raises(ValidationError):
        actions.perform(desk, c, Ev.VILLAGE_COMPLETED, {"outcome": "maybe"}, on=date(2026, 10, 9))
    assert actions.perform(desk, c, Ev.VILLAGE_COMPLETED, {"outcome": "agreed"}, on=date(2026, 10, 9)).value == (
        "completed_in_village"
    )
