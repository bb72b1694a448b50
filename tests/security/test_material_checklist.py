"""Material names against the item's checklist, pushed as another vendor's client would (hand-written JSON
over real HTTP): a registration's ``materials``, a ``materials_missing`` (一次性告知 / 容缺), a town's
``returned`` (补正) and a ``materials_supplied`` may name only materials of the case's item in the catalog
the server holds — of any catalog version, since a case registered under an older version still has its
old list — once each. Each bad event is refused alone with ``payload`` (the honest ones beside it kept)
and lands in the dead-letter list; nothing refused is ever served.

Before the checklist rule, names the item does not have and duplicate names were stored and served (the
town's 一次性告知单 then listed materials no form asks for); a list over 100 names was refused already.
"""

from __future__ import annotations

import copy
import json
import time
import uuid

from tests.security.harness import TOWN1, VA, Server, Verdict, event, group, hlc, server_cli
from tests.security.harness import registration_payload as registration
from tests.security.test_poison_payloads import token

# JY006 (个体工商户设立登记) in the seed catalog: 经营者身份证, 经营场所使用证明, 申请书.
HONEST = ["经营者身份证", "经营场所使用证明", "申请书"]


def _material(name: object) -> dict:
    return {"custody": "applicant", "form": "copy", "name": name, "necessity": "required",
            "required_form": "copy", "status": "missing"}  # fmt: skip


def _registration(number: str, materials: list | None = None) -> dict:
    p = registration(VA, number)
    if materials is not None:
        p["materials"] = materials
    return p


def _push(server: Server, atk, events: list[dict]) -> Verdict:
    return Verdict.of(atk.raw(server.url).sync(push=[group(VA, atk.dev, "agent", events)]), len(events))


def _served(server: Server, observer) -> set[str]:
    pulled = observer.raw(server.url).sync(cur={}, own=True)
    assert pulled.status == 200, pulled.body[:300]
    return {e["i"] for g in pulled.json().get("pull") or [] for e in g["e"]}


def _dead_letters(server: Server) -> str:
    out = server_cli(server.data, server.db, "dead-letters", "--limit", "500")
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_registration_materials_outside_the_checklist_are_refused(fresh_server: Server) -> None:
    atk = token(fresh_server, VA, "agent", "other-vendor")
    observer = token(fresh_server, TOWN1, "clerk", "observer")
    bad_lists = {
        "foreign-name": [_material(n) for n in HONEST] + [_material("营业执照正本(伪)")],
        "another-items-name": [_material("结婚证")],  # JY001's, not JY006's
        "duplicate-names": [_material(n) for n in HONEST] + [_material("申请书")],
        "huge-list": [_material(n) for n in HONEST] * 40,  # 120 entries
        "not-an-object": ["经营者身份证"],
        "name-not-text": [_material(1)],
        "no-name": [{"status": "have"}],
        "padded-name": [_material(" 申请书")],
        "none-for-an-item-with-materials": [],  # the desk lists every material of JY006's (政策咨询 has none)
    }
    bad = []
    for n, materials in enumerate(bad_lists.values(), start=1):
        case = str(uuid.uuid4())
        bad.append(event(case, "case_registered", _registration(f"100201-261120-M{n:04d}", materials),
                         atk.user, atk.node))  # fmt: skip
    one = [_material("申请书")]
    honest = [
        event(str(uuid.uuid4()), "case_registered", _registration("100201-261120-M0101"), atk.user, atk.node),
        event(str(uuid.uuid4()), "case_registered", _registration("100201-261120-M0103", one), atk.user, atk.node),
    ]
    v = _push(fresh_server, atk, [*bad, *honest])
    for i, name in enumerate(bad_lists):
        assert v.rejected(i) and v.rej[i][0] == "payload", (name, v)
    for i in range(len(bad), len(bad) + len(honest)):
        assert v.accepted(i), v
    served = _served(fresh_server, observer)
    assert not served & {e["i"] for e in bad}
    assert {e["i"] for e in honest} <= served
    dead = _dead_letters(fresh_server)
    for e in bad:
        assert e["i"] in dead, dead[-2000:]


def _case_with_events(server: Server, atk, number: str) -> tuple[str, dict]:
    case = str(uuid.uuid4())
    now = int(time.time() * 1000)
    first = event(case, "case_registered", _registration(number), atk.user, atk.node, h=hlc(atk.node, now))
    return case, first


