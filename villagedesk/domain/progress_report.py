"""工作进展报送: a village center's monthly progress report as an event stream of its own kind.

Why a stream in the case event log rather than a table: the existing sync already moves events of a
partition (the village) to the town and back, with idempotent ids, HLC order, authorisation by role
and a dead-letter list; a report needs exactly that. Its id is derived from (center, month), so the
same month's report is one stream on every device. It never becomes a case: it has no
``case_registered``, so the case projection ignores it; ``fold`` is its projection.

Lifecycle (see lifecycle.RULES): report_drafted (agent; again after a return) -> report_submitted
(agent) -> report_accepted or report_returned (town clerk).

A town's report to the city (镇→市) is the same kind of stream with its own event types
(town_report_drafted/submitted by the town clerk, town_report_accepted/returned by the city clerk), in
the town's own partition (its 12-digit town code), id from ``town_report_id``; ``fold`` reads both, and
its view says which (``level``). Own types rather than a level field on the village's: the lifecycle
decides who may author an event by its type alone (the server's first check), and here the clerk who
reviews the village's report is the author of the town's.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from villagedesk.domain.events import Event
from villagedesk.domain.lifecycle import EVENT_LABELS, STATE_LABELS, TOWN_REPORT_EVENTS, EventType, State
from villagedesk.domain.projection import event_day
from villagedesk.domain.record_stream import fold_stream

NAMESPACE = uuid.UUID("6f1d7c52-4f0e-5b8a-9d3e-2a6c1b7e9f40")
REPORT_EVENTS = frozenset(
    {EventType.REPORT_DRAFTED, EventType.REPORT_SUBMITTED, EventType.REPORT_ACCEPTED, EventType.REPORT_RETURNED}
)


ALL_REPORT_EVENTS = REPORT_EVENTS | TOWN_REPORT_EVENTS


def report_id(center_code: str, year: int, month: int) -> str:
    """The one stream id of a center's report for a month (same on every device)."""
    return str(uuid.uuid5(NAMESPACE, f"progress-report:{center_code}:{year:04d}-{month:02d}"))


def town_report_id(town_code: str, year: int, month: int) -> str:
    """The one stream id of a town's report to the city for a month (never equal to a village's)."""
    return str(uuid.uuid5(NAMESPACE, f"town-progress-report:{town_code}:{year:04d}-{month:02d}"))


# The town's events as the village's they mirror (one ``_apply`` for both).
_AS_VILLAGE = {
    EventType.TOWN_REPORT_DRAFTED: EventType.REPORT_DRAFTED,
    EventType.TOWN_REPORT_SUBMITTED: EventType.REPORT_SUBMITTED,
    EventType.TOWN_REPORT_ACCEPTED: EventType.REPORT_ACCEPTED,
    EventType.TOWN_REPORT_RETURNED: EventType.REPORT_RETURNED,
}


@dataclass
class ReportView:
    report_id: str
    partition: str = ""
    year: int = 0
    month: int = 0
    state: State | None = None
    metrics: dict[str, Any] = field(default_factory=dict)
    remarks: str = ""
    drafted_on: date | None = None
    submitted_on: date | None = None
    reviewed_on: date | None = None
    review_note: str = ""
    drafts: int = 0
    history: list[tuple[date, str, str]] = field(default_factory=list)  # (day, action label, note)
    conflict_events: list[str] = field(default_factory=list)
    level: str = "village"  # "town": a town's report to the city
    villages: dict[str, dict[str, Any]] = field(default_factory=dict)  # a town report: each village's figures

    @property
    def is_town(self) -> bool:
        return self.level == "town"

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state] if self.state else ""

    @property
    def period_label(self) -> str:
        return f"{self.year}年{self.month}月"


def fold(events: Iterable[Event]) -> ReportView | None:
    """The report a stream's events describe (a village's or a town's); None when the stream is not a
    progress report."""
    events = list(events)
    opened = lambda e: ReportView(e.case_id, partition=e.partition)  # noqa: E731
    view = fold_stream(events, _FOLDED, EventType.REPORT_DRAFTED, opened, _apply)
    if view is None:
        town = lambda e: ReportView(e.case_id, partition=e.partition, level="town")  # noqa: E731
        view = fold_stream(events, _TOWN_FOLDED, EventType.TOWN_REPORT_DRAFTED, town, _apply)
    return view


_FOLDED = REPORT_EVENTS | {EventType.NOTE_ADDED}  # a note on a report is part of its history
_TOWN_FOLDED = TOWN_REPORT_EVENTS | {EventType.NOTE_ADDED}


def _apply(view: ReportView, e: Event) -> None:
    day, p = event_day(e), e.payload
    note = ""
    kind = _AS_VILLAGE.get(e.type, e.type)
    if kind is EventType.REPORT_DRAFTED:
        view.year, view.month = int(p.get("year", 0)), int(p.get("month", 0))
        view.metrics = dict(p.get("metrics", {}))
        villages = p.get("villages", {})
        villages = villages if isinstance(villages, dict) else {}
        view.villages = {k: dict(x) for k, x in villages.items() if isinstance(x, dict)}
        view.remarks = str(p.get("remarks", ""))
        view.drafted_on = day
        view.drafts += 1
    elif kind is EventType.REPORT_SUBMITTED:
        view.remarks = str(p.get("remarks", view.remarks))
        view.submitted_on = day
        view.review_note, view.reviewed_on = "", None
    elif kind in (EventType.REPORT_ACCEPTED, EventType.REPORT_RETURNED):
        view.reviewed_on = day
        view.review_note = note = str(p.get("comment") or p.get("reason") or "")
    elif e.type is EventType.NOTE_ADDED:
        note = str(p.get("text", ""))
    view.history.append((day, EVENT_LABELS[e.type], note))
