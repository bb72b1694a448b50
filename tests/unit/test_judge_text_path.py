"""The judge's fast path on the payload's canonical text decides exactly as the walk over the payload:
deep payloads, wide ones with a brace per item (a registration's materials), and both at the limits."""

from __future__ import annotations

import pytest

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
