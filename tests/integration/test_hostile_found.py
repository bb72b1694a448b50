"""What an independent hostile client found after the judge was built, each over real HTTP:
a far-future date that stopped every sync of a village, squatting another PC's case numbers, and a flood
of stale notes that held the server's write lock for minutes."""

from __future__ import annotations

import time
import uuid

from sqlalchemy import select

from tests.integration.test_pull_quarantine import _plant
from tests.integration.test_sync_guarantees import transport_for
from tests.integration.test_sync_roundtrip import register, sync
from tests.support.events import follow, registration
from villagedesk.db import models as m
from villagedesk.domain.events import Event
from villagedesk.domain.hlc import HybridClock
from villagedesk.domain.lifecycle import EventType, Role
from villagedesk.sync import protocol

VILLAGE = "419001100201"


def test_a_date_no_calendar_can_hold_is_refused_and_never_stops_a_sync(server, enrolled) -> None:
    a = enrolled("a", VILLAGE)
    bad = registration(VILLAGE, a.identity.device_id)
    bad = Event(**{**bad.__dict__, "payload": {**bad.payload, "at": "9999-12-31"}})
    t = transport_for(server, a)
    reply = t.post("/api/v1/sync", {"v": 1, "push": protocol.group_events([bad]), "lim": 0}).data
    t.close()
    assert reply["ack"] == [0] and reply["rej"][0][1] == "payload"
    # one that an older server took: the client sets it aside, everything else goes on
    _plant(server, [(str(uuid.uuid4()), "case_registered", {**bad.payload, "case_no": "100201-261125-ZQ001"})])
    honest = register(a, "王涛", "419001198001010014")
    result = sync(a)
    assert result.quarantined == 1 and result.pushed == 1
    with a.store.read() as s:
        assert s.get(m.Case, honest) is not None


def test_no_token_takes_another_pcs_case_numbers(server, enrolled) -> None:
    a = enrolled("a", VILLAGE)
    first = register(a, "王涛", "419001198001010014")
    sync(a)
    tag = a.identity.device_tag
    squatter = enrolled("squatter", VILLAGE)
    dev = squatter.identity.device_id
    clock = HybridClock(dev[:12])
    grabs = []
    for n in range(2, 6):
        e = registration(VILLAGE, dev, clock.now())
        number = f"100201-{time.strftime('%y%m%d')}-{tag}{n:03d}"
        grabs.append(Event(**{**e.__dict__, "payload": {**e.payload, "case_no": number}}))
    own = registration(VILLAGE, dev, clock.now())
    t = transport_for(server, squatter)
    reply = t.post("/api/v1/sync", {"v": 1, "push": protocol.group_events([*grabs, own]), "lim": 0}).data
    t.close()
    assert reply["ack"][:4] == [0, 0, 0, 0] and reply["ack"][4] > 0
    assert all(r[1] == "duplicate_case" for r in reply["rej"])
    second = register(a, "李娜", "419001199002020024")  # the PC's own next numbers still go through
    result = sync(a)
    assert result.rejected == 0
    with a.store.read() as s:
        assert {first, second} <= set(s.scalars(select(m.Case.id)))


def test_a_flood_of_stale_notes_on_one_case_is_judged_quickly(server, enrolled) -> None:
    a = enrolled("a", VILLAGE)
    reg = registration(VILLAGE, a.identity.device_id)
    t = transport_for(server, a)
    t.post("/api/v1/sync", {"v": 1, "push": protocol.group_events([reg]), "lim": 0})
    clock = HybridClock(a.identity.device_id[:12])
    notes = [follow(reg, Role.AGENT, a.identity.device_id, EventType.NOTE_ADDED, hlc=clock.now()) for _ in range(4000)]
    start = time.perf_counter()
    reply = t.post("/api/v1/sync", {"v": 1, "push": protocol.group_events(notes), "lim": 0}).data
    took = time.perf_counter() - start
    t.close()
    assert all(x > 0 for x in reply["ack"])
    assert took < 30, f"4,000 stale notes took {took:.0f} s (the write lock is held meanwhile)"


def test_one_device_cannot_claim_every_tag_of_its_village(server, enrolled) -> None:
    """A token registered XX901 under all 1024 tags in 1.1 s; the next PC the village enrolled could then
    register nothing ("设备码属于本村另一台电脑")."""
    squatter = enrolled("squatter", VILLAGE)
    dev = squatter.identity.device_id
    clock = HybridClock(dev[:12])
    day = time.strftime("%y%m%d")
    grabs = []
    for tag in ("Q1", "Q2", "Q3", "Q4"):
        e = registration(VILLAGE, dev, clock.now())
        grabs.append(Event(**{**e.__dict__, "payload": {**e.payload, "case_no": f"100201-{day}-{tag}901"}}))
    t = transport_for(server, squatter)
    reply = t.post("/api/v1/sync", {"v": 1, "push": protocol.group_events(grabs), "lim": 0}).data
    t.close()
    # its enrollment's tag (given by the server) and one more, its first-run setup's: no third
    assert reply["ack"][0] > 0 and reply["ack"][1:] == [0, 0, 0]
    assert all(r[1] == "duplicate_case" and "不是本机的设备码" in r[2] for r in reply["rej"])
    late = enrolled("late", VILLAGE)  # a PC enrolled later registers under its own tag
    mine = register(late, "李娜", "419001199002020024")
    result = sync(late)
    assert result.rejected == 0 and result.pushed >= 1
    with late.store.read() as s:
        assert s.get(m.Case, mine) is not None


def test_a_town_item_cannot_be_completed_in_the_village(server, enrolled) -> None:
    """村级办结 pushed on a town-level item was taken: the case skipped the town (and the city) for good."""
    a = enrolled("a", VILLAGE)
    dev = a.identity.device_id
    reg = registration(VILLAGE, dev)
    reg = Event(**{**reg.__dict__, "payload": {**reg.payload, "final_level": "town"}})
    done = follow(reg, Role.AGENT, dev, EventType.VILLAGE_COMPLETED, {"at": "2026-11-25", "result": "已办"})
    t = transport_for(server, a)
    reply = t.post("/api/v1/sync", {"v": 1, "push": protocol.group_events([reg, done]), "lim": 0}).data
    t.close()
    assert reply["ack"][0] > 0 and reply["ack"][1] == 0
    assert reply["rej"][0][1] == "transition" and "不能村级办结" in reply["rej"][0][2]


def test_a_registration_carries_its_items_level_from_the_catalog(server, enrolled) -> None:
    """A city item registered as "village", a level "nation" and an unknown item code were all taken."""
    a = enrolled("a", VILLAGE)
    dev = a.identity.device_id
    clock = HybridClock(dev[:12])
    forged = []
    for item, level in (("JY002", "village"), ("JY006", "nation"), ("NOPE", "town"), ("JY006", None)):
        e = registration(VILLAGE, dev, clock.now())
        payload = {**e.payload, "item_code": item, "final_level": level}
        forged.append(Event(**{**e.__dict__, "payload": {k: v for k, v in payload.items() if v is not None}}))
    honest = registration(VILLAGE, dev, clock.now())
    t = transport_for(server, a)
    reply = t.post("/api/v1/sync", {"v": 1, "push": protocol.group_events([*forged, honest]), "lim": 0}).data
    t.close()
    assert reply["ack"][:4] == [0, 0, 0, 0] and reply["ack"][4] > 0
    assert [r[1] for r in reply["rej"]] == ["payload"] * 4
    assert "不在事项目录中" in reply["rej"][2][2] and "城" not in reply["rej"][0][2]
