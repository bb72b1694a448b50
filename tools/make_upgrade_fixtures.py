"""Build one schema fixture per landed state of the local migrations in main's history.

Why: a profile made by an earlier build (whose 0006 came straight after 0002 or 0003, or whose tree had
two heads) must upgrade to today's schema with nothing missing. For every commit of ``main`` that
changed ``villagedesk/db/migrations/versions``, this checks out that commit's migration files into a
temporary folder, migrates an empty SQLite file to all of that commit's heads with Alembic, and writes
the result as SQL text (``iterdump``: schema, ``alembic_version`` rows, any seeded rows) to
``tests/fixtures/upgrade/<commit>.sql``. The test replays each, adds a case as revision 0001 stored it,
upgrades it with today's code and compares with a fresh database.

Usage: python tools/make_upgrade_fixtures.py [--ref main]
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config

ROOT = Path(__file__).resolve().parents[1]
VERSIONS = "villagedesk/db/migrations/versions"
OUT = ROOT / "tests" / "fixtures" / "upgrade"


def _git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(ROOT), *args], check=True, capture_output=True, text=True).stdout


def commits(ref: str) -> list[str]:
    """Commits of ``ref`` that changed the migrations, oldest first."""
    return _git("log", "--reverse", "--format=%h", ref, "--", VERSIONS).split()


def build(commit: str, target: Path) -> list[str]:
    """Migrate a fresh DB with ``commit``'s migration files to all its heads; returns the heads."""
    with tempfile.TemporaryDirectory(prefix="vd-fixture-") as tmp:
        scripts = Path(tmp) / "migrations"
        (scripts / "versions").mkdir(parents=True)
        shutil.copy(ROOT / "villagedesk/db/migrations/env.py", scripts / "env.py")
        shutil.copy(ROOT / "villagedesk/db/migrations/script.py.mako", scripts / "script.py.mako")
        for name in _git("ls-tree", "--name-only", f"{commit}:{VERSIONS}").split():
            if name.endswith(".py"):
                (scripts / "versions" / name).write_text(_git("show", f"{commit}:{VERSIONS}/{name}"), encoding="utf-8")
        db = Path(tmp) / "at.db"
        cfg = Config()
        cfg.set_main_option("script_location", str(scripts))
        cfg.set_main_option("sqlalchemy.url", f"sqlite:///{db}")
        command.upgrade(cfg, "heads")
        conn = sqlite3.connect(db)
        try:
            heads = sorted(r[0] for r in conn.execute("SELECT version_num FROM alembic_version"))
            dump = "\n".join(line for line in conn.iterdump() if not line.startswith("INSERT INTO \"sqlite_stat"))
        finally:
            conn.close()
    header = f"-- VillageDesk local schema as main's commit {commit} migrated it (heads: {', '.join(heads)})\n"
    target.write_text(header + dump + "\n", encoding="utf-8")
    return heads


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", default="main")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    seen: dict[str, str] = {}
    for commit in commits(args.ref):
        target = OUT / f"{commit}.sql"
        heads = build(commit, target)
        body = target.read_text(encoding="utf-8").split("\n", 1)[1]
        if body in seen.values():  # the same schema as an earlier commit: one fixture is enough
            target.unlink()
            continue
        seen[commit] = body
        print(f"{commit}: heads {', '.join(heads)}")


if __name__ == "__main__":
    main()
