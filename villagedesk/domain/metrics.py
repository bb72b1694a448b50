"""Work statistics computed from case events: pure, so the desktop and the town server share them.

Every metric is defined once, in ``METRIC_DEFINITIONS`` (Chinese, shown to users and exported with the
figures); docs/metrics.md says the same at more length. Facts are taken "as of" a day: events after it
are ignored, so a month's figures do not change when later events arrive for old cases.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, timedelta

from villagedesk.domain import promise
from villagedesk.domain.catalog import MEDIATION_ITEM
from villagedesk.domain.deadlines import Interval, LimitUnit, WorkCalendar, due_date
from villagedesk.domain.events import Event
from villagedesk.domain.lifecycle import STATE_LABELS, EventType, Role, State
from villagedesk.domain.projection import CaseView, apply, causal_order, event_day
from villagedesk.domain.promise import clock_running, promised_due
from villagedesk.domain.satisfaction import BAD_LEVELS, GOOD_LEVELS, SUB_SCORES, FollowUp, followup_of

SUBMIT_WINDOW_DAYS = 3
CASE_START = EventType.CASE_REGISTERED

METRIC_DEFINITIONS: dict[str, str] = {
    "cases": "登记办件数: 统计期内登记的办件(含村级直办), 按事项类别和统计截止日的状态分别计数。",
    "on_time_rate": (
        "按时办结率: 统计期内作出决定(准予/不予)或村级办结的办件中, 在承诺时限内办结的比例。"
        "承诺时限从镇中心受理之日(村级直办事项从登记之日)起算, 按事项规定的工作日或自然日计算, "
        "法定节假日和调休按国家安排, 补正、退回补正、特别程序期间不计入, 已批准的延期顺延。"
    ),
    "avg_used_days": "平均用时: 上述办结办件从起算日到办结日的实际用时(扣除暂停期间, 单位同事项时限)的平均值。",
    "avg_promised_days": "平均承诺时限: 上述办结办件承诺时限(含延期)的平均值。",
    "used_vs_promised": "用时占承诺时限比: 上述办件实际用时之和 ÷ 承诺时限之和; 小于 100% 说明整体提前办结。",
    "submitted_in_window": (
        "3个工作日内报送率: 统计期内登记、须报镇办理的办件中, 自登记起 3 个工作日内(群众补交材料期间不计)"
        "报送镇中心的比例。尚未到 3 个工作日且未报送的不计入; 登记后报送前撤回的不计入。"
    ),
    "corrections_per_case": (
        "平均补正次数: 统计期内登记并已报送的办件, 被镇中心退回补正或要求补正材料的次数之和 ÷ 办件数"
        "(市级中心的退回补正不计入)。"
    ),
    "return_rate": (
        "退件率: 统计期内登记并已报送的办件中, 至少被镇中心退回补正(含要求补正材料)一次的比例; "
        "市级中心的退回补正不计入, 计入市级退件率。"
    ),
    "city_return_rate": "市级退件率: 统计期内登记并已转报市级中心的办件中, 至少被市级中心退回补正一次的比例。",
    "delivery_lag": "结果送达平均用时: 统计期内送达的办件, 从结果待领取到送达群众所用的工作日数的平均值。",
    "good_review_rate": "好评率: 统计期内的评价中, 非常满意、满意、基本满意(好评)所占比例; 不满意、非常不满意为差评。",
    "sub_scores": "分项评分: 统计期内评价的效率、水平、态度三项(1-5分)的平均分。",
    "bad_review_fix_rate": (
        "差评整改率: 统计期内的差评中, 在差评后 15 个工作日内整改完成的比例; "
        "尚未整改且未到期的差评不计入(另列为整改中)。"
    ),
    "followups_open": "差评整改中: 截止日尚未整改完成的差评件数(其中已超过 15 个工作日的另计为逾期)。",
    "overdue_open": (
        "逾期在办件: 截止日仍在办理中、时限正在计算(未办结、未暂停; 待补正、退回补正、特别程序期间不计)"
        "且已过承诺办结日的办件数, 与工作台、办件列表的「逾期」同一口径; 当天到期的不算逾期。"
        "已办结但超过承诺时限的不计入, 计为超期办结(按时办结率的分母减分子)。"
    ),
    "appointment_show_up": (
        "预约履约率: 统计期内的公休日预约中, 群众按约到场的比例(到场 ÷ (到场 + 爽约)); 取消的预约不计入。"
        "没有预约的中心不计此项。"
    ),
    "mediation_agreement_rate": "调解成功率: 统计期内村级办结的人民调解(JY022)中, 达成调解协议的比例。",
}

METRIC_CONVENTIONS: tuple[str, ...] = (
    "统计范围: 一个村(社区)便民服务中心, 或一个乡镇(街道)下所有村; 统计期为起止日期(含两端), 如一个自然月。",
    "截止日: 统计期的最后一天, 如果统计期尚未结束则为今天。截止日之后发生的事情不影响该期数字。",
    "工作日按国家公布的节假日和调休安排计算; 计算承诺时限时, 补正材料、退回补正和特别程序期间不计入。",
)

METRIC_LABELS: dict[str, str] = {k: v.split(":", 1)[0] for k, v in METRIC_DEFINITIONS.items()}


@dataclass(frozen=True)
class Period:
    """An inclusive range of days, e.g. one month."""

    start: date
    end: date

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        nxt = date(year + month // 12, month % 12 + 1, 1)
        return cls(date(year, month, 1), nxt - timedelta(days=1))

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    @property
    def label(self) -> str:
        if self.start.day == 1 and self.end == Period.month(self.start.year, self.start.month).end:
            return f"{self.start.year}年{self.start.month}月"
        return f"{self.start.isoformat()} 至 {self.end.isoformat()}"


@dataclass(frozen=True)
class Ratio:
    num: int
    den: int

    @property
    def value(self) -> float | None:
        return self.num / self.den if self.den else None

    def text(self) -> str:
        return "—" if not self.den else f"{100 * self.num / self.den:.1f}% ({self.num}/{self.den})"


@dataclass(frozen=True)
class Appointment:
    """Input of the show-up metric: a booking's day and status (services.appointments.show_up_facts)."""

    day: date
    status: str  # booked | arrived | no_show | cancelled


