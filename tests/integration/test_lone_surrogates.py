"""A lone surrogate (\\ud800: valid JSON text, not encodable as UTF-8) anywhere a request's text is echoed
or looked up — a cursor key, a push group's role, the clerk's audit query — got a 500 with a plain-text body
(the reply could not be encoded). Every such request now gets a JSON answer a client can read: a 400 for
a bad request field, a per-event refusal inside a 200 for a bad event. Real uvicorn on loopback."""

from __future__ import annotations

import gzip
import http.client
import json
import time
import uuid

import pytest

from tests.integration.test_attachment_endpoints import Client
from villagedesk.sync import protocol as proto

VILLAGE = "419001100201"
TOWN = "419001100000"
LONE = "\ud800"


def _post(client: Client, path: str, doc: dict) -> tuple[int, dict]:
    body = json.dumps(doc, ensure_ascii=True).encode()  # \ud800 as an escape: legal JSON on the wire
    status, headers, data = client.call("POST", path, body, Content_Type="application/json", Accept_Encoding="gzip")
    if {k.lower(): v for k, v in headers.items()}.get("content-encoding") == "gzip":
        data = gzip.decompress(data)
    text = data.decode("utf-8")  # the answer is always UTF-8 JSON, never text/plain
    return status, json.loads(text)


def test_a_lone_surrogate_in_a_cursor_key_gets_a_json_400(enrolled, server) -> None:
    c = Client(server, enrolled("a", VILLAGE))
    status, doc = _post(c, "/api/v1/sync", {"v": 1, "push": [], "cur": {LONE: 1}, "lim": 0})
    assert status == 400, doc
    assert doc["error"] and doc["message"]


def _event(**over: object) -> dict:
    event = {"i": str(uuid.uuid4()), "c": str(uuid.uuid4()), "t": "note_added", "a": "a",
             "h": f"{int(time.time() * 1000)}:0:x", "p": {"text": "x"}}  # fmt: skip
    event.update(over)
    return event


@pytest.mark.parametrize(
    "group",
    [
        {"p": LONE, "d": "x", "o": "agent"},
        {"p": "41900110020" + LONE, "d": "x", "o": "agent"},
        {"p": VILLAGE, "d": "x", "o": LONE},
        {"p": VILLAGE, "d": LONE, "o": "agent"},
    ],
    ids=["partition", "partition-12", "role", "device"],
)
def test_a_lone_surrogate_in_a_push_group_gets_a_json_answer(enrolled, server, group) -> None:
    c = Client(server, enrolled("a", VILLAGE))
    status, doc = _post(c, "/api/v1/sync", {"v": 1, "push": [{**group, "e": [_event()]}], "cur": {}, "lim": 0})
    assert status in (200, 400), doc
    assert status == 400 or doc.get("rej"), doc  # refused, never stored


@pytest.mark.parametrize("field", ["c", "h", "a"])
def test_a_lone_surrogate_in_an_events_field_is_refused(enrolled, server, field) -> None:
    c = Client(server, enrolled("a", VILLAGE))
    group = {"p": VILLAGE, "d": "x", "o": "agent", "e": [_event(**{field: LONE})]}
    status, doc = _post(c, "/api/v1/sync", {"v": 1, "push": [group], "cur": {}, "lim": 0})
    assert status in (200, 400), doc
    assert status == 400 or doc.get("rej"), doc


def test_a_lone_surrogate_in_the_clerks_audit_query_gets_a_json_answer(enrolled, server) -> None:
    c = Client(server, enrolled("clerk", TOWN, role="clerk"))
    status, doc = _post(c, "/api/v1/audit/entries", {"v": 1, "case": LONE})
    assert status in (200, 400), doc


def test_a_lone_surrogate_in_the_protocol_header_is_not_a_500(enrolled, server) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=20)
    try:
        conn.putrequest("POST", "/api/v1/sync")
        conn.putheader(proto.PROTOCOL_HEADER, "\xff")
        conn.putheader("Content-Length", "2")
        conn.endheaders(b"{}")
        resp = conn.getresponse()
        assert resp.status == 400
        json.loads(resp.read())
    finally:
        conn.close()
