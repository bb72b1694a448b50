"""The town server's disk is shared by every village's scans and by the database: ``serve`` keeps a floor of
free space (``--upload-min-free-gb``; by default 5 % of the disk, at least 2 GB) and refuses a new upload
that would go under it, 507 ``upload_quota`` with a Chinese message, nothing stored; the honest PC keeps
the scan and its sync still ends well. Before, the only limit across devices was ``--upload-total-gb``,
off by default: thirty villages at their daily quota filled 30 GB a day until SQLite could not write.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from tests.security.harness import VA, Server, cli
from tests.security.test_upload_quota import disk, named_files, put
from tests.security.world import World
from villagedesk.server import quota

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_the_default_floor_is_a_share_of_the_disk_with_a_minimum() -> None:
    assert quota.UploadQuota().min_free == quota.AUTO  # on unless the administrator turns it off
    assert quota.free_floor(quota.AUTO, 40 * quota.GB) == 2 * quota.GB
    assert quota.free_floor(quota.AUTO, 1000 * quota.GB) == 50 * quota.GB
    assert quota.free_floor(0, 1000 * quota.GB) == 0
    quota.disk_room(quota.UploadQuota(), 50 * quota.MB, 1000 * quota.GB, 51 * quota.GB)
    with pytest.raises(quota.UploadRefused) as info:
        quota.disk_room(quota.UploadQuota(), 2 * quota.GB, 1000 * quota.GB, 51 * quota.GB)
    assert info.value.status == 507 and "50.0 GB" in info.value.message


def _server(tmp_path: Path, database: str, floor_gb: float | None) -> Server:
    if database != "sqlite":
        pytest.skip("the floor reads the disk, not the database")
    extra = ("--upload-min-free-gb", str(floor_gb)) if floor_gb is not None else ()
    return Server(tmp_path / "town", None, extra=extra).start()


def test_an_upload_under_the_disk_floor_is_refused_and_stores_nothing(database: str, tmp_path: Path) -> None:
    free_gb = shutil.disk_usage(tmp_path).free / quota.GB
    server = _server(tmp_path, database, free_gb + 1)  # the disk is "full": less free than the floor
    try:
        world = World(tmp_path, server)
        tok = world.enroll_token(VA, "agent", "scanner")
        (data, sha), *_ = named_files(world, tok, 1, "QF")
        resp = put(world, tok, sha, data)
        assert resp.status == 507, (resp.status, resp.body[:300])
        err = json.loads(resp.body)
        assert err["error"] == "upload_quota" and CJK.search(err["message"]) and "磁盘空间不足" in err["message"], err
        assert disk(world) == 0
        assert tok.raw(world.url).sync(push=[], cur={}).status == 200  # events still sync

        pc = world.honest_device("agent-a", VA, cases=1)  # the official client: the scan stays, the sync ends well
        case_no = next(iter(pc.cases(VA)))
        scan = tmp_path / "scan.jpg"
        scan.write_bytes(os.urandom(2000))
        out = cli(pc.profile, "attach", case_no, str(scan))
        assert out.returncode == 0, out.stderr
        out = cli(pc.profile, "sync")
        assert out.returncode == 0 and "Traceback" not in out.stderr, out.stdout + out.stderr
        assert "磁盘空间不足" in out.stdout + out.stderr, out.stdout + out.stderr
        assert disk(world) == 0
    finally:
        server.stop()


def test_the_default_floor_lets_uploads_through_on_a_disk_with_room(database: str, tmp_path: Path) -> None:
    usage = shutil.disk_usage(tmp_path)
    if usage.free - 10 * quota.MB < quota.free_floor(quota.AUTO, usage.total):
        pytest.skip("this machine's disk is under the default floor itself")
    server = _server(tmp_path, database, None)
    try:
        world = World(tmp_path, server)
        tok = world.enroll_token(VA, "agent", "scanner")
        (data, sha), *_ = named_files(world, tok, 1, "QG")
        resp = put(world, tok, sha, data)
        assert resp.status == 200, (resp.status, resp.body[:300])
        assert disk(world) == len(data)
    finally:
        server.stop()