@dataclass
class CaseFacts:
    """What the metrics need from one case, as of a day."""

    case_id: str
    partition: str
    item_code: str
    category: str
    final_level: str
    state: State
    registered_on: date
    agent_id: str
    agent_name: str
    promised_days: int
    limit_unit: LimitUnit
    pauses: list[Interval]
    extension_days: int = 0
    submitted_on: date | None = None
    accepted_on: date | None = None
    decided_on: date | None = None
    outcome: str | None = None
    result_ready_on: date | None = None
    delivered_on: date | None = None
    withdrawn_before_submit: bool = False
    corrections: int = 0  # the town's returns and requests for materials (镇中心退回补正)
    city_corrections: int = 0  # the city's returns (市级退回补正): the city's rate, not the town's
    forwarded: bool = False  # the town forwarded it to the city at least once (转报)
    evaluation_level: str | None = None
    evaluated_on: date | None = None
    scores: dict[str, int] = field(default_factory=dict)
    followup: FollowUp | None = None
    mediation_outcome: str | None = None

    @property
    def village_direct(self) -> bool:
        return self.final_level == "village"


def case_facts(events: Iterable[Event], calendar: WorkCalendar, as_of: date) -> CaseFacts | None:
    """Facts of one case from its events up to ``as_of``; None for other streams (progress reports)."""
    upto = [e for e in events if event_day(e) <= as_of]
    if not any(e.type is CASE_START for e in upto):
        return None
    ordered = causal_order(upto)
    view = CaseView(ordered[0].case_id)
    for e in ordered:
        apply(view, e)
    if view.state is None or view.registered_on is None:
        return None
    reg = view.registered
    start = next(e for e in ordered if e.type is CASE_START)
    facts = CaseFacts(
        case_id=view.case_id,
        partition=view.partition,
        item_code=str(reg.get("item_code", "")),
        category=str(reg.get("category", "")),
        final_level=str(reg.get("final_level", "")),
        state=view.state,
        registered_on=view.registered_on,
        agent_id=start.author,
        agent_name=str(reg.get("agent_name", "")),
        promised_days=int(reg.get("promised_days", 0) or 0),
        limit_unit=LimitUnit(reg.get("limit_unit", LimitUnit.WORKING_DAYS.value)),
        pauses=[Interval(s, e) for s, e in view.pauses],
        extension_days=view.extension_days,
        submitted_on=view.submitted_on,
        accepted_on=view.accepted_on,
        decided_on=view.decided_on,
        outcome=view.outcome,
        delivered_on=view.delivered_on,
        followup=followup_of(ordered, calendar, ordered=True),
    )
    conflicted = set(view.conflict_events)
    for e in ordered:
        if e.id in conflicted:
            continue
        day = event_day(e)
        if e.type is EventType.RETURNED and e.role is Role.CITY:
            facts.city_corrections += 1
        elif e.type is EventType.RETURNED or (e.type is EventType.MATERIALS_MISSING and e.role is Role.CLERK):
            facts.corrections += 1
        elif e.type is EventType.FORWARDED:
            facts.forwarded = True
        elif e.type is EventType.RESULT_READY:
            facts.result_ready_on = day
        elif e.type is EventType.EVALUATED:
            facts.evaluation_level = str(e.payload.get("level"))
            facts.evaluated_on = day
            scores = e.payload.get("scores") or {}
            facts.scores = {k: int(scores[k]) for k in SUB_SCORES if isinstance(scores.get(k), int)}
        elif e.type is EventType.VILLAGE_COMPLETED:
            facts.mediation_outcome = e.payload.get("outcome")
        elif e.type is EventType.WITHDRAWN and facts.submitted_on is None:
            facts.withdrawn_before_submit = True
    return facts


