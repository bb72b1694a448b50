"""移除附件 as an event (issue 14): village A removes a scan, the real server judges and accepts the
``attachment_removed`` event, and village B, pulling it, no longer lists the scan; both timelines say which
file went. Before, there was no way to remove an attachment at all (no event type, no service)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from tests.integration.test_sync_attachments import VILLAGE, scan, sync, with_case
from villagedesk.db import models as m
from villagedesk.domain.errors import NotFoundError
from villagedesk.domain.lifecycle import EventType
from villagedesk.server import models as sm
from villagedesk.services import attachments as svc
from villagedesk.services import queries


def test_a_removal_travels_to_the_server_and_to_another_village_pc(enrolled, server, tmp_path: Path) -> None:
    a = enrolled("a", VILLAGE)
    b = enrolled("b", VILLAGE)
    case = with_case(a)
    wrong = svc.add_file(a, case, scan(tmp_path, "别人的身份证.jpg", 4_000), "身份证")
    kept = svc.add_file(a, case, scan(tmp_path, "户口簿.png", 3_000), "户口簿")
    assert sync(a).ok and sync(b).ok
    assert {x.sha256 for x in svc.list_for_case(b, case)} == {wrong.sha256, kept.sha256}

    svc.remove(a, case, wrong.id, "拍错了人")
    assert [x.sha256 for x in svc.list_for_case(a, case)] == [kept.sha256]
    r = sync(a)
    assert r.ok and r.rejected == 0 and r.pushed >= 1, r.error
    with server.db.read() as s:
        types = list(s.scalars(select(sm.ServerEvent.type).where(sm.ServerEvent.case_id == case)))
    assert EventType.ATTACHMENT_REMOVED.value in types

    assert sync(b).ok
    assert [x.sha256 for x in svc.list_for_case(b, case)] == [kept.sha256]
    steps = [t for t in queries.detail(b, case, record_view=False).timeline if t.type == "attachment_removed"]
    assert [(t.payload["filename"], t.payload["reason"]) for t in steps] == [("别人的身份证.jpg", "拍错了人")]
    assert svc.blob_path(a, wrong.sha256).exists()  # the blob is kept (docs/sync-protocol.md, Attachments)
    with b.store.read() as s:  # the row stays: the event decides whether it is listed
        assert len(list(s.scalars(select(m.Attachment).where(m.Attachment.case_id == case)))) == 2


def test_removing_twice_is_refused_in_words(enrolled, tmp_path: Path) -> None:
    a = enrolled("a", VILLAGE)
    case = with_case(a)
    info = svc.add_file(a, case, scan(tmp_path, "x.png", 1_000), "")
    svc.remove(a, case, info.id)
    with pytest.raises(NotFoundError, match="已不在办件上"):
        svc.remove(a, case, info.id)


def test_act_cannot_remove_an_attachment_past_its_checks(enrolled, tmp_path: Path) -> None:
    """`act CASE attachment_removed` would skip the check that the scan is on the case: refused in words."""
    from villagedesk.domain.errors import TransitionError
    from villagedesk.services import actions

    a = enrolled("a", VILLAGE)
    case = with_case(a)
    assert EventType.ATTACHMENT_REMOVED not in actions.available(a, case)
    with pytest.raises(TransitionError, match="附件"):
        actions.perform(a, case, EventType.ATTACHMENT_REMOVED, {"attachment": "x", "sha256": "0" * 64})
