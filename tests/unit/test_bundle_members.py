"""domain.bundle_members: each member of a 多证联办 bundle read from the bundle's one state — its own level,
the level deciding it, and 「已转报/已报送…, 待一并决定」 once its own level's part is done."""

from __future__ import annotations

from villagedesk.domain.bundle_members import level_text, member_states, state_text

ITEMS = [{"code": "JY012", "version": 2, "name": "临时救助"}, {"code": "JY010", "version": 2, "name": "低保"}]
LEVELS = {"JY012": "town", "JY010": "city"}


def reg(items=ITEMS, final_level="city", bundle="BZ-MIX") -> dict:
    return {"items": items, "bundle_code": bundle, "final_level": final_level}


def test_a_town_item_of_a_city_bundle_waits_for_the_city_once_forwarded() -> None:
    at_town = member_states(reg(), "accepted", LEVELS)
    assert [(level_text(x), state_text(x)) for x in at_town] == [
        ("镇级事项, 随联办件由市级决定", "已受理"), ("市级事项", "已受理")]  # fmt: skip
    at_city = member_states(reg(), "city_accepted", LEVELS)
    assert [state_text(x) for x in at_city] == ["已转报市级, 待一并决定", "市级已受理"]
    assert [state_text(x) for x in member_states(reg(), "approved", LEVELS)] == ["准予", "准予"]


def test_a_village_item_of_a_town_bundle_is_submitted_not_forwarded() -> None:
    items = [{"code": "A", "name": "甲"}, {"code": "B", "name": "乙"}]
    rows = member_states(reg(items, "town"), "submitted", {"A": "village", "B": "town"})
    assert [state_text(x) for x in rows] == ["已报送镇级, 待一并决定", "已报送"]


def test_no_rows_for_a_single_item_or_a_malformed_registration() -> None:
    assert member_states({"items": ITEMS[:1], "bundle_code": None}, "accepted", LEVELS) == []
    assert member_states(reg(bundle=None), "accepted", LEVELS) == []
    assert member_states(reg(), "no-such-state", LEVELS) == []
    odd = member_states(reg([ITEMS[0], 7, {"code": 3}, {"code": "X"}]), "forwarded", LEVELS)
    assert [(x.code, x.name, level_text(x), x.passed_on) for x in odd] == [
        ("JY012", "临时救助", "镇级事项, 随联办件由市级决定", True), ("X", "X", "层级未知", False)]  # fmt: skip
