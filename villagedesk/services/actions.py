"""Case actions: every move of a case goes through the lifecycle table for the acting role."""

from __future__ import annotations

from datetime import date

from villagedesk.db import models as m
from villagedesk.db import store as st
from villagedesk.domain import satisfaction as sat
from villagedesk.domain import validators as v
from villagedesk.domain.catalog import MEDIATION_ITEM, MEDIATION_OUTCOMES
from villagedesk.domain.errors import NotFoundError, TransitionError, ValidationError
from villagedesk.domain.lifecycle import DECISION_OUTCOMES, EventType, State, allowed_events, next_state
from villagedesk.services.desk import Desk

EVALUATION_LEVELS = sat.LEVELS
REPORT_EVENTS = frozenset(
    {EventType.REPORT_DRAFTED, EventType.REPORT_SUBMITTED, EventType.REPORT_ACCEPTED, EventType.REPORT_RETURNED}
)
DELIVERY_METHODS = ("village_pickup", "home_delivery", "town_pickup", "mail")
PROCEDURES = ("公示", "勘验", "评定")


def _reason(payload: dict, required: bool = True) -> str:
    return v.free_text(payload.get("reason"), "reason", 1000, required)


def _missing(payload: dict) -> list[str]:
    items = payload.get("missing")
    if not isinstance(items, list) or not items:
        raise ValidationError("missing", "请列出全部缺少的材料(一次性告知)")
    clean = [v.free_text(str(x), "missing", 200, True) for x in items]
    return list(dict.fromkeys(clean))


def clean_payload(event: EventType, payload: dict) -> dict:
    """Check and normalise what an action carries; raises ValidationError naming the field."""
    p = dict(payload)
    if event in (EventType.MATERIALS_MISSING, EventType.RETURNED):
        p["missing"] = _missing(p)
        p["reason"] = _reason(p, required=event is EventType.RETURNED)
    elif event is EventType.REFUSED:
        p["reason"] = _reason(p)
    elif event is EventType.FORWARDED:
        p["to"] = v.free_text(p.get("to"), "to", 100, True)
    elif event is EventType.PROCEDURE_STARTED:
        if p.get("procedure") not in PROCEDURES:
            raise ValidationError("procedure", f"特别程序应为 {'/'.join(PROCEDURES)} 之一")
    elif event is EventType.EXTENSION_GRANTED:
        days = p.get("days")
        if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 60:
            raise ValidationError("days", "延期天数应为 1-60 的整数")
        p["reason"] = _reason(p)
    elif event is EventType.DECIDED:
        if p.get("outcome") not in DECISION_OUTCOMES:
            raise ValidationError("outcome", "请选择准予或不予")
        if p["outcome"] == "denied":
            p["reason"] = _reason(p)
            p.setdefault("remedy", "如不服本决定, 可在收到之日起60日内申请行政复议, 或6个月内提起行政诉讼。")
        p["certificate_no"] = v.free_text(p.get("certificate_no"), "certificate_no", 64)
    elif event is EventType.RESULT_READY:
        p["where"] = v.free_text(p.get("where"), "where", 200)
    elif event is EventType.DELIVERED:
        if p.get("method") not in DELIVERY_METHODS:
            raise ValidationError("method", "请选择送达方式")
        p["signer"] = v.person_name(p.get("signer"), "signer")
    elif event is EventType.EVALUATED:
        _evaluation(p)
    elif event is EventType.FOLLOWUP_RECORDED:
        p["finding"] = v.free_text(p.get("finding"), "finding", 1000, True)
        p["measures"] = v.free_text(p.get("measures"), "measures", 1000)
        if not isinstance(p.get("verified", False), bool):
            raise ValidationError("verified", "请选择差评是否属实")
        p["verified"] = bool(p.get("verified", False))
    elif event is EventType.FOLLOWUP_FIXED:
        p["result"] = v.free_text(p.get("result"), "result", 1000, True)
    elif event is EventType.VILLAGE_COMPLETED:
        if "outcome" in p and p["outcome"] not in MEDIATION_OUTCOMES:
            raise ValidationError("outcome", "调解结果应为 " + " / ".join(MEDIATION_OUTCOMES.values()) + " 之一")
        p["result"] = v.free_text(p.get("result"), "result", 1000)
    elif event in (EventType.WITHDRAWN, EventType.NOTE_ADDED):
        p["text" if event is EventType.NOTE_ADDED else "reason"] = v.free_text(
            p.get("text" if event is EventType.NOTE_ADDED else "reason"),
            "text" if event is EventType.NOTE_ADDED else "reason",
            2000,
            True,
        )
    elif event is EventType.CUSTODY_CHANGED:
        p["material"] = v.free_text(p.get("material"), "material", 128, True)
        if p.get("holder") not in ("applicant", "village", "town"):
            raise ValidationError("holder", "请选择原件现由谁保管")
    elif event is EventType.MATERIALS_SUPPLIED:
        p["received"] = [str(x) for x in p.get("received", [])]
    return p


