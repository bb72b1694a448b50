"""Who answers for a case now (the 代办员 a villager should call): one rule for the desk's prints and
the town's public page, so a reprinted receipt and the page never name different people.

People are matched by what is stable, never by the name shown: the account id an event's author is,
and the login name a handover's audited detail gives (two accounts may share a display name; a login
is unique on its PC). A display name is only ever shown. A PC that did not send its logins (an older
version) is matched by display name, the best that is left."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from villagedesk.domain.events import Event
from villagedesk.domain.lifecycle import Role

# No person can be named (the agent who acted left and nothing says who took over): the page and the
# prints name the village's service point, never the person who left.
SERVICE_POINT = "本村便民服务点"

# The audited detail of a confirmed handover (services/handover.confirm): "李娜(lina) → 王强(wangqiang): …".
# Older entries said only "lina → wangqiang: …": logins, whose names the roster or account events give.
_HANDOVER = re.compile(r"^(?P<leaving>[^()→:]+)\((?P<out>[^()]*)\) → (?P<taking>[^()→:]+)\((?P<in>[^()]*)\):")
_OLD_HANDOVER = re.compile(r"^(?P<out>[A-Za-z0-9_.\-]{1,32}) → (?P<in>[A-Za-z0-9_.\-]{1,32}):")


@dataclass(frozen=True)
class Person:
    """An account as its PC named it: display name (shown), active, login ("" when the PC sent none)."""

    name: str
    active: bool
    login: str = ""


@dataclass(frozen=True)
class Handover:
    """One confirmed handover: the logins of both people, and their names when the entry gave them."""

    leaving: str
    taking: str
    leaving_name: str = ""
    taking_name: str = ""


def read_handover(detail: str) -> Handover | None:
    """The people of a handover's audited detail, in either shape; None for a detail in neither."""
    found = _HANDOVER.match(detail or "")
    if found:
        out, taking = found["out"].strip(), found["in"].strip()
        return Handover(out, taking, found["leaving"].strip(), found["taking"].strip())
    found = _OLD_HANDOVER.match(detail or "")
    return Handover(found["out"], found["in"]) if found else None


def handover_names(detail: str) -> tuple[str, str] | None:
    """(leaving name, taking name) of a handover's audited detail; None for an entry without names."""
    found = read_handover(detail)
    return (found.leaving_name, found.taking_name) if found and found.leaving_name else None


def handover_detail(leaving: tuple[str, str], taking: tuple[str, str], rest: str) -> str:
    """The detail ``read_handover`` reads: (display name, login) of each person, then the counts."""
    return f"{leaving[0]}({leaving[1]}) → {taking[0]}({taking[1]}): {rest}"


def last_agent_step(events: Sequence[Event]) -> Event | None:
    """The latest village-agent event of ``events`` (given in causal order)."""
    return next((e for e in reversed(events) if e.role is Role.AGENT), None)


def _people(roster: Mapping[str, Person | tuple[str, bool]]) -> dict[str, Person]:
    return {k: v if isinstance(v, Person) else Person(v[0], bool(v[1])) for k, v in roster.items()}


class _Follower:
    """Follows handovers over one PC's accounts, matching on login (display name only when the PC sent
    no logins); ``names``: login → display name from the PC's account events, for older entries."""

    def __init__(self, roster: Mapping[str, Person | tuple[str, bool]], names: Mapping[str, str]) -> None:
        self.people = list(_people(roster).values())
        self.by_login = {p.login: p for p in self.people if p.login}
        self.names = names
        self.unreadable = False  # a handover nobody can tell the people of came by

    def on_duty(self) -> list[Person]:
        return [p for p in self.people if p.active and p.name]

    def same(self, person: Person, login: str, name: str) -> bool:
        """Whether a handover's (login, name) is ``person``."""
        if person.login:
            return login == person.login
        name = name or self.names.get(login, "")
        if not name:
            self.unreadable = True  # it may have been them: nothing tells
            return False
        return name == person.name

    def find(self, login: str, name: str) -> Person | None:
        """The account a handover hands to, as this PC names it; None when it has no such account."""
        if login in self.by_login:
            return self.by_login[login]
        name = name or self.names.get(login, "")
        unnamed = [p for p in self.people if not p.login and p.name == name] if name else []
        if len(unnamed) == 1:
            return unnamed[0]
        return Person(name, False, login) if name else None

    def follow(self, person: Person, handovers: Sequence[Handover | None]) -> Person | None:
        """Whoever answers after ``handovers`` for what ``person`` answered (None: a handover to
        someone nobody can name)."""
        current: Person | None = person
        for handed in handovers:
            if handed is None:
                self.unreadable = True
            elif current is not None and self.same(current, handed.leaving, handed.leaving_name):
                current = self.find(handed.taking, handed.taking_name)
                if current is None:
                    self.unreadable = True
        return current


