"""The 委托书 as a record: who entrusted whom with which items, signed when, valid until when.

A case the agent carries to the town (全程代办) rests on the villager's written authority. A yes/no flag
said nothing a supervisor could check and let a case go to the town on an authority that had lapsed, so
the registration carries the record and 报送 checks it on the day of each submission. Registrations made
before the record existed carry only ``mandate_signed``; they read as a record valid until the case ends,
signed on the day of registration, which is what the flag meant.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from villagedesk.domain import validators as v
from villagedesk.domain.errors import ValidationError

UNTIL_CLOSED = "至事项办结"
MAX_ITEMS = 20


@dataclass(frozen=True)
class Mandate:
    principal: str  # 委托人: the applicant
    agent: str  # 受托人: the village agent who carries the case
    items: tuple[str, ...]  # the items entrusted, by name
    signed_on: date
    valid_until: date | None = None  # None: until the case is closed

    def validity_text(self) -> str:
        return f"{self.valid_until:%Y-%m-%d} 止" if self.valid_until else UNTIL_CLOSED

    def to_payload(self) -> dict:
        return {
            "principal": self.principal,
            "agent": self.agent,
            "items": list(self.items),
            "signed_on": self.signed_on.isoformat(),
            "valid_until": self.valid_until.isoformat() if self.valid_until else None,
        }


def _day(value: object, field: str) -> date:
    try:
        return date.fromisoformat(value) if type(value) is str and len(value) == 10 else _raise(field)
    except ValueError:
        return _raise(field)


def _raise(field: str) -> date:
    raise ValidationError(field, "委托书日期无效")


def from_payload(data: object) -> Mandate:
    """The record as a registration carries it; raises ValidationError on a malformed one."""
    if not isinstance(data, dict):
        raise ValidationError("mandate", "委托书记录格式错误")
    items = data.get("items")
    if not isinstance(items, list) or not 0 < len(items) <= MAX_ITEMS:
        raise ValidationError("mandate", "委托书应写明所委托的事项")
    until = data.get("valid_until")
    mandate = Mandate(
        principal=v.free_text(data.get("principal"), "mandate", 64, True),
        agent=v.free_text(data.get("agent"), "mandate", 64, True),
        items=tuple(v.free_text(x, "mandate", 128, True) for x in items),
        signed_on=_day(data.get("signed_on"), "mandate"),
        valid_until=None if until is None else _day(until, "mandate"),
    )
    if mandate.valid_until is not None and mandate.valid_until < mandate.signed_on:
        raise ValidationError("mandate", "委托书的有效期不能早于签署日期")
    return mandate


def of_registration(registered: dict) -> Mandate | None:
    """The case's 委托书 from its registration payload.

    The registration carries only the dates (``{"signed_on", "valid_until"}``): who entrusted whom with
    what is the registration's own applicant, agent and items, and saying it twice would cost every
    registration bytes on a 2G link. A legacy ``mandate_signed`` flag reads as described above."""
    dates = registered.get("mandate")
    if dates is None and not registered.get("mandate_signed"):
        return None
    applicant = registered.get("applicant") or {}
    items = [i.get("name") for i in registered.get("items") or [] if isinstance(i, dict) and i.get("name")]
    record = {
        "principal": str(applicant.get("name", "")) or "办事人",
        "agent": str(registered.get("agent_name", "")) or "代办员",
        "items": items or [str(registered.get("title", "")) or "代办事项"],
        "signed_on": registered.get("at"),
        "valid_until": None,
    }
    if dates is not None:
        if not isinstance(dates, dict) or set(dates) - {"signed_on", "valid_until"}:
            raise ValidationError("mandate", "委托书记录格式错误")
        record.update(dates)
    return from_payload(record)


def problem_on(mandate: Mandate | None, day: date) -> str | None:
    """Why a case cannot go to the town on ``day`` under this 委托书, or None when it can."""
    if mandate is None:
        return "该办件没有委托书记录, 不能报送; 请办事人签署委托书后补录"
    if mandate.signed_on > day:
        return f"委托书签署日期 {mandate.signed_on:%Y-%m-%d} 晚于今天, 请核对"
    if mandate.valid_until is not None and mandate.valid_until < day:
        return f"委托书已于 {mandate.valid_until:%Y-%m-%d} 到期, 不能报送; 请办事人重新签署委托书"
    return None
