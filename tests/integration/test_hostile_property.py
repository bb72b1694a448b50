"""Property: whatever a device with a valid token pushes, every honest device's sync succeeds and its view
of its own partitions equals the server's (Hypothesis over real HTTP, with the real clients).

The hostile device is an enrolled village PC of village A speaking the wire protocol directly: events of
any type, on its own and other villages' cases, real and invented ids, forged authors, stale or
impossible ``prev``, good and bad payloads. Honest devices (agents of A and B, the town's clerk) work
through the app's services between rounds. After each round all of them sync, and each one's case
states equal the projection of the server's events for its scope."""

from __future__ import annotations

import json
import os
import uuid
from collections import defaultdict
from pathlib import Path

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs
from sqlalchemy import select

from tests.integration.server_harness import running_server
from tests.integration.test_sync_roundtrip import register, sync
from tests.support.events import case_no
from villagedesk.db import models as m
from villagedesk.db import store as st
from villagedesk.domain.events import Event
from villagedesk.domain.hlc import HybridClock
from villagedesk.domain.lifecycle import EventType, Role, State
from villagedesk.domain.projection import project
from villagedesk.server import feed
from villagedesk.server import models as sm
from villagedesk.services import actions
from villagedesk.services.desk import Desk
from villagedesk.sync import engine, protocol

VILLAGE_A, VILLAGE_B, TOWN = "419001100201", "419001100202", "419001100000"
EXAMPLES = int(os.environ.get("VILLAGEDESK_HOSTILE_EXAMPLES", "6"))

PAYLOADS = [
    {},
    {"text": "备注"},
    {"reason": "不办了"},
    {"outcome": "approved", "certificate_no": ""},
    {"outcome": "denied", "reason": "不符合条件"},
    {"missing": ["户口簿"], "reason": "缺材料"},
    {"state": "approved", "reason": "冲突"},
    {"item": "x"},
    {"text": float("nan")},
    {"text": "\ud800"},
    {"text": "x" * 30_000},
]


def _server_states(server, scope: str) -> dict[str, State | None]:
    with server.db.read() as s:
        rows = list(s.scalars(select(sm.ServerEvent).order_by(sm.ServerEvent.seq)))
    by_case: dict[str, list[Event]] = defaultdict(list)
    for r in rows:
        if protocol.in_scope(scope, r.partition):
            by_case[r.case_id].append(feed._event_of(r))
    views = {cid: project(cid, evs) for cid, evs in by_case.items()}
    return {cid: v.state for cid, v in views.items() if v.registered}


def _local_states(desk: Desk) -> dict[str, State | None]:
    with desk.store.read() as s:
        return {r.id: State(r.status) for r in s.scalars(select(m.Case))}


