"""The public page (扫码查询) over loopback HTTP: a found case, and the three misses that must look alike.

A real server (SQLite, uvicorn in a thread) holds ``--cases`` cases registered on an enrolled village PC
and synced. One keep-alive connection asks, interleaved round after round so drift hits every kind
alike: the floor (``GET /api/v1/health``, the cheapest route of the same server), the page of a case with
its right code, the same case with a wrong code, an unknown number and a malformed one. Medians of
``--rounds`` wall-clock times per request, each also as a ratio to the floor; the misses should be
within a few per cent of each other (what a timing attacker would have to tell apart).

Usage: python -m benchmarks.public_page [--cases 300] [--rounds 400]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import requests

from benchmarks.common import table
from tests.integration.public_world import VILLAGE, register, sync
from tests.integration.server_harness import running_server
from villagedesk.domain import check_code as cc
from villagedesk.server.app import ServerConfig
from villagedesk.services import catalog
from villagedesk.services.desk import Desk
from villagedesk.sync import engine


def _world(folder: Path, cases: int, srv) -> list:
    desk = Desk.open(folder / "village")
    catalog.seed_reference_data(desk)
    engine.enroll(desk, srv.url, srv.code(VILLAGE, "agent", "李娜"))
    made = [register(desk, n) for n in range(cases)]
    sync(desk)
    desk.close()
    return made


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.public_page")
    p.add_argument("--cases", type=int, default=300)
    p.add_argument("--rounds", type=int, default=400)
    args = p.parse_args(argv)
    no_limit = ServerConfig(public_failures_per_client=10**9, public_failures_per_case=10**9)
    with tempfile.TemporaryDirectory() as tmp, running_server("sqlite", Path(tmp), no_limit) as srv:
        made = _world(Path(tmp), args.cases, srv)
        case = made[len(made) // 2]
        code = cc.check_code(case.case_id)
        wrong = cc.check_code(made[0].case_id)
        kinds = {
            "floor: GET /api/v1/health": "/api/v1/health",
            "found, right code (200)": f"/q/{case.case_no}?k={code}",
            "wrong code (404)": f"/q/{case.case_no}?k={wrong}",
            "unknown number (404)": f"/q/100201-261125-ZZ999?k={code}",
            "malformed number (404)": f"/q/not-a-case?k={code}",
        }
        times: dict[str, list[float]] = {k: [] for k in kinds}
        with requests.Session() as http:
            for path in kinds.values():
                http.get(srv.url + path, timeout=10)  # warm up
            for _ in range(args.rounds):
                for name, path in kinds.items():
                    t0 = time.perf_counter()
                    http.get(srv.url + path, timeout=10)
                    times[name].append((time.perf_counter() - t0) * 1e3)
        size = len(requests.get(srv.url + kinds["found, right code (200)"], timeout=10).content)
    med = {k: statistics.median(v) for k, v in times.items()}
    floor = med["floor: GET /api/v1/health"]
    rows = [[k, f"{v:.2f}", f"{v / floor:.2f}"] for k, v in med.items()]
    misses = [med[k] for k in kinds if "404" in k]
    print(f"{args.cases} cases, {args.rounds} rounds; wall ms per request over loopback, medians")
    print(table(["request", "ms", "× floor"], rows))
    print(f"misses: slowest / fastest = {max(misses) / min(misses):.3f}; page size {size} bytes")
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
