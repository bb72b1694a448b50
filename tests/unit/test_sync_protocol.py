"""The wire schema's pure parts: scopes, compact events, body limits, the retry policy."""

from __future__ import annotations

import gzip
import json
import uuid

import pytest

from villagedesk.domain.events import Event
from villagedesk.domain.lifecycle import EventType, Role
from villagedesk.sync import engine, protocol


def _event(**over) -> Event:
    base = dict(
        id=str(uuid.uuid4()),
        case_id=str(uuid.uuid4()),
        type=EventType.NOTE_ADDED,
        payload={"text": "备注"},
        author="u1",
        device="dev-1",
        role=Role.AGENT,
        partition="419001100201",
        hlc="1795600000000-00000-abcdefabcdef",
    )
    base.update(over)
    return Event(**base)


@pytest.mark.parametrize(
    "scope,partition,inside",
    [
        ("419001100201", "419001100201", True),
        ("419001100201", "419001100202", False),
        ("419001100000", "419001100202", True),
        ("419001100000", "419001101201", False),
        ("419001100000", "419001100000", True),  # a town's own partition (its reports to the city)
        ("419001101000", "419001100000", False),  # ...which no other town sees
        ("419001100201", "419001100000", False),  # ...nor any village, its own villages included
        ("410100000000", "419001100000", False),  # ...nor another city
        ("419001000000", "419001100201", True),  # a city's scope is every village of its towns
        ("419001000000", "419001101201", True),
        ("419001000000", "410102001001", False),  # ...and nothing of another city
        ("419001000000", "419001100000", True),  # the city sees its towns' own partitions
        ("419001000000", "419001000000", False),
        ("000000000000", "000000100201", False),  # no city has code 000000
    ],
)
def test_scopes(scope: str, partition: str, inside: bool) -> None:
    assert protocol.in_scope(scope, partition) is inside


def test_wire_round_trip_and_group_header_carries_partition_once() -> None:
    events = [_event(), _event(prev=(str(uuid.uuid4()),))]
    groups = protocol.group_events(events)
    assert len(groups) == 1 and "419001100201" not in json.dumps(groups[0]["e"])
    back = [protocol.parse_group_event(h, item) for _, h, item in protocol.ungroup(groups, "push")]
    assert back == events


@pytest.mark.parametrize(
    "item",
    [
        {"i": "x"},
        {"i": str(uuid.uuid4()), "c": str(uuid.uuid4()), "t": "nope", "a": "u", "h": "1-2-3", "p": {}},
        {"i": str(uuid.uuid4()), "c": str(uuid.uuid4()), "t": "note_added", "a": "u", "h": "bad", "p": {}},
        {
            "i": str(uuid.uuid4()),
            "c": str(uuid.uuid4()),
            "t": "note_added",
            "a": "u",
            "h": "1795600000000-00000-a",
            "p": [],
            "r": [],
        },
        "not an object",
    ],
)
def test_malformed_events_raise_protocol_error(item) -> None:
    with pytest.raises(protocol.ProtocolError):
        protocol.parse_group_event({"p": "419001100201", "d": "dev", "o": "agent"}, item)


def test_bodies_gzip_bombs_and_garbage() -> None:
    body = protocol.encode_body({"v": 1, "cur": {"419001100201": 3}})
    assert protocol.decode_body(body, True) == {"v": 1, "cur": {"419001100201": 3}}
    bomb = gzip.compress(b" " * (protocol.MAX_BODY_BYTES + 10))
    with pytest.raises(protocol.BodyTooLarge):
        protocol.decode_body(bomb, True)
    with pytest.raises(protocol.ProtocolError):
        protocol.decode_body(b"\x1f\x8b\x08garbage", True)
    with pytest.raises(protocol.ProtocolError):
        protocol.parse_sync({"v": 1, "cur": {"x": 1}})
    with pytest.raises(protocol.ProtocolError):
        protocol.parse_sync({"v": protocol.PROTOCOL_VERSION + 1})
    assert protocol.parse_sync(json.loads('{"v": 1}')).limit == protocol.DEFAULT_PAGE_EVENTS


def test_enroll_codes_are_forgiving_to_type() -> None:
    assert protocol.parse_enroll({"v": 1, "code": " abcd-efgh jkmn "}).code == "ABCDEFGHJKMN"


def test_retry_policy_backs_off_resets_and_wakes() -> None:
    policy = engine.RetryPolicy(base_s=5, factor=2, cap_s=60, jitter=0)
    failed = engine.SyncResult(error="网络连接失败", retryable=True)
    waits = [policy.record(failed, now=0) for _ in range(6)]
    assert waits == [5, 10, 20, 40, 60, 60]
    assert not policy.due(now=30)
    policy.wake()
    assert policy.due(now=30)
    assert policy.record(engine.SyncResult(ok=True), now=0) == 0
    revoked = engine.SyncResult(error="吊销", retryable=False)
    assert policy.record(revoked, now=0) == 60  # needs a person: retried rarely, never hammered
