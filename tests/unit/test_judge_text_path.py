"""The judge's fast path on the payload's canonical text decides exactly as the walk over the payload:
deep payloads, wide ones with a brace per item (a registration's materials), and both at the limits."""

from __future__ import annotations

import uuid

import pytest

from tests.unit.test_judge import ev
from villagedesk.domain import judge as dj
from villagedesk.domain.events import canonical_json
from villagedesk.domain.lifecycle import EventType as E

NOW_MS = 1_795_000_000_000


def _nest(depth: int) -> object:
    value: object = 1
    for n in range(depth):
        value = [value] if n % 2 else {"k": value}
    return value


def _verdict(payload: dict, text: str | None) -> str | None:
    try:
        dj.check_content(E.NOTE_ADDED, "419001100201", payload, text, NOW_MS)
    except dj.Refusal as exc:
        return exc.message
    return None


PAYLOADS = [
    {"text": "备注", "deep": _nest(dj.MAX_DEPTH - 1)},
    {"text": "备注", "deep": _nest(dj.MAX_DEPTH)},
    {"text": "备注", "deep": _nest(dj.MAX_DEPTH + 3)},
    {"text": "备注", "wide": [{"name": f"材料{n}", "have": True} for n in range(40)]},
    {"text": "备注", "wide": [{"n": [n]} for n in range(2400)]},  # text near 2 x MAX_NODES: the full walk
    {"text": "备注", "many": list(range(dj.MAX_NODES + 10))},
    {"text": "备注", "wide": [{"s": "字" * 300} for _ in range(60)]},  # longer than MAX_STRING in all
    {"text": "x" * (dj.MAX_STRING + 1)},
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_text_path_and_walk_agree(payload: dict) -> None:
    walked = _verdict(payload, None)
    assert _verdict(payload, canonical_json(payload)) == walked


def test_deep_payload_refused_on_the_text_path() -> None:
    payload = {"text": "备注", "deep": _nest(dj.MAX_DEPTH + 1)}
    assert "嵌套" in (_verdict(payload, canonical_json(payload)) or "")
    assert dj.too_deep(payload) and not dj.too_deep({"a": [{"b": 1}] * 50})


WIDE = [
    {"text": "备注", "many": [0] * (dj.MAX_NODES + 1)},
    {"text": "备注", "n": [1] * 9_990},  # the hostile tester's note: a text just under MAX_STRING
    {"text": "备注", "b": [True] * 1_500, "z": [None] * 1_500, "n": [0] * 2_100},
    {"text": "备注", "many": {chr(0x4E00 + n): 0 for n in range(2_600)}},  # keys count as values too
    {"text": "备注", "many": [[]] * (dj.MAX_NODES + 1)},
    {"text": "备注", "many": [{}] * 2_600, "more": ["a"] * 2_600},
]


@pytest.mark.parametrize("payload", WIDE, ids=["5001-zeros", "9990-ints", "bools-nulls", "keys", "lists", "mixed"])
def test_more_values_than_the_cap_are_refused_on_every_path(payload: dict) -> None:
    text = canonical_json(payload)
    assert len(text) <= dj.MAX_STRING  # short enough that only a count of values can refuse it
    assert "内容过多" in (_verdict(payload, None) or "")
    assert _verdict(payload, text) == _verdict(payload, None)
    verdicts = dj.ContentVerdicts(NOW_MS)  # the server's batch cache and the client's pulled page
    with pytest.raises(dj.Refusal, match="内容过多"):
        verdicts.check(ev(E.NOTE_ADDED, str(uuid.uuid4()), payload), text)


@pytest.mark.parametrize("n", [dj.MAX_NODES - 1, dj.MAX_NODES, dj.MAX_NODES + 1, dj.MAX_NODES + 2])
def test_the_cap_itself_is_exact_on_the_text_path(n: int) -> None:
    """Values counted as the walk counts them (the root, ``text`` key and value, ``many`` and its items)."""
    payload = {"text": "备注", "many": [0] * (n - 5)}
    text = canonical_json(payload)
    assert len(text) >= 2 * dj.MAX_NODES  # past the length that alone proves the count
    walked = _verdict(payload, None)
    assert _verdict(payload, text) == walked
    assert (walked is None) == (n <= dj.MAX_NODES)


# Every control character the walk refuses in a text, beside Chinese text (the text path's
# ``isprintable`` shortcut must never take one for printable) and beside what is printable but not
# ASCII (a middle dot, an ideographic space, an emoji: the shortcut's false alarms and non-alarms).
CONTROLS = ["\x7f", "\x80", "\x85", "\x9f", "\u202a", "\u202e", "\u2066", "\u2069", "\x01", "\x1b", "\r"]
NEIGHBOURS = ["原件已核对", "阿依·买买提", "四组\u3000", "𠮷", "\u00a0", "\u200b", "中\n文", "中\t文"]


@pytest.mark.parametrize("control", CONTROLS)
@pytest.mark.parametrize("around", NEIGHBOURS)
def test_a_control_character_in_chinese_text_is_refused_on_the_text_path(control: str, around: str) -> None:
    payload = {"text": f"{around}{control}{around}", "at": "2026-11-20"}
    walked = _verdict(payload, None)
    assert walked is not None and "控制字符" in walked
    assert _verdict(payload, canonical_json(payload)) == walked


@pytest.mark.parametrize("around", NEIGHBOURS)
def test_printable_text_passes_on_both_paths(around: str) -> None:
    payload = {"text": f"备注{around}", "at": "2026-11-20"}
    assert _verdict(payload, canonical_json(payload)) == _verdict(payload, None) is None
