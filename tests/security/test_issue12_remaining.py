"""#12, the remaining holes: what a hostile client with a valid village token still got stored, pushed as
another vendor's client would (hand-written JSON over real HTTP, a real token, SQLite and PostgreSQL).

- a 原件保管变更 (``custody_changed``) naming a material that is not on the case item's checklist, or
  markup, control characters, an over-long name: stored and shown on the case page and the 交接单 as an
  original the desk holds;
- free text of pushed events with no bound of its own (a submission's 报送说明, a 冲突处理's 处理说明, a
  progress report's 情况说明 and the town's comment or reason): 20,000 characters each were stored;
- a registration calling its item (``title``) or its bundle's members (``items``) otherwise than the
  catalog: stored as the device said.

Each bad event is refused alone (``payload``, a Chinese sentence), the honest ones beside it kept, and
nothing refused is ever served. Every test here failed on the old code (the bad events were accepted).
"""

from __future__ import annotations

import time
import uuid

from tests.security.harness import TOWN1, VA, Server, Verdict, event, group, hlc
from tests.security.harness import registration_payload as registration
from tests.security.test_material_checklist import _dead_letters, _served
from tests.security.test_poison_payloads import token
from villagedesk.domain.progress_report import report_id


def _push(server: Server, who, events: list[dict], role: str = "agent") -> Verdict:
    return Verdict.of(who.raw(server.url).sync(push=[group(VA, who.dev, role, events)]), len(events))


def _refused_alone(server: Server, v: Verdict, bad: list[dict], good: list[dict], observer, events: list[dict]) -> None:
    """Every event of ``bad`` refused ``payload`` with a Chinese sentence, every one of ``good`` kept; the
    refused ones never served and in the dead-letter list."""
    index = {e["i"]: n for n, e in enumerate(events)}
    for e in bad:
        n = index[e["i"]]
        assert v.rejected(n) and v.rej[n][0] == "payload", (e["t"], e["p"], v)
        assert any("\u4e00" <= ch <= "\u9fff" for ch in v.rej[n][1]), v.rej[n]
    for e in good:
        assert v.accepted(index[e["i"]]), (e["t"], v)
    served = _served(server, observer)
    assert not served & {e["i"] for e in bad}
    assert {e["i"] for e in good} <= served
    dead = _dead_letters(server)
    for e in bad:
        assert e["i"] in dead


def test_custody_names_only_a_material_of_the_checklist(fresh_server: Server) -> None:
    """JY006's checklist: 经营者身份证, 经营场所使用证明, 申请书."""
    atk = token(fresh_server, VA, "agent", "other-vendor")
    observer = token(fresh_server, TOWN1, "clerk", "observer")
    now = int(time.time() * 1000)
    case = str(uuid.uuid4())
    reg = event(case, "case_registered", registration(VA, "100201-261120-K0001"), atk.user, atk.node,
                h=hlc(atk.node, now))  # fmt: skip

    def custody(material: object, k: int) -> dict:
        payload = {"material": material, "holder": "village"}
        return event(case, "custody_changed", payload, atk.user, atk.node, r=[reg["i"]], h=hlc(atk.node, now, k))

    bad = [
        custody("户口簿", 1),  # another item's material
        custody("结婚证原件(已由镇长收走)", 2),  # made up
        custody("<b>申请书</b>", 3),  # markup
        custody("申请书\x1b[2J", 4),  # a terminal escape
        custody("申请书\u202e", 5),  # a bidi override
        custody("申请书" * 50, 6),  # over 128 characters
        custody("", 7),  # required
        custody(["申请书"], 8),  # not a text
    ]
    good = [custody("申请书", 9), custody("经营者身份证", 10)]
    events = [reg, *bad, *good]
    v = _push(fresh_server, atk, events)
    assert v.accepted(0), v
    _refused_alone(fresh_server, v, bad, good, observer, events)
    assert "原件保管变更的材料不在该事项的材料清单中" in v.rej[1][1], v.rej[1]


def test_a_town_clerks_custody_is_held_to_the_checklist_too(fresh_server: Server) -> None:
    """The town's clerk records 原件 handed to the desk: the same checklist."""
    atk = token(fresh_server, VA, "agent", "vendor")
    clerk = token(fresh_server, TOWN1, "clerk", "town-vendor")
    observer = token(fresh_server, TOWN1, "clerk", "observer")
    now = int(time.time() * 1000)
    case = str(uuid.uuid4())
    reg = event(case, "case_registered", registration(VA, "100201-261120-K0101"), atk.user, atk.node,
                h=hlc(atk.node, now))  # fmt: skip
    assert _push(fresh_server, atk, [reg]).accepted(0)
    bad = event(case, "custody_changed", {"material": "户口簿", "holder": "town"}, clerk.user, clerk.node,
                r=[reg["i"]], h=hlc(clerk.node, now, 1))  # fmt: skip
    good = event(case, "custody_changed", {"material": "经营场所使用证明", "holder": "town"}, clerk.user,
                 clerk.node, r=[reg["i"]], h=hlc(clerk.node, now, 2))  # fmt: skip
    resp = clerk.raw(fresh_server.url).sync(push=[group(VA, clerk.dev, "clerk", [bad, good])])
    _refused_alone(fresh_server, Verdict.of(resp, 2), [bad], [good], observer, [bad, good])


