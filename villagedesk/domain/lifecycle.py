"""The case lifecycle: every state, every event, and which role may author which event where.

This table is the single source of truth: the desktop app enables exactly the actions it allows, the
services refuse anything else, and the server checks every pushed event against it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from villagedesk.domain.errors import TransitionError


class Role(StrEnum):
    AGENT = "agent"  # 代办员, village service center
    CLERK = "clerk"  # 镇中心工作人员, town service center
    ADMIN = "admin"  # town administrator (server side)


class State(StrEnum):
    REGISTERED = "registered"
    AWAITING_MATERIALS = "awaiting_materials"
    COMPLETED_IN_VILLAGE = "completed_in_village"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    RETURNED = "returned"
    REFUSED = "refused"
    FORWARDED = "forwarded"
    IN_PROCEDURE = "in_procedure"
    APPROVED = "approved"
    DENIED = "denied"
    RESULT_READY = "result_ready"
    DELIVERED = "delivered"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"
    # A monthly progress report (工作进展报送) is a stream of its own kind in the same event log (so the
    # existing sync moves it); these are its states, never a case's.
    REPORT_DRAFT = "report_draft"
    REPORT_SUBMITTED = "report_submitted"
    REPORT_ACCEPTED = "report_accepted"
    REPORT_RETURNED = "report_returned"


class EventType(StrEnum):
    CASE_REGISTERED = "case_registered"
    MATERIALS_CHECKED = "materials_checked"
    MATERIALS_MISSING = "materials_missing"  # 一次性告知: everything missing, once, in writing
    MATERIALS_SUPPLIED = "materials_supplied"
    VILLAGE_COMPLETED = "village_completed"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    RETURNED = "returned"
    REFUSED = "refused"
    FORWARDED = "forwarded"
    PROCEDURE_STARTED = "procedure_started"
    PROCEDURE_ENDED = "procedure_ended"
    EXTENSION_GRANTED = "extension_granted"
    DECIDED = "decided"
    RESULT_READY = "result_ready"
    DELIVERED = "delivered"
    EVALUATED = "evaluated"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"
    NOTE_ADDED = "note_added"
    ATTACHMENT_ADDED = "attachment_added"
    CUSTODY_CHANGED = "custody_changed"
    CONFLICT_RESOLVED = "conflict_resolved"
    MANDATE_RECORDED = "mandate_recorded"  # a (renewed) 委托书 recorded after registration
    FOLLOWUP_RECORDED = "followup_recorded"  # 差评回访: what the bad review was about, who follows it up
    FOLLOWUP_FIXED = "followup_fixed"  # 差评整改完成
    REPORT_DRAFTED = "report_drafted"  # a progress report (re)generated from the data
    REPORT_SUBMITTED = "report_submitted"
    REPORT_ACCEPTED = "report_accepted"
    REPORT_RETURNED = "report_returned"


STATE_LABELS: dict[State, str] = {
    State.REGISTERED: "已登记",
    State.AWAITING_MATERIALS: "待补正",
    State.COMPLETED_IN_VILLAGE: "村级办结",
    State.SUBMITTED: "已报送",
    State.ACCEPTED: "已受理",
    State.RETURNED: "退回补正",
    State.REFUSED: "不予受理",
    State.FORWARDED: "已转报",
    State.IN_PROCEDURE: "特别程序",
    State.APPROVED: "准予",
    State.DENIED: "不予",
    State.RESULT_READY: "待送达",
    State.DELIVERED: "已送达",
    State.CLOSED: "办结归档",
    State.WITHDRAWN: "已撤回",
    State.REPORT_DRAFT: "报告草稿",
    State.REPORT_SUBMITTED: "报告已报送",
    State.REPORT_ACCEPTED: "报告已通过",
    State.REPORT_RETURNED: "报告已退回",
}

EVENT_LABELS: dict[EventType, str] = {
    EventType.CASE_REGISTERED: "代办登记",
    EventType.MATERIALS_CHECKED: "材料核对",
    EventType.MATERIALS_MISSING: "一次性告知",
    EventType.MATERIALS_SUPPLIED: "材料补齐",
    EventType.VILLAGE_COMPLETED: "村级办结",
    EventType.SUBMITTED: "报送镇中心",
    EventType.ACCEPTED: "受理",
    EventType.RETURNED: "退回补正",
    EventType.REFUSED: "不予受理",
    EventType.FORWARDED: "转报",
    EventType.PROCEDURE_STARTED: "特别程序开始",
    EventType.PROCEDURE_ENDED: "特别程序结束",
    EventType.EXTENSION_GRANTED: "延期",
    EventType.DECIDED: "作出决定",
    EventType.RESULT_READY: "结果待领取",
    EventType.DELIVERED: "送达",
    EventType.EVALUATED: "好差评",
    EventType.CLOSED: "办结归档",
    EventType.WITHDRAWN: "撤回",
    EventType.NOTE_ADDED: "备注",
    EventType.ATTACHMENT_ADDED: "附件",
    EventType.MANDATE_RECORDED: "委托书",
    EventType.CUSTODY_CHANGED: "原件交接",
    EventType.CONFLICT_RESOLVED: "冲突处理",
    EventType.FOLLOWUP_RECORDED: "差评回访",
    EventType.FOLLOWUP_FIXED: "差评整改完成",
    EventType.REPORT_DRAFTED: "生成进展报告",
    EventType.REPORT_SUBMITTED: "报送进展报告",
    EventType.REPORT_ACCEPTED: "通过进展报告",
    EventType.REPORT_RETURNED: "退回进展报告",
}

# States in which the case is over: no clock runs.
TERMINAL_STATES = frozenset({State.CLOSED, State.REFUSED, State.WITHDRAWN})
# States whose time does not count against the promised limit.
PAUSED_STATES = frozenset({State.AWAITING_MATERIALS, State.RETURNED, State.IN_PROCEDURE})
# States after which the promised clock has stopped (a decision or a village completion exists).
STOPPED_STATES = frozenset(
    {
        State.COMPLETED_IN_VILLAGE,
        State.APPROVED,
        State.DENIED,
        State.RESULT_READY,
        State.DELIVERED,
        State.CLOSED,
        State.REFUSED,
        State.WITHDRAWN,
    }
)
BEFORE_DECISION = frozenset(
    {
        State.REGISTERED,
        State.AWAITING_MATERIALS,
        State.SUBMITTED,
        State.ACCEPTED,
        State.RETURNED,
        State.FORWARDED,
        State.IN_PROCEDURE,
    }
)
REPORT_STATES = frozenset({State.REPORT_DRAFT, State.REPORT_SUBMITTED, State.REPORT_ACCEPTED, State.REPORT_RETURNED})
CASE_STATES = frozenset(State) - REPORT_STATES  # what case lists and filters offer
ALL_STATES = frozenset(State)
# Where a bad review's follow-up can be recorded: the review exists, the case may already be closed.
AFTER_EVALUATION = frozenset({State.DELIVERED, State.COMPLETED_IN_VILLAGE, State.CLOSED})

# Markers for targets that depend on the event or on history rather than on the table alone.
SAME = "same"  # the event records something; the state does not change
RESUME = "resume"  # back to the state the case was in before the pause began
BY_OUTCOME = "by_outcome"  # approved or denied, from the payload's outcome
BY_PAYLOAD = "by_payload"  # a person chose the state (conflict resolution)


@dataclass(frozen=True)
class Rule:
    """One row of the table: ``event`` by one of ``roles`` in one of ``sources`` leads to ``target``."""

    event: EventType
    roles: frozenset[Role]
    sources: frozenset[State | None]
    target: State | str


_A = frozenset({Role.AGENT})
_C = frozenset({Role.CLERK})
_AC = frozenset({Role.AGENT, Role.CLERK})

RULES: tuple[Rule, ...] = (
    Rule(EventType.CASE_REGISTERED, _A, frozenset({None}), State.REGISTERED),
    Rule(EventType.MATERIALS_CHECKED, _A, frozenset({State.REGISTERED, State.AWAITING_MATERIALS}), SAME),
    Rule(EventType.MATERIALS_MISSING, _A, frozenset({State.REGISTERED}), State.AWAITING_MATERIALS),
    Rule(EventType.MATERIALS_MISSING, _C, frozenset({State.SUBMITTED}), State.AWAITING_MATERIALS),
    Rule(EventType.MATERIALS_SUPPLIED, _A, frozenset({State.AWAITING_MATERIALS}), State.REGISTERED),
    Rule(EventType.VILLAGE_COMPLETED, _A, frozenset({State.REGISTERED}), State.COMPLETED_IN_VILLAGE),
    Rule(EventType.SUBMITTED, _A, frozenset({State.REGISTERED, State.RETURNED}), State.SUBMITTED),
    Rule(EventType.ACCEPTED, _C, frozenset({State.SUBMITTED}), State.ACCEPTED),
    Rule(EventType.RETURNED, _C, frozenset({State.SUBMITTED, State.ACCEPTED}), State.RETURNED),
    Rule(EventType.REFUSED, _C, frozenset({State.SUBMITTED}), State.REFUSED),
    Rule(EventType.FORWARDED, _C, frozenset({State.ACCEPTED}), State.FORWARDED),
    Rule(EventType.PROCEDURE_STARTED, _C, frozenset({State.ACCEPTED, State.FORWARDED}), State.IN_PROCEDURE),
    Rule(EventType.PROCEDURE_ENDED, _C, frozenset({State.IN_PROCEDURE}), RESUME),
    Rule(
        EventType.EXTENSION_GRANTED,
        _C,
        frozenset({State.ACCEPTED, State.FORWARDED, State.IN_PROCEDURE}),
        SAME,
    ),
    Rule(EventType.DECIDED, _C, frozenset({State.ACCEPTED, State.FORWARDED}), BY_OUTCOME),
    Rule(EventType.RESULT_READY, _C, frozenset({State.APPROVED, State.DENIED}), State.RESULT_READY),
    Rule(EventType.DELIVERED, _A, frozenset({State.RESULT_READY}), State.DELIVERED),
    Rule(EventType.EVALUATED, _A, frozenset({State.DELIVERED, State.COMPLETED_IN_VILLAGE}), SAME),
    Rule(
        EventType.CLOSED,
        _A,
        frozenset({State.DELIVERED, State.COMPLETED_IN_VILLAGE, State.REFUSED, State.WITHDRAWN}),
        State.CLOSED,
    ),
    Rule(EventType.WITHDRAWN, _A, BEFORE_DECISION, State.WITHDRAWN),
    Rule(EventType.NOTE_ADDED, _AC, ALL_STATES, SAME),
    Rule(EventType.ATTACHMENT_ADDED, _AC, ALL_STATES, SAME),
    Rule(EventType.CUSTODY_CHANGED, _AC, ALL_STATES, SAME),
    Rule(EventType.CONFLICT_RESOLVED, _AC, ALL_STATES, BY_PAYLOAD),
    # A renewed 委托书 is recorded by the village before the case (again) goes to the town.
    Rule(
        EventType.MANDATE_RECORDED,
        _A,
        frozenset({State.REGISTERED, State.AWAITING_MATERIALS, State.RETURNED}),
        SAME,
    ),
    Rule(EventType.FOLLOWUP_RECORDED, _AC, AFTER_EVALUATION, SAME),
    Rule(EventType.FOLLOWUP_FIXED, _AC, AFTER_EVALUATION, SAME),
    # Progress reports: the agent drafts (again after a return) and submits; the town accepts or returns.
    Rule(
        EventType.REPORT_DRAFTED,
        _A,
        frozenset({None, State.REPORT_DRAFT, State.REPORT_RETURNED}),
        State.REPORT_DRAFT,
    ),
    Rule(
        EventType.REPORT_SUBMITTED, _A, frozenset({State.REPORT_DRAFT, State.REPORT_RETURNED}), State.REPORT_SUBMITTED
    ),
    Rule(EventType.REPORT_ACCEPTED, _C, frozenset({State.REPORT_SUBMITTED}), State.REPORT_ACCEPTED),
    Rule(EventType.REPORT_RETURNED, _C, frozenset({State.REPORT_SUBMITTED}), State.REPORT_RETURNED),
)

DECISION_OUTCOMES = {"approved": State.APPROVED, "denied": State.DENIED}


_BY_EVENT: dict[EventType, list[Rule]] = {}
for _rule in RULES:
    _BY_EVENT.setdefault(_rule.event, []).append(_rule)


def _rules_for(event: EventType) -> list[Rule]:
    return _BY_EVENT.get(event, [])


def find_rule(state: State | None, event: EventType, role: Role) -> Rule | None:
    """The rule that lets ``role`` author ``event`` in ``state``, or None (remembered: the table is fixed
    and the judge asks twice per pushed event)."""
    key = (state, event, role)
    try:
        return _FOUND[key]
    except KeyError:
        pass
    found = None
    for rule in _rules_for(event):
        if state in rule.sources and role in rule.roles:
            found = rule
            break
    _FOUND[key] = found
    return found


_FOUND: dict[tuple[State | None, EventType, Role], Rule | None] = {}


def allowed_events(state: State | None, role: Role) -> list[EventType]:
    """Every event ``role`` may author in ``state``, in table order (what the UI enables)."""
    seen: list[EventType] = []
    for rule in RULES:
        if state in rule.sources and role in rule.roles and rule.event not in seen:
            seen.append(rule.event)
    return seen


def may_author(role: Role, event: EventType) -> bool:
    """Whether ``role`` may author ``event`` in any state at all (the server's first check)."""
    return any(role in r.roles for r in _rules_for(event))


def next_state(
    state: State | None,
    event: EventType,
    role: Role,
    payload: dict | None = None,
    resume_state: State | None = None,
) -> State:
    """The state after ``event``; raises TransitionError with a readable reason when not allowed."""
    rule = find_rule(state, event, role)
    if rule is None:
        where = STATE_LABELS[state] if state else "新建"
        if not any(role in r.roles for r in _rules_for(event)):
            raise TransitionError(f"角色 {role.value} 无权执行「{EVENT_LABELS[event]}」")
        raise TransitionError(f"办件处于「{where}」时不能执行「{EVENT_LABELS[event]}」")
    target = rule.target
    if type(target) is State:
        return target
    payload = payload or {}
    if target == SAME:
        assert state is not None
        return state
    if target == RESUME:
        return resume_state or State.ACCEPTED
    if target == BY_OUTCOME:
        outcome = payload.get("outcome")
        if outcome not in DECISION_OUTCOMES:
            raise TransitionError("决定结果必须是 approved(准予) 或 denied(不予)")
        return DECISION_OUTCOMES[outcome]
    if target == BY_PAYLOAD:
        chosen = payload.get("state")
        try:
            return State(chosen)
        except ValueError:
            raise TransitionError(f"冲突处理须指定有效状态, 收到 {chosen!r}") from None
    return State(target)
