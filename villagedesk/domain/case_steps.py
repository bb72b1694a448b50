"""How one step of a case reads to a person: which level (村/镇/市) did it, and what it said (the
missing materials and the reason of a return, a refusal's or a denial's reason, a decision's outcome).

Shared by ``villagedesk show`` and the case page, so the command line and the window tell the same story:
a return by the city once showed as a bare 「退回补正」 with no reason and no level.
"""

from __future__ import annotations

from collections.abc import Callable

from villagedesk.domain.audit_entries import mask_id_numbers
from villagedesk.domain.catalog import LEVEL_LABELS, MEDIATION_OUTCOMES
from villagedesk.domain.lifecycle import DECISION_OUTCOMES, STATE_LABELS

ROLE_LEVELS = {"agent": "村", "clerk": "镇", "city": "市"}  # who authored a step: the level it was done at
# a step whose event row was edited in the database (the audit chain holds another digest for it)
EDITED_MARK = "记录被改动, 不可信"
DELETED_WARNING = (
    "该办件有记录已从数据库中被直接删除, 下面的办理过程不完整、不可信: 请运行 villagedesk check 查看处理办法"
)
EDITED_WARNING = "该办件有记录在数据库中被直接修改(下面标出), 以镇中心保存的为准: 请运行 villagedesk check 查看处理办法"
DECIDER_NAMES = {"village": "村级便民服务中心", "town": "乡镇便民服务中心", "city": "市级审批服务中心"}
_NOTE_KEYS = ("reason", "text", "result", "signer", "level", "topic", "outcome", "certificate_no", "filename")
_NOTE_KEYS += ("material", "to", "note", "remedy")


def level_of_role(role: str) -> str:
    """村, 镇 or 市 for an event's role (an unknown role as it is)."""
    return ROLE_LEVELS.get(role, role)


def decider_text(final_level: str) -> str:
    """Which level decides the item, e.g. 「市级(市级审批服务中心)决定」; empty when the level is unknown."""
    if final_level not in LEVEL_LABELS:
        return ""
    return f"{LEVEL_LABELS[final_level]}级({DECIDER_NAMES[final_level]})决定"


def outcome_text(value: str) -> str:
    """A coded outcome as read: approved → 准予, agreed → 达成调解协议."""
    if value in DECISION_OUTCOMES:
        return STATE_LABELS[DECISION_OUTCOMES[value]]
    return MEDIATION_OUTCOMES.get(value, value)


NOTE_PREFIXES = {"missing": "缺少: %1", "received": "已补: %1"}  # the materials a step named, as the CLI prints


def step_note(
    payload: dict,
    outcome: Callable[[str], str] = outcome_text,
    limit: int = 200,
    prefixes: dict[str, str] | None = None,
) -> str:
    """What a step said, in one line: the materials it named, then its reason, outcome and other texts.
    ``prefixes`` words the materials' lines (``NOTE_PREFIXES``' keys, %1 for the names): the UI passes
    its own in the UI's language."""
    parts = []
    words = prefixes or NOTE_PREFIXES
    for key in ("missing", "received"):
        names = payload.get(key)
        if isinstance(names, list) and names:
            parts.append(words[key].replace("%1", "、".join(str(x) for x in names)))
    for key in _NOTE_KEYS:
        value = payload.get(key)
        if value and isinstance(value, str):
            parts.append(outcome(value) if key == "outcome" else value)
    return mask_id_numbers("; ".join(parts))[:limit]  # free text shown: ID numbers masked, as exported
