"""多证联办: where each member item of a bundle stands, and which level decides it.

A bundle is one case with one lifecycle: it goes as high as its highest member (a town item and a city
item together go to the city, ``catalog.registration_levels``) and that level's one decision answers
every member. So a member's state is the bundle's, read from the member's side: a town-level member of a
bundle at the city has had the town's part done (受理, 转报) and now waits for the city's decision with
the rest — shown as 「已转报市级, 待一并决定」, not as if the town still had it. The case page and
``villagedesk show`` both word these rows from here (``member_states``), so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from villagedesk.domain.catalog import LEVEL_LABELS
from villagedesk.domain.lifecycle import STATE_LABELS, State

_RANK = {"village": 0, "town": 1, "city": 2}
# The level that holds a case in these states (before any decision); other states are the village's
# (登记, 待补正, 退回补正) or after the decision, the same for every member.
_HELD_AT = {State.SUBMITTED: "town", State.ACCEPTED: "town", State.FORWARDED: "city", State.CITY_ACCEPTED: "city"}


@dataclass(frozen=True)
class MemberState:
    code: str
    name: str
    level: str  # the member's own final_level in this PC's catalog; "" when the catalog lacks it
    decider: str  # the level deciding it in this bundle: the bundle's final_level (one decision for all)
    state: State  # the bundle's state
    passed_on: bool  # its own level's part is done: the bundle went up to ``decider``, which decides it

    @property
    def decided_above(self) -> bool:
        """Decided by a higher level than its own, with the bundle (a town item in a city bundle)."""
        return bool(self.level) and self.level in _RANK and self.decider in _RANK and self.level != self.decider


def member_states(registered: dict, state: str, levels: dict[str, str]) -> list[MemberState]:
    """One row per member of a bundle registration (none for a single item); ``levels``: item code →
    its final_level in the catalog this PC holds. A malformed registration yields what it can."""
    items = registered.get("items")
    if not registered.get("bundle_code") or not isinstance(items, list) or len(items) < 2:
        return []
    try:
        now = State(state)
    except ValueError:
        return []
    decider = str(registered.get("final_level", ""))
    held = _HELD_AT.get(now)
    out = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("code"), str):
            continue
        code = item["code"]
        level = levels.get(code, "")
        passed = bool(held and level in _RANK and _RANK[held] > _RANK[level] and held == decider)
        name = item.get("name") if isinstance(item.get("name"), str) and item.get("name") else code
        out.append(MemberState(code, name, level, decider, now, passed))
    return out


def level_text(ms: MemberState) -> str:
    """「镇级事项, 随联办件由市级决定」 / 「市级事项」 / 「层级未知」 (the catalog on this PC lacks it)."""
    if ms.level not in LEVEL_LABELS:
        return "层级未知"
    own = f"{LEVEL_LABELS[ms.level]}级事项"
    return f"{own}, 随联办件由{LEVEL_LABELS[ms.decider]}级决定" if ms.decided_above else own


def passed_verb(ms: MemberState) -> str:
    """转报 (the town to the city) or 报送 (the village to the town)."""
    return "转报" if ms.decider == "city" else "报送"


def state_text(ms: MemberState) -> str:
    """The member's state: the bundle's, or 「已转报市级, 待一并决定」 once its own level's part is done."""
    if ms.passed_on:
        return f"已{passed_verb(ms)}{LEVEL_LABELS[ms.decider]}级, 待一并决定"
    return STATE_LABELS[ms.state]
