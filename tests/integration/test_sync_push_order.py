"""The push fast path: acks land on the events they belong to, and the wire items are the ones
``protocol.event_to_wire`` would write."""

from __future__ import annotations

from sqlalchemy import select

from tests.integration.test_sync_roundtrip import TOWN, VILLAGE_A, VILLAGE_B, register, sync
from villagedesk.db import models as m
from villagedesk.db import store as st
from villagedesk.domain import jsonfast
from villagedesk.domain.lifecycle import EventType
from villagedesk.server import models as sm
from villagedesk.services import actions
from villagedesk.sync import protocol
from villagedesk.sync.pushpath import read_push_batch


def test_a_clerks_interleaved_villages_get_their_own_acks(enrolled, server) -> None:
    """A town clerk's outbox mixes villages (one wire group each); the server numbers its acks in wire
    order, so each event must take the sequence the server gave that very event."""
    a, b = enrolled("a", VILLAGE_A), enrolled("b", VILLAGE_B)
    clerk = enrolled("clerk", TOWN, "clerk")
    case_a = register(a, "张三", "419001198001010014")
    actions.perform(a, case_a, EventType.SUBMITTED, {})
    case_b = register(b, "李四", "419001199002020024")
    actions.perform(b, case_b, EventType.SUBMITTED, {})
    sync(a), sync(b), sync(clerk)
    actions.perform(clerk, case_a, EventType.ACCEPTED, {})
    actions.perform(clerk, case_b, EventType.ACCEPTED, {})
    actions.perform(clerk, case_a, EventType.DECIDED, {"outcome": "approved", "certificate_no": "Z-1"})
    actions.perform(clerk, case_b, EventType.DECIDED, {"outcome": "approved", "certificate_no": "Z-2"})
    with clerk.store.read() as s:
        batch, rest = read_push_batch(s, 0, 1 << 20, set())
    assert len(batch.groups) == 2 and not rest
    assert [e.id for e in batch] == [item["i"] for g in batch.groups for item in g["e"]]  # wire order

    assert sync(clerk).pushed == 4
    with server.db.read() as s:
        on_server = dict(s.execute(select(sm.ServerEvent.id, sm.ServerEvent.seq)).all())
    with clerk.store.read() as s:
        local = dict(s.execute(select(m.EventRow.id, m.EventRow.server_seq)).all())
    assert local == {eid: on_server[eid] for eid in local}
    # and the town's view reaches both villages unchanged
    assert sync(a).pulled == 2 and sync(b).pulled == 2


def test_wire_items_from_rows_equal_event_to_wire(desk) -> None:
    """Straight from the stored rows: the same JSON as the Event route, byte for byte."""
    from villagedesk.services import catalog, intake

    item = catalog.item(desk, "JY006")
    for name in ("张三", "李四"):
        form = intake.IntakeForm(
            item_code="JY006",
            name=name,
            id_number="419001198001010014",
            phone="13812345678",
            mandate_signed=True,
            note='备注 "引号" \\ 与 null',
            materials={x.name: intake.MaterialState("have") for x in item.materials},
        )
        case = intake.register(desk, form).case_id
        actions.perform(desk, case, EventType.SUBMITTED, {})
    with desk.store.read() as s:
        batch, _ = read_push_batch(s, 0, 1 << 20, set())
        events = [st.row_to_event(r) for r in s.scalars(select(m.EventRow).order_by(m.EventRow.local_seq))]
    assert len(events) == 4 and any(e.prev for e in events)
    assert jsonfast.dumps_bytes(batch.groups) == jsonfast.dumps_bytes(protocol.group_events(events))
