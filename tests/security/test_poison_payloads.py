"""NaN and ±Infinity in a pushed event: refused alone, never stored, pulled pages stay strict JSON.

Each case has a server of its own (no honest PCs until the end of the case): today a stored NaN makes
every later pull of the town answer 500, which would hide the results of every case after it.
"""

from __future__ import annotations

import uuid

import pytest

from tests.security.harness import TOWN1, VA, Raw, Server, Token, Verdict, cli, enroll_raw, event, group
from tests.security.harness import registration_payload as registration
from tests.security.test_hostile_events import POISON, SUBS, Mut


def token(server: Server, region: str, role: str, name: str) -> Token:
    body = enroll_raw(server.url, server.code(region, role, name)).json()
    return Token(body["dev"], body["tok"], body["role"], body["region"])


@pytest.mark.parametrize("mutate", [m for _, m in POISON], ids=[n for n, _ in POISON])
def test_non_finite_number_is_refused_and_never_pulled(fresh_server: Server, mutate: Mut, tmp_path) -> None:
    atk = token(fresh_server, VA, "agent", "other-vendor")
    observer = token(fresh_server, TOWN1, "clerk", "observer")
    case = str(uuid.uuid4())
    good = event(case, "case_registered", registration(VA, "100201-261120-P0001"), atk.user, atk.node)
    bad = event(case, "note_added", {"text": "恶意"}, atk.user, atk.node)
    bad_group = group(VA, atk.dev, "agent", [bad])
    mutate(None, bad_group, bad)  # type: ignore[arg-type]
    resp = atk.raw(fresh_server.url).sync(push=[group(VA, atk.dev, "agent", [good]), bad_group], sub=SUBS)
    assert resp.status < 500, resp.body[:300]
    pulls = [tok.raw(fresh_server.url).sync(cur={}, own=True) for tok in (observer, atk)]
    for pulled in pulls:
        assert pulled.status == 200, ("the town's pulls broke", pulled.status, pulled.body[:200])
        body = pulled.json()  # strict: NaN / Infinity raise here
        ids = {e["i"] for g in body.get("pull") or [] for e in g["e"]}
        assert bad["i"] not in ids, "a non-finite number was stored and served"
    v = Verdict.of(resp, 2)
    assert v.accepted(0) and v.rejected(1), v
    # an honest PC of the village enrolls and syncs afterwards
    pc = tmp_path / "pc"
    assert cli(pc, "setup", "--region", VA, "--name", "李娜").returncode == 0
    out = cli(pc, "enroll", "--server", fresh_server.url, "--code", fresh_server.code(VA, "agent", "pc"))
    assert out.returncode == 0, out.stderr
    out = cli(pc, "sync", "--quiet")
    assert out.returncode == 0, (out.stdout + out.stderr)[-1500:]
    assert Raw(fresh_server.url).get("/api/v1/health").status == 200
