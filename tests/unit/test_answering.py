"""domain.answering: people matched by login (display names only shown), handovers of both shapes,
and a replaced PC. Pure: values in, a name out."""

from __future__ import annotations

import dataclasses

from tests.support.events import registration
from villagedesk.domain.answering import (
    SERVICE_POINT,
    Handover,
    PcPeople,
    Person,
    answering_after_replacement,
    answering_agent,
    read_handover,
)

VILLAGE = "419001100201"


def _step(author: str):
    return dataclasses.replace(registration(VILLAGE, "dev-old"), author=author)


def test_both_shapes_of_a_handover_are_read() -> None:
    assert read_handover("李娜(lina) → 王强(wangqiang): 1件在办") == Handover("lina", "wangqiang", "李娜", "王强")
    assert read_handover("lina → wangqiang: 1件在办, 0份原件") == Handover("lina", "wangqiang")
    assert read_handover("交接了") is None


def test_one_display_name_two_people() -> None:
    roster = {"a": Person("李娜", True, "lina"), "b": Person("李娜", True, "lina2"), "c": Person("王强", True, "wq")}
    other = [Handover("lina2", "wq", "李娜", "王强")]
    assert answering_agent(_step("a"), roster, other) == "李娜"  # the other 李娜 handed over
    assert answering_agent(_step("b"), roster, other) == "王强"
    both_gone = {**roster, "a": Person("李娜", False, "lina"), "c": Person("王强", False, "wq")}
    assert answering_agent(_step("a"), both_gone) == "李娜"  # the one on duty is a person, not a name


def test_an_old_handover_by_logins_with_or_without_the_pcs_logins() -> None:
    with_logins = {"a": Person("李娜", False, "lina"), "c": Person("王强", True, "wq"), "z": Person("赵敏", True, "zh")}
    old = [Handover("lina", "wq")]
    assert answering_agent(_step("a"), with_logins, old) == "王强"
    no_logins = {k: Person(p.name, p.active) for k, p in with_logins.items()}
    assert answering_agent(_step("a"), no_logins, old, {"lina": "李娜", "wq": "王强"}) == "王强"
    assert answering_agent(_step("a"), no_logins, old) == SERVICE_POINT  # nothing names the logins


def test_a_replaced_pc() -> None:
    old = PcPeople({"a": Person("李娜", True, "lina")})
    one = PcPeople({"w": Person("王强", True, "wq")})
    assert answering_after_replacement(_step("a"), old, [one]) == "王强"
    two = PcPeople({"w": Person("王强", True, "wq"), "s": Person("孙丽", True, "sun")})
    assert answering_after_replacement(_step("a"), old, [two]) == SERVICE_POINT
    handed = dataclasses.replace(two, roster={**two.roster, "l": Person("李娜", False, "lina")},
                                 handovers=[Handover("lina", "sun")])  # fmt: skip
    assert answering_after_replacement(_step("a"), old, [handed]) == "孙丽"
    assert answering_after_replacement(_step("a"), old, []) == SERVICE_POINT  # no PC took its place


def test_logins_the_town_keeps() -> None:
    from villagedesk.domain import audit_roster as ar

    roster = ar.parse([["a1", "李娜", True], ["b2", "王强", False]])
    assert ar.parse_logins([["a1", "lina"], ["b2", "wang.qiang"]], roster) == {"a1": "lina", "b2": "wang.qiang"}
    for bad in (None, "lina", [["a1"]], [["zz", "lina"]], [["a1", "<b>"]], [["a1", "x"], ["b2", "x"]],
                [[["a1"], "lina"]], [["a1", 7]]):  # fmt: skip
        assert ar.parse_logins(bad, roster) == {}, bad  # dropped whole, never raised
