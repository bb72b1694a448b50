"""Headless case actions: an action's name and ``K=V`` fields as typed on a command line, made into the
event and payload the GUI's dialogs would produce (so a town or city can script its day)."""

from __future__ import annotations

import json

from villagedesk.domain.catalog import MEDIATION_OUTCOMES
from villagedesk.domain.custody import HOLDER_LABELS
from villagedesk.domain.errors import ValidationError
from villagedesk.domain.lifecycle import EVENT_LABELS, EventType
from villagedesk.domain.payloads import DELIVERY_LABELS, OUTCOME_LABELS
from villagedesk.domain.satisfaction import CHANNEL_LABELS

# Fields whose value is a list: typed as 户口簿,身份证 (or 、 between them).
LIST_FIELDS = frozenset({"missing", "received"})
INT_FIELDS = frozenset({"days"})
BOOL_FIELDS = frozenset({"verified", "ok"})
JSON_FIELDS = frozenset({"scores"})
OUTCOMES = {"准予": "approved", "不予": "denied", "approved": "approved", "denied": "denied"}
_TRUE, _FALSE = {"true", "yes", "1", "是"}, {"false", "no", "0", "否"}

_E = EventType
# What each action's dialog on the case page lets a person fill in, and nothing else: a field the
# dialog has no input for would be stored unread (a typo such as ``certficate_no`` lost the number).
ACTION_FIELDS: dict[EventType, tuple[str, ...]] = {
    _E.MATERIALS_CHECKED: ("ok",),
    _E.MATERIALS_MISSING: ("missing", "reason"),
    _E.MATERIALS_SUPPLIED: ("received",),
    _E.VILLAGE_COMPLETED: ("result", "outcome"),
    _E.SUBMITTED: ("note",),
    _E.RETURNED: ("missing", "reason"),
    _E.REFUSED: ("reason",),
    _E.FORWARDED: ("to",),
    _E.PROCEDURE_STARTED: ("procedure",),
    _E.EXTENSION_GRANTED: ("days", "reason"),
    _E.DECIDED: ("outcome", "certificate_no", "reason"),
    _E.RESULT_READY: ("where",),
    _E.DELIVERED: ("method", "signer"),
    _E.EVALUATED: ("level", "scores", "channel", "comment"),
    _E.WITHDRAWN: ("reason",),
    _E.NOTE_ADDED: ("text",),
    _E.CUSTODY_CHANGED: ("material", "holder"),
    _E.CONFLICT_RESOLVED: ("state", "reason"),
    _E.MANDATE_RECORDED: ("signed_on", "valid_until"),
    _E.FOLLOWUP_RECORDED: ("finding", "measures", "verified"),
    _E.FOLLOWUP_FIXED: ("result",),
}


# Fields with a fixed set of codes: a refusal lists them as 「village_pickup 村站领取 / …」, so the word
# shown beside a code is taken for it too (``--field method=村站领取``), as the dialog's choice would be.
CHOICE_WORDS: dict[tuple[EventType, str], dict[str, str]] = {
    (_E.DELIVERED, "method"): DELIVERY_LABELS,
    (_E.CUSTODY_CHANGED, "holder"): HOLDER_LABELS,
    (_E.VILLAGE_COMPLETED, "outcome"): MEDIATION_OUTCOMES,
    (_E.EVALUATED, "channel"): CHANNEL_LABELS,
    (_E.DECIDED, "outcome"): OUTCOME_LABELS,
}


def _code_of(event: EventType, key: str, value: object) -> object:
    """The code of a choice typed as its Chinese word; anything else unchanged (the payload rules judge it)."""
    words = CHOICE_WORDS.get((event, key))
    if words is None or not isinstance(value, str):
        return value
    return next((code for code, word in words.items() if word == value), value)


def action_name(event: EventType) -> str:
    """What a person types for ``event``: its wire name (``accepted``), beside its Chinese label."""
    return event.value


def parse_action(text: str) -> EventType:
    """An action by its name (``accepted``) or its Chinese label (``受理``); ValidationError if neither."""
    key = text.strip()
    try:
        return EventType(key.lower())
    except ValueError:
        pass
    for event, label in EVENT_LABELS.items():
        if label == key:
            return event
    if key in SHORT_NAMES:
        return SHORT_NAMES[key]
    shown = key if len(key) <= 40 else key[:40] + "…"
    raise ValidationError("action", f"未知的操作 {shown!r}: 请用 villagedesk actions 办件编号 查看可执行的操作")


# What the docs and offices call a step where its label is longer (报送镇中心).
SHORT_NAMES = {"报送": EventType.SUBMITTED, "补正": EventType.RETURNED, "决定": EventType.DECIDED}


def _value(key: str, raw: str) -> object:
    if key in LIST_FIELDS:
        return [x.strip() for x in raw.replace("、", ",").split(",") if x.strip()]
    if key in INT_FIELDS:
        try:
            return int(raw)
        except ValueError:
            raise ValidationError(key, f"字段 {key} 应为整数, 收到 {raw!r}") from None
    if key in BOOL_FIELDS:
        if raw.lower() not in _TRUE | _FALSE:
            raise ValidationError(key, f"字段 {key} 应为 是/否, 收到 {raw!r}")
        return raw.lower() in _TRUE
    if key in JSON_FIELDS:
        try:
            return json.loads(raw)
        except ValueError:
            raise ValidationError(key, f'字段 {key} 应为 JSON, 如 {{"效率": 5}}') from None
    if key == "outcome":
        return OUTCOMES.get(raw, raw)
    return raw


def _check_known(event: EventType, key: str) -> None:
    """Refuse a field ``event``'s dialog has no input for, naming the ones it has."""
    allowed = ACTION_FIELDS.get(event, ())
    if key in allowed:
        return
    shown = key if len(key) <= 40 else key[:40] + "…"
    label = EVENT_LABELS[event]
    if not allowed:
        raise ValidationError("field", f"操作「{label}」不带任何字段, 收到 {shown!r}")
    names = ", ".join("--reason" if k == "reason" else k for k in allowed)
    raise ValidationError("field", f"操作「{label}」没有字段 {shown!r}; 可用的字段: {names}")


def build_payload(event: EventType, reason: str | None, fields: list[str]) -> dict:
    """The payload of ``--reason T --field K=V …`` for ``event``: only the fields its dialog offers
    (ValidationError naming the allowed ones); the action's own rules (``clean_payload``) follow."""
    payload: dict = {}
    if reason is not None:
        _check_known(event, "reason")
        payload["reason"] = reason
    for item in fields:
        key, sep, raw = item.partition("=")
        key = key.strip()
        if not sep or not key.isidentifier():
            shown = item if len(item) <= 40 else item[:40] + "…"
            raise ValidationError("field", f"字段应写成 名称=值, 如 certificate_no=JY-2026-001, 收到 {shown!r}")
        _check_known(event, key)
        payload[key] = _code_of(event, key, _value(key, raw.strip()))
    return payload
