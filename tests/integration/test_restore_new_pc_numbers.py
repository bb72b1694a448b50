"""A restore onto a new PC never gives a villager a number the lost PC issued after the backup.

The new PC cannot know what the old one numbered after the backup (NK036 in the backup, NK037 printed
the same day, then the PC was lost): on the old code the restored counter said 36 and the next case got
NK037 again. Real profiles, the real ``restore`` command in a subprocess.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import TODAY, run_cli
from tests.flows import register
from villagedesk.domain.case_numbers import CASE_NO
from villagedesk.services import maintenance
from villagedesk.services.desk import Desk
from villagedesk.services.restore_counters import LOST_NUMBERS_SKIP


def _seq(case_no: str) -> int:
    return int(CASE_NO.match(case_no).group(4))


def _ok(result) -> str:
    assert result.returncode == 0, (result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    return result.stdout


def test_a_restore_onto_a_new_pc_skips_past_what_the_lost_pc_numbered_after_the_backup(desk, tmp_path: Path) -> None:
    before = [register(desk).case_no for _ in range(3)]
    archive = maintenance.backup(desk, tmp_path / "friday.vdbak")
    lost = register(desk).case_no  # printed on a villager's receipt, then the PC was stolen
    desk.close()
    new_pc = tmp_path / "new-pc"
    out = _ok(run_cli("restore", str(archive), profile=new_pc))
    with Desk.open(new_pc, today=TODAY) as again:
        fresh = [register(again).case_no for _ in range(2)]
    assert lost not in fresh and not set(before) & set(fresh), (lost, fresh)
    assert f"加 {LOST_NUMBERS_SKIP} 起" in out, out  # and the restore said so
    assert _seq(fresh[0]) == _seq(before[-1]) + LOST_NUMBERS_SKIP + 1, fresh  # well past, as said
    again_out = _ok(run_cli("restore", str(archive), profile=new_pc))  # this PC's own counters are kept now
    assert f"加 {LOST_NUMBERS_SKIP} 起" not in again_out
    with Desk.open(new_pc, today=TODAY) as third:
        assert _seq(register(third).case_no) == _seq(fresh[-1]) + 1  # continues, no second skip


def test_a_busy_day_on_the_lost_pc_after_its_backup_is_not_numbered_again_on_the_new_one(desk, tmp_path) -> None:
    """集中代办: the old PC registered 300 cases the same day after its backup; a skip of 100 gave the new PC
    numbers the old one had already printed on receipts."""
    register(desk)
    archive = maintenance.backup(desk, tmp_path / "morning.vdbak")
    issued = {register(desk).case_no for _ in range(300)}  # the afternoon, then the PC was lost
    desk.close()
    new_pc = tmp_path / "new-pc"
    out = _ok(run_cli("restore", str(archive), profile=new_pc))
    skip = int(re.search(r"从已知最大编号加 (\d+) 起", out).group(1))
    assert "仍可能重复" in out, out  # the sentence says how far it is sure, no more
    with Desk.open(new_pc, today=TODAY) as again:
        fresh = [register(again).case_no for _ in range(3)]
    assert not issued & set(fresh), fresh
    assert _seq(fresh[0]) == 1 + skip + 1 and skip >= 300, (skip, fresh)
