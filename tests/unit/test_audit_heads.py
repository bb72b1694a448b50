"""The server's judgement of a device's audit-chain head, and the ``aud`` field's parsing: a broken
field never raises (it would have cost the device its sync)."""

from __future__ import annotations

from datetime import datetime

import pytest

from villagedesk.domain import audit_chain as ac
from villagedesk.server import audit_heads
from villagedesk.server import models as sm
from villagedesk.sync import protocol as proto

H1, H2, H3 = ("1" * 64, "2" * 64, "3" * 64)


def _head(seq: int, h: str) -> sm.AuditHead:
    return sm.AuditHead(device_id="d", seq=seq, hash=h, seen_at=datetime(2026, 12, 1))


def _claim(seq: int, h: str, ks: int | None = None, kh: str = "", bad: tuple[str, ...] = ()) -> proto.AuditClaim:
    return proto.AuditClaim(seq, h, ks, kh, bad)


def test_a_growing_chain_that_proves_the_old_head_is_fine() -> None:
    assert audit_heads.judge(_head(5, H1), _head(5, H1), _claim(9, H2, 5, H1)) == []
    assert audit_heads.judge(None, None, _claim(9, H2)) == []  # the first head a server sees
    assert audit_heads.judge(_head(9, H2), _head(5, H1), _claim(9, H2, 5, H1)) == []  # a lost reply


@pytest.mark.parametrize(
    ("last", "known", "claim", "kind"),
    [
        (_head(9, H1), _head(9, H1), _claim(4, H2, 4, H2), "rollback"),
        (_head(9, H1), None, _claim(9, H2), "rewritten"),
        (_head(9, H1), _head(9, H1), _claim(12, H3, 9, H2), "rewritten"),
        (_head(9, H1), None, _claim(12, H3), "unproven"),
        (_head(9, H1), None, _claim(12, H3, 7, H2), "unproven"),  # a seq the server never confirmed
    ],
)
def test_a_head_that_does_not_extend_what_the_server_saw(last, known, claim, kind) -> None:
    assert [k for k, _ in audit_heads.judge(last, known, claim)] == [kind]


def test_self_check_findings_become_alerts() -> None:
    found = audit_heads.judge(_head(5, H1), _head(5, H1), _claim(5, H1, 5, H1, ("第2条留痕被删除",)))
    assert found == [("self_check", "本机自检: 第2条留痕被删除")]


@pytest.mark.parametrize(
    "value",
    [
        5,
        "x",
        {"s": -1, "h": H1},
        {"s": True, "h": H1},
        {"s": 1, "h": "ABC"},
        {"s": 1, "h": H1, "ks": "1"},
        {"s": 1, "h": H1, "kh": 7},
        {"s": 1, "h": H1, "bad": "text"},
        {"s": 1, "h": H1, "bad": ["x"] * 21},
        {"s": 1, "h": H1, "bad": [1]},
    ],
)
def test_a_broken_aud_field_is_marked_never_raised(value) -> None:
    claim = proto.parse_sync({"v": proto.PROTOCOL_VERSION, "aud": value}).audit
    assert claim is not None and claim.malformed
    assert audit_heads.judge(_head(1, H1), None, claim) == [("malformed", claim.malformed)]


def test_findings_are_cut_to_printable_text() -> None:
    claim = proto.parse_audit({"s": 1, "h": H1, "bad": ["a\x1b[2Jb" + "长" * 500]})
    assert claim is not None and claim.findings[0].startswith("a[2Jb") and len(claim.findings[0]) < 200


def test_an_old_client_sends_no_head() -> None:
    assert proto.parse_sync({"v": proto.PROTOCOL_VERSION}).audit is None


def test_entry_hash_covers_every_part() -> None:
    base = ac.entry_hash(ac.GENESIS, "t", "event", "r", "c")
    assert (
        len(
            {
                base,
                *(
                    ac.entry_hash(*p)
                    for p in [
                        (H1, "t", "event", "r", "c"),
                        (ac.GENESIS, "u", "event", "r", "c"),
                        (ac.GENESIS, "t", "audit", "r", "c"),
                        (ac.GENESIS, "t", "event", "s", "c"),
                        (ac.GENESIS, "t", "event", "r", "d"),
                    ]
                ),
            }
        )
        == 6
    )
