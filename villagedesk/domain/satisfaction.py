"""好差评: the five levels, what counts as a bad review, and the 15-working-day follow-up of one.

A bad review (不满意 / 非常不满意) opens a follow-up on its case: the follow-up is recorded
(``followup_recorded``: what was found, whether the review was verified as the center's fault) and
closed (``followup_fixed``) by events on the case itself, so it syncs like everything else and the
town sees it. It is due 15 working days after the review.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from villagedesk.domain.deadlines import WorkCalendar
from villagedesk.domain.events import Event
from villagedesk.domain.lifecycle import EventType
from villagedesk.domain.projection import causal_order, event_day

LEVELS = ("非常满意", "满意", "基本满意", "不满意", "非常不满意")
GOOD_LEVELS = frozenset(LEVELS[:3])  # 好评: the national 好差评 rules count 基本满意 as good
BAD_LEVELS = frozenset(LEVELS[3:])  # 差评
SUB_SCORES = ("效率", "水平", "态度")
CHANNELS = ("window", "sms", "qrcode", "phone", "app")
CHANNEL_LABELS = {"window": "窗口评价器", "sms": "短信", "qrcode": "扫码", "phone": "电话回访", "app": "网上/APP"}
FOLLOWUP_WORKING_DAYS = 15
_FOLLOWUP_EVENTS = frozenset({EventType.EVALUATED, EventType.FOLLOWUP_RECORDED, EventType.FOLLOWUP_FIXED})


@dataclass(frozen=True)
class FollowUp:
    """The follow-up of one case's latest bad review."""

    case_id: str
    level: str
    reviewed_on: date
    due_on: date
    recorded_on: date | None = None
    verified: bool = False
    fixed_on: date | None = None

    @property
    def fixed(self) -> bool:
        return self.fixed_on is not None

    @property
    def fixed_in_time(self) -> bool:
        return self.fixed_on is not None and self.fixed_on <= self.due_on

    def overdue(self, today: date) -> bool:
        return (self.fixed_on or today) > self.due_on


def is_bad(level: str | None) -> bool:
    return level in BAD_LEVELS


def followup_of(events: Iterable[Event], calendar: WorkCalendar, ordered: bool = False) -> FollowUp | None:
    """The follow-up a case's events describe, or None when its latest review is not a bad one.

    A later good review (the villager re-evaluated after the fix) does not erase the bad one: the
    follow-up still has to be closed, and a later bad review starts a new one.
    """
    current: FollowUp | None = None
    for e in events if ordered else causal_order(events):
        if e.type not in _FOLLOWUP_EVENTS:
            continue
        day = event_day(e)
        if e.type is EventType.EVALUATED and is_bad(e.payload.get("level")):
            due = calendar.add_working_days(day, FOLLOWUP_WORKING_DAYS)
            current = FollowUp(e.case_id, str(e.payload["level"]), day, due)
        elif current is None:
            continue
        elif e.type is EventType.FOLLOWUP_RECORDED:
            current = FollowUp(
                current.case_id,
                current.level,
                current.reviewed_on,
                current.due_on,
                current.recorded_on or day,
                current.verified or bool(e.payload.get("verified")),
                current.fixed_on,
            )
        elif e.type is EventType.FOLLOWUP_FIXED and current.fixed_on is None:
            current = FollowUp(
                current.case_id,
                current.level,
                current.reviewed_on,
                current.due_on,
                current.recorded_on or day,
                current.verified,
                day,
            )
    return current
