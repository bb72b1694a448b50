"""An honest desk stamps every event after the events of its case, so the judge's stamp rule (an event
after its registration and after what it names, ``clock``) never refuses it: here the village PC's clock
ran 3 h fast when it registered, and the town clerk, whose clock is right, acts on the case at once (its
HLC does not adopt a stamp that far ahead). Real server on loopback, real profiles."""

from __future__ import annotations

from tests.integration.test_sync_roundtrip import register, sync
from villagedesk.db import store as st
from villagedesk.domain.lifecycle import EventType
from villagedesk.services import actions, queries
from villagedesk.services.desk import CLOCK_OFFSET

VILLAGE, TOWN = "419001100201", "419001100000"
THREE_HOURS = 3 * 3_600_000


def test_the_town_acts_on_a_case_a_fast_village_clock_registered(enrolled) -> None:
    a, clerk = enrolled("a", VILLAGE), enrolled("k", TOWN, "clerk")
    with a.store.write() as s:
        st.set_setting(s, CLOCK_OFFSET, str(THREE_HOURS))  # the village PC stamps 3 h ahead of the town
    case = register(a, "张伟", "419001198001010014")
    actions.perform(a, case, EventType.SUBMITTED, {})
    with a.store.read() as s:
        stamps = [e.hlc for e in st.case_events(s, case)]
    first = sync(a)
    assert first.pushed == 2 and first.rejected == 0
    assert sync(clerk).pulled == 2
    actions.perform(clerk, case, EventType.NOTE_ADDED, {"text": "镇中心已收到"})
    actions.perform(clerk, case, EventType.ACCEPTED, {})
    with clerk.store.read() as s:
        mine = [e.hlc for e in st.case_events(s, case)][2:]
    assert all(h[:19] > max(x[:19] for x in stamps) for h in mine), (stamps, mine)
    done = sync(clerk)
    assert done.rejected == 0 and done.pushed == 2
    sync(a)
    row = queries.detail(a, case).row
    assert row.status == "accepted" and not row.conflict
