"""The official client survives the server's attachment quota (``serve --upload-quota-mb``), over real HTTP
on SQLite and PostgreSQL: the events sync, the refused scans stay on this PC unsynced with a clear Chinese
reason in the sync result (the 同步 page shows ``attachment_note``), every later sync still succeeds, the
files after the refused one are not sent only to be refused alike, downloads go on, and once the quota
has room the scans go up by themselves.

Before, the server had no byte quota (the 429 ``upload_quota`` answer did not exist), so this scenario
could not be refused at all; the client's per-file skip would have tried every remaining file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.integration.conftest import BACKENDS
from tests.integration.server_harness import running_server
from tests.integration.test_sync_bad_link import _forms
from tests.support.events import use_tag
from villagedesk.db import models as m
from villagedesk.server import quota
from villagedesk.server.app import ServerConfig
from villagedesk.services import attachments as svc
from villagedesk.services import intake
from villagedesk.sync import attachments as att
from villagedesk.sync import engine

VILLAGE = "419001100201"
SIZE = 400_000  # two fit in the 1 MB day, the third and fourth do not


@pytest.fixture(params=BACKENDS)
def small_quota(request, tmp_path: Path):
    config = ServerConfig(upload_quota=quota.UploadQuota(per_day=1_000_000))
    with running_server(request.param, tmp_path, config) as srv:
        yield srv


def _desk(server, make_desk, name: str):
    desk = make_desk(name)
    engine.enroll(desk, server.url, server.code(VILLAGE, "agent", name))
    use_tag(desk.identity.device_id, desk.identity.device_tag)
    return desk


def _sync(desk) -> engine.SyncResult:
    eng = engine.SyncEngine(desk)
    try:
        return eng.run()
    finally:
        eng.close()


def _unsynced(desk) -> set[str]:
    with desk.store.read() as s:
        return set(s.scalars(select(m.Attachment.sha256).where(m.Attachment.synced.is_(False))))


def test_refused_scans_stay_here_and_go_up_once_there_is_room(small_quota, make_desk, tmp_path: Path) -> None:
    a = _desk(small_quota, make_desk, "a")
    b = _desk(small_quota, make_desk, "b")
    case = intake.register(a, _forms(1)[0]).case_id
    scans = []
    for i in range(4):
        path = tmp_path / f"扫描{i}.jpg"
        path.write_bytes(os.urandom(SIZE))
        scans.append(svc.add_file(a, case, path, "身份证"))

    r = _sync(a)
    assert r.ok, r.error  # the events went; a quota is no failure of the sync
    assert r.pushed >= 5 and r.attachments_up == 2 and r.attachments_waiting == 2
    assert "限额" in r.attachment_note and "保存在本机" in r.attachment_note, r.attachment_note
    assert r.attachment_note in r.summary()
    assert "Traceback" not in r.attachment_note and "HTTP" not in r.attachment_note
    assert r.attachment_note.count("限额") == 1  # one reason: the fourth scan was not tried after the third
    waiting = _unsynced(a)
    assert len(waiting) == 2
    assert all(svc.blob_path(a, sha).exists() for sha in waiting)  # kept here

    again = _sync(a)  # not stuck: still ok, still waiting, the same reason
    assert again.ok and again.attachments_waiting == 2 and "限额" in again.attachment_note

    rb = _sync(b)  # the other PC gets the case and the two scans the server holds
    assert rb.ok and rb.attachments_down == 2, (rb.error, rb.attachment_note)

    small_quota.app.state.attachments.limits = quota.UploadQuota(per_day=0)  # the administrator lifts it
    done = _sync(a)
    assert done.ok and done.attachments_up == 2 and done.attachments_waiting == 0, done.attachment_note
    assert not _unsynced(a)
    rb = _sync(b)
    assert rb.ok and rb.attachments_down == 2 and rb.attachments_waiting == 0
    assert att.missing_here(b) == []
