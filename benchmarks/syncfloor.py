"""The floor under sync throughput: the bare SQLite and codec work one event costs, with nothing else.

    python -m benchmarks.syncfloor [--events 20000]

Runs the throughput scenario once (PC A pushes, PC B of the same village pulls, through a real server on
SQLite), then re-does only the unavoidable work on copies of the databases, with raw ``sqlite3`` and no
application code: the server's event rows re-inserted with one ``executemany`` in one transaction and
read back; PC B's event, case and search-term rows likewise (the rows a pull must write, with the
indexes the desktop needs for 200,000 cases); and the wire codec (stored rows → wire groups → gzip JSON
→ parsed). CPU time per event, median of ``--repeat`` rounds. push+pull cannot be cheaper than their
sum; on a machine with C cores, perfect overlap of client and server gives at best C× that.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import sync as bs
from villagedesk.domain.lifecycle import Role
from villagedesk.server import auth, feed
from villagedesk.sync import engine, protocol


def _copy(db: Path, folder: Path) -> Path:
    target = folder / f"floor-{db.parent.name}-{db.name}"
    for ext in ("", "-wal", "-shm"):
        if Path(f"{db}{ext}").exists():
            shutil.copy(f"{db}{ext}", f"{target}{ext}")
    return target


def _rewrite(db: Path, tables: list[str]) -> tuple[float, float]:
    """CPU seconds to insert the tables' rows again (one transaction) and to read the first one back."""
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    rows = {t: conn.execute(f"SELECT * FROM {t}").fetchall() for t in tables}
    conn.execute("BEGIN")
    for t in tables:
        conn.execute(f"DELETE FROM {t}")
    conn.execute("COMMIT")
    c0 = time.process_time()
    conn.execute("BEGIN")
    for t, data in rows.items():
        if data:
            conn.executemany(f"INSERT INTO {t} VALUES ({','.join('?' * len(data[0]))})", data)
    conn.execute("COMMIT")
    c1 = time.process_time()
    conn.execute(f"SELECT * FROM {tables[0]}").fetchall()  # what a push reads: the event rows
    c2 = time.process_time()
    conn.close()
    return c1 - c0, c2 - c1


def _codec(server_db: Path) -> tuple[float, float]:
    """CPU seconds to turn the stored rows into a gzip wire body (the server's pull reply) and back."""
    conn = sqlite3.connect(server_db)
    rows = conn.execute(
        "SELECT seq, id, case_id, type, partition, device, role, author, hlc, prev, schema_version, payload"
        " FROM events ORDER BY seq"
    ).fetchall()
    conn.close()
    c0 = time.process_time()
    body = protocol.encode_body({"pull": feed._wire_groups(rows)}, protocol.REPLY_GZIP_LEVEL)
    c1 = time.process_time()
    protocol.decode_body(body, True, limit=1 << 30)
    c2 = time.process_time()
    return c1 - c0, c2 - c1


def measure(events: int, folder: Path, repeat: int) -> dict:
    template = bs._template(folder)
    with bs.server_process("sqlite", folder / "srv") as (url, db, _pid):
        a = bs._profile(template, folder, "a")
        b = bs._profile(template, folder, "b")
        for desk, name in ((a, "a"), (b, "b")):
            engine.enroll(desk, url, auth.create_code(db, bs.VILLAGE, Role.AGENT, name)[0])
        bs._fill_outbox(a, events)
        n = engine.pending_count(a)
        for desk, kw in ((a, {"batch_bytes": 512 * 1024}), (b, {"page": protocol.MAX_PAGE_EVENTS})):
            eng = engine.SyncEngine(desk, **kw)
            assert eng.run().ok
            eng.close()
        client_db = b.paths.db
        a.close()
        b.close()
    server_db = folder / "srv" / "server.db"
    rounds = []
    for _ in range(repeat):
        s_ins, s_read = _rewrite(_copy(server_db, folder), ["events"])
        c_ins, c_read = _rewrite(_copy(client_db, folder), ["events", "cases", "search_terms"])
        enc, dec = _codec(server_db)
        rounds.append({"s_ins": s_ins, "s_read": s_read, "c_ins": c_ins, "c_read": c_read, "enc": enc, "dec": dec})
    med = {k: 1e6 * statistics.median(r[k] for r in rounds) / n for k in rounds[0]}
    push = med["c_read"] + med["enc"] + med["dec"] + med["s_ins"]
    pull = med["s_read"] + med["enc"] + med["dec"] + med["c_ins"]
    cores = os.cpu_count() or 1
    return {
        "events": n,
        "server_insert_us": med["s_ins"],
        "server_read_us": med["s_read"],
        "client_insert_us (events+cases+terms)": med["c_ins"],
        "client_read_us": med["c_read"],
        "wire_encode_us": med["enc"],
        "wire_decode_us": med["dec"],
        "push_floor_us": push,
        "pull_floor_us": pull,
        "push_pull_floor_events_per_s": 1e6 / (push + pull),
        f"best_overlap_on_{cores}_cores_events_per_s": cores * 1e6 / (push + pull),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.syncfloor")
    p.add_argument("--events", type=int, default=20_000)
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="vd-floor-") as tmp:
        out = measure(args.events, Path(tmp), args.repeat)
    print("\nsync floor: raw sqlite3 + wire codec, CPU per event (median)")
    for k, v in out.items():
        print(f"  {k:<40} {v:>10.1f}" if isinstance(v, float) else f"  {k:<40} {v:>10}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
