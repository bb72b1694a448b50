"""Who answers for a case now (the 代办员 a villager should call): one rule for the desk's prints and
the town's public page, so a reprinted receipt and the page never name different people."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from villagedesk.domain.events import Event
from villagedesk.domain.lifecycle import Role

# No person can be named (the agent who acted left and nothing says who took over): the page and the
# prints name the village's service point, never the person who left.
SERVICE_POINT = "本村便民服务点"

# The audited detail of a confirmed handover (services/handover.confirm): "李娜(lina) → 王强(wangqiang): …".
# Older entries said only "lina → wangqiang: …": they tell that someone handed over, not whom.
_HANDOVER = re.compile(r"^(?P<leaving>[^()→:]+)\([^()]*\) → (?P<taking>[^()→:]+)\([^()]*\):")


def handover_names(detail: str) -> tuple[str, str] | None:
    """(leaving name, taking name) of a handover's audited detail; None for an older entry without them."""
    found = _HANDOVER.match(detail or "")
    return (found["leaving"].strip(), found["taking"].strip()) if found else None


def handover_detail(leaving: tuple[str, str], taking: tuple[str, str], rest: str) -> str:
    """The detail ``handover_names`` reads: (display name, login) of each person, then the counts."""
    return f"{leaving[0]}({leaving[1]}) → {taking[0]}({taking[1]}): {rest}"


def last_agent_step(events: Sequence[Event]) -> Event | None:
    """The latest village-agent event of ``events`` (given in causal order)."""
    return next((e for e in reversed(events) if e.role is Role.AGENT), None)


def answering_agent(
    last: Event | None,
    roster: Mapping[str, tuple[str, bool]],
    handovers: Sequence[tuple[str, str] | None] = (),
) -> str | None:
    """The name of whoever answers for the case after ``last`` (the last agent step).

    ``roster``: account id → (name, active) of the PC that wrote ``last``; ``handovers``: the handovers
    that PC confirmed after ``last``, in order, as ``handover_names`` reads them (None: an older entry
    that does not say whom). Whoever did ``last``, then each handover from that person to the next; the
    result while that person's account is active. If they left: the PC's one active account when it
    has only one and no unreadable handover came since, else ``SERVICE_POINT``. None when there is no
    telling (no roster from that PC, or an author it does not name): the caller names the registering agent."""
    if last is None or not roster:
        return None
    name, active = roster.get(last.author, ("", False))
    on_duty = {n for n, on in roster.values() if on and n}
    unreadable = False
    for handed in handovers:
        if handed is None:
            unreadable = True
        elif name and handed[0] == name:
            name = handed[1]
            active = name in on_duty
    if name and active:
        return name
    if not name:  # an author the roster does not name: nothing says they left
        return next(iter(on_duty)) if len(on_duty) == 1 else None
    if len(on_duty) == 1 and not unreadable:
        return next(iter(on_duty))
    return SERVICE_POINT