def test_material_events_outside_the_checklist_are_refused(fresh_server: Server) -> None:
    """``materials_missing`` / ``materials_supplied`` by the village, ``returned`` by the town."""
    atk = token(fresh_server, VA, "agent", "other-vendor")
    clerk = token(fresh_server, TOWN1, "clerk", "town-vendor")
    observer = token(fresh_server, TOWN1, "clerk", "observer")
    now = int(time.time() * 1000)
    case, first = _case_with_events(fresh_server, atk, "100201-261120-M0201")

    def ev(type_: str, payload: dict, k: int, prev: str, who=atk) -> dict:
        return event(case, type_, payload, who.user, who.node, r=[prev], h=hlc(who.node, now, k))

    # the agent: 一次性告知 (容缺) with bad lists, then an honest one and its supply
    bad_missing = [
        {"missing": ["户口簿"]},  # not on JY006's list
        {"missing": ["申请书", "申请书"]},  # a name twice
        {"missing": ["申请书", "营业执照正本(伪)"]},
        {"missing": [f"材料{n}" for n in range(101)]},  # over the cap (refused already before)
    ]
    bad = [ev("materials_missing", p, 1, first["i"]) for p in bad_missing]
    missing = ev("materials_missing", {"missing": ["申请书"], "reason": "缺申请书"}, 2, first["i"])
    bad_supplied = [
        ev("materials_supplied", {"received": ["户口簿"]}, 3, missing["i"]),
        ev("materials_supplied", {"received": ["申请书", "申请书"]}, 3, missing["i"]),
    ]
    supplied = ev("materials_supplied", {"received": ["申请书"]}, 4, missing["i"])
    submitted = ev("submitted", {}, 5, supplied["i"])
    v = _push(fresh_server, atk, [first, *bad, missing, *bad_supplied, supplied, submitted])
    assert v.accepted(0), v
    for i in range(1, len(bad) + 1):
        assert v.rejected(i) and v.rej[i][0] == "payload", (bad_missing[i - 1], v)
    assert v.accepted(len(bad) + 1), v
    for i in range(len(bad) + 2, len(bad) + 4):
        assert v.rejected(i) and v.rej[i][0] == "payload", v
    assert v.accepted(len(bad) + 4) and v.accepted(len(bad) + 5), v

    # the town: 补正 with names the item does not have, or twice; then an honest one
    reason = "材料不全, 请补正"
    bad_returns = [
        ev("returned", {"missing": ["结婚证"], "reason": reason}, 6, submitted["i"], clerk),
        ev("returned", {"missing": ["申请书", "申请书"], "reason": reason}, 6, submitted["i"], clerk),
    ]
    honest_return = ev("returned", {"missing": ["经营场所使用证明"], "reason": reason}, 7, submitted["i"], clerk)
    resp = clerk.raw(fresh_server.url).sync(push=[group(VA, clerk.dev, "clerk", [*bad_returns, honest_return])])
    v2 = Verdict.of(resp, 3)
    assert v2.rejected(0) and v2.rej[0][0] == "payload", v2
    assert v2.rejected(1) and v2.rej[1][0] == "payload", v2
    assert v2.accepted(2), v2

    refused = [*bad, *bad_supplied, *bad_returns]
    served = _served(fresh_server, observer)
    assert not served & {e["i"] for e in refused}
    assert {first["i"], missing["i"], supplied["i"], submitted["i"], honest_return["i"]} <= served
    dead = _dead_letters(fresh_server)
    for e in refused:
        assert e["i"] in dead, dead[-2000:]


