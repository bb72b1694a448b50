"""A flood from one device (a valid village token): cut off by the server's push quota, with a clear
Chinese refusal and a Retry-After, while the other devices of the town go on syncing.

Before the quota, one token could push tens of thousands of well-formed events with 2,000-character notes,
and every clerk's and village PC's next sync had to pull them all. The server here runs with a small quota
(``serve --push-quota 20``: a bucket of 100 events and 70,000 bytes of payload, refilled over a day) so that
the flood is short; the numbers of the default are in docs/sync-protocol.md.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.security.harness import TOWN1, VA, VB, Resp, Server, Token, cli_many, event, group, registration_payload
from tests.security.world import LEAK_MARKERS, World

QUOTA = 20  # events a day
BURST_EVENTS = 5 * QUOTA


@pytest.fixture(scope="module")
def town(database, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """A server with a small quota, a village PC of another village and the town clerk (official CLI)."""
    assert database == "sqlite"  # SQLITE_ONLY (conftest): the quota is counted before any database is reached
    root = tmp_path_factory.mktemp("flood")
    server = Server(root / "town", None, extra=("--push-quota", str(QUOTA))).start()
    try:
        w = World(root, server)
        with ThreadPoolExecutor(2) as pool:  # two PCs, set up side by side as in life
            b = pool.submit(w.honest_device, "agent-b", VB)
            clerk = pool.submit(w.honest_device, "clerk-1", TOWN1, "clerk", 0)
            w.agents[VB], w.clerk = b.result(), clerk.result()
        w.observers = {TOWN1: w.enroll_token(TOWN1, "clerk", "observer")}
        yield w
    finally:
        server.stop()


def _own_case(w: World, tok: Token, tag: str) -> str:
    reg = event("", "case_registered", registration_payload(VA, f"100201-261120-{tag}001"), tok.user, tok.node)
    reg["c"] = reg["i"]
    resp = tok.raw(w.url).sync(push=[group(VA, tok.dev, "agent", [reg])], lim=0)
    assert resp.status == 200 and resp.json()["ack"][0] > 0, resp.body[:300]
    return reg["c"]


def _flood(w: World, tok: Token, case: str, text: str, per_push: int, pushes: int) -> list[Resp]:
    """Push batches of notes until the server refuses (or ``pushes`` were sent)."""
    out = []
    for _ in range(pushes):
        notes = [event(case, "note_added", {"text": text}, tok.user, tok.node) for _ in range(per_push)]
        resp = tok.raw(w.url).sync(push=[group(VA, tok.dev, "agent", notes)], lim=0)
        out.append(resp)
        if resp.status != 200:
            break
    return out


def _is_quota_refusal(resp: Resp) -> None:
    assert resp.status == 429, (resp.status, resp.body[:300])
    wait = resp.headers.get("retry-after", "")
    assert wait.isdigit() and int(wait) >= 1, resp.headers
    body = resp.json()
    assert body["error"] == "quota" and body["retry_after"] == int(wait), body
    assert "限额" in body["message"] and "保存在本机" in body["message"] and "再同步" in body["message"], body


def _pushed_by(w: World, dev: str) -> int:
    return sum(1 for e in w.server_events().values() if e["_d"] == dev)


def test_a_flood_is_cut_off_and_every_other_device_still_syncs(town: World) -> None:
    big, small = (town.enroll_token(VA, "agent", name) for name in ("flood-big", "flood-small"))
    big_case, small_case = _own_case(town, big, "ZQ"), _own_case(town, small, "ZR")

    # 2,000-character notes: the byte bucket is spent after the first push, the next one is refused
    floods = _flood(town, big, big_case, "洪" * 2000, per_push=20, pushes=10)
    assert [r.status for r in floods] == [200, 429], [r.status for r in floods]  # 20 x 6 KB > the bucket
    _is_quota_refusal(floods[-1])
    assert _pushed_by(town, big.dev) == 1 + 20
    # small notes: the event bucket (100) is spent, whatever their size
    floods = _flood(town, small, small_case, "备注", per_push=30, pushes=10)
    assert [r.status for r in floods] == [200, 200, 200, 429], [r.status for r in floods]
    _is_quota_refusal(floods[-1])
    assert _pushed_by(town, small.dev) == 1 + 90 <= BURST_EVENTS

    rest = _flood(town, small, small_case, "备注", per_push=9, pushes=1)[0]  # what is left of the bucket
    assert rest.status == 200 and all(rest.json()["ack"]), rest.body[:300]
    again = _flood(town, small, small_case, "备注", per_push=1, pushes=1)[0]  # then nothing, and nothing stored
    _is_quota_refusal(again)
    assert _pushed_by(town, small.dev) == BURST_EVENTS
    pull = small.raw(town.url).sync(push=[], cur={})  # the throttled device may still pull
    assert pull.status == 200 and pull.json()["cur"], pull.body[:300]

    # one request holding more events than any honest batch: 413, and the client splits it
    many = [event(small_case, "note_added", {"text": "x"}, small.user, small.node) for _ in range(10_001)]
    body = gzip.compress(json.dumps({"v": 1, "push": [group(VA, small.dev, "agent", many)], "cur": {}}).encode())
    resp = small.raw(town.url).request(
        "POST",
        "/api/v1/sync",
        body,
        {"X-VillageDesk-Protocol": "1", "Content-Type": "application/json", "Content-Encoding": "gzip"},
    )
    assert resp.status == 413 and resp.json()["error"] == "too_large", resp.body[:300]

    # the other devices of the town: their own quota, their syncs as before
    b = town.agents[VB]
    devices = [b, town.clerk]
    for dev, out in zip(devices, cli_many([(d.profile, ("sync", "--quiet")) for d in devices]), strict=True):
        assert out.returncode == 0, (dev.name, out.stdout + out.stderr)
        assert not any(m in out.stdout + out.stderr for m in LEAK_MARKERS), dev.name
    town_cases = town.clerk.cases(TOWN1)
    assert {big_case, small_case} | set(b.cases(VB)) <= set(town_cases)
    town.healthy()
