"""The benchmarks' corpus is what a real desk would push: every event passes the server's judge."""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict

from benchmarks import corpus
from villagedesk.domain import judge
from villagedesk.domain.lifecycle import EventType, Role


def test_every_corpus_event_passes_the_judge_in_order() -> None:
    c = corpus.build(cases=300, seed=7)
    now = int(time.time() * 1000)
    ledgers: dict[str, judge.CaseLedger] = {}
    for e in c.events:
        judge.check_event(e, now)
        ledgers.setdefault(e.case_id, judge.CaseLedger(e.case_id)).admit(e)
    assert len(ledgers) == 300
    assert {e.type for e in c.events} >= {EventType.NOTE_ADDED, EventType.CUSTODY_CHANGED, EventType.ATTACHMENT_ADDED}


def test_the_corpus_has_distinct_villagers_rare_names_and_real_scans() -> None:
    c = corpus.build(cases=300, seed=7)
    people = [e.payload["applicant"] for e in c.events if e.type is EventType.CASE_REGISTERED]
    assert len({p["id_number"] for p in people}) > 200
    assert {"王𠮷", "李·娜"} <= {p["name"] for p in people}
    by_id = {e.id: e for e in c.events}
    scan = c.scans[0]
    assert hashlib.sha256(scan.content()).hexdigest() == by_id[scan.event_id].payload["sha256"]


def test_for_device_gives_one_village_agent_events_under_the_device_tag() -> None:
    c = corpus.build(cases=300, seed=7)
    village = c.villages[0]
    mine = c.for_device(village, "0" * 8 + "-0000-4000-8000-" + "0" * 12, "user-1", "ZZ")
    assert mine and all(e.partition == village and e.role is Role.AGENT for e in mine)
    numbers = [e.payload["case_no"] for e in mine if e.type is EventType.CASE_REGISTERED]
    assert numbers and all(n[-5:-3] == "ZZ" for n in numbers)
    per_case: dict[str, list] = defaultdict(list)
    for e in mine:
        per_case[e.case_id].append(e)
    assert all(events[0].type is EventType.CASE_REGISTERED for events in per_case.values())
    now = int(time.time() * 1000)
    for case_id, events in per_case.items():  # what the device pushes stands on its own on the server
        ledger = judge.CaseLedger(case_id)
        for e in events:
            judge.check_event(e, now)
            ledger.admit(e)