def test_names_of_every_catalog_version_pass(fresh_server: Server, tmp_path) -> None:
    """A newer catalog renames a material of JY006: a case registered under version 1 (a PC not yet
    synced) keeps its old names, one registered under version 2 uses the new ones, and a name neither
    version has is still refused."""
    seed = json.loads(open_seed().read_text("utf-8"))
    newer = copy.deepcopy(seed)
    newer["version"] = 2
    for item in newer["items"]:
        item["version"] = 2
        item["effective_from"] = "2026-11-01"
        if item["code"] == "JY006":
            item["materials"] = [m for m in item["materials"] if m["name"] != "申请书"]
            item["materials"].append({"name": "个体工商户登记申请书(2026版)", "necessity": "required"})
    doc = tmp_path / "catalog-v2.json"
    doc.write_text(json.dumps(newer, ensure_ascii=False), "utf-8")
    out = server_cli(fresh_server.data, fresh_server.db, "publish-catalog", str(doc))
    assert out.returncode == 0, out.stdout + out.stderr

    atk = token(fresh_server, VA, "agent", "vendor")
    now = int(time.time() * 1000)
    old_case, old_reg = str(uuid.uuid4()), None
    old_reg = event(old_case, "case_registered", _registration("100201-261120-M0301"), atk.user, atk.node,
                    h=hlc(atk.node, now))  # fmt: skip
    new_materials = [_material(n) for n in ("经营者身份证", "经营场所使用证明", "个体工商户登记申请书(2026版)")]
    new_payload = _registration("100201-261120-M0302", new_materials)
    new_payload["item_version"] = 2
    new_payload["items"] = [{"code": "JY006", "name": "个体工商户设立登记", "version": 2}]
    new_case = str(uuid.uuid4())
    new_reg = event(new_case, "case_registered", new_payload, atk.user, atk.node, h=hlc(atk.node, now))
    old_missing = event(old_case, "materials_missing", {"missing": ["申请书"]}, atk.user, atk.node,
                        r=[old_reg["i"]], h=hlc(atk.node, now, 1))  # fmt: skip
    new_missing = event(new_case, "materials_missing", {"missing": ["个体工商户登记申请书(2026版)"]}, atk.user,
                        atk.node, r=[new_reg["i"]], h=hlc(atk.node, now, 1))  # fmt: skip
    neither = event(new_case, "materials_missing", {"missing": ["户口簿"]}, atk.user, atk.node,
                    r=[new_reg["i"]], h=hlc(atk.node, now, 2))  # fmt: skip
    v = _push(fresh_server, atk, [old_reg, new_reg, old_missing, new_missing, neither])
    for i in range(4):
        assert v.accepted(i), v
    assert v.rejected(4) and v.rej[4][0] == "payload", v


def open_seed():
    from pathlib import Path

    return Path(__file__).resolve().parents[2] / "resources" / "seed" / "catalog.json"


def test_a_supply_that_brings_nothing_or_not_all_is_refused(fresh_server: Server) -> None:
    """Issue 14: a ``materials_supplied`` with no names (or no list), or one that leaves a missing material
    缺少, ended 待补正 and the case could be sent on; the judge now refuses it with ``payload``, naming
    what is still missing, and the case stays 待补正 until a supply brings every missing material."""
    atk = token(fresh_server, VA, "agent", "other-vendor")
    observer = token(fresh_server, TOWN1, "clerk", "observer")
    now = int(time.time() * 1000)
    case, first = _case_with_events(fresh_server, atk, "100201-261120-M0301")

    def ev(type_: str, payload: dict, k: int, prev: str) -> dict:
        return event(case, type_, payload, atk.user, atk.node, r=[prev], h=hlc(atk.node, now, k))

    both = ["申请书", "经营场所使用证明"]
    missing = ev("materials_missing", {"missing": both, "reason": "缺两项"}, 1, first["i"])
    bad = [
        ev("materials_supplied", {"received": []}, 2, missing["i"]),
        ev("materials_supplied", {}, 2, missing["i"]),
        ev("materials_supplied", {"received": ["申请书"]}, 2, missing["i"]),
    ]
    v = _push(fresh_server, atk, [first, missing, *bad])
    assert v.accepted(0) and v.accepted(1), v
    for i in range(2, 5):
        assert v.rejected(i) and v.rej[i][0] == "payload", v
    assert "经营场所使用证明" in v.rej[4][1], v
    after_bad = ev("submitted", {}, 3, missing["i"])  # still 待补正: not sendable on
    assert _push(fresh_server, atk, [after_bad]).rejected(0)
    supplied = ev("materials_supplied", {"received": both}, 4, missing["i"])
    submitted = ev("submitted", {}, 5, supplied["i"])
    v2 = _push(fresh_server, atk, [supplied, submitted])
    assert v2.accepted(0) and v2.accepted(1), v2
    served = _served(fresh_server, observer)
    assert not served & {e["i"] for e in [*bad, after_bad]}
