"""工作进展报送, both levels: the one path a monthly report takes (load, get, append, review, list), told
apart by its ``ReportLevel`` — a village's report to the town (``progress_reports``) or a town's to the
city (``town_reports``). One core so a fix to how a report is written or listed reaches both levels."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from villagedesk.domain.errors import NotFoundError, TransitionError
from villagedesk.domain.events import Event
from villagedesk.domain.lifecycle import EventType, Role, State, next_state
from villagedesk.domain.payloads import clean_payload
from villagedesk.domain.progress_report import ReportView, fold
from villagedesk.services import record_streams
from villagedesk.services.desk import Desk


@dataclass(frozen=True)
class ReportLevel:
    """What sets one level's reports apart: their events, who reviews them, and the words it uses."""

    level: str  # ReportView.level: "village" or "town"
    events: frozenset[EventType]
    drafted: EventType
    reviewer: Role
    reviews: Callable[[str, str], bool]  # (reviewer's region, report's partition) -> may review
    missing: str  # the report does not exist
    not_drafted: str  # acting on a month not drafted yet
    not_reviewer: str
    clean: bool = False  # run the judge's payload rules before writing


def load(level: ReportLevel, session, rid: str) -> tuple[ReportView | None, list[Event]]:
    events = record_streams.one(session, rid)
    view = fold(events)
    return (view if view is not None and view.level == level.level else None), events


def get(level: ReportLevel, desk: Desk, rid: str) -> ReportView:
    with desk.store.read() as s:
        view, _ = load(level, s, rid)
    if view is None:
        raise NotFoundError(level.missing)
    return view


def review(level: ReportLevel, desk: Desk, rid: str, event: EventType, payload: dict) -> ReportView:
    ident = desk.identity
    view = get(level, desk, rid)
    if ident.role is not level.reviewer or not level.reviews(ident.region_code, view.partition):
        raise TransitionError(level.not_reviewer)
    return append(level, desk, rid, view.partition, event, payload)


def append(level: ReportLevel, desk: Desk, rid: str, partition: str, event: EventType, payload: dict) -> ReportView:
    assert event in level.events
    if level.clean:
        payload = clean_payload(event, payload)  # the judge's own rules: what it would refuse is never written
    with desk.store.write() as s:
        view, events = load(level, s, rid)
        if view is None and events:
            raise TransitionError("该编号已被其他记录占用")
        if view is None and event is not level.drafted:
            raise NotFoundError(level.not_drafted)
        next_state(view.state if view else None, event, desk.identity.role, payload)  # TransitionError if not
        desk.new_events(s, rid, partition, [(event, payload)])
        new_view, _ = load(level, s, rid)
    assert new_view is not None
    return new_view


def filter_reports(
    level: ReportLevel, desk: Desk, month: tuple[int, int] | None, region: str | None, state: State | None
) -> list[ReportView]:
    """The reports of one month (year, month), one region (the report's partition) and/or one state; each
    None: any. Newest first."""
    return [
        r
        for r in list_reports(level, desk, month[0] if month else None)
        if (month is None or (r.year, r.month) == month)
        and (region is None or r.partition == region)
        and (state is None or r.state is state)
    ]


def list_reports(level: ReportLevel, desk: Desk, year: int | None = None) -> list[ReportView]:
    """Every report of this level in this database, newest first."""
    with desk.store.read() as s:
        streams = record_streams.streams(s, level.drafted)
    views = [view for events in streams.values() if (view := fold(events)) is not None and view.level == level.level]
    if year is not None:
        views = [x for x in views if x.year == year]
    return sorted(views, key=lambda x: (-x.year, -x.month, x.partition))
