"""USB bundle benchmark: a village with no link sends its outbox to the town on a stick, and a second PC
of the village receives it in an acknowledgement bundle.

    python -m benchmarks.bundles [--cases 2000] [--repeat 3]

Figures (medians of --repeat runs, each on fresh profiles and a fresh SQLite server): export time,
bundle bytes and bytes per event, town import time (push + pull pages + sealing the ack), village ack
import time, and for the second PC the ack bytes and import time of a bundle that carries every event.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from benchmarks.common import table
from tests.integration.server_harness import RunningServer
from tests.integration.test_sync_bad_link import _forms
from villagedesk.domain.lifecycle import Role
from villagedesk.server import auth
from villagedesk.server.bundles import import_bundle
from villagedesk.server.db import Database
from villagedesk.services import catalog, intake
from villagedesk.services.desk import Desk
from villagedesk.sync import engine, offline

VILLAGE = "419001100201"
TODAY = date(2026, 11, 25)


def _desk(root: Path, template: Path, name: str, srv: RunningServer) -> Desk:
    shutil.copytree(template, root / name)
    desk = Desk.open(root / name, today=TODAY)
    code = auth.create_code(srv.db, VILLAGE, Role.AGENT, name, 1.0)[0]
    engine.enroll(desk, srv.url, code)
    return desk


def one_run(cases: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        with Desk.open(root / "template", today=TODAY) as t:
            catalog.seed_reference_data(t)
        db = Database.open(f"sqlite:///{root / 'server.db'}")
        srv = RunningServer(db).start()
        try:
            a = _desk(root, root / "template", "a", srv)
            b = _desk(root, root / "template", "b", srv)
        finally:
            srv.stop()  # enrolled at the town; from here on no link at all
        try:
            intake.register_many(a, _forms(cases))
            events = engine.pending_count(a)
            out: dict[str, float] = {"events": events}
            t0 = time.perf_counter()
            offline.export_bundle(a, root / "a.vdb")
            out["export_s"] = time.perf_counter() - t0
            data = (root / "a.vdb").read_bytes()
            out["bundle_kb"] = len(data) / 1024
            out["bytes_per_event"] = len(data) / events
            t0 = time.perf_counter()
            ack, _ = import_bundle(db, data)
            out["town_import_s"] = time.perf_counter() - t0
            (root / "a.ack").write_bytes(ack)
            t0 = time.perf_counter()
            offline.import_ack(a, root / "a.ack")
            out["ack_import_s"] = time.perf_counter() - t0
            assert engine.pending_count(a) == 0

            offline.export_bundle(b, root / "b.vdb")
            ack_b, done = import_bundle(db, (root / "b.vdb").read_bytes())
            assert done.pulled == events
            out["ack_all_kb"] = len(ack_b) / 1024
            (root / "b.ack").write_bytes(ack_b)
            t0 = time.perf_counter()
            got = offline.import_ack(b, root / "b.ack")
            out["ack_all_import_s"] = time.perf_counter() - t0
            assert got.result.pulled == events
        finally:
            a.close()
            b.close()
            db.dispose()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bundles")
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    runs = [one_run(args.cases) for _ in range(args.repeat)]
    keys = list(runs[0])
    rows = [[k, f"{statistics.median(r[k] for r in runs):.3f}"] for k in keys]
    print(f"USB bundles, {args.cases} cases, median of {args.repeat} runs")
    print(table(["figure", "median"], rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
