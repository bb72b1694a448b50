"""工作进展报送 end to end: generated from the data, remarks, submitted, returned, resubmitted, accepted,
carried between a village database and the town's as events."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from tests.casebuilder import VILLAGE, Builder, carry_events
from tests.casebuilder import E as Ev
from tests.conftest import TODAY
from villagedesk.domain.errors import NotFoundError, TransitionError, ValidationError
from villagedesk.domain.lifecycle import Role, State
from villagedesk.domain.progress_report import report_id
from villagedesk.services import maintenance, progress_reports, queries
from villagedesk.services.desk import Desk


@pytest.fixture
def town_desk(template_profile, tmp_path):
    shutil.copytree(template_profile, tmp_path / "town")
    d = Desk.open(tmp_path / "town", today=TODAY)
    d.setup(Role.CLERK, "419001100000", "赵敏")
    yield d
    d.close()


def test_report_round_trip_between_village_and_town(desk, town_desk, tmp_path) -> None:
    b = Builder(desk)
    c = b.register("JY022", date(2026, 10, 8))
    b.act(c, Ev.VILLAGE_COMPLETED, date(2026, 10, 9), {"outcome": "agreed"})
    b.agent()
    with pytest.raises(NotFoundError, match="尚未生成"):
        progress_reports.submit(desk, 2026, 10)
    draft = progress_reports.draft(desk, 2026, 10, on=date(2026, 11, 2))
    assert draft.state is State.REPORT_DRAFT
    assert draft.metrics["cases"] == 1
    assert draft.metrics["rates"]["mediation_agreement_rate"] == {"num": 1, "den": 1, "value": 1.0}
    sent = progress_reports.submit(desk, 2026, 10, "本月调解纠纷一件, 达成协议。", on=date(2026, 11, 3))
    assert (sent.state, sent.remarks, sent.submitted_on) == (
        State.REPORT_SUBMITTED,
        "本月调解纠纷一件, 达成协议。",
        date(2026, 11, 3),
    )
    with pytest.raises(TransitionError):
        progress_reports.accept(desk, sent.report_id)  # an agent cannot review

    carry_events(desk, town_desk)
    rid = report_id(VILLAGE, 2026, 10)
    [seen] = progress_reports.list_reports(town_desk)
    assert (seen.report_id, seen.state, seen.partition) == (rid, State.REPORT_SUBMITTED, VILLAGE)
    with pytest.raises(ValidationError):
        progress_reports.return_report(town_desk, rid, "  ")
    back = progress_reports.return_report(town_desk, rid, "请补充调解案件的具体情况", on=date(2026, 11, 4))
    assert back.state is State.REPORT_RETURNED

    carry_events(town_desk, desk)
    mine = progress_reports.get(desk, rid)
    assert (mine.state, mine.review_note) == (State.REPORT_RETURNED, "请补充调解案件的具体情况")
    again = progress_reports.draft(desk, 2026, 10, "邻里宅基地纠纷, 经两次调解签订协议。", on=date(2026, 11, 5))
    assert again.drafts == 2 and again.state is State.REPORT_DRAFT
    progress_reports.submit(desk, 2026, 10, on=date(2026, 11, 5))
    carry_events(desk, town_desk)
    done = progress_reports.accept(town_desk, rid, "同意", on=date(2026, 11, 6))
    assert done.state is State.REPORT_ACCEPTED
    assert [h[1] for h in done.history] == [
        "生成进展报告",
        "报送进展报告",
        "退回进展报告",
        "生成进展报告",
        "报送进展报告",
        "通过进展报告",
    ]
    with pytest.raises(TransitionError):
        progress_reports.return_report(town_desk, rid, "再退回")
    # a report is not a case: lists and the consistency check ignore it
    assert queries.count_cases(town_desk) == 1
    assert maintenance.check(town_desk).mismatched == []
    assert maintenance.check(desk).mismatched == []


def test_another_town_cannot_review(desk, template_profile, tmp_path) -> None:
    Builder(desk).agent()
    progress_reports.draft(desk, 2026, 10)
    progress_reports.submit(desk, 2026, 10)
    shutil.copytree(template_profile, tmp_path / "other")
    with Desk.open(tmp_path / "other", today=TODAY) as other:
        other.setup(Role.CLERK, "419001101000", "钱华")
        carry_events(desk, other)
        with pytest.raises(TransitionError, match="所属乡镇"):
            progress_reports.accept(other, report_id(VILLAGE, 2026, 10))


@pytest.mark.parametrize(("year", "month"), [(2026, 13), (2026, 12), (1999, 5)])
def test_bad_months_are_refused(desk, year, month) -> None:
    Builder(desk).agent()
    with pytest.raises(ValidationError):
        progress_reports.draft(desk, year, month)
