"""Attachments over a simulated 2G link: a village uploads a scan, another downloads it.

    python -m benchmarks.attachments [--size 200000] [--kbit 64] [--rtt-ms 600] [--reset-every 20000]

A real server process (``villagedesk-server serve``, SQLite) behind the fault proxy. The events are synced
first on a clean loopback, so each measured run is the attachment phase plus one idle event round trip.
Reported per direction: wall time, attachment bytes, bytes on the wire (proxy), throughput, efficiency
T_min / T_actual with T_min = k·R + 8·W/B (k = 3: connection, idle sync, one transfer request); then the
same over a link that resets every N bytes: runs needed, resets, the extra bytes on the wire compared
with the clean run (re-sent bytes, new connections, asks and headers) per reset, and ``cut_rest``: the
rest of the chunk in flight at each cut, summed (an upper bound of what had to go again; most of it
never crossed the link).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import tempfile
import time
from pathlib import Path

from benchmarks.common import save, table
from benchmarks.sync import _profile, _template, server_process
from tests.support.faultproxy import FaultProxy, Link, t_min
from villagedesk.domain.lifecycle import Role
from villagedesk.server import auth
from villagedesk.services import attachments as svc
from villagedesk.services import intake
from villagedesk.services.desk import Desk
from villagedesk.sync import engine
from villagedesk.sync.transport import Transport

ROUND_TRIPS = 3
VILLAGES = {"a": "419001100201", "b": "419001100201", "c": "419001100202", "d": "419001100202"}


def _run(desk: Desk, url: str) -> engine.SyncResult:
    transport = Transport(url, engine.server_config(desk).token, timeout=(30.0, 60.0))
    eng = engine.SyncEngine(desk, transport=transport)
    try:
        return eng.run()
    finally:
        transport.close()


def _until_done(desk: Desk, url: str) -> list[engine.SyncResult]:
    results = []
    for _ in range(100):
        r = _run(desk, url)
        results.append(r)
        if r.ok:
            return results
    raise RuntimeError("no progress after 100 runs")


def _port(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


def measure(size: int, kbit: float, rtt_ms: float, reset_every: int, folder: Path) -> dict:
    template = _template(folder)
    rows = []
    with server_process("sqlite", folder / "srv") as (url, db, _pid):
        desks = {}
        for name, village in VILLAGES.items():  # one village per scenario: each moves just its own scan
            desks[name] = _profile(template, folder, name)
            engine.enroll(desks[name], url, auth.create_code(db, village, Role.AGENT, name)[0])
        port = _port(url)
        for label, up, down, link in (
            ("clean", "a", "b", Link.symmetric(kbit, rtt_ms, seed=1)),
            (f"reset every {reset_every} B", "c", "d", Link.symmetric(kbit, rtt_ms, seed=2, reset_every=reset_every)),
        ):
            src, dst = desks[up], desks[down]
            form = intake.IntakeForm(
                item_code="JY006", name="张伟", id_number="419001198001010014", phone="13812345678", mandate_signed=True
            )
            case = intake.register(src, form)
            photo = folder / f"{up}.jpg"
            photo.write_bytes(os.urandom(size))
            info = svc.add_file(src, case.case_id, photo, "身份证")
            src_events = engine.SyncEngine(src, attachments=False)
            src_events.run()
            src_events.close()
            dst_events = engine.SyncEngine(dst, attachments=False)
            dst_events.run()
            dst_events.close()
            for direction, desk in (("upload", src), ("download", dst)):
                with FaultProxy(port, link) as proxy:
                    start = time.monotonic()
                    results = _until_done(desk, proxy.url)
                    wall = time.monotonic() - start
                    stats = proxy.snapshot()
                moved = sum(r.attachments_up + r.attachments_down for r in results)
                resent = sum(r.attachment_resent for r in results)
                limit = t_min(ROUND_TRIPS, rtt_ms / 1000, kbit * 1000, stats.bytes_total)
                rows.append(
                    {
                        "link": label,
                        "direction": direction,
                        "runs": len(results),
                        "moved": moved,
                        "seconds": round(wall, 2),
                        "attachment_bytes": size,
                        "wire_bytes": stats.bytes_total,
                        "throughput_kbit": round(size * 8 / wall / 1000, 1),
                        "efficiency": round(limit / wall, 3),
                        "resets": stats.resets,
                        "cut_rest": resent,
                    }
                )
            for row in rows[-2:]:
                clean = next(x for x in rows if x["link"] == "clean" and x["direction"] == row["direction"])
                extra = row["wire_bytes"] - clean["wire_bytes"]
                row["wire_extra"] = extra if row["resets"] else 0
                row["extra_per_reset"] = round(extra / row["resets"]) if row["resets"] else 0
            got = svc.blob_path(dst, info.sha256).read_bytes()
            if hashlib.sha256(got).hexdigest() != info.sha256:
                raise RuntimeError("downloaded bytes differ")
        for desk in desks.values():
            desk.close()
    return {"size": size, "kbit": kbit, "rtt_ms": rtt_ms, "reset_every": reset_every, "rows": rows}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=200_000)
    parser.add_argument("--kbit", type=float, default=64)
    parser.add_argument("--rtt-ms", type=float, default=600)
    parser.add_argument("--reset-every", type=int, default=20_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        data = measure(args.size, args.kbit, args.rtt_ms, args.reset_every, Path(tmp))
    path = save("attachments", data)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        keys = list(data["rows"][0])
        print(f"{args.size} B over {args.kbit:g} kbit/s, RTT {args.rtt_ms:g} ms")
        print(table(keys, [[row[k] for k in keys] for row in data["rows"]]))
    print(f"saved {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
