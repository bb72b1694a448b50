"""The fold every shared record stream (星级考评, 督查, 工作进展报送) shares: its events in causal order,
the stream's first event opening it, each later one taken only where the lifecycle allows it (else set
aside as a conflict, never applied), so every device reads the same record from the same events."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol, TypeVar

from villagedesk.domain.errors import TransitionError
from villagedesk.domain.events import Event
from villagedesk.domain.lifecycle import EventType, State, next_state
from villagedesk.domain.projection import causal_order


class StreamView(Protocol):
    state: State | None
    conflict_events: list[str]


V = TypeVar("V", bound=StreamView)


def fold_stream(
    events: Iterable[Event],
    kinds: frozenset[EventType],
    opening: EventType,
    open_view: Callable[[Event], V],
    apply: Callable[[V, Event], None],
) -> V | None:
    """The view ``open_view``/``apply`` build from the stream's events of ``kinds``; None when the stream
    is not of this kind (its first such event is not ``opening``)."""
    ordered = [e for e in causal_order(events) if e.type in kinds]
    if not ordered or ordered[0].type is not opening:
        return None
    view = open_view(ordered[0])
    for e in ordered:
        try:
            state = next_state(view.state, e.type, e.role, e.payload)
        except TransitionError:
            view.conflict_events.append(e.id)
            continue
        apply(view, e)
        view.state = state
    return view