# --- facts kept between opens -----------------------------------------------------------------------
#
# ``case_facts`` reads ``as_of`` only to drop the events after that day: everything else it computes
# (the projection, the follow-up's due day, the counts) is a function of the events kept and of the
# calendar. So facts computed as of one day are the facts of every day that keeps the same events: from
# the last day of an event kept up to (not including) the first day of an event dropped (``facts_window``;
# tests/integration/test_stored_facts.py checks it on every day of the corpus's cases). What does depend on the
# 截止日 beyond that — 逾期 (``is_overdue``), the window for submitting, a follow-up's lateness — is not in
# the facts: the metrics compute it from the facts and ``as_of`` at every open.


def facts_window(events: Iterable[Event], as_of: date) -> tuple[date, date | None]:
    """The days ``case_facts(events, calendar, as_of)`` is the same for: [first, until), until None for
    every later day. ``first`` is the day of the latest event kept (``date.min`` when none is)."""
    first, until = date.min, None
    for e in events:
        day = event_day(e)
        if day <= as_of:
            if day > first:
                first = day
        elif until is None or day < until:
            until = day
    return first, until


_FACT_FIELDS = tuple(f.name for f in fields(CaseFacts))
_DATE_FIELDS = frozenset(
    ("registered_on", "submitted_on", "accepted_on", "decided_on", "result_ready_on", "delivered_on", "evaluated_on")
)
_STATES = {s.value: s for s in State}
_UNITS = {u.value: u for u in LimitUnit}


def _ordinal(day: date | None) -> int | None:
    return None if day is None else day.toordinal()


def _day(n: int | None) -> date | None:
    return None if n is None else date.fromordinal(n)


def facts_to_row(f: CaseFacts) -> list:
    """A case's facts as plain JSON-able values in field order (days as ordinals): what is stored."""
    out = []
    for name in _FACT_FIELDS:
        value = getattr(f, name)
        if name in _DATE_FIELDS:
            value = _ordinal(value)
        elif name in ("state", "limit_unit"):
            value = value.value
        elif name == "pauses":
            value = [[p.start.toordinal(), _ordinal(p.end)] for p in value]
        elif name == "followup" and value is not None:
            value = [value.case_id, value.level, value.reviewed_on.toordinal(), value.due_on.toordinal(),
                     _ordinal(value.recorded_on), value.verified, _ordinal(value.fixed_on)]  # fmt: skip
        out.append(value)
    return out


_DATE_AT = tuple(i for i, name in enumerate(_FACT_FIELDS) if name in _DATE_FIELDS)
_AT = {name: i for i, name in enumerate(_FACT_FIELDS)}
_STATE_AT, _UNIT_AT, _PAUSES_AT, _FOLLOWUP_AT = (_AT[n] for n in ("state", "limit_unit", "pauses", "followup"))
_fromordinal = date.fromordinal


