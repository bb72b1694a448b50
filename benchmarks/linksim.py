"""Validate the link simulator: a raw HTTP transfer through the fault proxy should take T_min.

For each link in {30, 64, 100 kbit/s} × {300, 600, 1000 ms} one fresh connection moves W bytes (a GET
for the download, a POST for the upload) to a local HTTP server. The proxy counts the bytes on the
wire; T_min = k·R + 8·W/B with k = 2 (TCP handshake + one request/reply). Efficiency T_min / T_actual
should be ≈ 1: if not, the harness itself distorts what the sync benchmark will measure.

    python -m benchmarks.linksim [--size 8000] [--repeat 3] [--json]
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import time
from typing import Any

from tests.support.faultproxy import FaultProxy, Link, t_min
from tests.support.upstreams import AppServer

BANDWIDTHS_KBIT = (30, 64, 100)
RTTS_MS = (300, 600, 1000)
ROUND_TRIPS = 2  # connection handshake + the request/reply


def _transfer(app: AppServer, link: Link, size: int, direction: str) -> tuple[float, int]:
    """One transfer on a fresh proxy; returns (wall seconds, bytes on the wire)."""
    with FaultProxy(app.port, link) as proxy:
        conn = http.client.HTTPConnection("127.0.0.1", proxy.port, timeout=60)
        start = time.monotonic()
        if direction == "down":
            conn.request("GET", f"/bytes/{size}")
        else:
            conn.request("POST", "/upload", body=bytes(size))
        body = conn.getresponse().read()
        elapsed = time.monotonic() - start
        conn.close()
        stats = proxy.snapshot()
    if direction == "down" and len(body) != size:
        raise RuntimeError(f"short transfer: {len(body)} of {size} bytes")
    return elapsed, stats.bytes_total


def run(size: int, repeat: int) -> list[dict[str, Any]]:
    rows = []
    with AppServer() as app:
        for direction in ("down", "up"):
            for kbit in BANDWIDTHS_KBIT:
                for rtt_ms in RTTS_MS:
                    link = Link.symmetric(kbit, rtt_ms)
                    runs = [_transfer(app, link, size, direction) for _ in range(repeat)]
                    wall = statistics.median(r[0] for r in runs)
                    wire = int(statistics.median(r[1] for r in runs))
                    limit = t_min(ROUND_TRIPS, rtt_ms / 1000, kbit * 1000, wire)
                    rows.append(
                        {
                            "direction": direction,
                            "kbit": kbit,
                            "rtt_ms": rtt_ms,
                            "payload_bytes": size,
                            "wire_bytes": wire,
                            "wall_s": round(wall, 3),
                            "t_min_s": round(limit, 3),
                            "efficiency": round(limit / wall, 3),
                        }
                    )
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.linksim", description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=8000, help="payload bytes per transfer (default 8000)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per cell; the median is reported")
    ap.add_argument("--json", action="store_true", help="print JSON rows instead of a table")
    args = ap.parse_args(argv)
    started = time.monotonic()
    rows = run(args.size, args.repeat)
    if args.json:
        print(json.dumps(rows, indent=1))
    else:
        print(f"raw transfer through the fault proxy, k = {ROUND_TRIPS}, median of {args.repeat}")
        print(f"{'dir':<5}{'kbit/s':>7}{'RTT ms':>8}{'wire B':>9}{'wall s':>9}{'T_min s':>9}{'eff':>7}")
        for r in rows:
            print(
                f"{r['direction']:<5}{r['kbit']:>7}{r['rtt_ms']:>8}{r['wire_bytes']:>9}"
                f"{r['wall_s']:>9.3f}{r['t_min_s']:>9.3f}{r['efficiency']:>7.3f}"
            )
        effs = [r["efficiency"] for r in rows]
        print(f"efficiency min {min(effs):.3f} median {statistics.median(effs):.3f} max {max(effs):.3f}")
        print(f"total {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
