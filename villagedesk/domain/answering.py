"""Who answers for a case now (the 代办员 a villager should call): one rule for the desk's prints and
the town's public page, so a reprinted receipt and the page never name different people."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from villagedesk.domain.events import Event
from villagedesk.domain.lifecycle import Role


def last_agent_step(events: Sequence[Event]) -> Event | None:
    """The latest village-agent event of ``events`` (given in causal order)."""
    return next((e for e in reversed(events) if e.role is Role.AGENT), None)


def answering_agent(last: Event | None, roster: Mapping[str, tuple[str, bool]]) -> str | None:
    """The name of whoever did ``last`` while their account is active; after a handover (that account
    stopped) the one active account of that PC. ``roster``: account id → (name, active) of the PC that
    wrote ``last``. None when there is no telling: the caller names the registering agent."""
    if last is None:
        return None
    name, active = roster.get(last.author, ("", False))
    if name and active:
        return name
    others = [n for n, on in roster.values() if on and n]
    return others[0] if len(others) == 1 else None
