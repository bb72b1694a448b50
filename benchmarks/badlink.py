"""Sync over a 2G mountain link: the {30, 64, 100 kbit/s} × {300, 600, 1000 ms} × {clean, reset every 20 KB} matrix.

    python -m benchmarks.badlink [--events 1000] [--quick] [--json] [--repeat 1]

Per cell, against one real server process (``villagedesk-server serve``, SQLite): village PC A pushes N
typical events (registration + submit + note + custody, as benchmarks.sync), then PC B of the same village
pulls them, each through a fresh fault proxy (tests/support/faultproxy.py) with that bandwidth and round
trip. A failed run is retried at once, like the background scheduler without its waits, until it succeeds.
Each cell uses its own village, so B pulls exactly A's events.

Figures: events moved, bytes on the wire (TCP payload counted at the proxy, both syncs, both ways),
bytes per event, bytes re-sent after resets (a reset cell's wire bytes minus the clean cell's, same link),
requests, wall time, and efficiency = T_min / T_actual with the T_min of docs/architecture.md = k·R + 8·W/B:
W = the clean cell's wire bytes (what the work needs), k = 4 (per sync one connection handshake plus one
request: nothing smaller moves N events and learns the outcome), plus, on a reset link, one reconnect per
forced cut (⌊W / 20 000⌋). T_actual = wall time of both syncs (the profile preparation is not timed).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import save, table
from benchmarks.sync import _fill_outbox, _profile, _template, server_process
from tests.support.faultproxy import FaultProxy, Link, t_min
from villagedesk.domain.lifecycle import Role
from villagedesk.server import auth
from villagedesk.sync import engine
from villagedesk.sync.transport import Transport

BANDWIDTHS_KBIT = (30, 64, 100)
RTTS_MS = (300, 600, 1000)
RESET_EVERY = 20_000
TOWN_PREFIX = "419001100"
WARMUP = 100  # events of the untimed earlier sync
TARGET = (64, 600)  # the cell of the target in docs/architecture.md (≥ 0.9 on a clean link)


def _sync(desk, url: str) -> tuple[int, int, int, int]:
    """Sync until a run succeeds; returns (runs, requests answered, events moved, payload bytes)."""
    token = engine.server_config(desk).token
    runs = requests = moved = payload = 0
    while True:
        runs += 1
        if runs > 500:
            raise RuntimeError("no progress after 500 runs")
        transport = Transport(url, token, timeout=(30.0, 30.0))
        eng = engine.SyncEngine(desk, transport=transport)
        try:
            r = eng.run()
        finally:
            eng.close()
            transport.close()
        requests += r.requests
        moved += r.pushed + r.duplicates + r.pulled  # a duplicate: pushed before, its reply lost
        payload += r.bytes_sent + r.bytes_received
        if r.ok:
            return runs, requests, moved, payload
        if not r.retryable:
            raise RuntimeError(r.error)


def cell(
    url: str, db, template: Path, folder: Path, village: str, kbit: int, rtt_ms: int, reset: bool, n: int, warm: bool
):
    a = _profile(template, folder, f"a-{village}")
    b = _profile(template, folder, f"b-{village}")
    try:
        for desk, name in ((a, "a"), (b, "b")):
            engine.enroll(desk, url, auth.create_code(db, village, Role.AGENT, name)[0])
        port = int(url.rsplit(":", 1)[1])
        link = Link.symmetric(kbit, rtt_ms, reset_every=RESET_EVERY if reset else None)
        if warm:  # both PCs synced over this link before (a village PC does daily): batch size learned
            _fill_outbox(a, WARMUP, village, tag="W")
            with FaultProxy(port, link) as proxy:
                _sync(a, proxy.url)
                _sync(b, proxy.url)
        _fill_outbox(a, n, village)
        events = engine.pending_count(a)
        with FaultProxy(port, link) as proxy:
            start = time.monotonic()
            push = _sync(a, proxy.url)
            mid = time.monotonic()
            pull = _sync(b, proxy.url)
            end = time.monotonic()
            stats = proxy.snapshot()
    finally:
        a.close()
        b.close()
    if push[2] != events or pull[2] != events:
        raise RuntimeError(f"moved {push[2]} up / {pull[2]} down of {events}")
    return {
        "kbit": kbit,
        "rtt_ms": rtt_ms,
        "link": f"reset/{RESET_EVERY // 1000}KB" if reset else "clean",
        "events": events,
        "wire_bytes": stats.bytes_total,
        "payload_bytes": push[3] + pull[3],
        "bytes_per_event": stats.bytes_total / events,
        "requests": push[1] + pull[1],
        "runs": push[0] + pull[0],
        "resets": stats.resets,
        "push_s": mid - start,
        "pull_s": end - mid,
        "wall_s": end - start,
    }


def _finish(row: dict, clean: dict) -> dict:
    """Add T_min, efficiency and re-sent bytes (against the clean cell of the same link)."""
    w = clean["wire_bytes"]
    k = 4 + (w // RESET_EVERY if row["link"] != "clean" else 0)
    limit = t_min(k, row["rtt_ms"] / 1000, row["kbit"] * 1000, w)
    row["resent_bytes"] = max(0, row["wire_bytes"] - w) if row["link"] != "clean" else 0
    row["k"] = k
    row["t_min_s"] = limit
    row["efficiency"] = limit / row["wall_s"]
    return row


def run(
    n: int, quick: bool, repeat: int, folder: Path, first: bool, kbits=BANDWIDTHS_KBIT, rtts=RTTS_MS
) -> list[dict[str, Any]]:
    kbits = (64,) if quick else kbits
    rtts = (600,) if quick else rtts
    template = _template(folder)
    rows = []
    with server_process("sqlite", folder / "srv") as (url, db, _pid):
        village = 200
        for kbit in kbits:
            for rtt in rtts:
                clean = None
                for reset, warm in [(False, True), (True, True)] + ([(False, False)] if first else []):
                    samples = []
                    for _ in range(repeat):
                        village += 1
                        code = f"{TOWN_PREFIX}{village:03d}"
                        samples.append(cell(url, db, template, folder, code, kbit, rtt, reset, n, warm))
                    med = {
                        k: statistics.median(s[k] for s in samples) if isinstance(v, int | float) else v
                        for k, v in samples[0].items()
                    }
                    med["start"] = "learned" if warm else "first"
                    clean = clean or med
                    rows.append(_finish(med, clean))
                    print(_line(rows[-1]), file=sys.stderr, flush=True)
    return rows


def _line(r: dict) -> str:
    return (
        f"{r['kbit']:>3} kbit/s {r['rtt_ms']:>4} ms {r['link']:<11} {r['events']} events "
        f"{r['start']} {r['wire_bytes']:.0f} B {r['requests']:.0f} req {r['wall_s']:.1f} s eff {r['efficiency']:.2f}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.badlink", description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=1000, help="events village A pushes (default 1000)")
    ap.add_argument("--quick", action="store_true", help="only the target link (64 kbit/s, 600 ms)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per cell; medians are reported")
    ap.add_argument("--json", action="store_true", help="print JSON rows instead of a table")
    ap.add_argument("--first", action="store_true", help="also a clean run from fresh profiles (no learned size)")
    ap.add_argument("--kbit", type=lambda t: tuple(int(x) for x in t.split(",")), default=BANDWIDTHS_KBIT)
    ap.add_argument("--rtt", type=lambda t: tuple(int(x) for x in t.split(",")), default=RTTS_MS, help="ms list")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="vd-badlink-") as tmp:
        rows = run(args.events, args.quick, args.repeat, Path(tmp), args.first or args.quick, args.kbit, args.rtt)
    if args.json:
        print(json.dumps(rows, indent=1))
    else:
        heads = [
            "kbit/s",
            "RTT ms",
            "link",
            "start",
            "events",
            "wire B",
            "B/event",
            "resent B",
            "req",
            "runs",
            "wall s",
        ]
        heads += ["T_min s", "eff"]
        print(
            table(
                heads,
                [
                    [
                        r["kbit"],
                        r["rtt_ms"],
                        r["link"],
                        r["start"],
                        f"{r['events']:.0f}",
                        f"{r['wire_bytes']:.0f}",
                        f"{r['bytes_per_event']:.1f}",
                        f"{r['resent_bytes']:.0f}",
                        f"{r['requests']:.0f}",
                        f"{r['runs']:.0f}",
                        f"{r['wall_s']:.1f}",
                        f"{r['t_min_s']:.1f}",
                        f"{r['efficiency']:.2f}",
                    ]
                    for r in rows
                ],
            )
        )
        target = [r for r in rows if (r["kbit"], r["rtt_ms"], r["link"], r["start"]) == (*TARGET, "clean", "learned")]
        if target:
            print(f"target cell 64 kbit/s, 600 ms, clean: efficiency {target[0]['efficiency']:.2f} (target ≥ 0.90)")
    path = save("badlink", {"events": args.events, "repeat": args.repeat, "rows": rows})
    print(f"saved {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