def answering_agent(
    last: Event | None,
    roster: Mapping[str, Person | tuple[str, bool]],
    handovers: Sequence[Handover | None] = (),
    names: Mapping[str, str] | None = None,
) -> str | None:
    """The name of whoever answers for the case after ``last`` (the last agent step).

    ``roster``: account id → ``Person`` of the PC that wrote ``last``; ``handovers``: the handovers that
    PC confirmed after ``last``, in order, as ``read_handover`` reads them (None: an entry that says
    nobody); ``names``: login → display name from that PC's account events. Whoever did ``last``, then
    each handover from that person to the next; the result while that person's account is active. If
    they left: the PC's one active account when it has only one and no unreadable handover came since,
    else ``SERVICE_POINT``. None when there is no telling (no roster from that PC, or an author it does
    not name): the caller names the registering agent."""
    if last is None or not roster:
        return None
    follower = _Follower(roster, names or {})
    on_duty = follower.on_duty()
    author = _people(roster).get(last.author)
    if author is None:  # an author the roster does not name: nothing says they left
        return on_duty[0].name if len(on_duty) == 1 else None
    now = follower.follow(author, handovers)
    if now is not None and now.name and now.active:
        return now.name
    if len(on_duty) == 1 and not follower.unreadable:
        return on_duty[0].name
    return SERVICE_POINT


@dataclass(frozen=True)
class PcPeople:
    """One PC's people as the town holds them: its roster, its confirmed handovers (in order), and
    login → display name from its account events."""

    roster: Mapping[str, Person]
    handovers: Sequence[Handover | None] = ()
    names: Mapping[str, str] | None = None


def answering_after_replacement(last: Event | None, old: PcPeople, successors: Sequence[PcPeople]) -> str | None:
    """Who answers for a case whose last agent step ``last`` was made on a PC since revoked.

    ``old``: that PC's people (its handovers after ``last``); ``successors``: the PCs that took its place
    (the enrollment that ``replaces`` it, else the village's live agent PCs). The person who answered
    on the old PC (after its handovers), if their login is active on a successor; else whoever a
    successor's handovers passed them to; else a successor's one active account when there is one PC
    with one; else ``SERVICE_POINT`` (never the old PC's people: the PC is gone, and with it its desk)."""
    if last is None:
        return None
    author = _people(old.roster).get(last.author)
    person = _Follower(old.roster, old.names or {}).follow(author, old.handovers) if author else None
    if person is not None:
        found = []
        for pc in successors:
            follower = _Follower(pc.roster, pc.names or {})
            there = follower.find(person.login, person.name) if person.login else None
            if there is None and not person.login:
                there = next((p for p in follower.people if p.name == person.name and not p.login), None)
            if there is None:
                continue
            now = follower.follow(there, pc.handovers)
            if now is not None and now.name and now.active:
                found.append(now.name)
        if len(set(found)) == 1:
            return found[0]
    on_duty = [p for pc in successors for p in _Follower(pc.roster, {}).on_duty()]
    if len(successors) == 1 and len(on_duty) == 1:
        return on_duty[0].name
    return SERVICE_POINT


def answers_now(
    start: Person | None, roster: Mapping[str, Person], handovers: Sequence[Handover | None]
) -> Person | None:
    """Who answers now for what ``start`` answered (the registering person), after this PC's
    ``handovers`` since the case came here: the 交接单 lists a person's cases by this, and a reprinted
    receipt names it. None when nobody can be named (no start, or a handover to someone unknown)."""
    if start is None:
        return None
    return _Follower(roster, {}).follow(start, handovers)
