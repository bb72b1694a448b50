"""Applying pulled pages (engine._store_pulled: one transaction per page, each case projected once per
page) keeps every case where its author has it, whatever the page boundaries: the same page applied
twice, a page whose events touch one case several times, a case split over pages, and a puller killed
while it applies a page (the next sync completes it). Real server over loopback, real profiles."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from sqlalchemy import func, select

from tests.conftest import ROOT, TODAY
from tests.integration.test_sync_roundtrip import register, sync
from tests.support.processes import kill_hard, was_killed_hard
from villagedesk.db import models as m
from villagedesk.domain.lifecycle import EventType
from villagedesk.services import actions, audit
from villagedesk.sync import engine

VILLAGE = "419001100201"
IDS = ["419001198001010014", "419001196001010015", "419001196508150033", "419001198001010022"]


def _work(a, cases: int = 4) -> list[str]:
    """Cases with several events each (registration, submission, two notes): 4 events a case."""
    made = []
    for n, id_number in enumerate(IDS[:cases]):
        case = register(a, f"张{'一二三四'[n]}", id_number)
        actions.perform(a, case, EventType.SUBMITTED, {})
        for text in ("已电话告知办事人", "材料已送镇中心"):
            actions.perform(a, case, EventType.NOTE_ADDED, {"text": text})
        made.append(case)
    return made


def _cases(desk) -> dict:
    """What the desk shows of each case: the projection's columns and its search keys."""
    with desk.store.read() as s:
        rows = s.execute(
            select(m.Case.id, m.Case.status, m.Case.event_count, m.Case.last_hlc, m.Case.due_on, m.Case.conflict)
        ).all()
        terms = s.execute(select(m.SearchTerm.case_id, func.count()).group_by(m.SearchTerm.case_id)).all()
    return {"rows": sorted(tuple(r) for r in rows), "terms": sorted(tuple(t) for t in terms)}


def _events(desk) -> int:
    with desk.store.read() as s:
        return s.scalar(select(func.count()).select_from(m.EventRow)) or 0


def test_cases_touched_several_times_in_a_page_and_across_pages_stand_as_their_author_has_them(enrolled) -> None:
    a, whole, paged = enrolled("a", VILLAGE), enrolled("b", VILLAGE), enrolled("c", VILLAGE)
    _work(a)
    sync(a)
    assert sync(whole).pulled == 16  # one page: each case's four events in it
    assert sync(paged, page=3).pulled == 16  # pages of 3: every case split over two pages
    assert _cases(whole) == _cases(paged) == _cases(a)
    assert len(_cases(a)["rows"]) == 4 and {r[1] for r in _cases(a)["rows"]} == {"submitted"}


def test_the_same_page_applied_twice_changes_nothing(enrolled) -> None:
    a, b = enrolled("a", VILLAGE), enrolled("b", VILLAGE)
    _work(a, 2)
    sync(a)
    eng = engine.SyncEngine(b)
    try:
        data = eng.transport.post("/api/v1/sync", eng._body([], False)).data
        first, again = engine.SyncResult(), engine.SyncResult()
        eng._apply([], data, first, set())
        once, chain = _cases(b), audit.verify(b)
        eng._apply([], data, again, set())  # e.g. a reply applied, then the same round sent ahead again
    finally:
        eng.close()
    assert first.pulled == 8 and again.pulled == 0
    assert _cases(b) == once == _cases(a) and _events(b) == 8
    assert not audit.verify(b).findings and not chain.findings


_CHILD = textwrap.dedent(
    """
    import sys
    from datetime import date
    from villagedesk.services.desk import Desk
    from villagedesk.sync import engine

    desk = Desk.open(sys.argv[1], today=date.fromisoformat(sys.argv[2]))

    def told(p):
        if p.phase == "pull" and p.events:
            print(p.events, flush=True)  # a page is committed: the parent kills us in the next one

    engine.SyncEngine(desk, page=3, progress=told).run()
    print("done", flush=True)
    """
)


def test_a_puller_killed_while_it_applies_pages_is_consistent_and_the_next_sync_completes(enrolled) -> None:
    a, b = enrolled("a", VILLAGE), enrolled("b", VILLAGE)
    _work(a)
    sync(a)
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(b.paths.root), TODAY.isoformat()],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    first = child.stdout.readline().strip()
    kill_hard(child)
    child.wait(timeout=60)
    err = child.stderr.read()
    child.stdout.close()
    child.stderr.close()
    assert first.isdigit() and 0 < int(first) < 16, (first, err)
    assert was_killed_hard(child.returncode), err
    held = _events(b)
    assert 0 < held < 16  # killed between pages or inside one: a page is all there or not at all
    with b.store.read() as s:  # every stored event's case stands on exactly the events stored for it
        stored = dict(s.execute(select(m.EventRow.case_id, func.count()).group_by(m.EventRow.case_id)).all())
        shown = dict(s.execute(select(m.Case.id, m.Case.event_count)).all())
    assert {c: n for c, n in stored.items() if c in shown} == shown
    assert not audit.verify(b).findings
    rest = sync(b)
    assert rest.pulled == 16 - held
    assert _events(b) == 16 and _cases(b) == _cases(a)