def _interval(start: int, end: int | None) -> Interval:
    out = object.__new__(Interval)  # frozen: __init__ sets each field through object.__setattr__
    out.__dict__.update(start=_fromordinal(start), end=None if end is None else _fromordinal(end))
    return out


def facts_from_row(row: Sequence) -> CaseFacts:
    """The facts ``facts_to_row`` stored (equal to the original, field for field).

    Built without the dataclass's ``__init__`` (a city's year reads 300,000 of them)."""
    if len(row) != len(_FACT_FIELDS):
        raise ValueError("stored facts of another shape")
    values = list(row)
    for i in _DATE_AT:
        n = values[i]
        if n is not None:
            values[i] = _fromordinal(n)
    state, unit = values[_STATE_AT], values[_UNIT_AT]
    values[_STATE_AT] = _STATES.get(state) or State(state)
    values[_UNIT_AT] = _UNITS.get(unit) or LimitUnit(unit)
    pauses = values[_PAUSES_AT]
    if pauses:
        values[_PAUSES_AT] = [_interval(s, e) for s, e in pauses]
    up = values[_FOLLOWUP_AT]
    if up is not None:
        values[_FOLLOWUP_AT] = FollowUp(
            up[0], up[1], _fromordinal(up[2]), _fromordinal(up[3]), _day(up[4]), bool(up[5]), _day(up[6])
        )
    f = object.__new__(CaseFacts)
    f.__dict__.update(zip(_FACT_FIELDS, values, strict=True))
    return f


# --- the promised clock ----------------------------------------------------------------------------


def promise_start(f: CaseFacts) -> date | None:
    """Where the promised clock starts: registration for village-direct items, else acceptance."""
    return f.registered_on if f.village_direct else f.accepted_on


def _clip(pauses: Sequence[Interval], start: date, stop: date) -> list[Interval]:
    out = []
    for p in pauses:
        s, e = max(p.start, start), min(p.end or stop, stop)
        if e > s:
            out.append(Interval(s, e))
    return out


def promise_due(f: CaseFacts, calendar: WorkCalendar, upto: date) -> date | None:
    """The promised date as of ``upto`` (pauses until then shift it), or None before the clock starts."""
    start = promise_start(f)
    if start is None:
        return None
    pauses = _clip(f.pauses, start, upto)
    return due_date(calendar, start, f.promised_days, f.limit_unit, pauses, f.extension_days, upto)


def used_days(f: CaseFacts, calendar: WorkCalendar, stop: date) -> int:
    """Days the promised clock ran from its start to ``stop``, paused intervals taken out."""
    start = promise_start(f)
    assert start is not None
    pauses = _clip(f.pauses, start, stop)
    if f.limit_unit is LimitUnit.WORKING_DAYS:
        total = calendar.working_days_between(start, stop)
        return total - sum(calendar.working_days_between(p.start, p.end or stop) for p in pauses)
    return (stop - start).days - sum(((p.end or stop) - p.start).days for p in pauses)


def submit_days(f: CaseFacts, calendar: WorkCalendar, upto: date) -> int:
    """Working days from registration to ``upto`` minus the villager's time to bring missing materials."""
    pauses = _clip(f.pauses, f.registered_on, upto)
    total = calendar.working_days_between(f.registered_on, upto)
    return total - sum(calendar.working_days_between(p.start, p.end or upto) for p in pauses)


def shown_due(f: CaseFacts, calendar: WorkCalendar, as_of: date) -> date:
    """The promised day the case page showed as of ``as_of`` (provisional before the town accepted)."""
    return promised_due(
        calendar,
        village_direct=f.village_direct,
        registered_on=f.registered_on,
        accepted_on=f.accepted_on,
        limit=f.promised_days,
        unit=f.limit_unit,
        pauses=f.pauses,
        extension=f.extension_days,
        today=as_of,
    )


def is_overdue(f: CaseFacts, calendar: WorkCalendar, as_of: date) -> bool:
    """逾期 as of a day: ``domain.promise.is_overdue``, the definition every page and count uses."""
    return clock_running(f.state) and promise.is_overdue(f.state, shown_due(f, calendar, as_of), as_of)


# --- the metrics ------------------------------------------------------------------------------------


