"""A registration's promised time limit (``promised_days``, ``limit_unit``) against the catalog, pushed as
another vendor's client would (hand-written JSON over real HTTP): the limit is the item's (or bundle's) in
the catalog, of any version the server holds, never the device's. Before this rule a registration of
JY006 (1 working day) promising 0, 20 or 10,000 days, or JY005 (20 working days) promising 1, was stored
and served: the town's 逾期 figures and the villager's promised day were whatever the device said.
"""

from __future__ import annotations

import copy
import json
import time
import uuid

from tests.security.harness import TOWN1, VA, Server, Verdict, event, group, hlc, server_cli
from tests.security.harness import registration_payload as registration
from tests.security.test_material_checklist import _dead_letters, _served, open_seed
from tests.security.test_poison_payloads import token


def _reg(number: str, **over) -> dict:
    p = registration(VA, number)  # JY006, 1 working day in the seed catalog
    p.update(over)
    return p


def test_a_promised_limit_other_than_the_catalogs_is_refused(fresh_server: Server) -> None:
    atk = token(fresh_server, VA, "agent", "other-vendor")
    observer = token(fresh_server, TOWN1, "clerk", "observer")
    names = ("身份证/户口簿", "2寸照片", "残疾评定表")  # JY005's checklist in the seed catalog
    jy005_materials = [{"name": n, "status": "have", "custody": "applicant"} for n in names]
    jy005 = {"item_code": "JY005", "final_level": "city", "materials": jy005_materials, "title": "残疾人证新办",
             "items": [{"code": "JY005", "name": "残疾人证新办", "version": 1}]}  # fmt: skip
    bad_limits = {
        "zero": {"promised_days": 0},
        "twenty": {"promised_days": 20},
        "ten-thousand": {"promised_days": 10_000},
        "natural-days": {"limit_unit": "natural_days"},
        "absent": {"promised_days": None},  # dropped below: read as 0 by every desk
        "1-day-for-a-20-day-item": {**jy005, "promised_days": 1},
        "bool": {"promised_days": True},
    }
    bad = []
    for n, over in enumerate(bad_limits.values(), start=1):
        payload = _reg(f"100201-261120-N0{n:03d}", **over)
        if payload["promised_days"] is None:
            del payload["promised_days"]
        bad.append(event(str(uuid.uuid4()), "case_registered", payload, atk.user, atk.node))
    twenty = _reg("100201-261120-N0102", **jy005, promised_days=20)
    honest = [
        event(str(uuid.uuid4()), "case_registered", _reg("100201-261120-N0101"), atk.user, atk.node),
        event(str(uuid.uuid4()), "case_registered", twenty, atk.user, atk.node),
    ]
    v = Verdict.of(atk.raw(fresh_server.url).sync(push=[group(VA, atk.dev, "agent", [*bad, *honest])]), 9)
    for i, name in enumerate(bad_limits):
        assert v.rejected(i) and v.rej[i][0] == "payload", (name, v)
        if name != "bool":  # (True is refused by the type check before the catalog's)
            assert "承诺时限与事项目录不符" in v.rej[i][1], (name, v.rej[i])
    assert "20 个工作日" in v.rej[5][1], v.rej[5]
    for i in range(len(bad), len(bad) + len(honest)):
        assert v.accepted(i), v
    served = _served(fresh_server, observer)
    assert not served & {e["i"] for e in bad}
    assert {e["i"] for e in honest} <= served
    dead = _dead_letters(fresh_server)
    assert all(e["i"] in dead for e in bad)


def test_the_limit_of_every_catalog_version_passes(fresh_server: Server, tmp_path) -> None:
    """Version 2 of the catalog gives JY006 3 working days: a case registered under version 1 (a PC not
    synced yet) keeps its 1 day, one under version 2 promises 3, and 2 days (neither) is refused."""
    newer = copy.deepcopy(json.loads(open_seed().read_text("utf-8")))
    newer["version"] = 2
    for item in newer["items"]:
        item["version"], item["effective_from"] = 2, "2026-11-01"
        if item["code"] == "JY006":
            item["promised_days"] = 3
    doc = tmp_path / "catalog-v2.json"
    doc.write_text(json.dumps(newer, ensure_ascii=False), "utf-8")
    out = server_cli(fresh_server.data, fresh_server.db, "publish-catalog", str(doc))
    assert out.returncode == 0, out.stdout + out.stderr

    atk = token(fresh_server, VA, "agent", "vendor")
    now = int(time.time() * 1000)
    events = []
    for n, days in enumerate((1, 3, 2)):
        payload = _reg(f"100201-261120-N03{n:02d}", promised_days=days)
        events.append(event(str(uuid.uuid4()), "case_registered", payload, atk.user, atk.node, h=hlc(atk.node, now, n)))
    v = Verdict.of(atk.raw(fresh_server.url).sync(push=[group(VA, atk.dev, "agent", events)]), 3)
    assert v.accepted(0) and v.accepted(1), v
    assert v.rejected(2) and v.rej[2][0] == "payload" and "1 个工作日或3 个工作日" in v.rej[2][1], v
