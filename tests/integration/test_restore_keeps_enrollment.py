"""A backup restored onto a newly enrolled PC keeps this PC's enrollment (issue #13, office findings): it
used to carry the old PC's device id and token, so after the handover's ``revoke <old>`` the new PC was
refused (本设备已被吊销或令牌无效)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import TODAY, run_cli
from tests.integration.test_sync_roundtrip import VILLAGE_A, register, sync
from villagedesk.server import auth
from villagedesk.services import maintenance, queries
from villagedesk.services.desk import Desk


def _ok(result) -> str:
    assert result.returncode == 0, (result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    return result.stdout


def test_a_restore_onto_a_new_enrolled_pc_syncs_as_this_pc_after_the_old_is_revoked(
    enrolled, server, tmp_path: Path
) -> None:
    old = enrolled("old", VILLAGE_A)
    cases = {register(old, "张三", "419001198001010014"), register(old, "李四", "419001199002020024")}
    sync(old)  # handover step 1: the old PC's outbox reached the town
    backup = maintenance.backup(old, tmp_path / "old.vdbak")
    old_device = old.identity.device_id
    old.close()
    new = enrolled("new", VILLAGE_A)
    own = (new.identity.device_id, new.identity.device_tag)
    root = new.paths.root
    new.close()
    out = _ok(run_cli("restore", str(backup), profile=root))
    assert "本机自己的镇中心注册" in out
    assert auth.revoke(server.db, old_device)  # handover step 3
    _ok(run_cli("sync", profile=root))  # refused with 本设备已被吊销或令牌无效 before
    with Desk.open(root, today=TODAY) as desk:
        assert (desk.identity.device_id, desk.identity.device_tag) == own
        listed = {r.id: r.case_no for r in queries.list_cases(desk, limit=100)}
        assert cases <= set(listed)
        fresh = register(desk, "王五", "419001198503030031")
        sync(desk)  # a case made after the restore goes up from this PC too
        numbers = [*listed.values(), queries.detail(desk, fresh).row.case_no]
        assert len(numbers) == len(set(numbers))
