"""Case actions: every move of a case goes through the lifecycle table for the acting role."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from villagedesk.db import models as m
from villagedesk.db import store as st
from villagedesk.domain import satisfaction as sat
from villagedesk.domain.catalog import MEDIATION_ITEM
from villagedesk.domain.errors import NotFoundError, TransitionError, ValidationError
from villagedesk.domain.judge import resolution_choices
from villagedesk.domain.lifecycle import (
    AT_CITY,
    PAUSED_STATES,
    EventType,
    State,
    allowed_events,
    city_problem,
    level_problem,
    next_state,
    procedure_problem,
)
from villagedesk.domain.payloads import RECORD_EVENTS, REPORT_EVENTS, check_supply, clean_payload
from villagedesk.domain.projection import project
from villagedesk.services import mandates, material_names
from villagedesk.services.desk import Desk


def _check_history(desk: Desk, session, row: m.Case, event: EventType, payload: dict) -> None:
    """Rules that depend on the case's item or history, not just its state."""
    if event is EventType.VILLAGE_COMPLETED and row.item_code == MEDIATION_ITEM and "outcome" not in payload:
        raise ValidationError("outcome", "请填写调解结果(达成调解协议/未达成协议)")
    if event is EventType.SUBMITTED and row.final_level != "village":
        mandates.check_submission(session, row.id, date.fromisoformat(payload["at"]))
    if event is EventType.MANDATE_RECORDED:
        signed = date.fromisoformat(payload["mandate"]["signed_on"])
        if signed > date.fromisoformat(payload["at"]):
            raise ValidationError("signed_on", "委托书签署日期不能晚于今天")
    if event in (EventType.FOLLOWUP_RECORDED, EventType.FOLLOWUP_FIXED):
        follow = sat.followup_of(st.case_events(session, row.id), desk.calendar)
        if follow is None:
            raise TransitionError("该办件没有差评, 无需回访整改")
        if event is EventType.FOLLOWUP_FIXED and follow.fixed:
            raise TransitionError("该差评已整改完成")


def has_city(session, village: str) -> bool:
    """Whether the village's city has a city device (the server's ``city`` reference row, pulled by
    sync): there a city-level item is the city's to decide (``lifecycle.city_problem``), as the server's
    judge refuses a town's decision of one."""
    code = village[:6] + "000000"
    found = session.execute(select(m.RefData.rseq).where(m.RefData.kind == "city", m.RefData.key == code)).first()
    return found is not None


def _check_resolution(session, case_id: str, chosen: object, role) -> None:
    """A conflict is resolved to where the case stands or where a conflicting event led, nothing else."""
    events = st.standing_events(session, case_id)
    view = project(case_id, events)
    if not view.conflict:
        raise TransitionError("该办件没有冲突, 不能执行「冲突处理」")  # else it would set any state at will
    if chosen not in {c.value for c in resolution_choices(view, events, role)}:
        raise ValidationError("state", "只能选择办件当前状态或冲突事件所指的状态; 涉及镇中心办理的冲突由镇中心处理")


def conflict_choices(desk: Desk, case_id: str) -> list[State]:
    """The states a person may resolve this case's conflict to (what the dialog offers)."""
    with desk.store.read() as s:
        events = st.standing_events(s, case_id)
    view = project(case_id, events)
    return resolution_choices(view, events, desk.identity.role) if view.conflict else []


