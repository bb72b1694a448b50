"""USB bundle numbers have no gaps: a number is taken only by a bundle file that was written.

An export onto a stick that is full, pulled or mistyped used to use up its number, so the agent was told
"第 2 号" for the first bundle the town ever saw, and the town's list of a device's bundles showed a hole
nobody could explain. Real enrolled profiles, the real town import.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.test_bundles import import_ack, import_at_town
from tests.integration.test_sync_roundtrip import register
from villagedesk.db import store as st
from villagedesk.sync import bundle as bd
from villagedesk.sync import engine, offline

VILLAGE = "419001100201"


def _counter(desk) -> int:
    with desk.store.read() as s:
        return int(st.get_setting(s, offline.K_SEQ, "0") or 0)


def _unwritable(tmp: Path, how: str) -> Path:
    if how == "missing-folder":  # a stick that was pulled, or a drive letter that is not there
        return tmp / "E盘不存在" / "村同步包.vdb"
    folder = tmp / "同名文件夹.vdb"  # the chosen name is a folder: the rename onto it fails
    folder.mkdir()
    return folder


@pytest.mark.parametrize("how", ["missing-folder", "name-is-a-folder"])
def test_a_failed_export_uses_up_no_number(enrolled, server, tmp_path: Path, how: str) -> None:
    a = enrolled("a", VILLAGE)
    register(a, "张三", "419001198001010014")
    target = _unwritable(tmp_path, how)
    with pytest.raises(bd.BundleError, match=r"不存在|不是一个文件"):
        offline.export_bundle(a, target)
    assert _counter(a) == 0
    assert not list(tmp_path.rglob("*.part"))

    done = offline.export_bundle(a, tmp_path / "v.vdb")
    assert done.seq == 1 and "第 1 号" in done.summary()
    data = (tmp_path / "v.vdb").read_bytes()
    assert bd.open_bytes(data).header.seq == 1
    ack, imported = import_at_town(server, data)
    assert imported.seq == 1 and imported.accepted == 1
    got = import_ack(a, tmp_path, ack)
    assert got.seq == 1 and engine.pending_count(a) == 0
    assert offline.export_bundle(a, tmp_path / "v2.vdb").seq == 2  # and the numbers go on from there


def test_a_number_taken_meanwhile_removes_the_file(enrolled, tmp_path: Path) -> None:
    """Two exports at once (the GUI and the CLI on one profile): the second to finish keeps no file under
    a number the first one claimed, and the counter stays the first one's."""
    a = enrolled("a", VILLAGE)
    register(a, "张三", "419001198001010014")
    first = offline.export_bundle(a, tmp_path / "first.vdb")
    late = tmp_path / "late.vdb"
    late.write_bytes((tmp_path / "first.vdb").read_bytes())  # what the slower export had written
    with pytest.raises(bd.BundleError, match="另一次导出"):
        offline._claim_number(a, late, first.seq)
    assert not late.exists() and (tmp_path / "first.vdb").exists()
    assert _counter(a) == first.seq
