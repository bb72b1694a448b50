"""What each event's payload may carry: one set of rules for the app's actions and the server's judge.

The app normalises a person's input with ``clean_payload`` before it becomes an event; the server and a
client applying a pulled page run the same function on every event, so a payload no honest action
could produce is refused wherever it shows up.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from villagedesk.domain import mandate as mandates
from villagedesk.domain import record_payloads as records
from villagedesk.domain import satisfaction as sat
from villagedesk.domain import town_report
from villagedesk.domain import validators as v
from villagedesk.domain.catalog import MEDIATION_OUTCOMES
from villagedesk.domain.custody import HOLDER_LABELS
from villagedesk.domain.errors import ValidationError
from villagedesk.domain.lifecycle import DECISION_OUTCOMES, STATE_LABELS, TOWN_REPORT_EVENTS, EventType

EVALUATION_LEVELS = sat.LEVELS
REPORT_EVENTS = (
    frozenset(
        {EventType.REPORT_DRAFTED, EventType.REPORT_SUBMITTED, EventType.REPORT_ACCEPTED, EventType.REPORT_RETURNED}
    )
    | TOWN_REPORT_EVENTS  # a village's report to the town and a town's to the city: never case actions
)
DELIVERY_METHODS = ("village_pickup", "home_delivery", "town_pickup", "mail")
DELIVERY_LABELS = {  # named in a refusal, so a script's author learns the values
    "village_pickup": "村站领取",
    "home_delivery": "送件上门",
    "town_pickup": "镇中心领取",
    "mail": "邮寄",
}
PROCEDURES = ("公示", "勘验", "评定")
_RECORDS = {
    EventType.RATING_SCORED: records.rating_scored,
    EventType.RATING_REVIEWED: records.rating_reviewed,
    EventType.INSPECTION_RECORDED: records.inspection_recorded,
    EventType.INSPECTION_ANSWERED: records.inspection_answered,
    EventType.APPOINTMENT_BOOKED: records.appointment_booked,
    EventType.APPOINTMENT_ARRIVED: records.appointment_arrived,
    EventType.APPOINTMENT_CANCELLED: records.appointment_closed,
    EventType.APPOINTMENT_NO_SHOW: records.appointment_closed,
}
RECORD_EVENTS = frozenset(_RECORDS)  # 星级考评, 督查, 预约: streams of their own, never actions on a case


OUTCOME_LABELS = {code: STATE_LABELS[state] for code, state in DECISION_OUTCOMES.items()}  # a decision's words
assert set(OUTCOME_LABELS) == set(DECISION_OUTCOMES)


def _choice(p: dict, field: str, labels: dict[str, str], ask: str) -> None:
    """A field with a fixed set of values: a missing or unknown one is refused with every choice listed,
    in words and with its code (``请选择原件现由谁保管: applicant 群众本人 / village 村代办员 / town 镇中心``),
    so a script's author learns the values. The value itself is never rewritten (the judge runs this too)."""
    if p.get(field) not in labels:
        choices = " / ".join(code if code == word else f"{code} {word}" for code, word in labels.items())
        raise ValidationError(field, f"{ask}: {choices}")


def _reason(payload: dict, required: bool = True) -> str:
    return v.free_text(payload.get("reason"), "reason", 1000, required)


MAX_LISTED = 100  # materials named in one list (missing, received): the longest catalog list has a dozen


def _missing(payload: dict) -> list[str]:
    return v.name_list(payload.get("missing"), "missing", MAX_LISTED, True)


NOTHING_SUPPLIED = "请勾选群众补来的材料"


def still_missing(missing: list[str], received: list[str]) -> list[str]:
    """The materials of the case's list of missing ones that a 材料补齐 does not bring."""
    brought = set(received)
    return [name for name in missing if name not in brought]


def check_supply(missing: list[str], received: list[str]) -> None:
    """A 材料补齐 ends 待补正 (and answers a 补正), so it must bring every material the case still lacks:
    one that leaves some 缺少 is refused naming them, and the case stays where it is. The app's service,
    its dialog and the judge (server and pulling clients) all run this against the case's view."""
    left = still_missing(missing, received)
    if left:
        raise ValidationError("received", f"还缺少: {'、'.join(left)}。请等群众补齐全部缺少的材料后再办理「材料补齐」")


_TOO_LONG = re.compile(r"^(?:内容|姓名)过长\(最多(\d+)字\)$")
_PROBE = 100_001  # longer than any bound of the rules


