"""公休日预约 as a shared record: one booking is an event stream of its own kind in the village's
partition, so the town sees its villages' weekend and holiday bookings by the existing sync, judged by
the server like any event; ``fold`` is its projection.

Lifecycle (lifecycle.RULES): appointment_booked (agent) -> appointment_arrived (with the case it became),
appointment_cancelled or appointment_no_show (爽约), once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from villagedesk.domain.errors import TransitionError
from villagedesk.domain.events import Event
from villagedesk.domain.lifecycle import EventType, State, next_state
from villagedesk.domain.projection import causal_order

APPOINTMENT_EVENTS = frozenset(
    {
        EventType.APPOINTMENT_BOOKED,
        EventType.APPOINTMENT_ARRIVED,
        EventType.APPOINTMENT_CANCELLED,
        EventType.APPOINTMENT_NO_SHOW,
    }
)
STATUS_OF = {
    State.APPOINTMENT_BOOKED: "booked",
    State.APPOINTMENT_ARRIVED: "arrived",
    State.APPOINTMENT_CANCELLED: "cancelled",
    State.APPOINTMENT_NO_SHOW: "no_show",
}


@dataclass
class AppointmentView:
    appointment_id: str
    village_code: str
    name: str = ""
    phone: str = ""
    item_code: str = ""
    day: date | None = None
    slot: str = ""
    note: str = ""
    state: State | None = None
    case_id: str | None = None

    @property
    def status(self) -> str:
        return STATUS_OF.get(self.state, "") if self.state else ""


def fold(events: Iterable[Event]) -> AppointmentView | None:
    """The booking a stream's events describe; None when the stream is not an appointment."""
    ordered = [e for e in causal_order(events) if e.type in APPOINTMENT_EVENTS]
    if not ordered or ordered[0].type is not EventType.APPOINTMENT_BOOKED:
        return None
    view = AppointmentView(ordered[0].case_id, ordered[0].partition)
    for e in ordered:
        try:
            state = next_state(view.state, e.type, e.role, e.payload)
        except TransitionError:
            continue  # a second outcome recorded concurrently elsewhere: the first one stands
        p = e.payload
        if e.type is EventType.APPOINTMENT_BOOKED:
            view.name, view.phone = str(p.get("name", "")), str(p.get("phone", ""))
            view.item_code, view.slot, view.note = (
                str(p.get("item_code", "")),
                str(p.get("slot", "")),
                str(p.get("note", "")),
            )
            try:
                view.day = date.fromisoformat(str(p.get("day", ""))[:10])
            except ValueError:
                view.day = None
        elif e.type is EventType.APPOINTMENT_ARRIVED:
            view.case_id = str(p.get("case_id", "")) or None
        view.state = state
    return view if view.day is not None else None
