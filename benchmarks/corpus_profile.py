"""A village agent's desktop profile filled from the realistic corpus (``benchmarks/corpus.py``), for the
benchmarks that open the GUI or query the case list.

    python -m benchmarks.corpus_profile [--cases 200000]

One village holds every case (an agent's PC holds its own village), written as the demo generator writes
its cases: events, projections and search terms in batches, then the planner's statistics. Built once per
size and kept under the temp folder (``villagedesk-corpus-profiles/agent-N``); a half-built profile is
never reused. Corpora of more than ``PART`` cases are built in parts of ``PART`` cases with their own seeds,
so memory stays bounded; every case number stays unique (each part has its own village tag).
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import corpus
from villagedesk.domain.case_numbers import CROCKFORD
from villagedesk.domain.lifecycle import Role
from villagedesk.domain.projection import project

SEED = 2026
PART = 20_000
BATCH = 2_000


def cached(cases: int) -> Path:
    """The profile of ``cases`` corpus cases, built the first time it is asked for."""
    root = Path(tempfile.gettempdir()) / "villagedesk-corpus-profiles" / f"agent-{cases}"
    if not (root / "villagedesk.db").exists():
        building = root.with_name(root.name + "-building")
        shutil.rmtree(building, ignore_errors=True)
        started = time.perf_counter()
        print(f"building a {cases}-case corpus profile once into {root} …", file=sys.stderr)
        build(building, cases)
        building.rename(root)
        print(f"built in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return root


def build(root: Path, cases: int) -> None:
    """Fill a new profile at ``root`` with ``cases`` corpus cases of one village."""
    from villagedesk.db import store as st
    from villagedesk.services import catalog, demo
    from villagedesk.services.desk import Desk

    with Desk.open(root, today=corpus.TODAY) as desk:
        catalog.seed_reference_data(desk)
        (village,) = demo.ensure_villages(desk, random.Random(SEED), 1, 1)
        desk.setup(Role.AGENT, village.code, "李娜")
        made = 0
        part = 0
        while made < cases:
            n = min(PART, cases - made)
            events = _events_of_part(n, part, village.code)
            _write(desk, events)
            made += n
            part += 1
        with desk.store.write() as s:
            st.refresh_statistics(s)


def _events_of_part(n: int, part: int, village: str) -> list:
    built = corpus.build(n, towns=1, villages_per_town=1, seed=SEED + part)
    (corpus_village,) = built.villages
    if corpus_village != village:
        raise RuntimeError(f"corpus village {corpus_village} is not the profile's {village}")
    tag = CROCKFORD[10 + part % 22] + CROCKFORD[part // 22 % 32]
    out = []
    for e in built.events:
        if e.type.value == "case_registered":
            head, serial = e.payload["case_no"].rsplit("-", 1)
            e = dataclasses.replace(e, payload={**e.payload, "case_no": f"{head}-{tag}{serial[2:]}"})
        out.append(e)
    corpus._build.cache_clear()  # one part in memory at a time
    return out


def _write(desk, events: list) -> None:
    from villagedesk.db import store as st

    streams: dict[str, list] = {}
    for e in events:
        streams.setdefault(e.case_id, []).append(e)
    ids = list(streams)
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        batch = [e for cid in chunk for e in streams[cid]]
        views = [project(cid, streams[cid]) for cid in chunk]
        with desk.store.write() as s:
            st.insert_events(s, batch)
            st.insert_projections(s, desk.calendar, views, corpus.TODAY)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=200_000)
    args = parser.parse_args(argv)
    print(cached(args.cases))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
