"""The clerk's inbox (overdue first, oldest first, filters) and the per-village overview."""

from __future__ import annotations

from datetime import date

import pytest

from tests.flows import PATHS, TOWN, as_role, drive, register
from villagedesk.domain.errors import ValidationError
from villagedesk.domain.lifecycle import Role
from villagedesk.services import town


def test_inbox_orders_overdue_then_oldest_and_filters(desk) -> None:
    old = register(desk, registered_on=date(2026, 10, 12), name="张三").case_id  # long overdue by now
    newer = register(desk, registered_on=date(2026, 11, 20), name="李四", id_number="419001199002020024").case_id
    newest = register(desk, "JY006", name="王五", id_number="419001197503030037").case_id
    draft = register(desk, name="赵六", id_number="419001198504040047").case_id  # never submitted
    for cid, on in ((newest, date(2026, 11, 25)), (newer, date(2026, 11, 21)), (old, date(2026, 10, 13))):
        drive(desk, cid, PATHS["submitted"], on=on)
    drive(desk, old, PATHS["accepted"][1:], on=date(2026, 10, 14))
    as_role(desk, Role.CLERK)
    rows = town.inbox(desk)
    assert [r.row.id for r in rows] == [old, newer, newest]
    assert rows[0].overdue and not rows[1].overdue
    assert draft not in {r.row.id for r in rows}
    assert [r.row.id for r in town.inbox(desk, town.InboxFilter(item="JY006"))] == [newest]
    assert [r.row.id for r in town.inbox(desk, town.InboxFilter(state="accepted"))] == [old]
    assert town.inbox(desk, town.InboxFilter(village="419001100202")) == []
    assert ("JY006", "个体工商户设立登记") in town.inbox_items(desk)
    with pytest.raises(ValidationError, match="本镇"):
        town.inbox(desk, town.InboxFilter(village="419001101201"))
    with pytest.raises(ValidationError):
        town.inbox(desk, town.InboxFilter(state="nonsense"))


def test_overview_counts_states_overdue_and_late_submissions(desk) -> None:
    late = register(desk, registered_on=date(2026, 11, 2), name="张三").case_id  # submitted after 3 working days
    drive(desk, late, PATHS["accepted"], on=date(2026, 11, 10))
    register(desk, registered_on=date(2026, 11, 16), name="李四", id_number="419001199002020024")  # still not sent
    on_time = register(desk, name="王五", id_number="419001197503030037").case_id
    drive(desk, on_time, PATHS["submitted"])
    as_role(desk, Role.CLERK)
    assert desk.identity.region_code == TOWN
    summary = {v.code: v for v in town.overview(desk)}
    mine = summary["419001100201"]
    assert mine.by_state == {"accepted": 1, "registered": 1, "submitted": 1}
    assert mine.total == 3
    assert mine.late_submission == 2
    assert mine.overdue == 1  # the late one: 10 working days from 11-10 ran out before 11-25
    assert all(code[:9] == TOWN[:9] for code in summary)


def test_the_inbox_stages_split_at_the_decision_and_hold_every_state_the_town_moves_on(desk) -> None:
    """待镇中心办理 (``handle``) held decided cases: its states are before the decision, ``issue``'s after,
    and together they are every state a clerk's step moves a submitted case on from."""
    from villagedesk.domain.lifecycle import BEFORE_DECISION, CASE_STATES, RULES, SAME

    assert set(town.STAGES["handle"]) <= BEFORE_DECISION
    assert not set(town.STAGES["issue"]) & BEFORE_DECISION
    assert set(town.STAGES[""]) == set(town.STAGES["handle"]) | set(town.STAGES["issue"])
    moved_by_clerk = {  # the clerk's own steps (not shared with the village or the city) on a case
        source
        for rule in RULES
        if rule.roles == {Role.CLERK} and rule.target != SAME
        for source in rule.sources
        if source in CASE_STATES
    }
    assert moved_by_clerk <= set(town.STAGES[""]), moved_by_clerk - set(town.STAGES[""])
    with pytest.raises(ValidationError, match="阶段"):
        town.inbox(desk, town.InboxFilter(stage="nonsense"))
