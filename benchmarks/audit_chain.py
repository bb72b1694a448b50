"""What the audit chain (留痕) costs: outbox writes with and without it, and a full verification.

``python -m benchmarks.audit_chain [--events N] [--cases C] [--runs R]``: on a throw-away profile, the
events/s of storing events with their outbox rows (one event per transaction, as an agent's action, and
1000 per transaction, as a pull or an import), chained (the code as shipped) and unchained (the same
inserts without the chain: the floor); then ``audit.verify`` on a demo profile of C cases against the
floor of reading the same rows. Medians of R runs, with the load average beside them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

from sqlalchemy import insert, select

from benchmarks.common import table, timed


def _events(n: int, device: str) -> list:
    from villagedesk.domain.events import Event
    from villagedesk.domain.lifecycle import EventType, Role

    case = str(uuid.uuid4())
    return [
        Event(
            str(uuid.uuid4()),
            case,
            EventType.NOTE_ADDED,
            {"text": f"备注 {i}", "at": "2026-11-25"},
            "agent",
            device,
            Role.AGENT,
            "419001100201",
            f"{1_764_000_000_000 + i:013d}-0000-{device[:12]}",
        )
        for i in range(n)
    ]


def _writer(desk, chained: bool):
    from villagedesk.db import models as m
    from villagedesk.db import store as st

    def write(batch: list) -> None:
        with desk.store.write() as s:
            if chained:
                st.append_local(s, batch)
            else:  # the same rows without the chain: what the outbox write cost before it
                st.bulk_insert(s, m.EventRow.__table__, [st.event_values(e) for e in batch])
                s.execute(insert(m.OutboxEntry), [{"event_id": e.id, "status": "pending"} for e in batch])

    return write


def _write_rates(desk, n: int, per_tx: int, runs: int) -> tuple[float, float]:
    """(chained, floor) events/s, the two measured in alternation so a change of load hits both."""
    device = desk.identity.device_id
    samples: dict[bool, list[float]] = {True: [], False: []}
    for i in range(runs + 1):
        for chained in (i % 2 == 0, i % 2 == 1):
            write = _writer(desk, chained)
            events = _events(n, device)
            start = time.perf_counter()
            for j in range(0, n, per_tx):
                write(events[j : j + per_tx])
            if i:  # the first round warms up
                samples[chained].append(n / (time.perf_counter() - start))
    return statistics.median(samples[True]), statistics.median(samples[False])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)

    from villagedesk.db import models as m
    from villagedesk.domain.lifecycle import Role
    from villagedesk.services import audit, demo
    from villagedesk.services.desk import Desk

    rows = []
    with tempfile.TemporaryDirectory() as tmp, Desk.open(Path(tmp) / "w", today=date(2026, 11, 25)) as desk:
        desk.setup(Role.AGENT, "419001100201", "李娜")
        for per_tx, n in ((1, args.events // 4), (1000, args.events * 5)):
            load = os.getloadavg()[0]
            chained, floor = _write_rates(desk, n, per_tx, args.runs)
            rows.append(
                [
                    f"outbox write, {per_tx}/tx",
                    f"{chained:,.0f} ev/s",
                    f"{floor:,.0f} ev/s",
                    f"{chained / floor:.2f}",
                    f"{load:.2f}",
                ]
            )
    with tempfile.TemporaryDirectory() as tmp, Desk.open(Path(tmp) / "v", today=date(2026, 11, 25)) as desk:
        demo.generate(desk, cases=args.cases, seed=7)

        def floor_read() -> int:
            with desk.store.read() as s:
                t, c = m.EventRow.__table__, m.AuditChainEntry.__table__
                return len(s.execute(select(t)).all()) + len(s.execute(select(c)).all())

        load = os.getloadavg()[0]
        base, _, count = timed(floor_read, args.runs)
        full, _, verdict = timed(lambda: audit.verify(desk), args.runs)
        assert verdict.ok, verdict.findings[:3]
        rows.append(
            [
                f"verify {verdict.entries:,} entries",
                f"{full * 1000:,.0f} ms",
                f"{base * 1000:,.0f} ms (read {count:,} rows)",
                f"{full / base:.2f}",
                f"{load:.2f}",
            ]
        )
    print(f"median of {args.runs} runs; ratio = chained / floor")
    print(table(["what", "with the chain", "floor", "ratio", "load avg"], rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