def text_limit(event: EventType, payload: dict, field: str) -> int | None:
    """The most characters ``field`` of an ``event`` carrying ``payload`` may hold, as the rules themselves
    bound it (a dialog's box takes no more). A rule that stops at another field first (no material ticked
    yet, a choice still open) is given a stand-in for it: a list one name, a choice its first code.
    None when the rules set no bound."""
    probe = {**payload, field: "x" * _PROBE}
    for _ in range(8):
        try:
            clean_payload(event, probe)
        except ValidationError as err:
            if err.field == field:
                found = _TOO_LONG.match(err.message)
                return int(found.group(1)) if found else None
            if isinstance(probe.get(err.field), list) or err.field in ("missing", "received"):
                probe[err.field] = ["x"]
            elif ": " in err.message:  # 「请选择…: code word / code word」
                probe[err.field] = err.message.split(": ", 1)[1].split(" / ")[0].split(" ")[0]
            else:
                return None
            continue
        return None
    return None


def clean_payload(event: EventType, payload: dict) -> dict:
    """Check and normalise what an action carries; raises ValidationError naming the field. The rules
    of each type are one entry of ``_RULES`` (a lookup: the server judges every pushed event here, and
    a chain of twenty type tests cost 1–2 µs for the types at its end)."""
    p = dict(payload)
    rule = _RULES.get(event)
    if rule is not None:  # None: submission, acceptance, an attachment…: nothing of theirs to check here
        rule(event, p)
    return p


def _missing_or_returned(event: EventType, p: dict) -> None:
    p["missing"] = _missing(p)
    p["reason"] = _reason(p, required=event is EventType.RETURNED)


def _refused(_event: EventType, p: dict) -> None:
    p["reason"] = _reason(p)


def _forwarded(_event: EventType, p: dict) -> None:
    p["to"] = v.free_text(p.get("to"), "to", 100, True)


def _procedure(_event: EventType, p: dict) -> None:
    _choice(p, "procedure", {k: k for k in PROCEDURES}, "请选择特别程序")


def _extension(_event: EventType, p: dict) -> None:
    days = p.get("days")
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 60:
        raise ValidationError("days", "延期天数应为 1-60 的整数")
    p["reason"] = _reason(p)


def _decided(_event: EventType, p: dict) -> None:
    _choice(p, "outcome", OUTCOME_LABELS, "请选择准予或不予")
    if p["outcome"] == "denied":
        p["reason"] = _reason(p)
        p.setdefault("remedy", "如不服本决定, 可在收到之日起60日内申请行政复议, 或6个月内提起行政诉讼。")
    p["certificate_no"] = v.free_text(p.get("certificate_no"), "certificate_no", 64)


def _result_ready(_event: EventType, p: dict) -> None:
    p["where"] = v.free_text(p.get("where"), "where", 200)


def _delivered(_event: EventType, p: dict) -> None:
    _choice(p, "method", DELIVERY_LABELS, "请选择送达方式")
    p["signer"] = v.person_name(p.get("signer"), "signer")


def _followup_recorded(_event: EventType, p: dict) -> None:
    p["finding"] = v.free_text(p.get("finding"), "finding", 1000, True)
    p["measures"] = v.free_text(p.get("measures"), "measures", 1000)
    if not isinstance(p.get("verified", False), bool):
        raise ValidationError("verified", "请选择差评是否属实")
    p["verified"] = bool(p.get("verified", False))


def _followup_fixed(_event: EventType, p: dict) -> None:
    p["result"] = v.free_text(p.get("result"), "result", 1000, True)


def _village_completed(_event: EventType, p: dict) -> None:
    if "outcome" in p:
        _choice(p, "outcome", MEDIATION_OUTCOMES, "请选择调解结果")
    p["result"] = v.free_text(p.get("result"), "result", 1000)


def _withdrawn(_event: EventType, p: dict) -> None:
    p["reason"] = v.free_text(p.get("reason"), "reason", 2000, True)


def _note(_event: EventType, p: dict) -> None:
    p["text"] = v.free_text(p.get("text"), "text", 2000, True)


def _bounded(p: dict, field: str, most: int) -> None:
    """A text field the type may carry, bounded where present (absent stays absent: a submission without
    报送说明 is written and judged as it always was)."""
    if field in p:
        p[field] = v.free_text(p[field], field, most)


def _submitted(_event: EventType, p: dict) -> None:  # 报送说明: shown to the town with the case
    _bounded(p, "note", 1000)


def _resolved(_event: EventType, p: dict) -> None:  # 处理说明 of a 冲突处理, in the case's timeline
    _bounded(p, "reason", 1000)


def _checked(_event: EventType, p: dict) -> None:  # 核对结论: a tick, never text
    if p.get("ok") is not None and type(p.get("ok")) is not bool:
        raise ValidationError("ok", "核对结论应为是或否")


