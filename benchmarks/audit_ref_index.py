"""What local migration 0012's index ``ix_audit_chain_ref`` (audit_chain.ref, seq) costs every write.

``python -m benchmarks.audit_ref_index [--cases C] [--background B] [--runs R]``: two throw-away
profiles migrated by Alembic, one as shipped (with the index) and one with only that index dropped (the
floor: the same writes without it). Each is first filled with ``B`` events of the realistic corpus
(benchmarks/corpus.py: one village device's streams), so the index is as deep as on a PC after a year or
more; then the next corpus events are written as the desk writes them (``store.append_local``: event row,
chain entry, outbox row), one per transaction (an agent's action) and 1000 per transaction (an import).
The two profiles are measured in alternation, so a change of the machine's load hits both; medians of
R runs, with the load average beside them.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import os
import statistics
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

from sqlalchemy import text

from benchmarks.common import table

INDEX = "ix_audit_chain_ref"


def _fresh(events: list) -> list:
    """The same events under new ids (a run writes each once; the content and sizes stay the corpus')."""
    return [dataclasses.replace(e, id=str(uuid.uuid4())) for e in events]


def _profile(root: Path, indexed: bool, background: list):
    from villagedesk.db import store as st
    from villagedesk.domain.lifecycle import Role
    from villagedesk.services.desk import Desk

    desk = Desk.open(root, today=date(2026, 11, 25))
    desk.setup(Role.AGENT, "419001100201", "李娜")
    with desk.store.write() as s:
        if not indexed:
            s.execute(text(f"DROP INDEX {INDEX}"))
        for i in range(0, len(background), 1000):
            st.append_local(s, _fresh(background[i : i + 1000]))
    return desk


def _has_index(desk) -> bool:
    with desk.store.read() as s:
        return bool(s.execute(text("SELECT 1 FROM sqlite_master WHERE type='index' AND name=:n"), {"n": INDEX}).all())


def _rate(desk, events: list, per_tx: int) -> float:
    from villagedesk.db import store as st

    batch = _fresh(events)
    start = time.perf_counter()
    for j in range(0, len(batch), per_tx):
        with desk.store.write() as s:
            st.append_local(s, batch[j : j + per_tx])
    return len(batch) / (time.perf_counter() - start)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=6000, help="corpus size (cases over 18 villages)")
    parser.add_argument("--background", type=int, default=20_000, help="events already on the PC")
    parser.add_argument("--single", type=int, default=300, help="events written one per transaction per run")
    parser.add_argument("--bulk", type=int, default=5000, help="events written 1000 per transaction per run")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)

    from benchmarks import corpus

    built = corpus.build(cases=args.cases)
    stream: list = []
    for village in itertools.cycle(built.villages):  # one device's streams, village after village, until enough
        stream += built.for_device(village, "bench-device-0001", "agent-1", "B0")
        if len(stream) >= args.background + args.bulk:
            break
    background, sample = stream[: args.background], stream[args.background :]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        shipped = _profile(Path(tmp) / "with", True, background)
        floor = _profile(Path(tmp) / "without", False, background)
        assert _has_index(shipped) and not _has_index(floor)
        try:
            for per_tx, n in ((1, args.single), (1000, args.bulk)):
                samples: dict[bool, list[float]] = {True: [], False: []}
                loads = []
                for i in range(args.runs + 1):
                    for indexed in (i % 2 == 0, i % 2 == 1):
                        rate = _rate(shipped if indexed else floor, sample[:n], per_tx)
                        if i:  # the first round warms up
                            samples[indexed].append(rate)
                    loads.append(os.getloadavg()[0])
                with_index, without = statistics.median(samples[True]), statistics.median(samples[False])
                rows.append(
                    [
                        f"append_local, {per_tx}/tx ({n:,} events)",
                        f"{with_index:,.0f} ev/s",
                        f"{without:,.0f} ev/s",
                        f"{without / with_index:.3f}",
                        f"{min(loads):.2f}–{max(loads):.2f}",
                    ]
                )
        finally:
            shipped.close()
            floor.close()
    print(
        f"corpus {args.cases:,} cases; {args.background:,} events already on each PC; median of {args.runs} runs; "
        "cost ratio = time with the index / time without (the floor)"
    )
    print(table(["write", f"with {INDEX}", "floor (index dropped)", "cost ratio", "load avg"], rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
