"""The case ledger's chain path (``CaseLedger._admit_chain``: a case opened in the ledger whose events
each name the one before, judged from its state alone, no view kept) gives every verdict the full path
gives (a view per event, ``projection.apply``), and the same view at the end."""

from __future__ import annotations

import itertools
import uuid

from hypothesis import given, settings
from hypothesis import strategies as st

from villagedesk.domain import judge as dj
from villagedesk.domain.events import Event
from villagedesk.domain.lifecycle import EventType, Role
from villagedesk.domain.projection import project

VILLAGE = "419001100201"
_TICKS = itertools.count()


def _stamp() -> str:
    """Each event stamped after the one before (as a desk's HLC stamps): the verdicts are the lifecycle's."""
    return f"{1_795_000_000_000 + next(_TICKS):013d}-00000-dev1"

PAYLOADS = {
    EventType.DECIDED: [{"outcome": "approved"}, {"outcome": "denied", "reason": "不符合条件"}],
    EventType.CONFLICT_RESOLVED: [{"state": "registered"}, {"state": "approved"}],
    EventType.EXTENSION_GRANTED: [{"days": 5, "reason": "需要核实"}],
}
LEVELS = ["village", "town", "city"]


def _event(t: EventType, case: str, role: Role, payload: dict, prev: tuple[str, ...]) -> Event:
    return Event(str(uuid.uuid4()), case, t, payload, "u1", "d1", role, VILLAGE, _stamp(), prev)


def _registration(case: str, level: str) -> Event:
    payload = {"case_no": "100201-261117-0X001", "item_code": "JY017", "final_level": level}
    return _event(EventType.CASE_REGISTERED, case, Role.AGENT, payload, ())


def _verdict(ledger: dj.CaseLedger, e: Event) -> tuple[str, str] | None:
    try:
        ledger.admit(e)
    except dj.Refusal as exc:
        return exc.code, exc.message
    return None


steps = st.lists(
    st.tuples(
        st.sampled_from(list(EventType)), st.sampled_from([Role.AGENT, Role.CLERK, Role.CITY]), st.integers(0, 1)
    ),
    max_size=25,
)


@settings(max_examples=300, deadline=None)
@given(level=st.sampled_from(LEVELS), steps=steps)
def test_chain_path_gives_the_full_paths_verdicts(level: str, steps: list) -> None:
    case = str(uuid.uuid4())
    chain, full = dj.CaseLedger(case), dj.CaseLedger(case)
    full._leave_chain()  # the full path from the start: a view per event
    head = _registration(case, level)
    assert _verdict(chain, head) == _verdict(full, head) is None
    for etype, role, pick in steps:
        options = PAYLOADS.get(etype, [{"text": "备注", "reason": "原因", "missing": [], "at": "2026-11-17"}])
        e = _event(etype, case, role, options[pick % len(options)], (head.id,))
        verdict = _verdict(chain, e)
        assert verdict == _verdict(full, e), (etype, role)
        if verdict is None:
            head = e
        assert (chain._state, chain._resume_to) == (full.view.state, full.view.resumes_to)
    assert chain._chain  # every accepted event extended the chain
    assert chain.view == full.view == project(case, full.events)


def test_an_event_off_the_chain_leaves_the_chain_path() -> None:
    case = str(uuid.uuid4())
    ledger = dj.CaseLedger(case)
    reg = _registration(case, "town")
    ledger.admit(reg)
    submitted = _event(EventType.SUBMITTED, case, Role.AGENT, {}, (reg.id,))
    ledger.admit(submitted)
    fork = _event(EventType.NOTE_ADDED, case, Role.AGENT, {"text": "备注"}, (reg.id,))  # names an older event
    ledger.admit(fork)
    assert not ledger._chain
    assert ledger.view == project(case, [reg, submitted, fork])
