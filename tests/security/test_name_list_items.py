"""A list of names with other items, pushed as another vendor's client would: each such event refused
alone with ``payload`` (the honest one beside it kept), never served to the town, and an honest PC of
the village syncs and shows the case's names only."""

from __future__ import annotations

import time
import uuid

from tests.security.harness import TOWN1, VA, Server, Verdict, cli, event, group, hlc
from tests.security.harness import registration_payload as registration
from tests.security.test_poison_payloads import token

BAD_ITEMS = [1, None, True, 1.5, ["x"], {"a": {"b": [1, 2]}}]


def test_non_text_names_are_refused_per_event(fresh_server: Server, tmp_path) -> None:
    atk = token(fresh_server, VA, "agent", "other-vendor")
    observer = token(fresh_server, TOWN1, "clerk", "observer")
    case = str(uuid.uuid4())
    now = int(time.time() * 1000)
    first = event(case, "case_registered", registration(VA, "100201-261120-N0001"), atk.user, atk.node,
                  h=hlc(atk.node, now))  # fmt: skip
    after = {"r": [first["i"]], "h": hlc(atk.node, now, 1)}  # after the registration, whatever the clock
    bad = [event(case, "materials_missing", {"missing": ["申请书", x]}, atk.user, atk.node, **after) for x in BAD_ITEMS]
    honest = event(case, "materials_missing", {"missing": ["申请书"]}, atk.user, atk.node, **after)
    resp = atk.raw(fresh_server.url).sync(push=[group(VA, atk.dev, "agent", [first, *bad, honest])])
    v = Verdict.of(resp, len(bad) + 2)
    assert v.accepted(0) and v.accepted(len(bad) + 1), v
    for i in range(1, len(bad) + 1):
        assert v.rejected(i) and v.rej[i][0] == "payload", (BAD_ITEMS[i - 1], v)
    pulled = observer.raw(fresh_server.url).sync(cur={}, own=True)
    assert pulled.status == 200
    served = {e["i"] for g in pulled.json().get("pull") or [] for e in g["e"]}
    assert not served & {e["i"] for e in bad} and honest["i"] in served
    pc = tmp_path / "pc"
    assert cli(pc, "setup", "--region", VA, "--name", "李娜").returncode == 0
    out = cli(pc, "enroll", "--server", fresh_server.url, "--code", fresh_server.code(VA, "agent", "pc"))
    assert out.returncode == 0, out.stderr
    out = cli(pc, "sync", "--quiet")
    assert out.returncode == 0, (out.stdout + out.stderr)[-1500:]
    out = cli(pc, "show", "100201-261120-N0001")
    assert out.returncode == 0, (out.stdout + out.stderr)[-1500:]
    assert "缺少材料: 申请书" in out.stdout and "None" not in out.stdout, out.stdout[-800:]
