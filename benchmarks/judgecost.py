"""What the server's judge costs in its push path: the same pushes stored with and without the judge.

    python -m benchmarks.judgecost [--events 8000] [--repeat 5] [--batch 2000] [--data corpus|clones]

A village PC's outbox (the throughput benchmark's mix: registration, submission, note, custody per case)
is pushed in batches of ``--batch`` events through the server's own push path (``feed.judge`` then
``feed.store`` in one write transaction) into a fresh SQLite server database migrated by Alembic. Two
runs per round, interleaved so that a neighbour's load falls on both alike:

- judged: the production path;
- floor: the same path with the judge switched off *inside this benchmark only* (``check_event`` and the
  case ledgers replaced for the run): what the server did for a pushed event before the judge
  (authorisation of the group, canonical payload, digest, deduplication, the insert).

The benchmark's prepared events are frozen out of the garbage collector (a server holds no such
heap). CPU seconds of this process per event, medians of ``--repeat`` rounds; the judge's share of push
throughput is ``1 - floor / judged`` (target <= 15%).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

from benchmarks import sync as bs
from benchmarks.common import table
from benchmarks.figures import Figure
from villagedesk.db import models as m
from villagedesk.db import store as st
from villagedesk.domain import judge as dj
from villagedesk.domain.events import Event
from villagedesk.domain.lifecycle import Role
from villagedesk.server import auth, feed
from villagedesk.server.db import Database
from villagedesk.sync import protocol

TARGET_SHARE = 0.15


DEVICE = "6a3e0c52-8d1f-4b7e-9c2a-5f0e1d3b7a91"


def corpus_outbox(events: int) -> tuple[str, list[Event]]:
    """One village PC's own events from the realistic corpus (``benchmarks.corpus``): distinct villagers,
    the catalog's item mix, notes, custody and scans; each case up to the town's first event."""
    from benchmarks import corpus

    c = corpus.build(cases=max(10, events // 5), towns=1, villages_per_town=1)
    village = c.villages[0]
    return village, c.for_device(village, DEVICE, "代办员", "B7")[:events]


def outbox(events: int, folder: Path) -> list[Event]:
    """A village PC's pending events, as ``benchmarks.sync`` fills them (clones of one registration's
    mix: the labelled best case)."""
    template = bs._template(folder)
    desk = bs._profile(template, folder, "a")
    try:
        desk.setup(Role.AGENT, bs.VILLAGE)
        bs._fill_outbox(desk, events)
        with desk.store.read() as s:
            t = m.EventRow.__table__
            return [st.row_to_event(r) for r in s.execute(t.select().order_by(t.c.local_seq))]
    finally:
        desk.close()


def wire_batches(events: list[Event], batch: int) -> list[list]:
    """Push groups as the server receives them: encoded and parsed again (no shared objects)."""
    return [
        json.loads(json.dumps(protocol.group_events(events[i : i + batch]), ensure_ascii=False))
        for i in range(0, len(events), batch)
    ]


class _NoLedgers:
    """The case ledgers switched off: every event admitted, nothing read or written for the judge."""

    def __init__(self, conn, rows: list[dict]) -> None:
        pass

    def admit(self, row: dict, *_args: object) -> None:
        """Takes whatever the push path passes after the row (the device, the revoked PCs it carries)."""

    def write_cases(self) -> None:
        pass


def _skip(*_args: object, **_kw: object) -> None:
    """A domain check switched off."""


class _NoVerdicts:
    def __init__(self, now_ms: int) -> None:
        pass

    check = staticmethod(_skip)


@contextmanager
def judge_off():
    """The push path as it was before the judge, for the floor run of this benchmark only."""
    saved = feed.dj, feed._Ledgers
    feed.dj = SimpleNamespace(check_event=_skip, check_envelope=_skip, ContentVerdicts=_NoVerdicts, Refusal=dj.Refusal)
    feed._Ledgers = _NoLedgers
    try:
        yield
    finally:
        feed.dj, feed._Ledgers = saved


def push_cpu(url: str, device: auth.DeviceInfo, batches: list[list]) -> float:
    """CPU seconds to push every batch through ``feed.judge`` + ``feed.store`` (one transaction each)."""
    db = Database.open(url)
    try:
        gc.collect()
        used = 0.0
        for groups in batches:
            items = protocol.ungroup(groups, "push")
            t0 = time.process_time()
            judged = feed.judge(device, items)
            with db.write() as s:
                feed.store(s, [judged])
            used += time.process_time() - t0
            if judged.result.rej:
                raise RuntimeError(f"pushed events refused: {judged.result.rej[:3]}")
        return used
    finally:
        db.dispose()


def measure(events: int, repeat: int, batch: int = 2000, data: str = "corpus") -> dict:
    """Medians of CPU µs per pushed event, judged and floor, and the judge's share of throughput.
    ``data``: "corpus" (the realistic corpus) or "clones" (the throughput benchmark's clones)."""
    runs: dict[str, list[float]] = {"judged": [], "floor": []}
    with tempfile.TemporaryDirectory(prefix="vd-judgecost-") as tmp:
        folder = Path(tmp)
        if data == "corpus":
            village, evs = corpus_outbox(events)
        else:
            village, evs = bs.VILLAGE, outbox(events, folder)
        device = auth.DeviceInfo(evs[0].device, "a", Role.AGENT, village)
        batches = wire_batches(evs, batch)
        gc.collect()
        gc.freeze()  # the benchmark's own data is no server's heap: kept out of the collector's walks
        for r in range(repeat):
            for mode in ("judged", "floor") if r % 2 == 0 else ("floor", "judged"):
                url = f"sqlite:///{folder / f'server-{mode}-{r}.db'}"
                if mode == "floor":
                    with judge_off():
                        used = push_cpu(url, device, batches)
                else:
                    used = push_cpu(url, device, batches)
                runs[mode].append(1e6 * used / len(evs))
    judged, floor = statistics.median(runs["judged"]), statistics.median(runs["floor"])
    return {
        "data": data,
        "events": len(evs),
        "judged_us_per_event": judged,
        "floor_us_per_event": floor,
        "judge_share": 1 - floor / judged,
        "judged_events_per_s": 1e6 / judged,
        "floor_events_per_s": 1e6 / floor,
        "load": os.getloadavg()[0],
    }


def figures(quick: bool) -> list[Figure]:
    """The registry's figures: server CPU per pushed event with the judge, against the same path without."""
    out = []
    for data in ("corpus", "clones"):
        res = measure(2000 if quick else 8000, 3 if quick else 5, data=data)
        label = "realistic corpus" if data == "corpus" else "cloned registrations, best case"
        out.append(
            Figure.over(
                f"server push path CPU per event, judged (SQLite, in-process; {label})",
                f"judge <= {TARGET_SHARE:.0%} of push path",
                round(res["judged_us_per_event"], 1),
                "µs/event",
                round(res["floor_us_per_event"], 1),
                load=res["load"],
                note=f"{res['events']:,} events; floor: the same path, judge off; share {res['judge_share']:.1%}",
            )
        )
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.judgecost")
    p.add_argument("--events", type=int, default=8000)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--batch", type=int, default=2000)
    p.add_argument("--data", choices=["corpus", "clones"], default="corpus")
    args = p.parse_args(argv)
    res = measure(args.events, args.repeat, args.batch, args.data)
    rows = [
        ["floor: push path without the judge", f"{res['floor_us_per_event']:.1f}", f"{res['floor_events_per_s']:,.0f}"],
        ["judged: the production push path", f"{res['judged_us_per_event']:.1f}", f"{res['judged_events_per_s']:,.0f}"],
    ]
    print(
        f"{res['events']} events ({res['data']}) pushed in batches of {args.batch}; "
        f"CPU per event, median of {args.repeat}"
    )
    print(table(["path", "µs/event", "events/s (1 core)"], rows))
    share = res["judge_share"]
    print(f"judge's share of push throughput: {share:.1%} (target <= {TARGET_SHARE:.0%})")
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