@dataclass
class Metrics:
    period: Period
    as_of: date
    cases: int = 0
    by_category: dict[str, int] = field(default_factory=dict)
    by_state: dict[str, int] = field(default_factory=dict)
    on_time_rate: Ratio = Ratio(0, 0)
    avg_used_days: float | None = None
    avg_promised_days: float | None = None
    used_vs_promised: Ratio = Ratio(0, 0)
    submitted_in_window: Ratio = Ratio(0, 0)
    corrections_per_case: float | None = None
    return_rate: Ratio = Ratio(0, 0)
    city_return_rate: Ratio = Ratio(0, 0)
    delivery_lag: float | None = None
    good_review_rate: Ratio = Ratio(0, 0)
    sub_scores: dict[str, float] = field(default_factory=dict)
    bad_review_fix_rate: Ratio = Ratio(0, 0)
    followups_open: int = 0
    followups_overdue: int = 0
    verified_bad_reviews: int = 0
    overdue_open: int = 0
    closed_late: int = 0  # 超期办结: decided in the period after the promised day
    appointment_show_up: Ratio | None = None
    mediation_agreement_rate: Ratio = Ratio(0, 0)

    def rows(self) -> list[tuple[str, str, str]]:
        """(key, label, value as text) for reports and exports, in definition order."""
        fmt = _fmt
        values = {
            "cases": str(self.cases),
            "on_time_rate": self.on_time_rate.text(),
            "avg_used_days": fmt(self.avg_used_days),
            "avg_promised_days": fmt(self.avg_promised_days),
            "used_vs_promised": self.used_vs_promised.text(),
            "submitted_in_window": self.submitted_in_window.text(),
            "corrections_per_case": fmt(self.corrections_per_case, 2),
            "return_rate": self.return_rate.text(),
            "city_return_rate": self.city_return_rate.text(),
            "delivery_lag": fmt(self.delivery_lag),
            "good_review_rate": self.good_review_rate.text(),
            "sub_scores": " / ".join(f"{k} {v:.2f}" for k, v in self.sub_scores.items()) or "—",
            "bad_review_fix_rate": self.bad_review_fix_rate.text(),
            "followups_open": f"{self.followups_open} (逾期 {self.followups_overdue})",
            "overdue_open": str(self.overdue_open),
            "appointment_show_up": self.appointment_show_up.text() if self.appointment_show_up else "— (无预约)",
            "mediation_agreement_rate": self.mediation_agreement_rate.text(),
        }
        return [(k, METRIC_LABELS[k], values[k]) for k in METRIC_DEFINITIONS]

    def snapshot(self) -> dict:
        """Plain JSON-able figures (what a progress report or a star-rating sheet stores)."""
        ratios = {
            k: {"num": r.num, "den": r.den, "value": r.value}
            for k, r in (
                ("on_time_rate", self.on_time_rate),
                ("used_vs_promised", self.used_vs_promised),
                ("submitted_in_window", self.submitted_in_window),
                ("return_rate", self.return_rate),
                ("city_return_rate", self.city_return_rate),
                ("good_review_rate", self.good_review_rate),
                ("bad_review_fix_rate", self.bad_review_fix_rate),
                ("mediation_agreement_rate", self.mediation_agreement_rate),
            )
        }
        if self.appointment_show_up is not None:
            r = self.appointment_show_up
            ratios["appointment_show_up"] = {"num": r.num, "den": r.den, "value": r.value}
        return {
            "period": [self.period.start.isoformat(), self.period.end.isoformat()],
            "as_of": self.as_of.isoformat(),
            "cases": self.cases,
            "by_category": self.by_category,
            "by_state": self.by_state,
            "avg_used_days": self.avg_used_days,
            "avg_promised_days": self.avg_promised_days,
            "corrections_per_case": self.corrections_per_case,
            "delivery_lag": self.delivery_lag,
            "sub_scores": self.sub_scores,
            "followups_open": self.followups_open,
            "followups_overdue": self.followups_overdue,
            "verified_bad_reviews": self.verified_bad_reviews,
            "overdue_open": self.overdue_open,
            "closed_late": self.closed_late,
            "rates": ratios,
            "text": {k: v for k, _, v in self.rows()},
        }