def available(desk: Desk, case_id: str) -> list[EventType]:
    """The actions this user may take on this case now (what the UI enables)."""
    with desk.store.read() as s:
        row = s.get(m.Case, case_id)
        if row is None:
            raise NotFoundError("办件不存在")
        events = allowed_events(State(row.status), desk.identity.role)
        follow = None
        if EventType.FOLLOWUP_RECORDED in events:
            follow = sat.followup_of(st.case_events(s, case_id), desk.calendar)
        city_return = False
        if row.status == State.RETURNED.value and EventType.MATERIALS_SUPPLIED in events:
            city_return = project(case_id, st.standing_events(s, case_id)).resumes_to in AT_CITY
        ends_other_levels = False  # a special procedure of the other level (``procedure_problem``)
        if EventType.PROCEDURE_ENDED in events:
            resume = project(case_id, st.standing_events(s, case_id)).resumes_to
            ends_other_levels = procedure_problem(desk.identity.role, EventType.PROCEDURE_ENDED, resume) is not None
        city = row.final_level == "city" and has_city(s, row.village_code)
    hidden = set(REPORT_EVENTS) | RECORD_EVENTS | {EventType.ATTACHMENT_REMOVED}  # attachments.remove
    if follow is None:
        hidden |= {EventType.FOLLOWUP_RECORDED, EventType.FOLLOWUP_FIXED}
    elif follow.fixed:
        hidden.add(EventType.FOLLOWUP_FIXED)
    if row.status == State.RETURNED.value and not city_return:  # the town's 补正: resubmit to the town
        hidden.add(EventType.MATERIALS_SUPPLIED)
    hidden |= {EventType.VILLAGE_COMPLETED if row.final_level != "village" else EventType.SUBMITTED}
    if ends_other_levels:
        hidden.add(EventType.PROCEDURE_ENDED)
    if not row.conflict or not conflict_choices(desk, case_id):  # none: the town's to resolve
        hidden.add(EventType.CONFLICT_RESOLVED)
    role = desk.identity.role
    hidden |= {e for e in events if e is not EventType.NOTE_ADDED and level_problem(role, e, row.final_level)}
    if city:
        hidden |= {e for e in events if city_problem(role, e, row.final_level, True, State(row.status))}
    return [e for e in events if e not in hidden]


def perform(desk: Desk, case_id: str, event: EventType, payload: dict | None = None, on: date | None = None) -> State:
    """Author one action on a case; returns the new state. Refused actions change nothing."""
    ident = desk.identity
    with desk.store.write() as s:
        row = s.get(m.Case, case_id)
        if row is None:
            raise NotFoundError("办件不存在")
        if event is EventType.CASE_REGISTERED:
            raise TransitionError("请通过代办登记新建办件")
        if event in REPORT_EVENTS:
            raise TransitionError("进展报告请在「工作进展报送」中生成、报送和审核")
        if event in RECORD_EVENTS:
            raise TransitionError("星级考评和督查不是办件上的操作, 请在「星级考评」或「考评督查」页办理")
        if event is EventType.ATTACHMENT_REMOVED:  # it names a stored attachment: attachments.remove checks it
            raise TransitionError("移除附件请在办件页的「附件」中选中文件后点「移除」")
        if event is EventType.VILLAGE_COMPLETED and row.final_level != "village":
            raise TransitionError("该事项需报送镇中心办理, 不能村级办结")
        if event is EventType.SUBMITTED and row.final_level == "village":
            raise TransitionError("村级直办事项无需报送")
        if event is EventType.CONFLICT_RESOLVED:
            _check_resolution(s, case_id, (payload or {}).get("state"), ident.role)
        if event is EventType.MANDATE_RECORDED:  # the agent enters dates; the case gives who and what
            payload = mandates.renewal(s, case_id, ident.user, payload or {})
        clean = clean_payload(event, payload or {})
        clean["at"] = (on or desk.today()).isoformat()
        _check_history(desk, s, row, event, clean)
        history = st.case_events(s, case_id)
        material_names.check(s, row, history, event, clean)  # what the server's judge would refuse
        state = State(row.status)
        standing = project(case_id, st.standing_events(s, case_id))  # without the steps the server refused
        resume = standing.resumes_to if state in PAUSED_STATES else None
        next_state(state, event, ident.role, clean, resume, row.final_level)  # TransitionError when not allowed
        problem = city_problem(ident.role, event, row.final_level, has_city(s, row.village_code), state)
        if problem:  # the server's judge would refuse it: said here, nothing written
            raise TransitionError(problem)
        if event is EventType.MATERIALS_SUPPLIED:  # the judge's rule, refused here before it is written
            check_supply(standing.missing, clean["received"])
        desk.new_events(s, case_id, row.village_code, [(event, clean)])
        view = st.reproject(s, desk.calendar, case_id, desk.today())
        assert view.state is not None
        return view.state