def test_free_text_of_pushed_events_is_bounded(fresh_server: Server) -> None:
    """The fields the event table left as "kept as sent": a submission's 报送说明 (≤ 1000), a progress
    report's 情况说明 (≤ 4000), the town's comment on it (≤ 2000) and its reason for a return (≤ 2000);
    and no control character in any of them."""
    atk = token(fresh_server, VA, "agent", "vendor")
    clerk = token(fresh_server, TOWN1, "clerk", "town-vendor")
    observer = token(fresh_server, TOWN1, "clerk", "observer")
    now = int(time.time() * 1000)
    case = str(uuid.uuid4())
    reg = event(case, "case_registered", registration(VA, "100201-261120-K0201"), atk.user, atk.node,
                h=hlc(atk.node, now))  # fmt: skip

    def step(type_: str, payload: dict, k: int, case_id: str = case, prev: str = reg["i"]) -> dict:
        return event(case_id, type_, payload, atk.user, atk.node, r=[prev], h=hlc(atk.node, now, k))

    bad_submissions = [
        step("submitted", {"note": "请尽快" * 400}, 1),  # 1,200 characters
        step("submitted", {"note": "请尽快\x1b]0;伪造\x07"}, 2),
        step("submitted", {"note": 12345}, 3),
    ]
    submitted = step("submitted", {"note": "材料已齐, 请审核"}, 4)
    rid = report_id(VA, 2026, 11)
    drafted = event(rid, "report_drafted", {"kind": "progress_report", "center": VA, "year": 2026, "month": 11,
                                            "metrics": {}, "remarks": "本月办件正常"}, atk.user, atk.node,
                    h=hlc(atk.node, now, 5))  # fmt: skip
    bad_reports = [
        step("report_submitted", {"remarks": "情况" * 2001}, 6, rid, drafted["i"]),
        step("report_submitted", {"remarks": "情况\x00说明"}, 7, rid, drafted["i"]),
    ]
    report_submitted = step("report_submitted", {"remarks": "情况说明: 无"}, 8, rid, drafted["i"])
    events = [reg, *bad_submissions, submitted, drafted, *bad_reports, report_submitted]
    v = _push(fresh_server, atk, events)
    _refused_alone(fresh_server, v, [*bad_submissions, *bad_reports], [reg, submitted, drafted, report_submitted],
                   observer, events)  # fmt: skip

    def review(type_: str, payload: dict, k: int) -> dict:
        return event(rid, type_, payload, clerk.user, clerk.node, r=[report_submitted["i"]], h=hlc(clerk.node, now, k))

    bad_reviews = [
        review("report_returned", {"reason": "请补充" * 700}, 9),
        review("report_accepted", {"comment": "好" * 2001}, 10),
        review("report_accepted", {"comment": "好\r覆盖"}, 11),  # a bare CR rewrites the line shown
    ]
    accepted = review("report_accepted", {"comment": "收到"}, 12)
    resp = clerk.raw(fresh_server.url).sync(push=[group(VA, clerk.dev, "clerk", [*bad_reviews, accepted])])
    _refused_alone(fresh_server, Verdict.of(resp, 4), bad_reviews, [accepted], observer, [*bad_reviews, accepted])


def test_a_registration_calls_its_item_as_the_catalog_does(fresh_server: Server) -> None:
    """The item's name (``title``), its members (``items``: code and name), its level and its promised
    limit are the catalog's (any version the server holds), else the registration is refused; an unknown
    item code was refused before and still is."""
    atk = token(fresh_server, VA, "agent", "vendor")
    observer = token(fresh_server, TOWN1, "clerk", "observer")
    member = {"code": "JY006", "name": "个体工商户设立登记", "version": 1}
    overrides = {
        "title": {"title": "镇长特批·优先办理"},
        "title-markup": {"title": "<img src=x>个体工商户设立登记"},
        "member-name": {"items": [{**member, "name": "个体工商户设立登记(加急)"}]},
        "member-other-item": {"items": [member, {"code": "JY001", "name": "结婚登记", "version": 1}]},
        "member-unknown": {"items": [{"code": "ZZ999", "name": "个体工商户设立登记", "version": 1}]},
        "member-not-object": {"items": ["JY006"]},
        "level": {"final_level": "village"},
        "limit": {"promised_days": 30},
        "unknown-item": {"item_code": "ZZ999"},
    }
    bad = []
    for n, over in enumerate(overrides.values(), start=1):
        payload = {**registration(VA, f"100201-261120-K03{n:02d}"), **over}
        bad.append(event(str(uuid.uuid4()), "case_registered", payload, atk.user, atk.node))
    honest = [
        event(str(uuid.uuid4()), "case_registered", registration(VA, "100201-261120-K0350"), atk.user, atk.node),
        event(str(uuid.uuid4()), "case_registered",  # no title or items at all: the catalog names it
              {k: v for k, v in registration(VA, "100201-261120-K0351").items() if k not in ("title", "items")},
              atk.user, atk.node),
    ]  # fmt: skip
    events = [*bad, *honest]
    v = _push(fresh_server, atk, events)
    _refused_alone(fresh_server, v, bad, honest, observer, events)
    assert "事项名称与事项目录不符" in v.rej[0][1] and "个体工商户设立登记" in v.rej[0][1], v.rej[0]
    assert "镇长特批" not in v.rej[0][1]  # what was sent is never repeated
    assert "不是事项 JY006 的组成事项" in v.rej[3][1], v.rej[3]
