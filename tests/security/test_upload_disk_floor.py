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


class _ServeLog(Server):
    """``serve`` with its stdout kept (the floor it uses is said at start), run behind ``prefix`` (a mount
    namespace whose blob folder is a small tmpfs: a real disk with less free space than the floor)."""

    def __init__(self, data: Path, prefix: tuple[str, ...] = ()) -> None:
        super().__init__(data, None)
        self.prefix = prefix

    def start(self, timeout: float = 60) -> Server:
        import subprocess
        import sys
        import time

        from tests.security.harness import Raw, _env

        self.data.mkdir(parents=True, exist_ok=True)
        cmd = [*self.prefix, sys.executable, "-m", "villagedesk.server.cli", "--data", str(self.data), "serve",
               "--host", "127.0.0.1", "--port", str(self.port)]  # fmt: skip
        self.log = self.data / "serve-stderr.log"
        self.out = self.data / "serve-stdout.log"
        with self.log.open("ab") as err, self.out.open("ab") as out:
            self.proc = subprocess.Popen(cmd, env=_env(), stdout=out, stderr=err)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text('utf-8', 'replace')[-2000:]}")
            try:
                if Raw(self.url).get("/api/v1/health").status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError("server did not start")

    def said(self) -> str:
        return self.out.read_text("utf-8", "replace")


def _floor_said(text: str) -> float:
    found = re.search(r"磁盘须保留 ([0-9.]+) GB 可用", text)
    assert found, text
    return float(found.group(1))


def test_serve_uses_the_default_floor_of_the_data_folders_disk(database: str, tmp_path: Path) -> None:
    """Without ``--upload-min-free-gb`` the floor is 5 % of the data folder's disk, at least 2 GB: computed
    here from a real statvfs of that folder, and said by ``serve`` at start (it said nothing before)."""
    if database != "sqlite":
        pytest.skip("the floor reads the disk, not the database")
    server = _ServeLog(tmp_path / "town").start()
    try:
        st = os.statvfs(server.data)
        total = st.f_blocks * st.f_frsize
        expected = max(2 * quota.GB, int(total * 0.05))
        assert _floor_said(server.said()) == round(expected / quota.GB, 1), server.said()
        assert "默认: 磁盘的 5%, 至少 2 GB" in server.said()
    finally:
        server.stop()


def _small_disk_prefix(blobs: Path) -> tuple[str, ...]:
    """``unshare`` into a mount namespace whose ``blobs`` is a 64 MB tmpfs (nothing outside sees it)."""
    script = 'mount -t tmpfs -o size=64m tmpfs "$0" && exec "$@"'
    probe = shutil.which("unshare")
    if probe is None:
        pytest.skip("no unshare(1) on this machine")
    import subprocess

    blobs.mkdir(parents=True, exist_ok=True)
    tried = subprocess.run([probe, "-rm", "sh", "-c", script, str(blobs), "true"], capture_output=True)
    if tried.returncode != 0:
        pytest.skip(f"no mount namespace here: {tried.stderr.decode(errors='replace')[:200]}")
    return (probe, "-rm", "sh", "-c", script, str(blobs))


def test_on_a_small_disk_the_default_floor_refuses_an_upload_with_507_not_a_crash(
    database: str, tmp_path: Path
) -> None:
    """A 64 MB disk under the blob folder: the default floor is its 2 GB minimum (5 % would be 3 MB), more
    than the disk holds, so the first upload gets the documented 507 ``upload_quota`` with its Chinese
    sentence naming 2.0 GB (not a 500), nothing is stored, and events still sync."""
    if database != "sqlite":
        pytest.skip("the floor reads the disk, not the database")
    data = tmp_path / "town"
    server = _ServeLog(data, _small_disk_prefix(data / "blobs")).start()
    try:
        assert _floor_said(server.said()) == 2.0, server.said()
        assert "共 0.1 GB" in server.said()  # (64 MB: the tmpfs, not the machine's disk)
        world = World(tmp_path, server)
        tok = world.enroll_token(VA, "agent", "scanner")
        (data_bytes, sha), *_ = named_files(world, tok, 1, "QH")
        resp = put(world, tok, sha, data_bytes)
        assert resp.status == 507, (resp.status, resp.body[:300])
        err = json.loads(resp.body)
        assert err["error"] == "upload_quota" and "须保留 2.0 GB" in err["message"], err
        assert "Traceback" not in server.log.read_text("utf-8", "replace")
        from tests.security.harness import Raw

        got = Raw(world.url, tok.tok).get(f"/api/v1/att/{VA}/{sha}", headers={"X-VillageDesk-Protocol": "1"})
        assert got.status == 404, (got.status, got.body[:200])  # nothing stored
        assert tok.raw(world.url).sync(push=[], cur={}).status == 200  # events still sync
    finally:
        server.stop()
