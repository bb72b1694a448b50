"""The server's fast push checks accept only what the full judge accepts, and store the same row."""

from __future__ import annotations

import copy

import pytest

from villagedesk.domain.lifecycle import Role
from villagedesk.server import feed
from villagedesk.server.auth import DeviceInfo

VILLAGE = "419001100201"
DEV = "0d6f3f0e-5b7a-4c1e-9a53-3c1f5d2b7a10"
AGENT = DeviceInfo(DEV, "村1", Role.AGENT, VILLAGE)
CLERK = DeviceInfo(DEV, "镇", Role.CLERK, "419001100000")
GOOD = {
    "i": "6a1c2b3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
    "c": "7b2d3c4e-5f60-4b7c-9d8e-0f1a2b3c4d5e",
    "t": "note_added",
    "a": "张三",
    "h": "1764118000000-00001-abcdef123456",
    "p": {"text": "已电话告知", "at": "2026-11-25", "n": 3, "x": None, "l": [1, "a", {"b": True}]},
}
HEADER = {"p": VILLAGE, "d": DEV, "o": "agent"}


def _variants():
    yield "good", HEADER, GOOD
    yield (
        "prev",
        HEADER,
        {**GOOD, "r": ["8c3e4d5f-6071-4c8d-ae9f-1a2b3c4d5e6f", "9d4f5e60-7182-4d9e-bf0a-2b3c4d5e6f70"]},
    )
    yield "float", HEADER, {**GOOD, "p": {"v": 1e16, "w": 0.1}}
    yield "schema", HEADER, {**GOOD, "s": 2}
    yield "schema bool", HEADER, {**GOOD, "s": True}
    yield "schema str", HEADER, {**GOOD, "s": "2"}
    yield "schema 0", HEADER, {**GOOD, "s": 0}
    yield "upper id", HEADER, {**GOOD, "i": GOOD["i"].upper()}
    yield "braced id", HEADER, {**GOOD, "i": "{" + GOOD["i"] + "}"}
    yield "bad id", HEADER, {**GOOD, "i": "x"}
    yield "no payload", HEADER, {k: v for k, v in GOOD.items() if k != "p"}
    yield "list payload", HEADER, {**GOOD, "p": [1]}
    yield "empty author", HEADER, {**GOOD, "a": ""}
    yield "long author", HEADER, {**GOOD, "a": "a" * 65}
    yield "bad hlc", HEADER, {**GOOD, "h": "yesterday"}
    yield "hlc newline", HEADER, {**GOOD, "h": GOOD["h"] + "\n"}
    yield "hlc quote", HEADER, {**GOOD, "h": '1764118000000-00001-a"b\\c'}
    yield "bad type", HEADER, {**GOOD, "t": "nope"}
    yield "clerk type", HEADER, {**GOOD, "t": "accepted"}
    yield "falsy prev", HEADER, {**GOOD, "r": 0}
    yield "bad prev", HEADER, {**GOOD, "r": ["x"]}
    yield "prev str", HEADER, {**GOOD, "r": "abc"}
    yield "other village", {**HEADER, "p": "419001100202"}, GOOD
    yield "town partition", {**HEADER, "p": "419001100000"}, GOOD
    yield "newline partition", {**HEADER, "p": VILLAGE + "\n"}, GOOD
    yield "clerk role", {**HEADER, "o": "clerk"}, GOOD
    yield "bad role", {**HEADER, "o": "boss"}, GOOD
    yield "no device", {**HEADER, "d": ""}, GOOD
    yield "not a dict", HEADER, ["i"]
    yield "author surrogate", HEADER, {**GOOD, "a": "\ud800"}
    yield "author escapes", HEADER, {**GOOD, "a": 'a/b"c\\d 😀 𠮷'}  # the digest's envelope JSON
    yield "author control", HEADER, {**GOOD, "a": "张\x1f三"}
    yield "payload surrogate", HEADER, {**GOOD, "p": {"t": "\udfff"}}


@pytest.mark.parametrize("device", [AGENT, CLERK], ids=["agent", "clerk"])
@pytest.mark.parametrize(("name", "header", "raw"), list(_variants()), ids=[v[0] for v in _variants()])
def test_fast_check_agrees_with_the_judge(device: DeviceInfo, name: str, header: dict, raw: object) -> None:
    fast = feed._Checker(device).row(copy.deepcopy(header), copy.deepcopy(raw))
    try:
        slow = feed._judged_row(device, copy.deepcopy(header), copy.deepcopy(raw))
    except feed._Reject:
        assert fast is None, name
        return
    if fast is not None:
        assert fast == slow, name


def test_the_common_event_takes_the_fast_path() -> None:
    row = feed._Checker(AGENT).row(HEADER, GOOD)
    assert row is not None
    assert row["payload"] == '{"at":"2026-11-25","l":[1,"a",{"b":true}],"n":3,"text":"已电话告知","x":null}'


def test_a_lone_surrogate_is_refused_not_a_server_error() -> None:
    with pytest.raises(feed._Reject) as err:
        feed._judged_row(AGENT, HEADER, {**GOOD, "p": {"t": "\ud800"}})
    assert err.value.code == "payload" and "代理码位" in err.value.message


def test_the_fast_digest_is_the_events_digest_for_any_printable_author() -> None:
    """The digest's envelope JSON skips the generic encoder's walk: it must still be byte-identical."""
    for author in ('a/b"c\\d', "😀 𠮷 李·娜", "tab\tless", "é" * 64):
        raw = {**GOOD, "a": author}
        fast = feed._Checker(AGENT).row(HEADER, copy.deepcopy(raw))
        if author.isprintable():
            assert fast is not None, author
            assert fast["digest"] == feed.event_digest(fast["_e"]), author
