"""One pushed batch is judged against the server's events and against itself in bulk: duplicates and
conflicts inside a single batch, a batch mixing held, changed and new events, and the device's last
sync recorded in the push's own transaction. Real server on SQLite and PostgreSQL."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from tests.integration.test_sync_guarantees import VILLAGE_A, note, transport_for
from villagedesk.domain.lifecycle import Role
from villagedesk.server import feed
from villagedesk.server import models as sm
from villagedesk.sync import protocol


def _held(server) -> dict[str, tuple[int, str]]:
    with server.db.read() as s:
        return {r.id: (r.seq, json.loads(r.payload).get("note", "备注")) for r in s.scalars(select(sm.ServerEvent))}


def test_duplicate_and_changed_copy_inside_one_batch(server, enrolled) -> None:
    a = enrolled("a", VILLAGE_A)
    dev = a.identity.device_id
    first, other = note(VILLAGE_A, Role.AGENT, dev), note(VILLAGE_A, Role.AGENT, dev)
    wire = protocol.event_to_wire(first)
    changed = {**wire, "p": {**wire["p"], "note": "改过的"}}
    items = [wire, dict(wire), changed, protocol.event_to_wire(other)]
    t = transport_for(server, a)
    reply = t.post("/api/v1/sync", {"v": 1, "push": [{"p": VILLAGE_A, "d": dev, "o": "agent", "e": items}]}).data
    t.close()
    ack = reply["ack"]
    assert ack[0] > 0 and ack[1] == ack[0]  # the identical copy is the same event: same sequence
    assert reply["dup"] == [1]
    assert ack[2] == 0 and reply["rej"] == [[2, protocol.REJECT_CONFLICT, protocol.REJECT_LABELS["conflict"]]]
    assert ack[3] == ack[0] + 1  # no sequence number was spent on the duplicate or the conflict
    held = _held(server)
    assert held == {first.id: (ack[0], "备注"), other.id: (ack[3], "备注")}
    letters = feed.dead_letters(server.db)
    assert [(d.code, d.event_id) for d in letters] == [(protocol.REJECT_CONFLICT, first.id)]
    assert "改过的" in letters[0].raw


def test_batch_mixing_held_changed_and_new_events(server, enrolled) -> None:
    a = enrolled("a", VILLAGE_A)
    dev = a.identity.device_id
    old = [note(VILLAGE_A, Role.AGENT, dev) for _ in range(600)]  # more than one id-lookup chunk
    t = transport_for(server, a)
    groups = protocol.group_events(old)
    first = t.post("/api/v1/sync", {"v": 1, "push": groups}).data
    assert len(first["ack"]) == 600 and all(x > 0 for x in first["ack"]) and "dup" not in first
    new = [note(VILLAGE_A, Role.AGENT, dev) for _ in range(3)]
    items = [protocol.event_to_wire(e) for e in old]
    items[7] = {**items[7], "p": {**items[7]["p"], "note": "换了内容"}}
    items[599] = {**items[599], "h": new[0].hlc}
    items = items[:300] + [protocol.event_to_wire(new[0])] + items[300:] + [protocol.event_to_wire(e) for e in new[1:]]
    second = t.post("/api/v1/sync", {"v": 1, "push": [{"p": VILLAGE_A, "d": dev, "o": "agent", "e": items}]}).data
    t.close()
    ack = second["ack"]
    conflicts = [r[0] for r in second["rej"]]
    assert conflicts == [7, 600] and all(r[1] == protocol.REJECT_CONFLICT for r in second["rej"])
    top = max(first["ack"])
    assert ack[300] == top + 1 and ack[-2:] == [top + 2, top + 3]
    dup_idx = set(second["dup"])
    assert len(dup_idx) == 598 and 300 not in dup_idx and not dup_idx & {7, 600}
    for i in dup_idx:  # a retried event gets its original sequence back
        assert ack[i] == first["ack"][i if i < 300 else i - 1]
    with server.db.read() as s:
        assert s.scalar(select(func.count()).select_from(sm.ServerEvent)) == 603
        assert s.scalar(select(sm.FeedState.seq)) == top + 3
        stat = s.get(sm.PartitionStat, VILLAGE_A)
        assert stat is not None and stat.count == 603 and stat.max_seq == top + 3
    assert _held(server)[old[7].id][1] == "备注"  # never overwritten


def test_last_sync_is_recorded_for_push_and_for_pull_only_requests(server, enrolled) -> None:
    a = enrolled("a", VILLAGE_A)
    b = enrolled("b", VILLAGE_A)
    t = transport_for(server, a)
    t.post("/api/v1/sync", {"v": 1, "push": protocol.group_events([note(VILLAGE_A, Role.AGENT, a.identity.device_id)])})
    t.close()
    t = transport_for(server, b)
    t.post("/api/v1/sync", {"v": 1, "cur": {VILLAGE_A: 0}})
    t.close()
    with server.db.read() as s:
        seen = {d.id: d.last_seen for d in s.scalars(select(sm.Device))}
    assert seen[a.identity.device_id] is not None and seen[b.identity.device_id] is not None
