"""Device tags (the ``DD`` of a case number) come from the server at enrollment, free in the village.

Drawn by each PC on its own, two PCs of one village shared a tag once in 1,024 enrollments (one in
twenty for a village of ten PCs): the judge gives a tag to the first PC numbering cases under it, so
every case of the second PC was refused (CI saw it: 12 of 12 pushed events refused). These tests leave
the server one free tag and look for it on the PC, so they fail on the code that drew tags itself.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.integration.test_sync_roundtrip import register, sync
from villagedesk.db import store as st
from villagedesk.domain.case_numbers import CROCKFORD
from villagedesk.server import models as sm
from villagedesk.sync import engine
from villagedesk.sync.transport import ServerRefused

VILLAGE = "419001100201"
ALL_TAGS = [a + b for a in CROCKFORD for b in CROCKFORD]


def hold_tags(server, tags: list[str], *, revoked: bool = False) -> None:
    """Other PCs of the village (live, or revoked) holding ``tags``."""
    with server.db.write() as s:
        for n, tag in enumerate(tags):
            device = f"other-{'r' if revoked else 'l'}-{n}"
            s.add(
                sm.Device(
                    id=device,
                    name="另一台电脑",
                    role="agent",
                    region=VILLAGE,
                    token_hash=f"{device:0>64}"[:64],
                    created_at=datetime(2026, 1, 1),
                    revoked_at=datetime(2026, 2, 1) if revoked else None,
                )
            )
            s.add(sm.DeviceTag(partition=VILLAGE, tag=tag, device_id=device))


def tag_of(desk) -> str:
    with desk.store.read() as s:
        return st.get_setting(s, "device_tag")


def test_a_pc_is_given_the_one_tag_no_other_pc_of_the_village_holds(server, enrolled) -> None:
    hold_tags(server, ALL_TAGS[:500] + ALL_TAGS[501:])
    desk = enrolled("a", VILLAGE)
    assert tag_of(desk) == ALL_TAGS[500]
    register(desk, "王𠮷", "419001198001010014")
    result = sync(desk)
    assert (result.pushed, result.rejected) == (1, 0), result


def test_two_pcs_of_a_village_never_share_a_tag(server, enrolled) -> None:
    hold_tags(server, ALL_TAGS[2:])
    a, b = enrolled("a", VILLAGE), enrolled("b", VILLAGE)
    assert {tag_of(a), tag_of(b)} == set(ALL_TAGS[:2])
    for desk, number in ((a, "419001198001010014"), (b, "419001199002020024")):
        register(desk, "李·娜", number)
        assert sync(desk).rejected == 0


def test_with_every_tag_held_a_revoked_pcs_tag_is_given_again(server, enrolled) -> None:
    hold_tags(server, ALL_TAGS[:-1])
    hold_tags(server, ALL_TAGS[-1:], revoked=True)
    desk = enrolled("a", VILLAGE)
    assert tag_of(desk) == ALL_TAGS[-1]
    register(desk, "张三", "419001198001010014")
    assert sync(desk).rejected == 0


def test_with_every_tag_held_by_live_pcs_enrollment_is_refused_in_chinese(server, make_desk) -> None:
    hold_tags(server, ALL_TAGS)
    desk = make_desk("a")
    code = server.code(VILLAGE, "agent", "a")
    with pytest.raises(ServerRefused, match="注销不用的电脑"):
        engine.enroll(desk, server.url, code)
    with server.db.write() as s:  # one PC revoked: the same code, unspent, now enrolls
        s.get(sm.Device, "other-l-7").revoked_at = datetime(2026, 3, 1)
    engine.enroll(desk, server.url, code)
    assert tag_of(desk) == ALL_TAGS[7]
