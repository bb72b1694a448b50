"""Issue 12's wire rules at the unit level: ASCII digits, no control characters, 64-bit integers."""

from __future__ import annotations

import pytest

from villagedesk.domain import jsonfast
from villagedesk.domain import judge as dj
from villagedesk.domain.controls import has_control, printable_ascii
from villagedesk.sync import protocol as proto


@pytest.mark.parametrize(
    "code", ["419001100201\n", "٤١٩٠٠١١٠٠٢٠١", "４１９００１１００２０１", "41900110020", " 419001100201"]
)
def test_region_codes_are_twelve_ascii_digits_and_nothing_else(code: str) -> None:
    assert not proto.is_region_code(code) and not proto.is_village(code)


def test_a_village_code_is_still_a_village() -> None:
    assert proto.is_village("419001100201") and proto.is_town("419001100000")


@pytest.mark.parametrize(
    "h",
    [
        "1796280000000-00000-n\x00n",
        "1796280000000-00000-n\x1bn",
        "1796280000000-00000-n\u202en",
        "١٧٩٦٢٨٠٠٠٠٠٠٠-00000-node",
        "1796280000000-00000-node\n",
        "1796280000000-00000-节点",
    ],
)
def test_an_hlc_is_ascii_digits_and_a_plain_node(h: str) -> None:
    item = {"i": "0" * 8 + "-0000-4000-8000-" + "0" * 12, "c": "1" * 8 + "-0000-4000-8000-" + "0" * 12}
    item.update(t="note_added", a="user", h=h, p={"text": "x"})
    assert proto.quick_event({"p": "419001100201", "d": "dev", "o": "agent"}, item) is None
    with pytest.raises(proto.ProtocolError):
        proto.parse_group_event({"p": "419001100201", "d": "dev", "o": "agent"}, item)


def test_control_characters() -> None:
    assert has_control("a\x00") and has_control("a\x85") and has_control("a\x7f") and has_control("a\n")
    assert not has_control("a\nb\tc\r\n", text=True) and has_control("a\x1b", text=True)
    assert has_control("a\rb", text=True) and has_control("a\r", text=True)  # a CR only before an LF
    assert all(has_control(f"a{c}b", text=True) and has_control(f"a{c}") for c in "\u202a\u202e\u2066\u2069")
    assert not printable_ascii("x\x00y") and not printable_ascii("设备") and printable_ascii("abc-123")


@pytest.mark.parametrize("digits", ["9" * 5000, "-" + "9" * 5000, "18446744073709551616", "-9223372036854775809"])
def test_an_integer_beyond_64_bits_is_a_marker_the_judge_refuses(digits: str) -> None:
    body = jsonfast.loads_wire(f'{{"p": {{"n": {digits}}}, "ok": 1}}'.encode())
    assert body["ok"] == 1 and type(body["p"]["n"]) is jsonfast.HugeInt
    assert dj.strict_problem(body["p"]) == "整数超出 64 位范围"
    text = jsonfast.canonical(body["p"])
    with pytest.raises(dj.Refusal):
        dj.check_content(dj.EventType.NOTE_ADDED, "419001100201", body["p"], text, 0)


def test_64_bit_integers_are_kept() -> None:
    body = jsonfast.loads_wire(b'{"a": 18446744073709551615, "b": -9223372036854775808, "c": 12}')
    assert body == {"a": 2**64 - 1, "b": -(2**63), "c": 12}
