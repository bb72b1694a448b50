"""Opening a profile that is already at head skips Alembic (a second of start-up); one that is behind
still migrates at open, backup first."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT
from tests.integration.test_migrations import _at_revision
from villagedesk.db.engine import current_revision, head_from_files, head_revision

OPEN_AND_REPORT = """
import json, sys
from pathlib import Path
from villagedesk.services.desk import Desk
with Desk.open(Path(sys.argv[1])) as desk:
    desk.is_set_up()
print(json.dumps(sorted(m for m in ("alembic", "mako", "pygments") if m in sys.modules)))
"""


def _open_in_fresh_process(profile: Path) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", OPEN_AND_REPORT, str(profile)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_head_from_files_agrees_with_alembic() -> None:
    assert head_from_files() == head_revision()


def test_current_profile_opens_without_alembic(profile: Path) -> None:
    assert current_revision(profile / "villagedesk.db") == head_revision()
    assert _open_in_fresh_process(profile) == []


def test_profile_behind_head_still_migrates_at_open(tmp_path: Path) -> None:
    root = tmp_path / "old"
    root.mkdir()
    _at_revision(root / "villagedesk.db", "0001")
    assert "alembic" in _open_in_fresh_process(root)
    assert current_revision(root / "villagedesk.db") == head_revision()
    assert [p.name[:20] for p in (root / "backups").iterdir()] == ["before-upgrade-0001-"]