def _fmt(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def compute(
    facts: Iterable[CaseFacts],
    period: Period,
    calendar: WorkCalendar,
    as_of: date | None = None,
    appointments: Iterable[Appointment] | None = None,
) -> Metrics:
    """All metrics of a set of cases for a period; ``as_of`` defaults to the period's last day."""
    as_of = min(as_of or period.end, period.end)
    return tally(facts, period, calendar, as_of).metrics(period, as_of, appointments)


def compute_groups(
    facts: Sequence[CaseFacts],
    key: Callable[[CaseFacts], str],
    codes: Iterable[str],
    period: Period,
    calendar: WorkCalendar,
    as_of: date | None = None,
    bookings: Callable[[str], Iterable[Appointment] | None] | None = None,
    all_bookings: Iterable[Appointment] | None = None,
) -> tuple[Metrics, dict[str, Metrics]]:
    """The metrics of all ``facts`` and of each group of them by ``key`` (a town's villages, a city's
    towns), in code order; every code of ``codes`` is listed, with zeros if it has no case.

    Each case is scored once: the total is the sum of the groups' tallies, not a second pass over every
    case (which cost as much as all the groups again on the city's page). Every figure is a sum or a
    count of integers, so the total equals ``compute`` over all the facts; its counts by category and
    state are taken in the facts' order, so ties are listed as ``compute`` lists them. ``bookings`` gives
    a group's appointments (its 预约履约率), ``all_bookings`` the total's."""
    as_of = min(as_of or period.end, period.end)
    groups: dict[str, list[CaseFacts]] = {code: [] for code in codes}
    for f in facts:
        groups.setdefault(key(f), []).append(f)
    total = Tally()
    out = {}
    for code, items in sorted(groups.items()):
        part = tally(items, period, calendar, as_of)
        out[code] = part.metrics(period, as_of, bookings(code) if bookings else None)
        total.add(part)
    registered = [f for f in facts if f.registered_on in period]
    total.by_category = Counter(f.category for f in registered)
    total.by_state = Counter(STATE_LABELS[f.state] for f in registered)
    return total.metrics(period, as_of, all_bookings), out


@dataclass
class Tally:
    """The sums and counts every metric is made of, for a set of cases: tallies of disjoint sets add up
    to the tally of their union (``add``), so a total needs no second pass over its cases."""

    cases: int = 0
    by_category: Counter = field(default_factory=Counter)
    by_state: Counter = field(default_factory=Counter)
    on_time: int = 0
    finished: int = 0
    used_sum: int = 0
    promised_sum: int = 0
    window_ok: int = 0
    window_all: int = 0
    submitted: int = 0
    corrections_sum: int = 0
    returned: int = 0
    at_city: int = 0
    city_returned: int = 0
    lag_sum: int = 0
    lags: int = 0
    reviewed: int = 0
    good: int = 0
    score_sums: Counter = field(default_factory=Counter)
    score_counts: Counter = field(default_factory=Counter)
    settled: int = 0
    fixed_in_time: int = 0
    followups_open: int = 0
    followups_overdue: int = 0
    verified_bad: int = 0
    overdue_open: int = 0
    mediations: int = 0
    agreed: int = 0

    def add(self, other: Tally) -> None:
        """Add ``other``'s sums and counts (a disjoint set of cases) to these."""
        for name, value in vars(other).items():
            mine = getattr(self, name)
            if isinstance(mine, Counter):
                mine.update(value)
            else:
                setattr(self, name, mine + value)

    def metrics(self, period: Period, as_of: date, appointments: Iterable[Appointment] | None = None) -> Metrics:
        """The figures of these sums and counts (means and ratios of them)."""
        out = Metrics(period, as_of)
        out.cases = self.cases
        out.by_category = dict(self.by_category.most_common())
        out.by_state = dict(self.by_state.most_common())
        out.on_time_rate = Ratio(self.on_time, self.finished)
        out.closed_late = self.finished - self.on_time  # 超期办结: never among the 逾期 (open) ones
        out.avg_used_days = self.used_sum / self.finished if self.finished else None
        out.avg_promised_days = self.promised_sum / self.finished if self.finished else None
        out.used_vs_promised = Ratio(self.used_sum, self.promised_sum)
        out.submitted_in_window = Ratio(self.window_ok, self.window_all)
        out.corrections_per_case = self.corrections_sum / self.submitted if self.submitted else None
        out.return_rate = Ratio(self.returned, self.submitted)
        out.city_return_rate = Ratio(self.city_returned, self.at_city)
        out.delivery_lag = self.lag_sum / self.lags if self.lags else None
        out.good_review_rate = Ratio(self.good, self.reviewed)
        out.sub_scores = {k: self.score_sums[k] / self.score_counts[k] for k in SUB_SCORES if self.score_counts[k]}
        out.bad_review_fix_rate = Ratio(self.fixed_in_time, self.settled)
        out.followups_open = self.followups_open
        out.followups_overdue = self.followups_overdue
        out.verified_bad_reviews = self.verified_bad
        out.overdue_open = self.overdue_open
        if appointments is not None:
            booked = [a for a in appointments if a.day in period and a.day <= as_of]
            arrived = sum(1 for a in booked if a.status == "arrived")
            out.appointment_show_up = Ratio(arrived, arrived + sum(1 for a in booked if a.status == "no_show"))
        out.mediation_agreement_rate = Ratio(self.agreed, self.mediations)
        return out


def tally(facts: Iterable[CaseFacts], period: Period, calendar: WorkCalendar, as_of: date) -> Tally:
    """The sums and counts of a set of cases for a period as of a day (``as_of`` within the period)."""
    out = Tally()
    cases = list(facts)
    registered = [f for f in cases if f.registered_on in period]
    out.cases = len(registered)
    out.by_category = Counter(f.category for f in registered)
    out.by_state = Counter(STATE_LABELS[f.state] for f in registered)

    for f in cases:
        if f.decided_on in period and f.outcome in ("approved", "denied", "completed") and promise_start(f):
            assert f.decided_on is not None
            due = promise_due(f, calendar, f.decided_on)
            out.finished += 1
            out.on_time += bool(due and f.decided_on <= due)
            out.used_sum += used_days(f, calendar, f.decided_on)
            out.promised_sum += f.promised_days + f.extension_days

    for f in registered:
        if f.village_direct or f.withdrawn_before_submit:
            continue
        if f.submitted_on is not None:
            out.window_all += 1
            out.window_ok += submit_days(f, calendar, f.submitted_on) <= SUBMIT_WINDOW_DAYS
        elif submit_days(f, calendar, as_of) > SUBMIT_WINDOW_DAYS:
            out.window_all += 1  # late and still not submitted

    submitted = [f for f in registered if f.submitted_on is not None]
    out.submitted = len(submitted)
    out.corrections_sum = sum(f.corrections for f in submitted)
    out.returned = sum(1 for f in submitted if f.corrections)
    at_city = [f for f in submitted if f.forwarded]
    out.at_city = len(at_city)
    out.city_returned = sum(1 for f in at_city if f.city_corrections)

    for f in cases:
        if f.delivered_on in period and f.result_ready_on is not None and f.delivered_on is not None:
            out.lags += 1
            out.lag_sum += calendar.working_days_between(f.result_ready_on, f.delivered_on)

    reviewed = [f for f in cases if f.evaluated_on in period and f.evaluation_level]
    out.reviewed = len(reviewed)
    out.good = sum(1 for f in reviewed if f.evaluation_level in GOOD_LEVELS)
    for f in reviewed:
        for k in SUB_SCORES:
            if k in f.scores:
                out.score_sums[k] += f.scores[k]
                out.score_counts[k] += 1
    bad = [f.followup for f in cases if f.followup is not None and f.followup.reviewed_on in period]
    settled = [b for b in bad if b.fixed or as_of > b.due_on]
    out.settled = len(settled)
    out.fixed_in_time = sum(1 for b in settled if b.fixed_in_time)
    still_open = [b for b in bad if not b.fixed]
    out.followups_open = len(still_open)
    out.followups_overdue = sum(1 for b in still_open if b.overdue(as_of))
    out.verified_bad = sum(1 for b in bad if b.verified and b.level in BAD_LEVELS)

    out.overdue_open = sum(1 for f in cases if is_overdue(f, calendar, as_of))

    mediations = [f for f in cases if f.item_code == MEDIATION_ITEM and f.decided_on in period and f.mediation_outcome]
    out.mediations = len(mediations)
    out.agreed = sum(1 for f in mediations if f.mediation_outcome == "agreed")
    return out