_REPORT_TEXT = {
    EventType.REPORT_DRAFTED: ("remarks", 4000),
    EventType.REPORT_SUBMITTED: ("remarks", 4000),
    EventType.REPORT_ACCEPTED: ("comment", 2000),
    EventType.REPORT_RETURNED: ("reason", 2000),
}


def _report(event: EventType, p: dict) -> None:
    """A village's progress report (工作进展报送): its 情况说明 and the town's comment or reason are shown to
    the town and the village; bounded as ``services/progress_reports`` writes them."""
    _bounded(p, *_REPORT_TEXT[event])


def _custody(_event: EventType, p: dict) -> None:
    p["material"] = v.free_text(p.get("material"), "material", 128, True)
    _choice(p, "holder", HOLDER_LABELS, "请选择原件现由谁保管")


def _supplied(_event: EventType, p: dict) -> None:  # 补齐 of nothing would end 待补正 with the materials still 缺少
    p["received"] = v.name_list(p.get("received"), "received", MAX_LISTED, True, NOTHING_SUPPLIED)


def _mandate(_event: EventType, p: dict) -> None:
    p["mandate"] = mandates.from_payload(p.get("mandate")).to_payload()


def _record(event: EventType, p: dict) -> None:
    _RECORDS[event](p)


def _attachment_removed(_event: EventType, p: dict) -> None:
    _removed_attachment(p)


def _removed_attachment(p: dict) -> None:
    """移除附件: names the ``attachment_added`` event it undoes (its id), that scan's SHA-256 and file name,
    so every device takes the same scan off the case and the timeline says which file went."""
    p["attachment"] = v.free_text(p.get("attachment"), "attachment", 64, True)
    sha = p.get("sha256")
    if not isinstance(sha, str) or len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
        raise ValidationError("sha256", "附件的 SHA-256 无效")
    name = v.free_text(p.get("filename"), "filename", 255)
    if any(c in name for c in "/\\\x00"):
        raise ValidationError("filename", "附件文件名无效")
    p["filename"] = name
    p["reason"] = _reason(p, required=False)


def _evaluation(p: dict) -> None:
    """好差评: a level, optional sub-scores 效率/水平/态度 (integers 1-5) and the channel it came by."""
    _choice(p, "level", {k: k for k in EVALUATION_LEVELS}, "请选择评价等级")
    scores = p.get("scores", {})
    if not isinstance(scores, dict) or set(scores) - set(sat.SUB_SCORES):
        raise ValidationError("scores", f"分项评价只能是 {'/'.join(sat.SUB_SCORES)}")
    for name, value in scores.items():
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
            raise ValidationError("scores", f"「{name}」应为 1-5 分")
    p["scores"] = {k: scores[k] for k in sat.SUB_SCORES if k in scores}
    p.setdefault("channel", "window")
    _choice(p, "channel", sat.CHANNEL_LABELS, "请选择评价渠道")
    p["comment"] = v.free_text(p.get("comment"), "comment", 1000)


def _evaluated(_event: EventType, p: dict) -> None:
    _evaluation(p)


# Every event type with payload rules, and its rules (``clean_payload``); the rest pass through unchanged.
_RULES: dict[EventType, Callable[[EventType, dict], None]] = {
    **dict.fromkeys(_RECORDS, _record),
    **dict.fromkeys(TOWN_REPORT_EVENTS, town_report.clean),
    EventType.MATERIALS_MISSING: _missing_or_returned,
    EventType.RETURNED: _missing_or_returned,
    EventType.REFUSED: _refused,
    EventType.FORWARDED: _forwarded,
    EventType.PROCEDURE_STARTED: _procedure,
    EventType.EXTENSION_GRANTED: _extension,
    EventType.DECIDED: _decided,
    EventType.RESULT_READY: _result_ready,
    EventType.DELIVERED: _delivered,
    EventType.EVALUATED: _evaluated,
    EventType.FOLLOWUP_RECORDED: _followup_recorded,
    EventType.FOLLOWUP_FIXED: _followup_fixed,
    EventType.VILLAGE_COMPLETED: _village_completed,
    EventType.WITHDRAWN: _withdrawn,
    EventType.NOTE_ADDED: _note,
    EventType.CUSTODY_CHANGED: _custody,
    EventType.SUBMITTED: _submitted,
    EventType.CONFLICT_RESOLVED: _resolved,
    EventType.MATERIALS_CHECKED: _checked,
    EventType.REPORT_DRAFTED: _report,
    EventType.REPORT_SUBMITTED: _report,
    EventType.REPORT_ACCEPTED: _report,
    EventType.REPORT_RETURNED: _report,
    EventType.MATERIALS_SUPPLIED: _supplied,
    EventType.MANDATE_RECORDED: _mandate,
    EventType.ATTACHMENT_REMOVED: _attachment_removed,
}
_RULED = frozenset(_RULES)
