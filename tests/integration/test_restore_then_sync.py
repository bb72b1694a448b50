"""A restore onto a fresh profile of an enrolled PC, then a sync: the same cases as before, no case number
twice."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import TODAY
from tests.integration.test_sync_roundtrip import VILLAGE_A, register, sync
from villagedesk.services import maintenance, queries
from villagedesk.services.desk import Desk, ProfilePaths


def test_restore_of_an_older_backup_then_sync_brings_the_newer_cases_back(enrolled, tmp_path: Path) -> None:
    a = enrolled("a", VILLAGE_A)
    for _n in range(3):
        register(a, "张伟", "419001198001010014")
    sync(a)
    old = maintenance.backup(a, tmp_path / "monday.vdbak")
    newer = [register(a, "赵芳", "419001199002020024") for n in range(2)]
    sync(a)  # the server has the two newer cases; the backup does not
    before = {r.id: r.case_no for r in queries.list_cases(a, limit=1000)}
    a.close()
    new_pc = tmp_path / "new-pc"
    assert maintenance.restore(ProfilePaths(new_pc), old).enrolled  # the CLI then says to sync
    with Desk.open(new_pc, today=TODAY) as desk:
        assert queries.count_cases(desk) == 3
        sync(desk)
        after = {r.id: r.case_no for r in queries.list_cases(desk, limit=1000)}
        assert set(newer) <= set(after), "the cases the server holds came back by sync"
        assert after == before
        fresh = register(desk, "张伟", "419001198001010014")
        numbers = [*after.values(), queries.detail(desk, fresh).row.case_no]
        assert len(numbers) == len(set(numbers))
