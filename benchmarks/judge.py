"""The server's judge per event: domain checks and case ledger, beside the digest every push already paid.

Events come from a demo profile (distinct villagers, every lifecycle path in the demo's proportions:
registrations, materials, submissions, decisions, deliveries, evaluations). Three timings per event,
medians of ``--repeat`` runs in one process:

- floor: what the server did for every pushed event before the judge — canonical payload JSON and the
  SHA-256 digest of the event;
- ``check_event``: ids, clock window, strict JSON, the payload rules of the type;
- ledger: each case's events admitted in order through ``CaseLedger`` (partition, lifecycle where the
  author stood, projection).

Usage: python -m benchmarks.judge [--cases 5000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.common import table
from benchmarks.figures import Figure, load_average
from villagedesk.db import store as st
from villagedesk.domain import judge as dj
from villagedesk.domain.events import Event
from villagedesk.domain.projection import causal_order


def _events(cases: int, folder: Path) -> list[Event]:
    from villagedesk.db import models as m
    from villagedesk.services import demo
    from villagedesk.services.desk import Desk

    with Desk.open(folder / "profile") as desk:
        demo.generate(desk, cases=cases)
        with desk.store.read() as s:
            table = m.EventRow.__table__
            return [st.row_to_event(r) for r in s.execute(table.select().order_by(table.c.local_seq))]


def _floor(events: list[Event]) -> None:
    from villagedesk.server.feed import event_digest

    for e in events:
        event_digest(e)


def _check(events: list[Event], now_ms: int) -> None:
    for e in events:
        dj.check_event(e, now_ms, clock=False)


def _ledger(by_case: dict[str, list[Event]]) -> None:
    for case_id, events in by_case.items():
        ledger = dj.CaseLedger(case_id)
        for e in events:
            with contextlib.suppress(dj.Refusal):
                ledger.admit(e)


def measure(cases: int, repeat: int) -> tuple[int, int, dict[str, float]]:
    """Events, cases and the median CPU µs per event of each step (floor, check, ledger)."""
    with tempfile.TemporaryDirectory() as tmp:
        events = _events(cases, Path(tmp))
    by_case: dict[str, list[Event]] = {}
    for e in events:
        by_case.setdefault(e.case_id, []).append(e)
    by_case = {c: causal_order(evs) for c, evs in by_case.items()}
    now_ms = time.time_ns() // 1_000_000
    timings: dict[str, list[float]] = {"floor": [], "check": [], "ledger": []}
    for _ in range(repeat):
        for name, fn in (
            ("floor", lambda: _floor(events)),
            ("check", lambda: _check(events, now_ms)),
            ("ledger", lambda: _ledger(by_case)),
        ):
            t0 = time.process_time()
            fn()
            timings[name].append((time.process_time() - t0) / len(events) * 1e6)
    return len(events), len(by_case), {k: statistics.median(v) for k, v in timings.items()}


def figures(quick: bool) -> list[Figure]:
    """The registry's figure: the judge's CPU per event against the digest floor of the same run."""
    load = load_average()
    _, _, med = measure(500 if quick else 3000, 3 if quick else 5)
    judge = med["check"] + med["ledger"]
    return [
        Figure.over(
            "judge CPU per event (check_event + case ledger, demo events)",
            "<= 15% of push throughput (see benchmarks.judgecost)",
            round(judge, 1),
            "µs/event",
            round(med["floor"], 1),
            load=load,
            note="floor: payload JSON + digest of the same events",
        )
    ]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.judge")
    p.add_argument("--cases", type=int, default=5000)
    p.add_argument("--repeat", type=int, default=5)
    args = p.parse_args(argv)
    n_events, n_cases, med = measure(args.cases, args.repeat)
    judge = med["check"] + med["ledger"]
    rows = [
        ["floor: payload JSON + digest", f"{med['floor']:.1f}", "1.00"],
        ["check_event", f"{med['check']:.1f}", f"{med['check'] / med['floor']:.2f}"],
        ["case ledger", f"{med['ledger']:.1f}", f"{med['ledger'] / med['floor']:.2f}"],
        ["judge in all", f"{judge:.1f}", f"{judge / med['floor']:.2f}"],
    ]
    print(f"{n_events} events of {n_cases} cases; CPU µs per event, median of {args.repeat}")
    print(table(["step", "µs/event", "× floor"], rows))
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