@pytest.fixture(scope="module")
def world(template_profile_module, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    with running_server("sqlite", tmp) as server:
        desks = {}
        for name, region, role in (("a", VILLAGE_A, "agent"), ("b", VILLAGE_B, "agent"), ("t", TOWN, "clerk")):
            desks[name] = template_profile_module(tmp / name)
            engine.enroll(desks[name], server.url, server.code(region, role, name))
        evil = template_profile_module(tmp / "evil")
        engine.enroll(evil, server.url, server.code(VILLAGE_A, "agent", "evil"))
        cases = [register(desks["a"], "王涛", "419001198001010014"), register(desks["b"], "李娜", "419001199002020024")]
        for d in desks.values():
            sync(d)
        yield server, desks, evil, cases
        for d in [*desks.values(), evil]:
            d.close()


@pytest.fixture(scope="module")
def template_profile_module(template_profile: Path):
    import shutil

    from tests.conftest import TODAY

    def make(target: Path) -> Desk:
        shutil.copytree(template_profile, target)
        return Desk.open(target, today=TODAY)

    return make


hostile_event = hs.fixed_dictionaries(
    {
        "type": hs.sampled_from(list(EventType)),
        "case": hs.integers(0, 3),  # 0/1: the honest cases; 2: a fresh id; 3: reuse the last hostile one
        "partition": hs.sampled_from([VILLAGE_A, VILLAGE_B]),
        "payload": hs.sampled_from(range(len(PAYLOADS))),
        "prev": hs.sampled_from(["heads", "none", "random"]),
        "forge": hs.sampled_from([None, "other-device", "clerk"]),
    }
)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(rounds=hs.lists(hs.lists(hostile_event, min_size=1, max_size=12), min_size=1, max_size=3))
def test_no_device_can_corrupt_another_view_or_stop_a_sync(world, rounds) -> None:
    server, desks, evil, cases = world
    dev = evil.identity.device_id
    token = engine.server_config(evil).token
    clock = HybridClock(dev[:12])
    last_fresh = str(uuid.uuid4())
    for n, batch in enumerate(rounds):
        events = []
        for spec in batch:
            case = (cases[0], cases[1], str(uuid.uuid4()), last_fresh)[spec["case"]]
            if spec["case"] == 2:
                last_fresh = case
            payload = dict(PAYLOADS[spec["payload"]])
            if spec["type"] is EventType.CASE_REGISTERED and spec["payload"] == 0:
                payload = {"case_no": case_no(spec["partition"]), "item_code": "JY006"}
            with desks["a"].store.read() as s:
                heads = st.case_heads(s, case)
            prev = {"heads": heads, "none": [], "random": [str(uuid.uuid4())]}[spec["prev"]]
            hlc = clock.now()
            events.append(
                Event(
                    str(uuid.uuid4()),
                    case,
                    spec["type"],
                    payload,
                    "evil",
                    dev,
                    Role.AGENT,
                    spec["partition"],
                    hlc,
                    tuple(prev),
                )
            )
        groups = protocol.group_events(events)
        for g in groups:
            if events and batch[0]["forge"] == "other-device":
                g["d"] = desks["b"].identity.device_id
            elif events and batch[0]["forge"] == "clerk":
                g["d"], g["o"] = desks["t"].identity.device_id, "clerk"
        body = json.dumps({"v": 1, "push": groups, "lim": 0}, ensure_ascii=True, allow_nan=True).encode()
        answer = requests.post(
            server.url + "/api/v1/sync",
            data=body,
            headers={"Authorization": f"Bearer {token}", protocol.PROTOCOL_HEADER: "1"},
            timeout=30,
        )
        assert answer.status_code == 200, answer.text[:300]
        reply = answer.json()
        assert len(reply["ack"]) == len(events)
        # honest work goes on between hostile rounds
        if n % 2 == 0 and EventType.NOTE_ADDED in actions.available(desks["a"], cases[0]):
            actions.perform(desks["a"], cases[0], EventType.NOTE_ADDED, {"text": f"第{n}轮"})
        for d in desks.values():
            result = engine.SyncEngine(d).run()
            assert result.ok, result.error
            assert result.quarantined == 0  # the server let nothing through that an honest client refuses
    for d in desks.values():
        sync(d)
    for name, d in desks.items():
        scope = d.identity.region_code
        assert _local_states(d) == _server_states(server, scope), name
    # nothing the hostile device pushed names another device as its author
    with server.db.read() as s:
        authored = {r.device for r in s.scalars(select(sm.ServerEvent).where(sm.ServerEvent.pushed_by == dev))}
    assert authored <= {dev}
    # every case keeps the village its registration fixed, and has one registration
    with server.db.read() as s:
        rows = list(s.scalars(select(sm.ServerEvent)))
    home = {r.case_id: r.partition for r in rows if r.type == "case_registered"}
    assert all(r.partition == home.get(r.case_id, r.partition) for r in rows)
    assert len(home) == sum(r.type == "case_registered" for r in rows)
    # and village B's cases were touched by nobody but B and the town
    with server.db.read() as s:
        b_devices = {
            r.pushed_by for r in s.scalars(select(sm.ServerEvent).where(sm.ServerEvent.partition == VILLAGE_B))
        }
    assert dev not in b_devices
