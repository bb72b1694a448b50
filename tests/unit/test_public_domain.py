"""The pure parts of the public page: the check code, the base URL, masked names, the villager's words,
and settings read from whatever a server sends."""

from __future__ import annotations

import unicodedata
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from villagedesk.domain import check_code as cc
from villagedesk.domain import public_settings as ps
from villagedesk.domain.case_numbers import CROCKFORD
from villagedesk.domain.lifecycle import CASE_STATES, State
from villagedesk.domain.projection import CaseView
from villagedesk.domain.villager_view import STATE_WORDS, mask_name, villager_view

CASE_ID = "416b0d25-4224-4f49-bb4c-2082dfd13945"


def test_check_code_is_pinned_so_pc_and_server_never_drift() -> None:
    # SHA-256("villagedesk/check-code/v1\0" + case_id), first 40 bits in Crockford base32: a receipt
    # printed by any version must still open on any later server.
    assert cc.check_code(CASE_ID) == "AMVVX7Z4"
    assert cc.check_code(CASE_ID.upper()) == "AMVVX7Z4"


def test_check_code_shape_and_spread() -> None:
    codes = {cc.check_code(str(uuid.uuid4())) for _ in range(2000)}
    assert len(codes) == 2000  # 40 bits: no collision in a town's worth of cases
    assert all(len(c) == cc.LENGTH and set(c) <= set(CROCKFORD) for c in codes)


@pytest.mark.parametrize("typed", ["AMVVX7Z4", "amvvx7z4", "AMVV-X7Z4", " amvv x7z4 "])
def test_a_code_typed_by_hand_matches(typed: str) -> None:
    assert cc.matches(CASE_ID, typed)


@pytest.mark.parametrize("typed", ["", "AMVVX7Z", "AMVVX7Z44", "AMVVX7Z5", "\x00" * 8, "𠮷" * 8, "A" * 10_000])
def test_anything_else_does_not_match(typed: str) -> None:
    assert not cc.matches(CASE_ID, typed)


def test_query_url_escapes_the_number() -> None:
    assert cc.query_url("https://a.cn/", "100201-261128-AN001", "AMVVX7Z4") == (
        "https://a.cn/q/100201-261128-AN001?k=AMVVX7Z4"
    )
    assert "/q/%2F..%3F?k=" in cc.query_url("https://a.cn", "/..?", "X")


@pytest.mark.parametrize(
    ("url", "stored"),
    [
        ("https://cx.town.example.cn/", "https://cx.town.example.cn"),
        ("http://10.0.0.5:8080/village", "http://10.0.0.5:8080/village"),
    ],
)
def test_base_url_accepted(url: str, stored: str) -> None:
    assert cc.check_base_url(url) == stored


@pytest.mark.parametrize(
    "url",
    ["", "ftp://a.cn", "a.cn", "https://", "https://a.cn/?x=1", "https://a.cn/#top", "https://u:p@a.cn",
     "https://a.cn:99999", "https://a.cn/\x00", "https://a .cn", "https://" + "a" * 300 + ".cn", "javascript:alert(1)"],
)  # fmt: skip
def test_base_url_refused_with_a_reason(url: str) -> None:
    with pytest.raises(cc.BadBaseUrl) as err:
        cc.check_base_url(url)
    assert "公开查询地址" in str(err.value)


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三", "张*"),
        ("王小明", "王**"),
        ("欧阳娜娜", "欧***"),
        ("阿依古丽·买买提", "阿***·***"),
        ("阿依古丽•买买提", "阿***·***"),
        ("\U00020bb7祥", "\U00020bb7*"),
        ("李\U00020bb7", "李*"),
        ("葛\U000e0100明", "葛\U000e0100*"),  # a variation selector stays with its character
        ("李", "*"),
        ("", "*"),
        ("  张  三 ", "张*"),
    ],
)
def test_mask_name(name: str, masked: str) -> None:
    assert mask_name(name) == masked


@given(st.text(max_size=40))
def test_mask_name_shows_nothing_but_the_first_character(name: str) -> None:
    masked = mask_name(name)
    assert "*" in masked
    visible = masked.replace("*", "").replace("·", "")
    source = unicodedata.normalize("NFC", name)
    assert all(c in source or c == " " for c in visible)
    attached = [c for c in visible if unicodedata.combining(c) or 0xFE00 <= ord(c) <= 0xFE0F or ord(c) >= 0xE0100]
    bases = [c for c in visible if c not in attached and c not in " \u200d"]
    assert len(bases) <= 1 or "\u200d" in visible  # one character (a ZWJ sequence counts as one)


def test_every_case_state_has_words_a_villager_understands() -> None:
    for state in CASE_STATES:
        headline, meaning = STATE_WORDS[state]
        assert headline and meaning and not any(ch.isascii() and ch.isalpha() for ch in headline + meaning)


def test_the_view_carries_nothing_personal() -> None:
    view = CaseView(CASE_ID, state=State.AWAITING_MATERIALS, case_no="100201-261128-AN001")
    view.registered = {
        "title": "临时救助",
        "agent_name": "李娜",
        "applicant": {"name": "张三", "id_number": "419001198001010014", "phone": "138", "address": "三组"},
    }
    view.missing = ["户口簿"]
    page = villager_view(view, None, False, agent_phone="13700001111")
    assert page is not None and page.name == "张*" and page.missing == ("户口簿",) and page.hotline == "12345"
    text = repr(page)
    assert "张三" not in text and "419001" not in text and "三组" not in text
    view.state = State.REPORT_DRAFT
    assert villager_view(view, None, False) is None


@pytest.mark.parametrize(
    "data",
    [
        None,
        [],
        "x",
        {"url": 5, "hotline": ["12345"], "agents": "all"},
        {"url": "javascript:alert(1)", "hotline": "<script>", "agents": {"419001100201": "<b>", "x": "12345"}},
        {"url": "https://a.cn?x", "agents": {str(i).zfill(12): "12345" for i in range(6000)}},
    ],
)
def test_settings_from_a_hostile_server_never_raise(data) -> None:
    got = ps.parse(data)
    assert got.url is None and got.hotline == ""
    assert all(len(v) == 12 for v in got.agents) and len(got.agents) <= ps.MAX_AGENTS


def test_settings_round_trip() -> None:
    s = ps.PublicSettings("https://a.cn", "0391-12345", {"419001100201": "13700001111"})
    assert ps.parse(s.to_json()) == s
