"""Fold a case's events into its current view. Pure and deterministic: the DB row, the server's view
and ``check``'s rebuild all come from this one function, so they cannot disagree.

Order is causal first (an event comes after every event in its ``prev``), then HLC, then id, so a
device with a wrong clock still cannot put an answer before its question. An event the lifecycle does not
allow at its place in that order (the town decided while the village withdrew) is kept and marks the
case as in conflict until a person records a ``conflict_resolved`` event.
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from villagedesk.domain.errors import TransitionError
from villagedesk.domain.events import Event
from villagedesk.domain.hlc import wall_ms_of
from villagedesk.domain.lifecycle import AT_CITY, PAUSED_STATES, EventType, State, next_state


def causal_order(events: Iterable[Event]) -> list[Event]:
    """Topological order by ``prev`` with (hlc, id) breaking ties; unknown prev ids are ignored."""
    events = list(events)
    if _is_chain(events):  # the usual case: one device's events, each after the one before
        return events
    by_id = {e.id: e for e in events}
    waiting: dict[str, int] = {}
    children: dict[str, list[str]] = {}
    for e in by_id.values():
        parents = [p for p in set(e.prev) if p in by_id and p != e.id]
        waiting[e.id] = len(parents)
        for p in parents:
            children.setdefault(p, []).append(e.id)
    ready = [(by_id[i].hlc, i) for i, n in waiting.items() if n == 0]
    heapq.heapify(ready)
    ordered: list[Event] = []
    while ready:
        _, eid = heapq.heappop(ready)
        ordered.append(by_id[eid])
        for child in children.get(eid, ()):
            waiting[child] -= 1
            if waiting[child] == 0:
                heapq.heappush(ready, (by_id[child].hlc, child))
    if len(ordered) < len(by_id):  # a cycle can only come from forged prev lists: fall back to HLC
        rest = sorted((e for e in by_id.values() if e not in ordered), key=lambda e: (e.hlc, e.id))
        ordered.extend(rest)
    return ordered


def _is_chain(events: list[Event]) -> bool:
    """True when each event's only known ``prev`` is the event before it (and the first has none):
    then the topological order is forced and equals the given order, whatever the clocks say."""
    if not events:
        return True
    ids = {e.id for e in events}
    if len(ids) != len(events) or any(p in ids for p in events[0].prev):
        return False
    before = events[0].id
    for e in events[1:]:
        if before not in e.prev or any(p in ids and p != before for p in e.prev):
            return False
        before = e.id
    return True


def names_of(items: object) -> list[str]:
    """The text items of a stored list of names: an event stored before the payload rules refused other
    items (a number, null, an object) still shows only names, never a repr, on screen and on paper."""
    return [x for x in items if type(x) is str and x] if type(items) is list else []


def event_day(event: Event) -> date:
    """The local calendar day an event happened on (from its payload ``at`` or its HLC)."""
    at = event.payload.get("at")
    if isinstance(at, str):
        try:
            return date.fromisoformat(at[:10])
        except ValueError:
            pass
    seconds = wall_ms_of(event.hlc) / 1000
    try:  # the same local day as datetime's astimezone(), a quarter of its cost (the judge projects every event)
        return date(*time.localtime(seconds)[:3])
    except (OverflowError, OSError, ValueError):  # out of the C library's range: let datetime say so
        return datetime.fromtimestamp(seconds, tz=UTC).astimezone().date()


@dataclass
class CaseView:
    """The current state of one case as its events tell it."""

    case_id: str
    state: State | None = None
    case_no: str = ""
    partition: str = ""
    registered: dict[str, Any] = field(default_factory=dict)
    registered_on: date | None = None
    submitted_on: date | None = None
    accepted_on: date | None = None
    forwarded_on: date | None = None  # the last 转报: where the city's share of the time begins
    decided_on: date | None = None
    delivered_on: date | None = None
    closed_on: date | None = None
    pauses: list[tuple[date, date | None]] = field(default_factory=list)
    extension_days: int = 0
    outcome: str | None = None
    reason: str = ""
    certificate_no: str = ""
    missing: list[str] = field(default_factory=list)
    return_rounds: int = 0
    evaluation: dict[str, Any] | None = None
    level: str = "village"
    conflict_events: list[str] = field(default_factory=list)
    last_event_id: str = ""
    last_hlc: str = ""
    event_count: int = 0
    _resume: State | None = None

    @property
    def conflict(self) -> bool:
        return bool(self.conflict_events)

    @property
    def resumes_to(self) -> State | None:
        """Where a paused case stood before its pause (a 补正 by the city: FORWARDED or CITY_ACCEPTED)."""
        return self._resume


def standing(events: Iterable[Event], refused: Collection[str]) -> list[Event]:
    """The events that drive a case: all but this PC's steps the server refused. A refused step stays
    stored and in the timeline with its reason, but the server never holds it, so no other PC folds it:
    folding it here would leave this PC in a state nobody else sees (and stuck there). A refused
    registration is kept: without it there is no case to show the refusal on."""
    if not refused:
        return list(events)
    return [e for e in events if e.id not in refused or e.type is EventType.CASE_REGISTERED]


def project(case_id: str, events: Iterable[Event]) -> CaseView:
    view = CaseView(case_id)
    for event in causal_order(events):
        apply(view, event)
    return view


def apply(view: CaseView, event: Event, new_state: State | None = None) -> None:
    """Apply one event in order; an event the lifecycle refuses here is recorded as a conflict.
    ``new_state``: the caller (the judge) computed ``next_state`` for this very view already."""
    view.event_count += 1
    view.last_event_id = event.id
    if event.hlc > view.last_hlc:
        view.last_hlc = event.hlc
    if new_state is None:
        try:
            level = view.registered.get("final_level")
            new_state = next_state(view.state, event.type, event.role, event.payload, view._resume, level)
        except TransitionError:
            view.conflict_events.append(event.id)
            return
    # the day only where it is recorded (not for notes, custody, attachments: most events of a case)
    old_state = view.state
    p = event.payload
    t = event.type
    if t is EventType.CASE_REGISTERED:
        view.registered = dict(p)
        view.case_no = str(p.get("case_no", ""))
        view.partition = event.partition
        view.registered_on = event_day(event)
    elif t is EventType.SUBMITTED:
        view.submitted_on = view.submitted_on or event_day(event)
        view.level = "town"
    elif t is EventType.ACCEPTED:
        view.accepted_on = view.accepted_on or event_day(event)  # a return after acceptance pauses, it does not restart
    elif t in (EventType.MATERIALS_MISSING, EventType.RETURNED):
        view.missing = names_of(p.get("missing"))
        view.reason = str(p.get("reason", ""))
        if t is EventType.RETURNED:
            view.return_rounds += 1
            view.level = "village"
    elif t is EventType.MATERIALS_SUPPLIED:
        view.missing = []
        if new_state in AT_CITY:  # the city's 补正 answered: the case is the city's again
            view.level = "city"
    elif t is EventType.FORWARDED:
        view.level = "city"
        view.forwarded_on = event_day(event)
    elif t is EventType.EXTENSION_GRANTED:
        view.extension_days += int(p.get("days", 0) or 0)
    elif t is EventType.DECIDED:
        view.outcome = str(p.get("outcome"))
        view.reason = str(p.get("reason", ""))
        view.certificate_no = str(p.get("certificate_no", ""))
        view.decided_on = event_day(event)
    elif t is EventType.REFUSED:
        view.reason = str(p.get("reason", ""))
        view.decided_on = event_day(event)
    elif t is EventType.VILLAGE_COMPLETED:
        view.decided_on = event_day(event)
        view.outcome = "completed"
    elif t is EventType.DELIVERED:
        view.delivered_on = event_day(event)
        view.level = "village"
    elif t is EventType.EVALUATED:
        view.evaluation = dict(p)
    elif t is EventType.CLOSED:
        view.closed_on = event_day(event)
    elif t is EventType.CONFLICT_RESOLVED:
        resolved = set(p.get("resolves", [])) or set(view.conflict_events)
        view.conflict_events = [e for e in view.conflict_events if e not in resolved]
    if old_state not in PAUSED_STATES and new_state in PAUSED_STATES:
        view.pauses.append((event_day(event), None))
        view._resume = old_state
    elif old_state in PAUSED_STATES and new_state not in PAUSED_STATES and view.pauses:
        start, _ = view.pauses[-1]
        view.pauses[-1] = (start, event_day(event))
        view._resume = None
    view.state = new_state
