"""What a villager may see of their own case on the public page (扫码查询), in words they understand.

Only what the receipt already shows, and less: the item, the name masked to its first character, the
progress in plain words, the promised date, what is still missing, whom to call. Never the ID number,
the address, the phone of the applicant, a clerk's free-text reason or anything of another case.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from villagedesk.domain.catalog import case_title
from villagedesk.domain.errors import ValidationError
from villagedesk.domain.lifecycle import RECORD_STATES, STOPPED_STATES, State
from villagedesk.domain.projection import CaseView
from villagedesk.domain.promise import NOT_STARTED, promise_pending, promised_text
from villagedesk.domain.public_settings import hotline_to_show
from villagedesk.domain.validators import person_name

_SEPARATORS = frozenset("·•・‧.．")

# (headline, what it means for the villager) for every state a case can be in.
STATE_WORDS: dict[State, tuple[str, str]] = {
    State.REGISTERED: ("已在村里登记", "代办员会在3个工作日内把材料送到镇便民服务中心。"),
    State.AWAITING_MATERIALS: ("还缺材料", "请把下面列出的材料交给代办员，补齐后继续办理。"),
    State.COMPLETED_IN_VILLAGE: ("已在村里办好", "这件事在村里已经办完了。"),
    State.SUBMITTED: ("已送到镇里", "材料已送到镇便民服务中心，正在等待受理。"),
    State.ACCEPTED: ("镇里正在办理", "镇便民服务中心已受理，正在办理。"),
    State.RETURNED: ("镇里退回，需要补材料", "请把下面列出的材料交给代办员，补齐后重新送到镇里。"),
    State.REFUSED: ("未能受理", "镇里没有受理这次申请，原因请问代办员。"),
    State.FORWARDED: ("已送上级部门办理", "镇里已把申请转到上级部门，正在办理。"),
    State.CITY_ACCEPTED: ("市里正在办理", "市级审批服务中心已受理，正在办理。"),
    State.IN_PROCEDURE: ("正在公示或核查", "正在公示、勘验或评定，这段时间不算在承诺时限内。"),
    State.APPROVED: ("已办好，等待领取", "申请已批准，结果正在送回村里。"),
    State.DENIED: ("申请未获批准", "申请没有批准，原因和救济途径请问代办员。"),
    State.RESULT_READY: ("结果已到，可以领取", "请带上回执找代办员领取结果。"),
    State.DELIVERED: ("已送达，办理完成", "结果已经交到您手里。"),
    State.CLOSED: ("已办结", "这件事已经全部办完。"),
    State.WITHDRAWN: ("已撤回", "这次申请已经撤回。"),
}

# The road a case walks, as a villager counts it: how far along this one is (index into STEPS).
STEPS = ("登记", "送镇里", "受理", "办好", "领取")
_STEP_OF: dict[State, int] = {
    State.REGISTERED: 0,
    State.AWAITING_MATERIALS: 0,
    State.SUBMITTED: 1,
    State.RETURNED: 1,
    State.REFUSED: 1,
    State.ACCEPTED: 2,
    State.FORWARDED: 2,
    State.CITY_ACCEPTED: 2,
    State.IN_PROCEDURE: 2,
    State.APPROVED: 3,
    State.DENIED: 3,
    State.COMPLETED_IN_VILLAGE: 3,
    State.RESULT_READY: 3,
    State.DELIVERED: 4,
    State.CLOSED: 4,
    State.WITHDRAWN: 0,
}


def _graphemes(text: str) -> list[str]:
    """Characters as a reader counts them: a combining mark or variation selector stays with its base
    (Python strings are code points, so 𠮷 of plane 2 is already one)."""
    out: list[str] = []
    for ch in text:
        attached = unicodedata.combining(ch) or 0xFE00 <= ord(ch) <= 0xFE0F or 0xE0100 <= ord(ch) <= 0xE01EF
        if (out and (attached or ch == "\u200d")) or (out and out[-1].endswith("\u200d")):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def mask_name(name: str) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧***, 阿依古丽·买买提 → 阿***·***, 𠮷祥 → 𠮷*; a one-character name is only "*"."""
    text = unicodedata.normalize("NFC", " ".join(str(name or "").split()))
    chars = [g for g in _graphemes(text) if not g.isspace()]
    while chars and chars[0] in _SEPARATORS:
        chars.pop(0)
    if sum(g not in _SEPARATORS for g in chars) <= 1:
        return "*"
    out = [chars[0]]
    for g in chars[1:]:
        out.append("·" if g in _SEPARATORS else "*")
    return "".join(out).rstrip("·")


def shown_name(value: object) -> str:
    """A person's name as the public page may show it: one the roster would take, else "" (never a
    device's free text: ``<img src=x>`` or a phone number is no name)."""
    if not isinstance(value, str):
        return ""
    try:
        return person_name(value, "agent")
    except ValidationError:
        return ""


@dataclass(frozen=True)
class VillagerView:
    """The public page's content for one case: plain text, escaped by whoever renders it."""

    case_no: str
    title: str
    name: str
    headline: str
    meaning: str
    step: int
    promised: str  # "2026年12月10日", "预计 …", "材料补齐之日起计算" or the day it was done
    promised_label: str
    missing: tuple[str, ...]
    agent: str
    agent_phone: str
    hotline: str
    stopped: bool


def _day(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def villager_view(
    view: CaseView,
    due: date | None,
    provisional: bool,
    agent_phone: str = "",
    hotline: str = "",
    agent: str | None = None,
    titles: Mapping[str, str] | None = None,
    estimate: bool = False,
) -> VillagerView | None:
    """The page of a projected case, or None when there is nothing a villager can be shown. Nothing a
    device wrote is shown as it wrote it: the item is the catalog's name of the registration's item code
    (``titles``: code → name; an unknown code shows none), the agent a name that passes the roster's
    person-name rule (``validators.person_name``), else none (the page names the village service point)."""
    state = view.state
    if state is None or state in RECORD_STATES or not view.registered or state not in STATE_WORDS:
        return None
    reg = view.registered
    applicant = reg.get("applicant") if isinstance(reg.get("applicant"), dict) else {}
    headline, meaning = STATE_WORDS[state]
    stopped = state in STOPPED_STATES
    if stopped:
        done = view.delivered_on or view.decided_on or view.closed_on
        label, promised = "办结日期", _day(done) if done else "—"
    elif promise_pending(state):  # the receipt and the case page say the same (domain.promise)
        label, promised = "承诺办结", NOT_STARTED
    elif due is None:
        label, promised = "承诺办结", "—"
    else:
        label = "承诺办结"
        # the receipt's words for the same day (domain.promise.promised_text): an estimate says so on both
        promised = promised_text(due, provisional=provisional, pending=False, estimate=estimate)
    asked = state in (State.AWAITING_MATERIALS, State.RETURNED)
    missing = tuple(str(m) for m in view.missing if str(m).strip()) if asked else ()
    return VillagerView(
        case_no=view.case_no,
        title=case_title(reg.get("item_code"), "", titles or {}),  # never the device's text on a public page
        name=mask_name(str(applicant.get("name", "") or "")),
        headline=headline,
        meaning=meaning,
        step=_STEP_OF.get(state, 0),
        promised=promised,
        promised_label=label,
        missing=missing[:50],
        agent=shown_name(agent or reg.get("agent_name")),  # the one answering now, else who registered
        agent_phone=agent_phone,
        hotline=hotline_to_show(hotline),
        stopped=stopped,
    )