def _evaluation(p: dict) -> None:
    """好差评: a level, optional sub-scores 效率/水平/态度 (integers 1-5) and the channel it came by."""
    if p.get("level") not in EVALUATION_LEVELS:
        raise ValidationError("level", "请选择评价等级")
    scores = p.get("scores", {})
    if not isinstance(scores, dict) or set(scores) - set(sat.SUB_SCORES):
        raise ValidationError("scores", f"分项评价只能是 {'/'.join(sat.SUB_SCORES)}")
    for name, value in scores.items():
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
            raise ValidationError("scores", f"「{name}」应为 1-5 分")
    p["scores"] = {k: scores[k] for k in sat.SUB_SCORES if k in scores}
    p.setdefault("channel", "window")
    if p["channel"] not in sat.CHANNELS:
        raise ValidationError("channel", "请选择评价渠道")
    p["comment"] = v.free_text(p.get("comment"), "comment", 1000)


def _check_history(desk: Desk, session, row: m.Case, event: EventType, payload: dict) -> None:
    """Rules that depend on the case's item or history, not just its state."""
    if event is EventType.VILLAGE_COMPLETED and row.item_code == MEDIATION_ITEM and "outcome" not in payload:
        raise ValidationError("outcome", "请填写调解结果(达成调解协议/未达成协议)")
    if event in (EventType.FOLLOWUP_RECORDED, EventType.FOLLOWUP_FIXED):
        follow = sat.followup_of(st.case_events(session, row.id), desk.calendar)
        if follow is None:
            raise TransitionError("该办件没有差评, 无需回访整改")
        if event is EventType.FOLLOWUP_FIXED and follow.fixed:
            raise TransitionError("该差评已整改完成")


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
    hidden = set(REPORT_EVENTS)
    if follow is None:
        hidden |= {EventType.FOLLOWUP_RECORDED, EventType.FOLLOWUP_FIXED}
    elif follow.fixed:
        hidden.add(EventType.FOLLOWUP_FIXED)
    hidden |= {EventType.VILLAGE_COMPLETED if row.final_level != "village" else EventType.SUBMITTED}
    if not row.conflict:
        hidden.add(EventType.CONFLICT_RESOLVED)
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
        if event is EventType.VILLAGE_COMPLETED and row.final_level != "village":
            raise TransitionError("该事项需报送镇中心办理, 不能村级办结")
        if event is EventType.SUBMITTED and row.final_level == "village":
            raise TransitionError("村级直办事项无需报送")
        if event is EventType.CONFLICT_RESOLVED and not row.conflict:
            raise TransitionError("该办件没有冲突, 不能执行「冲突处理」")  # else it would set any state at will
        clean = clean_payload(event, payload or {})
        clean["at"] = (on or desk.today()).isoformat()
        _check_history(desk, s, row, event, clean)
        state = State(row.status)
        next_state(state, event, ident.role, clean, None)  # raises TransitionError when not allowed
        desk.new_events(s, case_id, row.village_code, [(event, clean)])
        view = st.reproject(s, desk.calendar, case_id, desk.today())
        assert view.state is not None
        return view.state
