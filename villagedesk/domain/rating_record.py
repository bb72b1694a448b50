"""星级考评 as a shared record: a center's year is an event stream of its own kind in the event log.

Why events rather than the clerk's local table: the score has to reach the village (its result), every
clerk of the town (one inbox of ratings) and the city (which reviews it), and the existing sync already
moves a village partition's events to exactly those devices, judged by the server on the way. The
stream id is derived from (center, year), so a center's year is one stream on every device, whoever
scores it. It has no ``case_registered``: the case projection ignores it; ``fold`` is its projection.

Lifecycle (lifecycle.RULES): rating_scored (town clerk; again after any change) -> rating_reviewed
(city). A town's re-score that changes the score or the stars voids the city's review of the earlier
sheet (it needs a review of its own); a re-score with the same result keeps it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from villagedesk.domain.events import Event
from villagedesk.domain.lifecycle import EVENT_LABELS, EventType, Role, State
from villagedesk.domain.projection import event_day
from villagedesk.domain.record_stream import fold_stream

NAMESPACE = uuid.UUID("1c0b5d8e-7a43-5f21-9c6e-4b2d8f1a3e57")
RATING_EVENTS = frozenset({EventType.RATING_SCORED, EventType.RATING_REVIEWED})


def rating_id(center_code: str, year: int) -> str:
    """The one stream id of a center's rating for a year (same on every device)."""
    return str(uuid.uuid5(NAMESPACE, f"star-rating:{center_code}:{year:04d}"))


@dataclass
class Step:
    """One entry of a rating's history: who did what, when, and why."""

    day: date
    action: str
    author: str  # the person's name as the event carries it (its user id when it carries none)
    role: Role
    stars: int | None
    reason: str


@dataclass
class RatingView:
    rating_id: str
    partition: str = ""
    year: int = 0
    state: State | None = None
    score: float | None = None
    stars: int | None = None
    insufficient: str = ""
    sheet: dict[str, Any] = field(default_factory=dict)
    manual_scores: dict[str, float] = field(default_factory=dict)
    metrics: dict[str, Any] = field(default_factory=dict)
    scored_by: str = ""
    scored_on: date | None = None
    city_stars: int | None = None
    city_note: str = ""
    reviewed_by: str = ""
    reviewed_on: date | None = None
    history: list[Step] = field(default_factory=list)
    conflict_events: list[str] = field(default_factory=list)

    @property
    def final_stars(self) -> int | None:
        """The city's reviewed stars when given, else the town's."""
        return self.city_stars if self.city_stars is not None else self.stars


def fold(events: Iterable[Event]) -> RatingView | None:
    """The rating a stream's events describe; None when the stream is not a rating."""
    opened = lambda e: RatingView(e.case_id, partition=e.partition)  # noqa: E731
    return fold_stream(events, RATING_EVENTS, EventType.RATING_SCORED, opened, _apply)


def _apply(view: RatingView, e: Event) -> None:
    p, day = e.payload, event_day(e)
    if e.type is EventType.RATING_SCORED:
        score = p.get("score")
        stars = p.get("stars")
        if view.city_stars is not None and (score, stars) != (view.score, view.stars):
            view.city_stars, view.city_note, view.reviewed_by, view.reviewed_on = None, "", "", None
        view.year = int(p.get("year", 0))
        view.score, view.stars = score, stars
        view.insufficient = str(p.get("insufficient", ""))
        view.sheet = dict(p.get("sheet", {}))
        view.manual_scores = dict(p.get("manual_scores", {}))
        view.metrics = dict(p.get("metrics", {}))
        view.scored_by, view.scored_on = str(p.get("scorer") or e.author), day
    else:
        view.city_stars = int(p["stars"])
        view.city_note = str(p.get("reason", ""))
        view.reviewed_by, view.reviewed_on = str(p.get("reviewer") or e.author), day
        stars = view.city_stars
    who = str(p.get("scorer") or p.get("reviewer") or e.author)
    view.history.append(Step(day, EVENT_LABELS[e.type], who, e.role, stars, str(p.get("reason", ""))))
