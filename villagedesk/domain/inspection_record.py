"""督查 as a shared record: one inspection is an event stream of its own kind in the inspected village's
partition, so it reaches the village (which answers with its 整改情况), every clerk of the town and the
city by the existing sync, judged by the server like any event. ``fold`` is its projection.

The city also inspects a town: that inspection lives in the town's own partition (its 12-digit code,
beside the town's reports), so it reaches every clerk of that town, who answer, and the city, and no
village and no other town.

Lifecycle (lifecycle.RULES): inspection_recorded (town clerk or city) -> inspection_answered (again,
until the fix is done). Who may do which depends on the partition (``role_problem``): in a village's,
the town or the city records and the village's agent answers; in a town's, only the city records and
only the town's clerks answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from villagedesk.domain.events import Event
from villagedesk.domain.lifecycle import EventType, Role, State
from villagedesk.domain.projection import event_day
from villagedesk.domain.record_payloads import INSPECTION_KINDS
from villagedesk.domain.record_stream import fold_stream

INSPECTION_EVENTS = frozenset({EventType.INSPECTION_RECORDED, EventType.INSPECTION_ANSWERED})


def role_problem(event: EventType, partition: str, role: Role) -> str | None:
    """Why ``role`` may not author inspection ``event`` in ``partition``, or None (other events: None).
    A town's partition ends in 000; the judge keeps everything else out of it."""
    if event is EventType.INSPECTION_ANSWERED:
        inspected_town = partition.endswith("000")
        if inspected_town and role is not Role.CLERK:
            return "对乡镇督查的整改情况由被督查乡镇的工作人员填报"
        if not inspected_town and role is not Role.AGENT:
            return "整改情况由被督查的村(社区)便民服务中心填报"
    elif event is EventType.INSPECTION_RECORDED and partition.endswith("000") and role is not Role.CITY:
        return "对乡镇的督查只能由市级审批服务中心记录"
    return None


@dataclass
class Answer:
    day: date
    answerer: str
    result: str
    fixed: bool
    fixed_on: date | None


@dataclass
class InspectionView:
    inspection_id: str
    village_code: str = ""  # the inspected center: a village's code, or a town's (ends in 000)
    state: State | None = None
    kind: str = ""
    on: date | None = None
    inspector: str = ""
    inspector_role: Role | None = None
    findings: str = ""
    deduction: float = 0.0
    data_leak: bool = False
    fix_by: date | None = None
    answers: list[Answer] = field(default_factory=list)
    conflict_events: list[str] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return INSPECTION_KINDS.get(self.kind, self.kind)

    @property
    def fixed_on(self) -> date | None:
        """The day the village reported the fix done (its latest answer that says so)."""
        done = [a for a in self.answers if a.fixed]
        return done[-1].fixed_on if done else None

    @property
    def result(self) -> str:
        return self.answers[-1].result if self.answers else ""


def _date(text: object) -> date | None:
    try:
        return date.fromisoformat(str(text)[:10]) if text else None
    except ValueError:
        return None


def fold(events: Iterable[Event]) -> InspectionView | None:
    """The inspection a stream's events describe; None when the stream is not an inspection."""
    opened = lambda e: InspectionView(e.case_id, village_code=e.partition)  # noqa: E731
    return fold_stream(events, INSPECTION_EVENTS, EventType.INSPECTION_RECORDED, opened, _apply)


def _apply(view: InspectionView, e: Event) -> None:
    p = e.payload
    if e.type is EventType.INSPECTION_RECORDED:
        view.kind = str(p.get("kind", ""))
        view.on = _date(p.get("on")) or event_day(e)
        view.inspector = str(p.get("inspector") or e.author)
        view.inspector_role = e.role
        view.findings = str(p.get("findings", ""))
        view.deduction = float(p.get("deduction", 0) or 0)
        view.data_leak = bool(p.get("data_leak", False))
        view.fix_by = _date(p.get("fix_by"))
    else:
        fixed = bool(p.get("fixed", False))
        view.answers.append(
            Answer(event_day(e), str(p.get("answerer") or e.author), str(p.get("result", "")), fixed,
                   _date(p.get("fixed_on")) if fixed else None)
        )  # fmt: skip
